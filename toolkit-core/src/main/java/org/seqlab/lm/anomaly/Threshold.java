package org.seqlab.lm.anomaly;

import java.util.Arrays;

/**
 * A decision threshold on anomaly scores: a score is flagged when it is <b>strictly greater</b> than the threshold.
 *
 * @param value the threshold
 */
public record Threshold(double value) {

    /** Relative slack in {@code fpr × n}, so that 0.29 × 100 counts as 29 allowed exceedances, not 28. */
    private static final double COUNT_SLACK = 1e-9;

    /** Whether {@code score} is flagged as anomalous. */
    public boolean flags(double score) {
        return score > value;
    }

    /**
     * Calibrates on held-out normal scores to a false-positive rate: the empirical (1 − fpr) quantile.
     *
     * <p>Convention: with the n scores sorted ascending s(1) ≤ … ≤ s(n) and a = ⌊fpr · n⌋ allowed exceedances, the
     * threshold is s(n − a). So at most {@code fpr} of the calibration scores exceed it (exactly a of them when the
     * scores near the cut are distinct; fewer when ties straddle it), and it is the smallest calibration score for
     * which that holds. fpr = 0 gives the maximum (nothing flagged).
     *
     * @param normalScores at least one score of a normal sequence (not modified)
     * @param fpr the false-positive rate wanted, in [0, 1)
     */
    public static Threshold calibrate(double[] normalScores, double fpr) {
        if (normalScores.length == 0) {
            throw new IllegalArgumentException("threshold calibration needs at least one normal score");
        }
        if (!(fpr >= 0 && fpr < 1)) {
            throw new IllegalArgumentException("the false-positive rate must be in [0, 1), not " + fpr);
        }
        double[] sorted = normalScores.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        int allowed = (int) Math.floor(fpr * n * (1 + COUNT_SLACK));
        allowed = Math.min(allowed, n - 1);
        return new Threshold(sorted[n - 1 - allowed]);
    }
}
