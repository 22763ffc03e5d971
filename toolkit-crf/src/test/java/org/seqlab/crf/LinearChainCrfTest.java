package org.seqlab.crf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqlabException;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.conll.TagScheme;

class LinearChainCrfTest {

    /** A random tiny problem: scores, emissions, and (optionally) random constraints that leave some path. */
    private static final class Case {
        final int tags;
        final int length;
        final CrfScores scores;
        final double[] emissions;
        final TransitionConstraints constraints;
        final BruteForce oracle;

        Case(Random rnd, int tags, int length, boolean constrained) {
            this.tags = tags;
            this.length = length;
            scores = new CrfScores(tags);
            emissions = new double[length * tags];
            for (int k = 0; k < emissions.length; k++) {
                emissions[k] = rnd.nextGaussian() * 2;
            }
            double[][] trans = new double[tags][tags];
            for (int i = 0; i < tags; i++) {
                scores.start()[i] = rnd.nextGaussian();
                scores.end()[i] = rnd.nextGaussian();
                for (int j = 0; j < tags; j++) {
                    trans[i][j] = rnd.nextGaussian();
                    scores.transitions()[i * tags + j] = trans[i][j];
                }
            }
            boolean[][] allowed = new boolean[tags][tags];
            boolean[] s = new boolean[tags];
            boolean[] e = new boolean[tags];
            for (int i = 0; i < tags; i++) {
                s[i] = !constrained || rnd.nextDouble() < 0.6;
                e[i] = !constrained || rnd.nextDouble() < 0.6;
                for (int j = 0; j < tags; j++) {
                    allowed[i][j] = !constrained || rnd.nextDouble() < 0.6;
                }
            }
            // Tag 0 acts like "O": always allowed to start, end and follow or precede anything, so some path exists.
            s[0] = true;
            e[0] = true;
            for (int i = 0; i < tags; i++) {
                allowed[i][0] = true;
                allowed[0][i] = true;
            }
            constraints = TransitionConstraints.of(allowed, s, e);
            oracle = new BruteForce(tags, length, emissions, trans, scores.start().clone(), scores.end().clone(),
                    allowed, s, e);
        }

        LinearChainCrf crf() {
            return new LinearChainCrf(constraints);
        }
    }

    private static void forEachCase(java.util.function.Consumer<Case> check) {
        Random rnd = new Random(20261126);
        for (boolean constrained : new boolean[] {false, true}) {
            for (int tags = 3; tags <= 4; tags++) {
                for (int length = 1; length <= 4; length++) {
                    for (int rep = 0; rep < 5; rep++) {
                        check.accept(new Case(rnd, tags, length, constrained));
                    }
                }
            }
        }
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    @Test
    void logPartitionEqualsBruteForceEnumerationWithAndWithoutConstraints() {
        forEachCase(c -> {
            double expected = c.oracle.logPartition();
            TokenRows rows = TokenRows.contiguous(c.length);
            assertThat(c.crf().logPartitions(c.scores, c.emissions, rows)[0]).isCloseTo(expected, within(1e-12));
            assertThat(CrfReference.logPartition(c.emissions, c.length, c.scores, c.constraints))
                    .isCloseTo(expected, within(1e-12));
        });
    }

    @Test
    void marginalsEqualBruteForceEnumeration() {
        forEachCase(c -> {
            double[] expected = c.oracle.marginals();
            double[] fast = new double[expected.length];
            c.crf().marginals(c.scores, c.emissions, TokenRows.contiguous(c.length), fast);
            double[] ref = new double[expected.length];
            CrfReference.marginals(c.emissions, c.length, c.scores, c.constraints, ref, null);
            for (int k = 0; k < expected.length; k++) {
                assertThat(fast[k]).isCloseTo(expected[k], within(1e-12));
                assertThat(ref[k]).isCloseTo(expected[k], within(1e-12));
            }
        });
    }

    @Test
    void viterbiEqualsBruteForceArgmax() {
        forEachCase(c -> {
            int[] expected = c.oracle.argmax();
            int[] got = new int[c.length];
            double[] best = c.crf().viterbi(c.scores, c.emissions, TokenRows.contiguous(c.length), got);
            assertThat(got).containsExactly(expected);
            assertThat(best[0]).isCloseTo(c.oracle.score(expected), within(1e-12));
            assertThat(CrfReference.viterbi(c.emissions, c.length, c.scores, c.constraints)).containsExactly(expected);
        });
    }

    @Test
    void nllGradientPassesCentralFiniteDifferenceCheck() {
        Random rnd = new Random(7);
        forEachCase(c -> {
            // A gold path that the constraints allow.
            List<int[]> paths = c.oracle.allowedPaths();
            int[] gold = paths.get(rnd.nextInt(paths.size()));
            LinearChainCrf crf = c.crf();
            TokenRows rows = TokenRows.contiguous(c.length);
            double[] gradE = new double[c.emissions.length];
            CrfScores gradS = new CrfScores(c.tags);
            double nll = crf.negLogLikelihood(c.scores, c.emissions, rows, gold, gradE, gradS);
            assertThat(nll).isCloseTo(c.oracle.logPartition() - c.oracle.score(gold), within(1e-12));

            double eps = 1e-5;
            for (int k = 0; k < c.emissions.length; k++) {
                double[] plus = c.emissions.clone();
                double[] minus = c.emissions.clone();
                plus[k] += eps;
                minus[k] -= eps;
                double numeric = (crf.negLogLikelihood(c.scores, plus, rows, gold, null, null)
                        - crf.negLogLikelihood(c.scores, minus, rows, gold, null, null)) / (2 * eps);
                assertRelativelyClose(gradE[k], numeric, "emission " + k);
            }
            double[][] params = {c.scores.transitions(), c.scores.start(), c.scores.end()};
            double[][] grads = {gradS.transitions(), gradS.start(), gradS.end()};
            for (int p = 0; p < params.length; p++) {
                for (int k = 0; k < params[p].length; k++) {
                    double saved = params[p][k];
                    params[p][k] = saved + eps;
                    double up = crf.negLogLikelihood(c.scores, c.emissions, rows, gold, null, null);
                    params[p][k] = saved - eps;
                    double down = crf.negLogLikelihood(c.scores, c.emissions, rows, gold, null, null);
                    params[p][k] = saved;
                    assertRelativelyClose(grads[p][k], (up - down) / (2 * eps), "score array " + p + " entry " + k);
                }
            }
        });
    }

    private static void assertRelativelyClose(double analytic, double numeric, String what) {
        double scale = Math.max(1.0, Math.max(Math.abs(analytic), Math.abs(numeric)));
        assertThat(Math.abs(analytic - numeric) / scale).as(what + ": analytic " + analytic + " numeric " + numeric)
                .isLessThanOrEqualTo(1e-6);
    }

    @Test
    void forbiddenScoresGetExactlyZeroGradientAndDoNotChangeTheLoss() {
        List<String> labels = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");
        TransitionConstraints c = TransitionConstraints.forScheme(TagScheme.IOB2, labels);
        LinearChainCrf crf = new LinearChainCrf(c);
        Random rnd = new Random(3);
        CrfScores s = new CrfScores(5);
        for (int k = 0; k < 25; k++) {
            s.transitions()[k] = rnd.nextGaussian();
        }
        double[] em = new double[4 * 5];
        for (int k = 0; k < em.length; k++) {
            em[k] = rnd.nextGaussian();
        }
        int[] gold = {1, 2, 0, 3};
        TokenRows rows = TokenRows.contiguous(4);
        CrfScores g = new CrfScores(5);
        double before = crf.negLogLikelihood(s, em, rows, gold, null, g);
        // O -> I-PER (0 -> 2) and B-LOC -> I-PER (3 -> 2) are forbidden; I-PER may not start (start[2]).
        assertThat(g.transition(0, 2)).isEqualTo(0.0);
        assertThat(g.transition(3, 2)).isEqualTo(0.0);
        assertThat(g.start()[2]).isEqualTo(0.0);
        s.transitions()[0 * 5 + 2] += 100;
        s.start()[2] += 100;
        assertThat(crf.negLogLikelihood(s, em, rows, gold, null, null)).isEqualTo(before);
    }

    @Test
    void decodedPathNeverUsesAForbiddenMoveEvenWhenEmissionsPushForIt() {
        List<String> labels = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");
        LinearChainCrf iob2 = new LinearChainCrf(TransitionConstraints.forScheme(TagScheme.IOB2, labels));
        CrfScores s = new CrfScores(5);
        // Emissions scream I-PER at t=0, then B-LOC, then I-PER again (after B-LOC: forbidden).
        double[] em = new double[3 * 5];
        em[0 * 5 + 2] = 50;
        em[1 * 5 + 3] = 50;
        em[2 * 5 + 2] = 50;
        int[] path = new int[3];
        iob2.viterbi(s, em, TokenRows.contiguous(3), path);
        assertThat(iob2.constraints().allowsPath(path)).isTrue();
        assertThat(path[0]).isNotEqualTo(2);
        assertThat(path[2]).isNotEqualTo(2);

        List<String> iobesLabels = List.of("O", "B-PER", "I-PER", "E-PER", "S-PER");
        LinearChainCrf iobes = new LinearChainCrf(TransitionConstraints.forScheme(TagScheme.IOBES, iobesLabels));
        CrfScores s2 = new CrfScores(5);
        // Emissions want "E-PER B-PER" (E may not start; a sentence may not end with B).
        double[] em2 = new double[2 * 5];
        em2[3] = 50;
        em2[5 + 1] = 50;
        int[] path2 = new int[2];
        iobes.viterbi(s2, em2, TokenRows.contiguous(2), path2);
        assertThat(iobes.constraints().allowsPath(path2)).isTrue();
        assertThat(path2[0]).isNotEqualTo(3);
        assertThat(path2[1]).isNotIn(1, 2);
    }

    @Test
    void goldPathBreakingTheConstraintsIsAUserErrorNamingSentenceAndToken() {
        List<String> labels = List.of("O", "B-PER", "I-PER");
        LinearChainCrf crf = new LinearChainCrf(TransitionConstraints.forScheme(TagScheme.IOB2, labels));
        double[] em = new double[2 * 3 + 2 * 3];
        int[] gold = {0, 1, 0, 2}; // second sentence: O I-PER
        assertThatThrownBy(() -> crf.negLogLikelihood(new CrfScores(3), em, TokenRows.contiguous(2, 2), gold,
                null, null))
                .isInstanceOf(SeqlabException.class)
                .hasMessageContaining("sentence 1")
                .hasMessageContaining("token 1")
                .hasMessageContaining("I-PER may not follow O");
    }

    @Test
    void underflowingScaledRecursionFallsBackToLogSpace() {
        // Two tags; only tag 1 may start, and its emission is 2000 below tag 0's: exp(-2000) underflows in the
        // scaled recursion. Hand value: the only allowed first label is 1, then anything:
        // log Z = -2000 + log(exp(0) + exp(0)) = -2000 + log 2 with zero transitions, start, end and second emissions.
        TransitionConstraints c = TransitionConstraints.of(new boolean[][] {{true, true}, {true, true}},
                new boolean[] {false, true}, new boolean[] {true, true});
        LinearChainCrf crf = new LinearChainCrf(c);
        double[] em = {0, -2000, 0, 0};
        CrfScores s = new CrfScores(2);
        double logZ = crf.logPartitions(s, em, TokenRows.contiguous(2))[0];
        assertThat(logZ).isCloseTo(-2000 + Math.log(2), within(1e-9));
        double[] marg = new double[4];
        crf.marginals(s, em, TokenRows.contiguous(2), marg);
        assertThat(marg).containsExactly(new double[] {0, 1, 0.5, 0.5}, within(1e-12));
        double[] g = new double[4];
        double nll = crf.negLogLikelihood(s, em, TokenRows.contiguous(2), new int[] {1, 0}, g, new CrfScores(2));
        assertThat(nll).isCloseTo(Math.log(2), within(1e-9));
        assertThat(g).containsExactly(new double[] {0, 0, -0.5, 0.5}, within(1e-12));
    }

    @Test
    void packedPaddedAndContiguousLayoutsGiveTheSameBatchResults() {
        Random rnd = new Random(11);
        int tags = 4;
        int[] lengths = {3, 5, 1, 4};
        CrfScores s = new CrfScores(tags);
        for (int k = 0; k < tags * tags; k++) {
            s.transitions()[k] = rnd.nextGaussian();
        }
        for (int j = 0; j < tags; j++) {
            s.start()[j] = rnd.nextGaussian();
            s.end()[j] = rnd.nextGaussian();
        }
        TokenRows contiguous = TokenRows.contiguous(lengths);
        TokenRows padded = TokenRows.padded(5, lengths);
        TokenRows packed = TokenRows.packed(SequenceLayout.of(lengths));
        TokenRows[] layouts = {contiguous, padded, packed};
        // Same token values placed in each layout; gold labels likewise.
        double[][] em = new double[3][];
        int[][] gold = new int[3][];
        for (int l = 0; l < 3; l++) {
            em[l] = new double[layouts[l].rowCount() * tags];
            Arrays.fill(em[l], 999); // padding garbage that must not matter
            gold[l] = new int[layouts[l].rowCount()];
        }
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                int y = rnd.nextInt(tags);
                double[] v = new double[tags];
                for (int j = 0; j < tags; j++) {
                    v[j] = rnd.nextGaussian();
                }
                for (int l = 0; l < 3; l++) {
                    int row = layouts[l].row(b, t);
                    System.arraycopy(v, 0, em[l], row * tags, tags);
                    gold[l][row] = y;
                }
            }
        }
        LinearChainCrf crf = new LinearChainCrf(tags);
        double[] nll = new double[3];
        CrfScores[] gs = new CrfScores[3];
        double[][] ge = new double[3][];
        int[][] decoded = new int[3][];
        for (int l = 0; l < 3; l++) {
            ge[l] = new double[em[l].length];
            gs[l] = new CrfScores(tags);
            nll[l] = crf.negLogLikelihood(s, em[l], layouts[l], gold[l], ge[l], gs[l]);
            decoded[l] = new int[layouts[l].rowCount()];
            crf.viterbi(s, em[l], layouts[l], decoded[l]);
        }
        // The batch loss is the sum of the per-sentence losses computed alone.
        double sum = 0;
        for (int b = 0; b < lengths.length; b++) {
            double[] one = new double[lengths[b] * tags];
            int[] g1 = new int[lengths[b]];
            for (int t = 0; t < lengths[b]; t++) {
                System.arraycopy(em[0], contiguous.row(b, t) * tags, one, t * tags, tags);
                g1[t] = gold[0][contiguous.row(b, t)];
            }
            sum += crf.negLogLikelihood(s, one, TokenRows.contiguous(lengths[b]), g1, null, null);
        }
        assertThat(nll[0]).isCloseTo(sum, within(1e-12));
        for (int l = 1; l < 3; l++) {
            assertThat(nll[l]).isCloseTo(nll[0], within(1e-12));
            assertThat(gs[l].transitions()).containsExactly(gs[0].transitions(), within(1e-12));
            for (int b = 0; b < lengths.length; b++) {
                for (int t = 0; t < lengths[b]; t++) {
                    int r0 = contiguous.row(b, t);
                    int rl = layouts[l].row(b, t);
                    assertThat(decoded[l][rl]).isEqualTo(decoded[0][r0]);
                    for (int j = 0; j < tags; j++) {
                        assertThat(ge[l][rl * tags + j]).isCloseTo(ge[0][r0 * tags + j], within(1e-12));
                    }
                }
            }
        }
        // Padding rows of the padded layout get exactly zero gradient.
        for (int b = 0; b < lengths.length; b++) {
            for (int t = lengths[b]; t < 5; t++) {
                for (int j = 0; j < tags; j++) {
                    assertThat(ge[1][(b * 5 + t) * tags + j]).isEqualTo(0.0);
                }
            }
        }
    }

    @Test
    void floatEmissionsAgreeWithTheDoublePathToFloatPrecision() {
        Random rnd = new Random(5);
        int tags = 9;
        int[] lengths = {14, 7, 20};
        TokenRows rows = TokenRows.contiguous(lengths);
        double[] em = new double[rows.rowCount() * tags];
        for (int k = 0; k < em.length; k++) {
            em[k] = (float) (rnd.nextGaussian() * 3); // exactly representable in float
        }
        int[] gold = new int[rows.rowCount()];
        CrfScores s = new CrfScores(tags);
        for (int k = 0; k < tags * tags; k++) {
            s.transitions()[k] = rnd.nextGaussian();
        }
        for (int k = 0; k < gold.length; k++) {
            gold[k] = rnd.nextInt(tags);
        }
        LinearChainCrf crf = new LinearChainCrf(tags);
        double[] gd = new double[em.length];
        float[] gf = new float[em.length];
        double nd = crf.negLogLikelihood(s, em, rows, gold, gd, null);
        double nf = crf.negLogLikelihood(s, toFloat(em), rows, gold, gf, null);
        assertThat(nf).isCloseTo(nd, within(1e-9));
        for (int k = 0; k < em.length; k++) {
            assertThat((double) gf[k]).isCloseTo(gd[k], within(1e-6));
        }
        int[] pathD = new int[rows.rowCount()];
        int[] pathF = new int[rows.rowCount()];
        double[] bestD = crf.viterbi(s, em, rows, pathD);
        double[] bestF = crf.viterbi(s, toFloat(em), rows, pathF);
        assertThat(pathF).containsExactly(pathD);
        assertThat(bestF).containsExactly(bestD);
        double[] md = new double[em.length];
        float[] mf = new float[em.length];
        crf.marginals(s, em, rows, md);
        crf.marginals(s, toFloat(em), rows, mf);
        for (int k = 0; k < em.length; k++) {
            assertThat((double) mf[k]).isCloseTo(md[k], within(1e-6));
        }
        assertThat(crf.logPartitions(s, toFloat(em), rows)).containsExactly(crf.logPartitions(s, em, rows),
                within(1e-9));
    }

    @Test
    void decodedPathsRespectSchemeConstraintsUnderAdversarialRandomEmissions() {
        Random rnd = new Random(99);
        List<String> iob2 = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG");
        List<String> iobes = List.of("O", "B-PER", "I-PER", "E-PER", "S-PER", "B-LOC", "I-LOC", "E-LOC", "S-LOC");
        for (TagScheme scheme : List.of(TagScheme.IOB1, TagScheme.IOB2, TagScheme.IOBES)) {
            List<String> labels = scheme == TagScheme.IOBES ? iobes : iob2;
            TransitionConstraints c = TransitionConstraints.forScheme(scheme, labels);
            LinearChainCrf crf = new LinearChainCrf(c);
            int tags = labels.size();
            CrfScores s = new CrfScores(tags);
            // Learned-looking scores that favour exactly the forbidden moves.
            for (int i = 0; i < tags; i++) {
                s.start()[i] = c.allowsStart(i) ? -5 : 5;
                s.end()[i] = c.allowsEnd(i) ? -5 : 5;
                for (int j = 0; j < tags; j++) {
                    s.transitions()[i * tags + j] = c.allowed(i, j) ? -5 : 5;
                }
            }
            int[] lengths = new int[50];
            for (int b = 0; b < lengths.length; b++) {
                lengths[b] = 1 + rnd.nextInt(8);
            }
            TokenRows rows = TokenRows.contiguous(lengths);
            float[] em = new float[rows.rowCount() * tags];
            for (int k = 0; k < em.length; k++) {
                em[k] = (float) (rnd.nextGaussian() * 50);
            }
            int[] out = new int[rows.rowCount()];
            crf.viterbi(s, em, rows, out);
            float[] marg = new float[em.length];
            crf.marginals(s, em, rows, marg);
            for (int b = 0; b < lengths.length; b++) {
                int[] path = new int[lengths[b]];
                List<String> names = new ArrayList<>();
                for (int t = 0; t < lengths[b]; t++) {
                    path[t] = out[rows.row(b, t)];
                    names.add(labels.get(path[t]));
                }
                assertThat(c.allowsPath(path)).as("%s %s", scheme, names).isTrue();
                assertThat(scheme.isWellFormed(names)).as("%s %s", scheme, names).isTrue();
                for (int j = 0; j < tags; j++) { // no probability on a label that may not start a sentence
                    if (!c.allowsStart(j)) {
                        assertThat(marg[rows.row(b, 0) * tags + j]).isEqualTo(0f);
                    }
                }
            }
        }
    }

    @Test
    void oneInstanceServesSeveralThreadsAtOnce() throws Exception {
        Random rnd = new Random(17);
        int tags = 7;
        int[] lengths = {12, 3, 25, 9};
        TokenRows rows = TokenRows.contiguous(lengths);
        double[] em = new double[rows.rowCount() * tags];
        for (int k = 0; k < em.length; k++) {
            em[k] = rnd.nextGaussian();
        }
        CrfScores s = new CrfScores(tags);
        for (int k = 0; k < tags * tags; k++) {
            s.transitions()[k] = rnd.nextGaussian();
        }
        int[] gold = new int[rows.rowCount()];
        for (int k = 0; k < gold.length; k++) {
            gold[k] = rnd.nextInt(tags);
        }
        LinearChainCrf crf = new LinearChainCrf(tags);
        double expected = crf.negLogLikelihood(s, em, rows, gold, null, null);
        int[] expectedPath = new int[rows.rowCount()];
        crf.viterbi(s, em, rows, expectedPath);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 8; task++) {
                results.add(pool.submit(() -> {
                    for (int rep = 0; rep < 200; rep++) {
                        int[] path = new int[rows.rowCount()];
                        crf.viterbi(s, em, rows, path);
                        double nll = crf.negLogLikelihood(s, em, rows, gold, new double[em.length],
                                new CrfScores(tags));
                        if (nll != expected || !Arrays.equals(path, expectedPath)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
