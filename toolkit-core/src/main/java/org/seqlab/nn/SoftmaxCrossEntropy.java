package org.seqlab.nn;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.nn.kernel.Blas;
import org.seqlab.nn.kernel.KernelThreads;

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

    /** Values per block of rows processed at once (256 KB of doubles: stays in cache). */
    private static final int BLOCK_VALUES = 32 * 1024;
    /**
     * Logits of at least this many values (about half a millisecond of work; a pair of threads costs some tens of
     * microseconds) are processed as two halves on two threads.
     */
    private static final long PARALLEL_VALUES = 1L << 16;

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
        return compute(logits, targets, mask, false, null, null);
    }

    /**
     * As {@link #compute(INDArray, int[], boolean[])}, but the gradient overwrites the logits (the result's
     * {@code logitsGrad} is {@code logits} itself), which must then be a dense C-ordered array or the leading rows of
     * one ({@link Blas#isDensePrefix}): a model whose logits over a vocabulary are its largest array spares allocating
     * and filling a second one of the same size.
     */
    public Result computeInPlace(INDArray logits, int[] targets, boolean[] mask) {
        if (!Blas.isDensePrefix(logits)) {
            throw new IllegalArgumentException("softmax cross-entropy in place: the logits must be a dense C-ordered "
                    + "array (or its leading rows), got a strided view or 'f' order");
        }
        return compute(logits, targets, mask, true, null, null);
    }

    /**
     * {@link #computeInPlace} of float32 logits that still lack a bias: {@code bias[c]} is added to column c of every
     * row as the row is read, and the gradient's column sums over the included rows (the bias's gradient) are added
     * into {@code biasGrad}. An output layer then runs its product without first filling every row with the bias
     * (a pass over the largest array of a translator's step) and needs no second pass over the gradient for its bias.
     * The biased logits are never stored: the gradient overwrites the logits, as in {@link #computeInPlace}.
     */
    public Result computeInPlace(INDArray logits, int[] targets, boolean[] mask, float[] bias, float[] biasGrad) {
        if (logits.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("softmax cross-entropy with a bias: float32 logits only, got "
                    + logits.dataType());
        }
        int classes = logits.rank() == 2 ? (int) logits.size(1) : -1;
        if (bias == null || biasGrad == null || bias.length != classes || biasGrad.length != classes) {
            throw new IllegalArgumentException("softmax cross-entropy with a bias: bias and its gradient need "
                    + classes + " values, got " + (bias == null ? "none" : bias.length) + " and "
                    + (biasGrad == null ? "none" : biasGrad.length));
        }
        if (!Blas.isDensePrefix(logits)) {
            throw new IllegalArgumentException("softmax cross-entropy in place: the logits must be a dense C-ordered "
                    + "array (or its leading rows), got a strided view or 'f' order");
        }
        return compute(logits, targets, mask, true, bias, biasGrad);
    }

    private Result compute(INDArray logits, int[] targets, boolean[] mask, boolean inPlace, float[] bias,
            float[] biasGrad) {
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
        INDArray grad = inPlace ? logits : Nd4j.createUninitialized(logits.dataType(), logits.shape());
        INDArray z = inPlace ? logits : NativeArrays.dense(logits);
        // float32 logits take the vectorised float32 path; float64 (gradient checks) the exact exponential.
        boolean fastExp = z.dataType() == DataType.FLOAT;
        double scale = reduction == Reduction.MEAN && count > 0 ? 1.0 / count : 1.0;
        double[] totals = new double[2];
        // each half's own column sums, added in order afterwards (bias gradients)
        float[][] sums = bias == null ? new float[2][] : new float[][] {new float[classes], new float[classes]};
        if ((long) n * classes >= PARALLEL_VALUES && n >= 2) {
            // each half of the rows on its own core
            int half = n / 2;
            KernelThreads.runBoth(
                    () -> totals[0] = rows(z, grad, targets, included, 0, half, fastExp, scale, bias, sums[0]),
                    () -> totals[1] = rows(z, grad, targets, included, half, n, fastExp, scale, bias, sums[1]));
        } else {
            totals[0] = rows(z, grad, targets, included, 0, n, fastExp, scale, bias, sums[0]);
        }
        if (bias != null) {
            for (int c = 0; c < classes; c++) {
                biasGrad[c] += sums[0][c] + sums[1][c];
            }
        }
        double total = totals[0] + totals[1];
        return new Result(total * scale, grad, count);
    }

    /**
     * Rows {@code [from, to)}: writes their gradient into {@code grad} and returns their unscaled loss sum. Blocks of
     * rows go through small buffers of this call: the logits are often the largest array of a model.
     */
    private double rows(INDArray z, INDArray grad, int[] targets, boolean[] included, int from, int to,
            boolean fastExp, double scale, float[] bias, float[] columnSums) {
        if (fastExp) {
            return floatRows(z, grad, targets, included, from, to, scale, bias, columnSums);
        }
        int classes = (int) z.size(1);
        double offTarget = labelSmoothing / classes;
        double onTarget = 1 - labelSmoothing + offTarget;
        double total = 0;
        int n = to - from;
        int blockRows = Math.max(1, Math.min(n, BLOCK_VALUES / Math.max(1, classes)));
        double[] buf = new double[blockRows * classes];
        for (int first = from; first < to; first += blockRows) {
            int rows = Math.min(blockRows, to - first);
            NativeArrays.readRange(z, (long) first * classes, rows * classes, buf, 0);
            for (int k = 0; k < rows; k++) {
                int i = first + k;
                int base = k * classes;
                if (!included[i]) {
                    java.util.Arrays.fill(buf, base, base + classes, 0.0);
                    continue;
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    max = Math.max(max, buf[base + c]);
                }
                if (!Double.isFinite(max)) {
                    throw new IllegalArgumentException("softmax cross-entropy: row " + i + " has NaN or infinite logits");
                }
                double sumExp = 0;
                double sumShifted = 0;
                double target = buf[base + targets[i]] - max;
                for (int c = 0; c < classes; c++) {
                    double s = buf[base + c] - max;
                    sumShifted += s;
                    double e = Math.exp(s);
                    buf[base + c] = e;
                    sumExp += e;
                }
                double logZ = Math.log(sumExp);
                // -Σ_c q_c log p_c with log p_c = s_c - logZ and q = (1-ε)·onehot + ε/C.
                total += (1 - labelSmoothing) * (logZ - target) + labelSmoothing * (logZ - sumShifted / classes);
                double inv = scale / sumExp;
                double off = offTarget * scale;
                for (int c = 0; c < classes; c++) {
                    buf[base + c] = buf[base + c] * inv - off;
                }
                buf[base + targets[i]] -= (onTarget - offTarget) * scale;
            }
            NativeArrays.writeRange(grad, (long) first * classes, rows * classes, buf, 0);
        }
        return total;
    }

    /**
     * {@link #rows} for float32 logits, in float32 arrays with the exponentials of {@link FastExp#expShifted} (loops C2
     * vectorises; the float64 loop with a scalar exponential was a tenth of a translator's training step). Blocks are
     * read before their gradient is written, so {@code grad} may be {@code z}.
     */
    /** The float32 rows of {@link #rows}; with {@code bias}, added to each row first, and the gradient's column sums. */
    private double floatRows(INDArray z, INDArray grad, int[] targets, boolean[] included, int from, int to,
            double scale, float[] bias, float[] columnSums) {
        int classes = (int) z.size(1);
        double offTarget = labelSmoothing / classes;
        double onTarget = 1 - labelSmoothing + offTarget;
        float off = (float) (offTarget * scale);
        float onMinusOff = (float) ((onTarget - offTarget) * scale);
        double total = 0;
        int n = to - from;
        // with a bias, one row at a time: each row then starts at index 0 of the buffer, and the loops that add the
        // bias and the column sums take one index for all their arrays, which C2 vectorises (with an offset it may not)
        int blockRows = bias != null ? 1 : Math.max(1, Math.min(n, BLOCK_VALUES / Math.max(1, classes)));
        float[] buf = new float[blockRows * classes];
        FloatPointer in = Blas.floats(z);
        FloatPointer out = Blas.floats(grad);
        for (int first = from; first < to; first += blockRows) {
            int rows = Math.min(blockRows, to - first);
            in.position((long) first * classes).get(buf, 0, rows * classes);
            for (int k = 0; k < rows; k++) {
                int i = first + k;
                int base = k * classes;
                int end = base + classes;
                if (!included[i]) {
                    Arrays.fill(buf, base, end, 0f);
                    continue;
                }
                if (bias != null) {
                    addInto(buf, bias, classes);
                }
                float max = FastExp.max(buf, base, end);
                if (!Float.isFinite(max)) {
                    throw new IllegalArgumentException("softmax cross-entropy: row " + i + " has NaN or infinite logits");
                }
                double target = (double) buf[base + targets[i]] - max;
                double sumShifted = FastExp.sum(buf, base, end) - (double) classes * max;
                FastExp.expShifted(buf, buf, base, end, max);
                double sumExp = FastExp.sum(buf, base, end);
                double logZ = Math.log(sumExp);
                // -Σ_c q_c log p_c with log p_c = s_c - logZ and q = (1-ε)·onehot + ε/C.
                total += (1 - labelSmoothing) * (logZ - target) + labelSmoothing * (logZ - sumShifted / classes);
                float inv = (float) (scale / sumExp);
                for (int c = base; c < end; c++) {
                    buf[c] = buf[c] * inv - off;
                }
                buf[base + targets[i]] -= onMinusOff;
                if (columnSums != null) {
                    addInto(columnSums, buf, classes);
                }
            }
            out.position((long) first * classes).put(buf, 0, rows * classes);
        }
        return total;
    }

    public double labelSmoothing() {
        return labelSmoothing;
    }

    public Reduction reduction() {
        return reduction;
    }

    /** {@code optX} settings; all optional. */
    /** {@code into[c] += values[c]} for c in [0, n). */
    private static void addInto(float[] into, float[] values, int n) {
        for (int c = 0; c < n; c++) {
            into[c] += values[c];
        }
    }

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
