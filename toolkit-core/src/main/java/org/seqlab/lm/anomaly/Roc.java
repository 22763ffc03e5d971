package org.seqlab.lm.anomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ROC statistics of anomaly scores, anomalies being the positive class and higher scores more anomalous.
 */
public final class Roc {

    private Roc() {
    }

    /**
     * The area under the ROC curve: the probability that a random anomalous sequence scores higher than a random
     * normal one, ties counted half. Computed as the Mann-Whitney U statistic over n_a · n_n pairs, by sorting both
     * samples and walking them together: O(n log n).
     *
     * @param normal scores of normal sequences (at least one; not modified)
     * @param anomalous scores of anomalous sequences (at least one; not modified)
     */
    public static double auc(double[] normal, double[] anomalous) {
        requireNonEmpty(normal, anomalous);
        double[] n = sortedCopy(normal);
        double[] a = sortedCopy(anomalous);
        // for each anomalous score: normals below it count 1, equal ones 1/2
        long twiceU = 0;
        int below = 0;
        int upTo = 0;
        for (double s : a) {
            while (below < n.length && n[below] < s) {
                below++;
            }
            if (upTo < below) {
                upTo = below;
            }
            while (upTo < n.length && n[upTo] == s) {
                upTo++;
            }
            twiceU += 2L * below + (upTo - below);
        }
        return twiceU / (2.0 * n.length * a.length);
    }

    /**
     * The ROC curve's points, from (0, 0) to (1, 1): one per distinct score, taken as threshold in descending
     * order (flagging the scores strictly above it), then {@code -infinity} (flagging everything). The trapezoid
     * area under these points equals {@link #auc}.
     */
    public static List<RocPoint> curve(double[] normal, double[] anomalous) {
        requireNonEmpty(normal, anomalous);
        double[] n = sortedCopy(normal);
        double[] a = sortedCopy(anomalous);
        double[] all = new double[n.length + a.length];
        System.arraycopy(n, 0, all, 0, n.length);
        System.arraycopy(a, 0, all, n.length, a.length);
        Arrays.sort(all);
        List<RocPoint> points = new ArrayList<>();
        int in = n.length;
        int ia = a.length;
        for (int i = all.length - 1; i >= 0; i--) {
            if (i < all.length - 1 && all[i] == all[i + 1]) {
                continue;
            }
            double t = all[i];
            // scores strictly greater than t: those above the first index holding a value > t
            while (in > 0 && n[in - 1] > t) {
                in--;
            }
            while (ia > 0 && a[ia - 1] > t) {
                ia--;
            }
            points.add(new RocPoint(t, (n.length - in) / (double) n.length, (a.length - ia) / (double) a.length));
        }
        points.add(new RocPoint(Double.NEGATIVE_INFINITY, 1, 1));
        return points;
    }

    /** The trapezoid area under a curve's points (in the order {@link #curve} gives them). */
    public static double area(List<RocPoint> points) {
        double area = 0;
        for (int i = 1; i < points.size(); i++) {
            RocPoint p = points.get(i - 1);
            RocPoint q = points.get(i);
            area += (q.falsePositiveRate() - p.falsePositiveRate())
                    * (q.truePositiveRate() + p.truePositiveRate()) / 2;
        }
        return area;
    }

    private static double[] sortedCopy(double[] x) {
        double[] c = x.clone();
        Arrays.sort(c);
        for (double v : c) {
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("a score is NaN");
            }
        }
        return c;
    }

    private static void requireNonEmpty(double[] normal, double[] anomalous) {
        if (normal.length == 0 || anomalous.length == 0) {
            throw new IllegalArgumentException("ROC needs at least one normal and one anomalous score (got "
                    + normal.length + " and " + anomalous.length + ")");
        }
    }
}
