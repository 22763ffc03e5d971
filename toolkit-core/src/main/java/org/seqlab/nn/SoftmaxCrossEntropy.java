package org.seqlab.nn;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Softmax cross-entropy over logits [N, classes] with integer targets, as PyTorch's {@code cross_entropy}: rows can be
 * excluded by a mask or an ignore index; label smoothing ε uses the uniform-over-classes target
 * {@code q = (1-ε)·onehot(y) + ε/C} (Szegedy et al. 2016, PyTorch's {@code label_smoothing}); the reduction is the sum
 * or the mean over the included rows. Returns the loss and its gradient w.r.t. the logits, {@code (p - q)} per
 * included row (divided by the row count for the mean). Log-softmax is computed with the max subtracted
 * (log-sum-exp), so large logits neither overflow nor lose the small probabilities.
 */
public final class SoftmaxCrossEntropy {
    public enum Reduction { MEAN, SUM }

    private final double labelSmoothing;
    private final Reduction reduction;
    private final int ignoreIndex;

    private SoftmaxCrossEntropy(Builder b) {
        this.labelSmoothing = b.labelSmoothing;
        this.reduction = b.reduction;
        this.ignoreIndex = b.ignoreIndex;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param loss the reduced loss
     * @param logitsGrad d loss / d logits, [N, classes], same data type as the logits; zero on excluded rows
     * @param count the number of rows included
     */
    public record Result(double loss, INDArray logitsGrad, int count) {
    }

    public Result compute(INDArray logits, int[] targets) {
        return compute(logits, targets, null);
    }

    /**
     * @param mask optional: rows with {@code mask[i] == false} are excluded (as are rows whose target is the ignore
     *     index). With no row included the loss and the gradient are 0.
     */
    public Result compute(INDArray logits, int[] targets, boolean[] mask) {
        if (logits.rank() != 2 || logits.size(0) != targets.length) {
            throw new IllegalArgumentException(String.format(
                    "softmax cross-entropy: logits must be [N = %d targets, classes], got %s", targets.length,
                    Arrays.toString(logits.shape())));
        }
        if (mask != null && mask.length != targets.length) {
            throw new IllegalArgumentException("softmax cross-entropy: mask has " + mask.length + " entries for "
                    + targets.length + " targets");
        }
        int n = targets.length;
        int classes = (int) logits.size(1);
        boolean[] included = new boolean[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            if ((mask == null || mask[i]) && targets[i] != ignoreIndex) {
                if (targets[i] < 0 || targets[i] >= classes) {
                    throw new IllegalArgumentException(String.format(
                            "softmax cross-entropy: target %d of row %d is outside the %d classes", targets[i], i,
                            classes));
                }
                included[i] = true;
                count++;
            }
        }
        double[] z = NativeArrays.read(logits);
        double[] grad = new double[z.length];
        double scale = reduction == Reduction.MEAN && count > 0 ? 1.0 / count : 1.0;
        double offTarget = labelSmoothing / classes;
        double onTarget = 1 - labelSmoothing + offTarget;
        double total = 0;
        for (int i = 0; i < n; i++) {
            if (!included[i]) {
                continue;
            }
            int base = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, z[base + c]);
            }
            if (!Double.isFinite(max)) {
                throw new IllegalArgumentException("softmax cross-entropy: row " + i + " has NaN or infinite logits");
            }
            double sumExp = 0;
            double sumShifted = 0;
            for (int c = 0; c < classes; c++) {
                double s = z[base + c] - max;
                sumShifted += s;
                double e = Math.exp(s);
                grad[base + c] = e;
                sumExp += e;
            }
            double logZ = Math.log(sumExp);
            // -Σ_c q_c log p_c with log p_c = s_c - logZ and q = (1-ε)·onehot + ε/C.
            double nllTarget = logZ - (z[base + targets[i]] - max);
            double meanNll = logZ - sumShifted / classes;
            total += (1 - labelSmoothing) * nllTarget + labelSmoothing * meanNll;
            double inv = 1.0 / sumExp;
            for (int c = 0; c < classes; c++) {
                double q = c == targets[i] ? onTarget : offTarget;
                grad[base + c] = (grad[base + c] * inv - q) * scale;
            }
        }
        INDArray g = Nd4j.createUninitialized(logits.dataType(), logits.shape());
        NativeArrays.write(g, grad);
        return new Result(total * scale, g, count);
    }

    public double labelSmoothing() {
        return labelSmoothing;
    }

    public Reduction reduction() {
        return reduction;
    }

    /** {@code optX} settings; all optional. */
    public static final class Builder {
        private double labelSmoothing = 0;
        private Reduction reduction = Reduction.MEAN;
        private int ignoreIndex = -100;

        /** ε in [0, 1]; default 0. */
        public Builder optLabelSmoothing(double epsilon) {
            this.labelSmoothing = epsilon;
            return this;
        }

        /** MEAN over included rows (default) or SUM. */
        public Builder optReduction(Reduction reduction) {
            this.reduction = reduction;
            return this;
        }

        /** Rows with this target are excluded; default -100, as PyTorch. */
        public Builder optIgnoreIndex(int ignoreIndex) {
            this.ignoreIndex = ignoreIndex;
            return this;
        }

        public SoftmaxCrossEntropy build() {
            if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
                throw new IllegalArgumentException(
                        "softmax cross-entropy: label smoothing must be in [0, 1], got " + labelSmoothing);
            }
            if (reduction == null) {
                throw new IllegalArgumentException("softmax cross-entropy: reduction must not be null");
            }
            return new SoftmaxCrossEntropy(this);
        }
    }
}
