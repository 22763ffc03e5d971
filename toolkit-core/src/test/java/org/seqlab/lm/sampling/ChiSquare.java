package org.seqlab.lm.sampling;

/** Pearson's chi-square goodness-of-fit check for sampled token frequencies. */
final class ChiSquare {

    /**
     * Upper critical values at significance 0.001 for 1..4 degrees of freedom, from the standard table (checked
     * against the regularised incomplete gamma function: 1 - P(d/2, x/2) = 0.0010 for each).
     */
    private static final double[] CRITICAL_0_001 = {Double.NaN, 10.828, 13.816, 16.266, 18.467};

    private ChiSquare() {
    }

    /**
     * The statistic Σ (observed − expected)² / expected over the categories of positive expected probability;
     * +infinity when a category of probability 0 was drawn at all.
     */
    static double statistic(long[] counts, double[] probabilities) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        double x = 0;
        for (int i = 0; i < counts.length; i++) {
            if (probabilities[i] == 0) {
                if (counts[i] > 0) {
                    return Double.POSITIVE_INFINITY;
                }
                continue;
            }
            double e = n * probabilities[i];
            x += (counts[i] - e) * (counts[i] - e) / e;
        }
        return x;
    }

    /** Degrees of freedom: categories of positive probability, minus one. */
    static int degreesOfFreedom(double[] probabilities) {
        int k = 0;
        for (double p : probabilities) {
            if (p > 0) {
                k++;
            }
        }
        return k - 1;
    }

    static double critical(int degreesOfFreedom) {
        return CRITICAL_0_001[degreesOfFreedom];
    }

    /** Whether the counts are consistent with the probabilities at significance 0.001. */
    static boolean fits(long[] counts, double[] probabilities) {
        return statistic(counts, probabilities) < critical(degreesOfFreedom(probabilities));
    }
}
