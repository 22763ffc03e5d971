package org.seqlab.lm.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqlabException;
import org.seqlab.random.Rng;

class SamplerTest {

    /** The toy distribution, deliberately not in sorted order: descending it is token 1, 3, 2, 0. */
    private static final double[] P = {0.1, 0.4, 0.2, 0.3};
    private static final float[] LOGITS = logitsOf(P);
    private static final int DRAWS = 60_000;

    private static float[] logitsOf(double[] p) {
        float[] l = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            l[i] = (float) Math.log(p[i]);
        }
        return l;
    }

    private static double[] distribution(SamplingConfig config, float[] logits, int... history) {
        return new Sampler(config).distribution(logits, history, history.length, new double[logits.length]);
    }

    private static int[] kept(double[] distribution) {
        return IntStream.range(0, distribution.length).filter(i -> distribution[i] > 0).toArray();
    }

    private static long[] counts(ToIntFunction<Rng> draw, int vocabulary, long seed) {
        Rng rng = new Rng(seed);
        long[] counts = new long[vocabulary];
        for (int i = 0; i < DRAWS; i++) {
            counts[draw.applyAsInt(rng)]++;
        }
        return counts;
    }

    private static long[] counts(SamplingConfig config, float[] logits) {
        Sampler sampler = new Sampler(config);
        return counts(rng -> sampler.sample(logits, null, 0, rng), logits.length, 2024);
    }

    @Test
    void greedyTakesTheArgmaxAndTheLowestIndexOnTies() {
        float[] logits = {1, 3, 3, 2};
        assertThat(new Sampler(SamplingConfig.GREEDY).sample(logits, new int[0], new Rng(1))).isEqualTo(1);
        assertThat(Logits.argmax(logits)).isEqualTo(1);
        assertThat(Logits.argmax(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY})).isEqualTo(0);
    }

    @Test
    void temperatureBelowTheThresholdIsExactlyGreedyAndDrawsNothing() {
        Rng rows = new Rng(5);
        for (double t : new double[] {0, 1e-9, 0.99e-4}) {
            Sampler sampler = new Sampler(SamplingConfig.DEFAULT.withTemperature(t).withTopK(3).withTopP(0.5));
            for (int r = 0; r < 200; r++) {
                float[] logits = new float[17];
                for (int i = 0; i < logits.length; i++) {
                    logits[i] = (float) Math.round(rows.nextGaussian() * 2); // rounding makes ties common
                }
                int expected = 0;
                for (int i = 1; i < logits.length; i++) {
                    if (logits[i] > logits[expected]) {
                        expected = i;
                    }
                }
                Rng rng = new Rng(9);
                long before = rng.state()[0];
                assertThat(sampler.sample(logits, null, 0, rng)).isEqualTo(expected);
                assertThat(rng.state()[0]).as("greedy must not consume randomness").isEqualTo(before);
            }
        }
    }

    @Test
    void temperatureOneLeavesTheDistributionAndHalfSquaresIt() {
        assertThat(distribution(SamplingConfig.DEFAULT, LOGITS)).containsExactly(P, within(1e-6));
        // p^(1/T) renormalised with T = 1/2: 0.01, 0.16, 0.04, 0.09 over 0.30
        assertThat(distribution(SamplingConfig.DEFAULT.withTemperature(0.5), LOGITS))
                .containsExactly(new double[] {1 / 30.0, 16 / 30.0, 4 / 30.0, 9 / 30.0}, within(1e-6));
    }

    @Test
    void topKKeepsTheKBestRenormalisedAndNeverEmitsAnotherToken() {
        assertThat(distribution(SamplingConfig.DEFAULT.withTopK(2), LOGITS))
                .containsExactly(new double[] {0, 4 / 7.0, 0, 3 / 7.0}, within(1e-6));
        long[] counts = counts(SamplingConfig.DEFAULT.withTopK(2), LOGITS);
        assertThat(counts[0]).isZero();
        assertThat(counts[2]).isZero();
        assertThat(distribution(SamplingConfig.DEFAULT.withTopK(10), LOGITS)).containsExactly(P, within(1e-6));
    }

    @Test
    void topKBreaksTiesAtTheKthScoreTowardsTheLowerId() {
        float[] logits = {2, 1, 1, 1, 0};
        assertThat(kept(distribution(SamplingConfig.DEFAULT.withTopK(2), logits))).containsExactly(0, 1);
        assertThat(kept(distribution(SamplingConfig.DEFAULT.withTopK(3), logits))).containsExactly(0, 1, 2);
        float[] reversed = {0, 1, 1, 1, 2};
        assertThat(kept(distribution(SamplingConfig.DEFAULT.withTopK(2), reversed))).containsExactly(1, 4);
    }

    @Test
    void topPKeepsTheSmallestSetWhoseMassReachesP() {
        // descending: 0.4 (token 1), 0.3 (token 3), 0.2 (token 2), 0.1 (token 0)
        assertThat(kept(distribution(SamplingConfig.DEFAULT.withTopP(0.3), LOGITS))).containsExactly(1);
        assertThat(kept(distribution(SamplingConfig.DEFAULT.withTopP(0.4), LOGITS))).as("0.4 reaches 0.4")
                .containsExactly(1);
        assertThat(kept(distribution(SamplingConfig.DEFAULT.withTopP(0.41), LOGITS))).containsExactly(1, 3);
        assertThat(kept(distribution(SamplingConfig.DEFAULT.withTopP(0.7), LOGITS))).as("0.4 + 0.3 reaches 0.7")
                .containsExactly(1, 3);
        assertThat(kept(distribution(SamplingConfig.DEFAULT.withTopP(0.70001), LOGITS))).containsExactly(1, 2, 3);
        assertThat(kept(distribution(SamplingConfig.DEFAULT.withTopP(0.9), LOGITS))).containsExactly(1, 2, 3);
        assertThat(kept(distribution(SamplingConfig.DEFAULT.withTopP(0.95), LOGITS))).containsExactly(0, 1, 2, 3);
        assertThat(kept(distribution(SamplingConfig.DEFAULT.withTopP(1e-9), LOGITS))).as("at least one token")
                .containsExactly(1);
        assertThat(distribution(SamplingConfig.DEFAULT.withTopP(0.7), LOGITS))
                .containsExactly(new double[] {0, 4 / 7.0, 0, 3 / 7.0}, within(1e-6));
    }

    @Test
    void topPAppliesToTheTopKSetRenormalised() {
        // top-3: 0.4, 0.3, 0.2 over 0.9 = 4/9, 3/9, 2/9; 4/9 < 0.7 <= 7/9
        assertThat(kept(distribution(SamplingConfig.DEFAULT.withTopK(3).withTopP(0.7), LOGITS))).containsExactly(1,
                3);
        assertThat(kept(distribution(SamplingConfig.DEFAULT.withTopK(3).withTopP(7 / 9.0), LOGITS)))
                .containsExactly(1, 3);
        assertThat(kept(distribution(SamplingConfig.DEFAULT.withTopK(3).withTopP(0.8), LOGITS))).containsExactly(1,
                2, 3);
    }

    @Test
    void topKAndTopPOnLargeRowsMatchASortedOracle() {
        Rng rng = new Rng(11);
        // peaked, nearly flat, coarsely tied, and a linear ramp whose tokens above e^-4 of the top hold only 98.2%
        // of the mass (so p = 0.99 needs a second candidate pass)
        double[] spreads = {3, 0.05, 1, 0};
        for (int kind = 0; kind < spreads.length; kind++) {
            float[] logits = new float[1000];
            for (int i = 0; i < logits.length; i++) {
                double g = rng.nextGaussian() * spreads[kind];
                logits[i] = (float) (kind == 2 ? Math.round(g * 4) / 4.0 : kind == 3 ? -0.02 * i : g);
            }
            Integer[] order = IntStream.range(0, logits.length).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -logits[i]).thenComparingInt(i -> i));
            for (int k : new int[] {1, 50, 999}) {
                int[] best = Arrays.stream(order, 0, k).mapToInt(Integer::intValue).sorted().toArray();
                assertThat(kept(distribution(SamplingConfig.DEFAULT.withTopK(k), logits))).as("kind %d, k %d", kind, k)
                        .containsExactly(best);
            }
            double z = 0;
            for (float l : logits) {
                z += Math.exp(l);
            }
            for (double p : new double[] {0.5, 0.9, 0.99}) {
                double cum = 0;
                int m = 0;
                while (cum < p * (1 - 1e-6)) {
                    cum += Math.exp(logits[order[m++]]) / z;
                }
                int[] nucleus = Arrays.stream(order, 0, m).mapToInt(Integer::intValue).sorted().toArray();
                assertThat(kept(distribution(SamplingConfig.DEFAULT.withTopP(p), logits))).as("kind %d, p %s", kind,
                        p).containsExactly(nucleus);
            }
        }
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOfSeenTokensOnce() {
        float[] logits = {2, -1, 0.5f, 1};
        // tokens 0 and 1 were seen (0 twice, penalised once): 2 / 2 = 1, -1 * 2 = -2
        double z = 2 * Math.exp(1) + Math.exp(-2) + Math.exp(0.5);
        assertThat(distribution(SamplingConfig.DEFAULT.withRepetitionPenalty(2), logits, 0, 1, 0))
                .containsExactly(new double[] {Math.exp(1) / z, Math.exp(-2) / z, Math.exp(0.5) / z,
                    Math.exp(1) / z}, within(1e-6));
        Sampler greedy = new Sampler(SamplingConfig.GREEDY.withRepetitionPenalty(2));
        assertThat(greedy.sample(new float[] {2, -1, 0.5f, 1.5f}, new int[] {0}, new Rng(1))).isEqualTo(3);
        assertThat(greedy.sample(new float[] {2, -1, 0.5f, 1.5f}, new int[0], new Rng(1))).isZero();
        // penalty before temperature: T = 2 halves the penalised logits 1, -2, 0.5, 1
        double zt = 2 * Math.exp(0.5) + Math.exp(-1) + Math.exp(0.25);
        assertThat(distribution(SamplingConfig.DEFAULT.withRepetitionPenalty(2).withTemperature(2), logits, 0, 1))
                .containsExactly(new double[] {Math.exp(0.5) / zt, Math.exp(-1) / zt, Math.exp(0.25) / zt,
                    Math.exp(0.5) / zt}, within(1e-6));
        assertThatThrownBy(() -> greedy.sample(logits, new int[] {4}, new Rng(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the vocabulary of 4");
    }

    @Test
    void sampledFrequenciesMatchTheTargetDistributionsByChiSquare() {
        double[][] targets = {
            P,
            {1 / 30.0, 16 / 30.0, 4 / 30.0, 9 / 30.0},
            {0, 4 / 9.0, 2 / 9.0, 3 / 9.0},
            {0, 4 / 7.0, 0, 3 / 7.0},
        };
        SamplingConfig[] configs = {
            SamplingConfig.DEFAULT,
            SamplingConfig.DEFAULT.withTemperature(0.5),
            SamplingConfig.DEFAULT.withTopK(3),
            SamplingConfig.DEFAULT.withTopP(0.6),
        };
        for (int c = 0; c < configs.length; c++) {
            long[] counts = counts(configs[c], LOGITS);
            assertThat(ChiSquare.statistic(counts, targets[c])).as("%s: counts %s", configs[c],
                    Arrays.toString(counts)).isLessThan(ChiSquare.critical(ChiSquare.degreesOfFreedom(targets[c])));
        }
    }

    @Test
    void theChiSquareCheckFailsAnOffByOneCutAndAWronglyRenormalisedSampler() {
        double[] top3 = {0, 4 / 9.0, 2 / 9.0, 3 / 9.0};
        // off by one: keeps k + 1 tokens
        assertThat(ChiSquare.fits(counts(SamplingConfig.DEFAULT.withTopK(4), LOGITS), top3)).isFalse();
        // off by one: keeps k - 1 tokens (token 2 is never drawn)
        assertThat(ChiSquare.fits(counts(SamplingConfig.DEFAULT.withTopK(2), LOGITS), top3)).isFalse();
        // off by one in the cumulative walk: u <= cum picks the next token's interval, shifted by one
        long[] shifted = counts(rng -> {
            double u = rng.nextDouble() * 0.9;
            double[] desc = {0.4, 0.3, 0.2};
            int[] ids = {1, 3, 2};
            double cum = 0;
            for (int j = 0; j < 3; j++) {
                cum += desc[j];
                if (u < cum) {
                    return ids[Math.min(j + 1, 2)];
                }
            }
            return 2;
        }, 4, 2024);
        assertThat(ChiSquare.fits(shifted, top3)).isFalse();
        // wrongly renormalised: draws u over [0, 1) instead of the kept mass 0.9; the overshoot lands on the last
        long[] unnormalised = counts(rng -> {
            double u = rng.nextDouble();
            return u < 0.4 ? 1 : u < 0.7 ? 3 : 2;
        }, 4, 2024);
        assertThat(ChiSquare.fits(unnormalised, top3)).isFalse();
        // and a correct hand-written sampler of the same target passes the same check
        long[] correct = counts(rng -> {
            double u = rng.nextDouble() * 0.9;
            return u < 0.4 ? 1 : u < 0.7 ? 3 : 2;
        }, 4, 2024);
        assertThat(ChiSquare.fits(correct, top3)).isTrue();
    }

    @Test
    void theSameSeedGivesTheSameSamples() {
        Sampler a = new Sampler(SamplingConfig.DEFAULT.withTopP(0.9));
        Sampler b = new Sampler(SamplingConfig.DEFAULT.withTopP(0.9));
        Rng ra = new Rng(3);
        Rng rb = new Rng(3);
        for (int i = 0; i < 1000; i++) {
            assertThat(a.sample(LOGITS, null, 0, ra)).isEqualTo(b.sample(LOGITS, null, 0, rb));
        }
    }

    @Test
    void sampleAllocatesNothingOnceWarm() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Sampler sampler = new Sampler(SamplingConfig.DEFAULT.withTopK(40).withTopP(0.9).withRepetitionPenalty(1.3)
                .withTemperature(0.8));
        float[] logits = new float[5000];
        Rng rng = new Rng(1);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) rng.nextGaussian();
        }
        int[] history = {1, 2, 3, 4000, 17};
        int sink = 0;
        for (int i = 0; i < 2000; i++) {
            sink += sampler.sample(logits, history, history.length, rng);
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 2000; i++) {
            sink += sampler.sample(logits, history, history.length, rng);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(sink).isNotNegative();
        assertThat(allocated).as("bytes allocated by 2000 samples").isLessThan(1024);
    }

    @Test
    void configReadsFromJsonWithDefaultsAndRejectsBadValues() throws Exception {
        ObjectMapper json = new ObjectMapper();
        SamplingConfig read = json.readValue("{\"topK\": 5, \"temperature\": 0.7}", SamplingConfig.class);
        assertThat(read).isEqualTo(new SamplingConfig(0.7, 5, 1, 1, 0));
        assertThat(json.readValue(json.writeValueAsString(read), SamplingConfig.class)).isEqualTo(read);
        assertThat(json.readValue("{}", SamplingConfig.class)).isEqualTo(SamplingConfig.DEFAULT);
        assertThatThrownBy(() -> SamplingConfig.DEFAULT.withTopP(0)).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("topP");
        assertThatThrownBy(() -> SamplingConfig.DEFAULT.withRepetitionPenalty(-1))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("repetitionPenalty");
        assertThatThrownBy(() -> SamplingConfig.DEFAULT.withTemperature(-0.1)).isInstanceOf(SeqlabException.class);
        assertThatThrownBy(() -> SamplingConfig.DEFAULT.withTopK(-1)).isInstanceOf(SeqlabException.class);
    }
}
