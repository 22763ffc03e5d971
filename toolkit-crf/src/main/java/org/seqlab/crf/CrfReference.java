package org.seqlab.crf;

/**
 * The textbook linear-chain CRF in log space, one sentence at a time, in double precision: forward and backward with
 * log-sum-exp, marginals from them, max-plus Viterbi. It is the plain form that tests hold {@link LinearChainCrf}
 * against, and the fast kernel's fallback for a sentence whose scaled recursion underflows.
 *
 * <p>Emissions are one sentence's {@code [length × numTags]} scores, row-major. Forbidden moves score {@code -inf}.
 */
public final class CrfReference {
    private CrfReference() {
    }

    private static double transition(CrfScores s, TransitionConstraints c, int from, int to) {
        return c.allowed(from, to) ? s.transition(from, to) : Double.NEGATIVE_INFINITY;
    }

    private static double start(CrfScores s, TransitionConstraints c, int tag) {
        return c.allowsStart(tag) ? s.start()[tag] : Double.NEGATIVE_INFINITY;
    }

    private static double end(CrfScores s, TransitionConstraints c, int tag) {
        return c.allowsEnd(tag) ? s.end()[tag] : Double.NEGATIVE_INFINITY;
    }

    /** log(sum(exp(x))) over {@code x[0..n)}, {@code -inf} when every entry is {@code -inf}. */
    static double logSumExp(double[] x, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[i]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(x[i] - max);
        }
        return max + Math.log(sum);
    }

    /** The score of one label path: start, emissions, transitions and end ({@code -inf} if it uses a forbidden move). */
    public static double pathScore(double[] emissions, int[] path, CrfScores s, TransitionConstraints c) {
        int tags = s.numTags();
        double score = start(s, c, path[0]) + emissions[path[0]];
        for (int t = 1; t < path.length; t++) {
            score += transition(s, c, path[t - 1], path[t]) + emissions[t * tags + path[t]];
        }
        return score + end(s, c, path[path.length - 1]);
    }

    /** Log-space forward variables {@code alpha[t * numTags + j]}: log-sum of all prefixes ending in j at t. */
    private static double[] forward(double[] e, int n, CrfScores s, TransitionConstraints c) {
        int tags = s.numTags();
        double[] alpha = new double[n * tags];
        double[] terms = new double[tags];
        for (int j = 0; j < tags; j++) {
            alpha[j] = start(s, c, j) + e[j];
        }
        for (int t = 1; t < n; t++) {
            for (int j = 0; j < tags; j++) {
                for (int i = 0; i < tags; i++) {
                    terms[i] = alpha[(t - 1) * tags + i] + transition(s, c, i, j);
                }
                alpha[t * tags + j] = logSumExp(terms, tags) + e[t * tags + j];
            }
        }
        return alpha;
    }

    /** Log-space backward variables {@code beta[t * numTags + i]}: log-sum of all suffixes after i at t. */
    private static double[] backward(double[] e, int n, CrfScores s, TransitionConstraints c) {
        int tags = s.numTags();
        double[] beta = new double[n * tags];
        double[] terms = new double[tags];
        for (int i = 0; i < tags; i++) {
            beta[(n - 1) * tags + i] = end(s, c, i);
        }
        for (int t = n - 2; t >= 0; t--) {
            for (int i = 0; i < tags; i++) {
                for (int j = 0; j < tags; j++) {
                    terms[j] = transition(s, c, i, j) + e[(t + 1) * tags + j] + beta[(t + 1) * tags + j];
                }
                beta[t * tags + i] = logSumExp(terms, tags);
            }
        }
        return beta;
    }

    /** log Z: the log-sum of the scores of all allowed paths of length {@code n}. */
    public static double logPartition(double[] emissions, int n, CrfScores s, TransitionConstraints c) {
        int tags = s.numTags();
        double[] alpha = forward(emissions, n, s, c);
        double[] terms = new double[tags];
        for (int j = 0; j < tags; j++) {
            terms[j] = alpha[(n - 1) * tags + j] + end(s, c, j);
        }
        return logSumExp(terms, tags);
    }

    /**
     * Forward-backward.
     *
     * @param nodeMarginals out, {@code [n × numTags]}: P(y_t = j)
     * @param pairMarginals out (may be null), {@code [numTags × numTags]}: sum over t of P(y_{t-1} = i, y_t = j);
     *                      overwritten
     * @return log Z
     */
    public static double marginals(double[] emissions, int n, CrfScores s, TransitionConstraints c,
                                   double[] nodeMarginals, double[] pairMarginals) {
        int tags = s.numTags();
        double logZ = logPartition(emissions, n, s, c);
        double[] alpha = forward(emissions, n, s, c);
        double[] beta = backward(emissions, n, s, c);
        for (int k = 0; k < n * tags; k++) {
            nodeMarginals[k] = Math.exp(alpha[k] + beta[k] - logZ);
        }
        if (pairMarginals != null) {
            java.util.Arrays.fill(pairMarginals, 0);
            for (int t = 1; t < n; t++) {
                for (int i = 0; i < tags; i++) {
                    for (int j = 0; j < tags; j++) {
                        double lp = alpha[(t - 1) * tags + i] + transition(s, c, i, j) + emissions[t * tags + j]
                                + beta[t * tags + j] - logZ;
                        pairMarginals[i * tags + j] += Math.exp(lp);
                    }
                }
            }
        }
        return logZ;
    }

    /** The highest-scoring allowed path (ties go to the lower label index); null if no path is allowed. */
    public static int[] viterbi(double[] e, int n, CrfScores s, TransitionConstraints c) {
        int tags = s.numTags();
        double[] delta = new double[n * tags];
        int[] back = new int[n * tags];
        for (int j = 0; j < tags; j++) {
            delta[j] = start(s, c, j) + e[j];
        }
        for (int t = 1; t < n; t++) {
            for (int j = 0; j < tags; j++) {
                double best = Double.NEGATIVE_INFINITY;
                int arg = 0;
                for (int i = 0; i < tags; i++) {
                    double v = delta[(t - 1) * tags + i] + transition(s, c, i, j);
                    if (v > best) {
                        best = v;
                        arg = i;
                    }
                }
                delta[t * tags + j] = best + e[t * tags + j];
                back[t * tags + j] = arg;
            }
        }
        double best = Double.NEGATIVE_INFINITY;
        int last = -1;
        for (int j = 0; j < tags; j++) {
            double v = delta[(n - 1) * tags + j] + end(s, c, j);
            if (v > best) {
                best = v;
                last = j;
            }
        }
        if (last < 0) {
            return null;
        }
        int[] path = new int[n];
        path[n - 1] = last;
        for (int t = n - 1; t > 0; t--) {
            path[t - 1] = back[t * tags + path[t]];
        }
        return path;
    }
}
