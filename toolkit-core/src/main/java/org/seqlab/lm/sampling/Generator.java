package org.seqlab.lm.sampling;

import java.util.Arrays;
import org.seqlab.SeqlabException;
import org.seqlab.random.Rng;

/**
 * Runs a {@link StepModel} from a prompt: feeds the prompt tokens, then draws tokens with a {@link Sampler} and feeds
 * each back, until a stop token is drawn (it is kept as the last generated token) or {@code maxNewTokens} tokens have
 * been generated. The repetition penalty sees the prompt and the tokens generated so far.
 *
 * <p>Like its sampler, a generator holds scratch and is <b>per-thread</b>; the model may be shared if its
 * {@code step} is thread-safe.
 *
 * @param <S> the model's state type
 */
public final class Generator<S> {
    private final StepModel<S> model;
    private final Sampler sampler;
    private final int maxNewTokens;
    private final int[] stopTokens;

    private Generator(Builder<S> b) {
        this.model = b.model;
        this.sampler = new Sampler(b.sampling);
        this.maxNewTokens = b.maxNewTokens;
        this.stopTokens = b.stopTokens.clone();
        Arrays.sort(stopTokens);
    }

    public static <S> Builder<S> builder() {
        return new Builder<>();
    }

    /** Generates with a fresh {@link Rng} seeded from the sampling config's seed: the same call, the same tokens. */
    public Generation generate(int[] prompt) {
        return generate(prompt, new Rng(sampler.config().seed()));
    }

    /**
     * Generates a continuation of {@code prompt}.
     *
     * @param prompt at least one token id (a start-of-sequence token where the model has one)
     * @param rng the source of the draws (advanced)
     */
    public Generation generate(int[] prompt, Rng rng) {
        if (prompt.length == 0) {
            throw new SeqlabException("the prompt must hold at least one token (for example the start token)");
        }
        int[] history = Arrays.copyOf(prompt, prompt.length + maxNewTokens);
        int length = prompt.length;
        S state = model.initialState();
        StepModel.Step<S> step = null;
        for (int token : prompt) {
            step = model.step(token, state);
            state = step.state();
        }
        int[] generated = new int[maxNewTokens];
        double[] logProbabilities = new double[maxNewTokens];
        int n = 0;
        boolean stopped = false;
        while (n < maxNewTokens) {
            float[] logits = step.logits();
            int token = sampler.sample(logits, history, length, rng);
            generated[n] = token;
            logProbabilities[n] = Logits.logProbability(logits, token);
            n++;
            history[length++] = token;
            if (Arrays.binarySearch(stopTokens, token) >= 0) {
                stopped = true;
                break;
            }
            if (n < maxNewTokens) {
                step = model.step(token, state);
                state = step.state();
            }
        }
        return new Generation(Arrays.copyOf(generated, n), Arrays.copyOf(logProbabilities, n), stopped);
    }

    /** Builds a {@link Generator}: the model is required; the rest is optional. */
    public static final class Builder<S> {
        private StepModel<S> model;
        private SamplingConfig sampling = SamplingConfig.DEFAULT;
        private int maxNewTokens = 100;
        private int[] stopTokens = new int[0];

        private Builder() {
        }

        /** The model to run (required). */
        public Builder<S> setModel(StepModel<S> m) {
            this.model = m;
            return this;
        }

        /** The generation controls. Default {@link SamplingConfig#DEFAULT} (plain sampling). */
        public Builder<S> optSampling(SamplingConfig config) {
            this.sampling = config;
            return this;
        }

        /** The most tokens to generate after the prompt (stop token included). Default 100. */
        public Builder<S> optMaxNewTokens(int max) {
            if (max < 0) {
                throw new SeqlabException("maxNewTokens must be >= 0, not " + max);
            }
            this.maxNewTokens = max;
            return this;
        }

        /** Token ids that end generation when drawn. Default none. */
        public Builder<S> optStopTokens(int... ids) {
            this.stopTokens = ids.clone();
            return this;
        }

        public Generator<S> build() {
            if (model == null) {
                throw new SeqlabException("a generator needs a model (setModel)");
            }
            return new Generator<>(this);
        }
    }
}
