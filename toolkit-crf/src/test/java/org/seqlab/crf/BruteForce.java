package org.seqlab.crf;

import java.util.ArrayList;
import java.util.List;

/**
 * The oracle for the CRF tests: enumerates every label path of a short sentence and scores it straight from the
 * definition, independently of the code under test.
 */
final class BruteForce {
    final int tags;
    final int length;
    final double[] emissions; // [length * tags]
    final double[][] trans;
    final double[] start;
    final double[] end;
    final boolean[][] allowed;
    final boolean[] allowedStart;
    final boolean[] allowedEnd;

    BruteForce(int tags, int length, double[] emissions, double[][] trans, double[] start, double[] end,
               boolean[][] allowed, boolean[] allowedStart, boolean[] allowedEnd) {
        this.tags = tags;
        this.length = length;
        this.emissions = emissions;
        this.trans = trans;
        this.start = start;
        this.end = end;
        this.allowed = allowed;
        this.allowedStart = allowedStart;
        this.allowedEnd = allowedEnd;
    }

    /** All paths that use only allowed moves. */
    List<int[]> allowedPaths() {
        List<int[]> out = new ArrayList<>();
        int total = (int) Math.pow(tags, length);
        for (int code = 0; code < total; code++) {
            int[] p = new int[length];
            int c = code;
            for (int t = 0; t < length; t++) {
                p[t] = c % tags;
                c /= tags;
            }
            if (isAllowed(p)) {
                out.add(p);
            }
        }
        return out;
    }

    boolean isAllowed(int[] p) {
        if (!allowedStart[p[0]] || !allowedEnd[p[length - 1]]) {
            return false;
        }
        for (int t = 1; t < length; t++) {
            if (!allowed[p[t - 1]][p[t]]) {
                return false;
            }
        }
        return true;
    }

    double score(int[] p) {
        double s = start[p[0]] + end[p[length - 1]];
        for (int t = 0; t < length; t++) {
            s += emissions[t * tags + p[t]];
            if (t > 0) {
                s += trans[p[t - 1]][p[t]];
            }
        }
        return s;
    }

    double logPartition() {
        double sum = 0;
        for (int[] p : allowedPaths()) {
            sum += Math.exp(score(p));
        }
        return Math.log(sum);
    }

    /** P(y_t = j), [length * tags]. */
    double[] marginals() {
        double z = Math.exp(logPartition());
        double[] m = new double[length * tags];
        for (int[] p : allowedPaths()) {
            double w = Math.exp(score(p)) / z;
            for (int t = 0; t < length; t++) {
                m[t * tags + p[t]] += w;
            }
        }
        return m;
    }

    int[] argmax() {
        int[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int[] p : allowedPaths()) {
            double s = score(p);
            if (s > bestScore) {
                bestScore = s;
                best = p;
            }
        }
        return best;
    }
}
