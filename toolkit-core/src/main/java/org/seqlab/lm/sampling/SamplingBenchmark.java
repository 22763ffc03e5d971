package org.seqlab.lm.sampling;

import java.util.Arrays;
import org.seqlab.random.Rng;

/**
 * Times one generation step's sampling (penalty, temperature, top-k, top-p, draw) on random logit rows of a given
 * vocabulary size, as the median over timed passes of microseconds per step. The rows are Gaussian logits with
 * standard deviation 3 (a peaked distribution, like a trained model's), and each step sees a history of 32 tokens.
 * The peer {@code bench/torch_sample.py} does the same with PyTorch in the Hugging Face warper style.
 */
public final class SamplingBenchmark {

    /**
     * @param microsPerStep median over the passes
     * @param passMicrosPerStep each pass's figure, in order
     */
    public record Result(double microsPerStep, double[] passMicrosPerStep) {
    }

    private static final int ROWS = 64;
    private static final int HISTORY = 32;

    private SamplingBenchmark() {
    }

    public static Result run(SamplingConfig config, int vocabulary, int steps, int warmupPasses, int passes) {
        if (vocabulary < 1 || steps < 1 || passes < 1 || warmupPasses < 0) {
            throw new IllegalArgumentException("vocabulary, steps and passes must be positive, warm-up not negative");
        }
        Rng rng = new Rng(config.seed());
        float[][] rows = new float[ROWS][vocabulary];
        for (float[] row : rows) {
            for (int i = 0; i < vocabulary; i++) {
                row[i] = (float) (3 * rng.nextGaussian());
            }
        }
        int[] history = new int[HISTORY];
        for (int i = 0; i < HISTORY; i++) {
            history[i] = rng.nextInt(vocabulary);
        }
        Sampler sampler = new Sampler(config);
        long sink = 0;
        double[] micros = new double[passes];
        for (int pass = -warmupPasses; pass < passes; pass++) {
            long start = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                sink += sampler.sample(rows[s % ROWS], history, HISTORY, rng);
            }
            long elapsed = System.nanoTime() - start;
            if (pass >= 0) {
                micros[pass] = elapsed / 1e3 / steps;
            }
        }
        if (sink < 0) {
            throw new AssertionError("unreachable: token ids are not negative");
        }
        double[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new Result(sorted[passes / 2], micros);
    }
}
