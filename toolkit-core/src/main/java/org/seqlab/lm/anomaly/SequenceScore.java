package org.seqlab.lm.anomaly;

/**
 * The anomaly score of one sequence from its per-token surprisals (−ln p, nats).
 *
 * <p>The primary score is the <b>mean</b> per-token surprisal (length-normalised, so long normal sentences do not
 * outscore short odd ones; it is the log of the per-token perplexity). The maximum per-token surprisal is kept beside
 * it, for anomalies confined to one token.
 *
 * @param mean mean per-token surprisal (the primary score)
 * @param max largest per-token surprisal
 * @param tokens number of tokens scored
 */
public record SequenceScore(double mean, double max, int tokens) {

    private static final double LN2 = Math.log(2);

    /** Scores a sequence from its surprisals (at least one; each finite or +infinity, never negative). */
    public static SequenceScore of(double[] surprisals) {
        if (surprisals.length == 0) {
            throw new IllegalArgumentException("a sequence score needs at least one token surprisal");
        }
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (double s : surprisals) {
            if (!(s >= 0)) {
                throw new IllegalArgumentException("a surprisal must be >= 0 (it is -ln p), not " + s);
            }
            sum += s;
            max = Math.max(max, s);
        }
        return new SequenceScore(sum / surprisals.length, max, surprisals.length);
    }

    /** Surprisals from natural-log probabilities: −ln p for each. */
    public static double[] surprisalsFromLogProbabilities(double[] logProbabilities) {
        double[] s = new double[logProbabilities.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = -logProbabilities[i];
        }
        return s;
    }

    /** Converts nats to bits. */
    public static double bits(double nats) {
        return nats / LN2;
    }
}
