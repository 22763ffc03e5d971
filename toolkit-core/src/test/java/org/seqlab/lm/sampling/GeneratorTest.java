package org.seqlab.lm.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.seqlab.SeqlabException;
import org.seqlab.random.Rng;

class GeneratorTest {

    private static final int BOS = 0;
    private static final int A = 1;
    private static final int B = 2;
    private static final int C = 3;
    private static final int EOS = 4;

    /**
     * A first-order Markov chain as a step model: the next-token distribution depends only on the previous token.
     * The state counts the tokens fed, to check that the generator threads it through.
     */
    static final class Markov implements StepModel<Integer> {
        static final double[][] TRANSITIONS = {
            {0, 0.6, 0.3, 0.1, 0},   // after BOS
            {0, 0, 0.5, 0.3, 0.2},   // after a
            {0, 0.2, 0, 0.7, 0.1},   // after b
            {0, 0.4, 0, 0, 0.6},     // after c
            {0, 0, 0, 0, 1},         // after EOS
        };
        int lastState = -1;

        @Override
        public Integer initialState() {
            return 0;
        }

        @Override
        public Step<Integer> step(int previousToken, Integer state) {
            double[] p = TRANSITIONS[previousToken];
            float[] logits = new float[p.length];
            for (int i = 0; i < p.length; i++) {
                logits[i] = (float) Math.log(p[i]);
            }
            lastState = state + 1;
            return new Step<>(logits, state + 1);
        }
    }

    @Test
    void greedyFollowsTheMostLikelyTransitionsUntilTheStopToken() {
        Markov model = new Markov();
        Generator<Integer> generator = Generator.<Integer>builder().setModel(model)
                .optSampling(SamplingConfig.GREEDY).optStopTokens(EOS).optMaxNewTokens(10).build();
        Generation g = generator.generate(new int[] {BOS});
        // BOS -> a (0.6) -> b (0.5) -> c (0.7) -> EOS (0.6)
        assertThat(g.tokens()).containsExactly(A, B, C, EOS);
        assertThat(g.logProbabilities()).containsExactly(
                new double[] {Math.log(0.6), Math.log(0.5), Math.log(0.7), Math.log(0.6)}, within(1e-6));
        assertThat(g.totalLogProbability()).isCloseTo(Math.log(0.6 * 0.5 * 0.7 * 0.6), within(1e-6));
        assertThat(g.stoppedByToken()).isTrue();
        assertThat(model.lastState).as("BOS, a, b, c fed; the stop token is not").isEqualTo(4);
    }

    @Test
    void theLengthLimitEndsGenerationWithoutAStopToken() {
        Generator<Integer> generator = Generator.<Integer>builder().setModel(new Markov())
                .optSampling(SamplingConfig.GREEDY).optStopTokens(EOS).optMaxNewTokens(2).build();
        Generation g = generator.generate(new int[] {BOS});
        assertThat(g.tokens()).containsExactly(A, B);
        assertThat(g.stoppedByToken()).isFalse();
        assertThat(Generator.<Integer>builder().setModel(new Markov()).optMaxNewTokens(0).build()
                .generate(new int[] {BOS}).tokens()).isEmpty();
    }

    @Test
    void thePromptIsFedAndPenalisedAndLogProbabilitiesIgnoreTheControls() {
        // after a: b 0.5, c 0.3; b is in the prompt, so with penalty 3 its logit ln 0.5 becomes 3 ln 0.5 < ln 0.3
        Generator<Integer> generator = Generator.<Integer>builder().setModel(new Markov())
                .optSampling(SamplingConfig.GREEDY.withRepetitionPenalty(3)).optStopTokens(EOS).optMaxNewTokens(1)
                .build();
        Generation g = generator.generate(new int[] {BOS, B, A});
        assertThat(g.tokens()).containsExactly(C);
        assertThat(g.logProbabilities()[0]).isCloseTo(Math.log(0.3), within(1e-6));
    }

    @Test
    void sampledFirstTokensFollowTheTransitionRowAndTheSeedReproducesARun() {
        Generator<Integer> generator = Generator.<Integer>builder().setModel(new Markov())
                .optStopTokens(EOS).optMaxNewTokens(1).build();
        Rng rng = new Rng(77);
        long[] counts = new long[5];
        for (int i = 0; i < 30_000; i++) {
            counts[generator.generate(new int[] {BOS}, rng).tokens()[0]]++;
        }
        assertThat(ChiSquare.fits(counts, Markov.TRANSITIONS[BOS])).as("counts %s", java.util.Arrays.toString(counts))
                .isTrue();

        Generator<Integer> seeded = Generator.<Integer>builder().setModel(new Markov())
                .optSampling(SamplingConfig.DEFAULT.withSeed(5)).optStopTokens(EOS).optMaxNewTokens(50).build();
        assertThat(seeded.generate(new int[] {BOS}).tokens()).containsExactly(
                seeded.generate(new int[] {BOS}).tokens());
    }

    @Test
    void anEmptyPromptOrAMissingModelIsRefused() {
        Generator<Integer> generator = Generator.<Integer>builder().setModel(new Markov()).build();
        assertThatThrownBy(() -> generator.generate(new int[0])).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("prompt");
        assertThatThrownBy(() -> Generator.builder().build()).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("setModel");
    }
}
