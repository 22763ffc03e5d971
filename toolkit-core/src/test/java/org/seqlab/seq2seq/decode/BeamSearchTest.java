package org.seqlab.seq2seq.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.seqlab.seq2seq.decode.TableModel.END;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BeamSearchTest {
    private static final int A = 3;
    private static final int B = 4;
    private static final int C = 5;
    private static final int D = 6;
    private static final double EPS = 1e-6;

    /**
     * The garden path, by previous token (columns: {@code <s> </s> <unk> a b c}). Greedy takes a (0.5), then the
     * best after a is {@code </s>} (0.35): P(a </s>) = 0.175. The path through b starts lower (0.4) but then
     * {@code </s>} has 0.9: P(b </s>) = 0.36.
     */
    private static final float[][] GARDEN_PATH = TableModel.table(new double[][] {
            {0, 0.1, 0, 0.5, 0.4, 0}, // after <s>
            {0, 1, 0, 0, 0, 0}, // after </s> (never fed)
            {0, 1, 0, 0, 0, 0}, // after <unk>
            {0, 0.35, 0, 0, 0.33, 0.32}, // after a
            {0, 0.9, 0, 0.05, 0, 0.05}, // after b
            {0, 1, 0, 0, 0, 0}, // after c
    });

    /**
     * Short or long (columns: {@code <s> </s> <unk> a b c d}): {@code a </s>} has P 0.53 (length 2),
     * {@code b c d </s>} has P 0.47 (length 4). With alpha 0: ln 0.53 = -0.6349 beats ln 0.47 = -0.7550. With alpha 1:
     * lp(2) = 7/6, lp(4) = 9/6, so -0.6349 / 1.1667 = -0.5442 loses to -0.7550 / 1.5 = -0.5033.
     */
    private static final float[][] SHORT_OR_LONG = TableModel.table(new double[][] {
            {0, 0, 0, 0.53, 0.47, 0, 0},
            {0, 1, 0, 0, 0, 0, 0},
            {0, 1, 0, 0, 0, 0, 0},
            {0, 1, 0, 0, 0, 0, 0}, // a -> </s>
            {0, 0, 0, 0, 0, 1, 0}, // b -> c
            {0, 0, 0, 0, 0, 0, 1}, // c -> d
            {0, 1, 0, 0, 0, 0, 0}, // d -> </s>
    });

    /** After {@code <s>} always a; after a: a again 0.9, {@code </s>} 0.1. Only the length limit ends "a a a ...". */
    private static final float[][] LOOP = TableModel.table(new double[][] {
            {0, 0, 0, 1, 0},
            {0, 1, 0, 0, 0},
            {0, 1, 0, 0, 0},
            {0, 0.1, 0, 0.9, 0},
            {0, 1, 0, 0, 0},
    });

    private static DecodeConfig config(int beam, int nBest, double alpha) {
        return DecodeConfig.DEFAULT.withBeamSize(beam).withNBest(nBest).withAlpha(alpha);
    }

    private static int[] source(int table, int length) {
        int[] s = new int[length];
        s[0] = table;
        return s;
    }

    @Test
    void greedyTakesTheLocallyBestTokenAndMissesTheGardenPath() {
        TableModel model = new TableModel(GARDEN_PATH);
        Hypothesis h = new GreedySearch<>(model, config(1, 1, 0)).decode(new int[][] {source(0, 3)}).get(0).get(0);
        assertThat(h.tokens()).containsExactly(A, END);
        assertThat(h.ended()).isTrue();
        assertThat(h.score()).isCloseTo(Math.log(0.5) + Math.log(0.35), within(EPS));
        assertThat(h.tokenLogProbs()[0]).isCloseTo((float) Math.log(0.5), within(1e-6f));
        assertThat(h.tokenLogProbs()[1]).isCloseTo((float) Math.log(0.35), within(1e-6f));
        assertThat(h.outputTokens()).containsExactly(A);
    }

    @Test
    void beamOfTwoFindsTheGardenPathThatGreedyMisses() {
        TableModel model = new TableModel(GARDEN_PATH);
        List<Hypothesis> nBest = new BeamSearch<>(model, config(2, 2, 0.6)).decode(new int[][] {source(0, 3)}).get(0);
        assertThat(nBest).hasSize(2);
        Hypothesis best = nBest.get(0);
        assertThat(best.tokens()).containsExactly(B, END);
        assertThat(best.score()).isCloseTo(Math.log(0.4 * 0.9), within(EPS));
        // lp(2) = (7/6)^0.6
        assertThat(best.normalisedScore()).isCloseTo(Math.log(0.36) / Math.pow(7 / 6.0, 0.6), within(EPS));
        assertThat(nBest.get(1).tokens()).containsExactly(A, END);
        assertThat(nBest.get(1).score()).isCloseTo(Math.log(0.175), within(EPS));
        // both hypotheses end at step 2 (b </s> 0.36 and a </s> 0.175 are the two best continuations): 2 model steps
        assertThat(model.steps).isEqualTo(2);
    }

    @Test
    void hypothesesCarryTheAttentionRowOfEachEmittedToken() {
        TableModel model = new TableModel(GARDEN_PATH);
        Hypothesis best = new BeamSearch<>(model, config(2, 1, 0)).decode(new int[][] {source(0, 3)}).get(0).get(0);
        // the step that emitted b was fed <s> (0): position 0 % 3; the step that emitted </s> was fed b (4): 4 % 3 = 1
        assertThat(best.attention()).hasDimensions(2, 3);
        assertThat(best.attention()[0]).containsExactly(1f, 0f, 0f);
        assertThat(best.attention()[1]).containsExactly(0f, 1f, 0f);
        assertThat(best.outputAttention()).hasDimensions(1, 3);
    }

    @Test
    void alphaTurnsTheWinnerFromTheShortToTheLongHypothesis() {
        int[][] src = {source(0, 2)};
        List<Hypothesis> plain = new BeamSearch<>(new TableModel(SHORT_OR_LONG), config(2, 2, 0)).decode(src).get(0);
        assertThat(plain.get(0).tokens()).containsExactly(A, END);
        assertThat(plain.get(0).normalisedScore()).isCloseTo(Math.log(0.53), within(EPS));
        assertThat(plain.get(1).tokens()).containsExactly(B, C, D, END);

        List<Hypothesis> normalised = new BeamSearch<>(new TableModel(SHORT_OR_LONG), config(2, 2, 1)).decode(src).get(0);
        assertThat(normalised.get(0).tokens()).containsExactly(B, C, D, END);
        assertThat(normalised.get(0).score()).isCloseTo(Math.log(0.47), within(EPS));
        assertThat(normalised.get(0).normalisedScore()).isCloseTo(Math.log(0.47) / 1.5, within(EPS));
        assertThat(normalised.get(1).tokens()).containsExactly(A, END);
        assertThat(normalised.get(1).normalisedScore()).isCloseTo(Math.log(0.53) / (7 / 6.0), within(EPS));
    }

    @Test
    void theLengthLimitFinishesLiveHypothesesAsTheyStand() {
        // limit floor(1 * |src|) + 2 tokens, </s> included
        DecodeConfig limit = config(1, 1, 0).withMaxLength(1, 2);
        List<List<Hypothesis>> greedy = new GreedySearch<>(new TableModel(LOOP), limit)
                .decode(new int[][] {source(0, 1), source(0, 2)});
        assertThat(greedy.get(0).get(0).tokens()).containsExactly(A, A, A);
        assertThat(greedy.get(0).get(0).ended()).isFalse();
        assertThat(greedy.get(0).get(0).score()).isCloseTo(Math.log(0.9 * 0.9), within(EPS));
        assertThat(greedy.get(1).get(0).tokens()).containsExactly(A, A, A, A);
        assertThat(greedy.get(1).get(0).score()).isCloseTo(Math.log(0.9 * 0.9 * 0.9), within(EPS));

        Hypothesis beam = new BeamSearch<>(new TableModel(LOOP), limit.withBeamSize(2))
                .decode(new int[][] {source(0, 1)}).get(0).get(0);
        assertThat(beam.tokens()).containsExactly(A, A, A);
        assertThat(beam.ended()).isFalse();
    }

    @Test
    void finishedSourcesLeaveTheBatch() {
        // limit 1·3 + 2 = 5: the garden-path source ends with </s> after 2 steps, the loop source is cut after 5
        TableModel model = new TableModel(GARDEN_PATH, LOOP);
        List<List<Hypothesis>> out = new GreedySearch<>(model, config(1, 1, 0).withMaxLength(1, 2))
                .decode(new int[][] {source(0, 3), source(1, 3)});
        assertThat(model.rowsPerStep).containsExactly(2, 2, 1, 1, 1);
        assertThat(out.get(0).get(0).tokens()).containsExactly(A, END);
        assertThat(out.get(1).get(0).tokens()).containsExactly(A, A, A, A, A);
    }

    @Test
    void aZeroLengthLimitGivesTheEmptyHypothesisWithoutRunningTheModel() {
        TableModel model = new TableModel(LOOP);
        Hypothesis h = new BeamSearch<>(model, config(3, 1, 0.6).withMaxLength(0, 0))
                .decode(new int[][] {source(0, 4)}).get(0).get(0);
        assertThat(h.tokens()).isEmpty();
        assertThat(h.score()).isZero();
        assertThat(model.steps).isZero();
    }

    @Test
    void nBestIsSortedByNormalisedScoreNotByFinishingOrder() {
        // beam 3, limit 3: "a </s>" (P 0.1) finishes at step 2, then "a a a" (0.81, cut) and "a a </s>" (0.09) at step 3
        List<Hypothesis> nBest = new BeamSearch<>(new TableModel(LOOP), config(3, 3, 0).withMaxLength(1, 2))
                .decode(new int[][] {source(0, 1)}).get(0);
        assertThat(nBest).extracting(h -> h.tokens().length).containsExactly(3, 2, 3);
        assertThat(nBest.get(0).tokens()).containsExactly(A, A, A);
        assertThat(nBest.get(1).tokens()).containsExactly(A, END);
        assertThat(nBest.get(2).tokens()).containsExactly(A, A, END);
        assertThat(nBest.get(0).score()).isCloseTo(Math.log(0.81), within(EPS));
        assertThat(nBest.get(1).score()).isCloseTo(Math.log(0.1), within(EPS));
        assertThat(nBest.get(2).score()).isCloseTo(Math.log(0.09), within(EPS));
    }

    /**
     * Columns {@code <s> </s> <unk> a b}: after {@code <s>}: {@code </s>} 0.5, a 0.5; after a: {@code </s>} 0.4, b 0.6;
     * after b: b again (only the length limit ends it).
     */
    private static final float[][] LATE_BLOOMER = TableModel.table(new double[][] {
            {0, 0.5, 0, 0.5, 0},
            {0, 1, 0, 0, 0},
            {0, 1, 0, 0, 0},
            {0, 0.4, 0, 0, 0.6},
            {0, 0, 0, 0, 1},
    });

    @Test
    void theSearchStopsOnceBeamSizeAreFinishedAndNoLiveHypothesisCanWin() {
        // alpha 0, beam 2: step 1 finishes "</s>" (ln 0.5); step 2 finishes "a </s>" (ln 0.2) and keeps "a b" (ln 0.3).
        // Two are finished and "a b" can only fall below ln 0.3 < ln 0.5: the search stops after 2 of 12 steps.
        TableModel model = new TableModel(LATE_BLOOMER);
        Hypothesis best = new BeamSearch<>(model, config(2, 1, 0)).decode(new int[][] {source(0, 1)}).get(0).get(0);
        assertThat(best.tokens()).containsExactly(END);
        assertThat(best.score()).isCloseTo(Math.log(0.5), within(EPS));
        assertThat(model.steps).isEqualTo(2);
    }

    @Test
    void aLiveHypothesisThatCanStillWinUnderTheNormaliserKeepsTheSearchGoing() {
        // alpha 1, beam 2, limit 2·1 + 10 = 12: "</s>" scores ln 0.5 / lp(1) = -0.693. "a b" (ln 0.3) could still reach
        // ln 0.3 / lp(12) = -1.204 / (17/6) = -0.425, so the search goes on; "a b b ... b" is cut at 12 tokens and wins.
        TableModel model = new TableModel(LATE_BLOOMER);
        Hypothesis best = new BeamSearch<>(model, config(2, 1, 1)).decode(new int[][] {source(0, 1)}).get(0).get(0);
        assertThat(best.tokens()).hasSize(12).startsWith(A).endsWith(B, B);
        assertThat(best.ended()).isFalse();
        assertThat(best.score()).isCloseTo(Math.log(0.3), within(EPS));
        assertThat(best.normalisedScore()).isCloseTo(Math.log(0.3) / (17 / 6.0), within(EPS));
        assertThat(model.steps).isEqualTo(12);
    }

    @Test
    void aBatchOfSourcesWithDifferentTablesAndLengthsDecodesAsOneAtATime() {
        for (int seed = 0; seed < 40; seed++) {
            Random rnd = new Random(seed);
            int vocabulary = 5 + rnd.nextInt(6);
            float[][][] tables = new float[3][][];
            for (int t = 0; t < tables.length; t++) {
                tables[t] = TableModel.randomTable(rnd, vocabulary, seed % 2 == 0);
            }
            int[][] sources = new int[1 + rnd.nextInt(6)][];
            for (int i = 0; i < sources.length; i++) {
                sources[i] = source(rnd.nextInt(tables.length), 1 + rnd.nextInt(5));
            }
            DecodeConfig cfg = config(1 + rnd.nextInt(4), 1, rnd.nextDouble()).withMaxLength(1, 2);
            cfg = cfg.withNBest(cfg.beamSize());
            List<List<Hypothesis>> batched = new BeamSearch<>(new TableModel(tables), cfg).decode(sources);
            List<List<Hypothesis>> greedyBatched = new GreedySearch<>(new TableModel(tables), cfg).decode(sources);
            for (int i = 0; i < sources.length; i++) {
                int[][] one = {sources[i]};
                assertSame(batched.get(i), new BeamSearch<>(new TableModel(tables), cfg).decode(one).get(0),
                        "seed " + seed + " source " + i);
                assertSame(greedyBatched.get(i), new GreedySearch<>(new TableModel(tables), cfg).decode(one).get(0),
                        "greedy seed " + seed + " source " + i);
            }
        }
    }

    @Test
    void beamOfOneGivesExactlyTheGreedyOutputOnRandomTables() {
        for (int seed = 0; seed < 300; seed++) {
            Random rnd = new Random(1000 + seed);
            int vocabulary = 4 + rnd.nextInt(9);
            float[][][] tables = new float[2][][];
            for (int t = 0; t < tables.length; t++) {
                tables[t] = TableModel.randomTable(rnd, vocabulary, seed % 3 == 0);
            }
            int[][] sources = new int[1 + rnd.nextInt(5)][];
            for (int i = 0; i < sources.length; i++) {
                sources[i] = source(rnd.nextInt(tables.length), 1 + rnd.nextInt(6));
            }
            DecodeConfig cfg = config(1, 1, rnd.nextDouble() * 2).withMaxLength(rnd.nextInt(3), rnd.nextInt(8));
            List<List<Hypothesis>> greedy = new GreedySearch<>(new TableModel(tables), cfg).decode(sources);
            List<List<Hypothesis>> beam = new BeamSearch<>(new TableModel(tables), cfg).decode(sources);
            for (int i = 0; i < sources.length; i++) {
                assertSame(beam.get(i), greedy.get(i), "seed " + seed + " source " + i);
            }
        }
    }

    @Test
    void aBeamWideEnoughToHoldEveryPrefixFindsTheBestOutputOfExhaustiveEnumeration() {
        // 4 non-special tokens (ids 2..5) and at most 4 tokens: at most 4^3 = 64 live prefixes, so beam 64 is exact
        for (int seed = 0; seed < 60; seed++) {
            Random rnd = new Random(5000 + seed);
            float[][] table = TableModel.randomTable(rnd, 6, seed % 2 == 0);
            DecodeConfig cfg = config(64, 1, rnd.nextDouble() * 1.5).withMaxLength(0, 4);
            double[] best = {Double.NEGATIVE_INFINITY};
            enumerate(table, cfg, TableModel.START, 0, 0.0, best);
            Hypothesis h = new BeamSearch<>(new TableModel(table), cfg).decode(new int[][] {source(0, 1)}).get(0).get(0);
            assertThat(h.normalisedScore()).as("seed " + seed).isCloseTo(best[0], within(1e-9));
        }
    }

    /** Every output the length limit allows (ended by </s>, or cut at the limit); keeps the best normalised score. */
    private static void enumerate(float[][] table, DecodeConfig cfg, int previous, int length, double logP,
            double[] best) {
        for (int v = 0; v < table[previous].length; v++) {
            float lp = table[previous][v];
            if (lp == Float.NEGATIVE_INFINITY) {
                continue;
            }
            double total = logP + lp;
            if (v == END || length + 1 == cfg.maxLength(1)) {
                best[0] = Math.max(best[0], total / cfg.lengthPenalty(length + 1));
            } else {
                enumerate(table, cfg, v, length + 1, total, best);
            }
        }
    }

    /** Field-by-field equality (records of arrays compare arrays by identity). */
    private static void assertSame(List<Hypothesis> actual, List<Hypothesis> expected, String where) {
        List<String> a = new ArrayList<>();
        List<String> e = new ArrayList<>();
        actual.forEach(h -> a.add(TableModel.describe(h)));
        expected.forEach(h -> e.add(TableModel.describe(h)));
        assertThat(a).as(where).isEqualTo(e);
        for (int j = 0; j < actual.size(); j++) {
            assertThat(actual.get(j).tokenLogProbs()).as(where).containsExactly(expected.get(j).tokenLogProbs());
            assertThat(actual.get(j).attention()).as(where).isDeepEqualTo(expected.get(j).attention());
        }
    }
}
