package org.seqlab.lm.sampling;

/** Plain functions of one row of logits (unnormalised log-probabilities). */
public final class Logits {

    private Logits() {
    }

    /** The index of the highest logit; the lowest index among equal maxima. NaN logits are never chosen. */
    public static int argmax(float[] logits) {
        return argmax(logits, logits.length);
    }

    /** {@link #argmax(float[])} over the first {@code n} entries. */
    public static int argmax(float[] logits, int n) {
        int best = -1;
        float bestValue = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            // strict '>' keeps the lowest index on ties
            if (logits[i] > bestValue || best < 0 && logits[i] == bestValue) {
                best = i;
                bestValue = logits[i];
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("no finite or -infinite logit to choose from (all NaN or empty row)");
        }
        return best;
    }

    /** log Σ exp(logits), computed stably in double. */
    public static double logSumExp(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    /** The natural-log probability of {@code token} under softmax(logits): {@code logits[token] - logSumExp}. */
    public static double logProbability(float[] logits, int token) {
        return logits[token] - logSumExp(logits);
    }

    /** Writes log-softmax(logits) into {@code out} (same length) and returns it. */
    public static double[] logSoftmax(float[] logits, double[] out) {
        double lse = logSumExp(logits);
        for (int i = 0; i < logits.length; i++) {
            out[i] = logits[i] - lse;
        }
        return out;
    }
}
