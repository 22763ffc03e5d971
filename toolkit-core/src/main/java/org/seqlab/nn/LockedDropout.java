package org.seqlab.nn;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.batch.SequenceLayout;

/**
 * Variational ("locked") dropout (Gal and Ghahramani 2016; Merity et al.'s LockedDropout): one inverted-dropout mask
 * per sequence and feature, shared by all of that sequence's time steps. Works on packed, time-major rows
 * [totalSteps, dim] (row {@code offset(t) + s} is step t of the sequence at sorted position s). Masks are drawn per
 * sequence in the caller's original order, so a sequence's mask does not depend on how the batch was sorted.
 */
public final class LockedDropout {
    private final String name;
    private final double p;

    public LockedDropout(double p) {
        this("locked dropout", p);
    }

    public LockedDropout(String name, double p) {
        this.name = name;
        this.p = Dropout.checkProbability(name, p);
    }

    /**
     * The output and the per-sequence mask [batch × dim] by original sequence index (entries 0 or 1/(1-p)), plus the
     * full per-row mask backward uses; masks are null when nothing was dropped.
     */
    public record Result(INDArray output, double[] sequenceMask, double[] rowMask) {
    }

    /**
     * @param packed [layout.totalSteps(), dim]
     * @param training false (inference) or p = 0 returns the input itself
     */
    public Result forward(INDArray packed, SequenceLayout layout, boolean training, Rng rng) {
        if (packed.rank() != 2 || packed.size(0) != layout.totalSteps()) {
            throw new IllegalArgumentException(String.format(
                    "%s: packed input must be [totalSteps = %d, dim] for lengths %s, got %s", name, layout.totalSteps(),
                    Arrays.toString(layout.lengths()), Arrays.toString(packed.shape())));
        }
        if (!training || p == 0) {
            return new Result(packed, null, null);
        }
        if (rng == null) {
            throw new IllegalArgumentException(name + ": training needs an Rng to draw the mask");
        }
        int dim = (int) packed.size(1);
        int batch = layout.batch();
        double keep = 1.0 / (1.0 - p);
        double[] seqMask = new double[batch * dim];
        for (int i = 0; i < seqMask.length; i++) {
            seqMask[i] = rng.nextDouble() < p ? 0.0 : keep;
        }
        double[] rowMask = new double[layout.totalSteps() * dim];
        for (int t = 0; t < layout.maxLength(); t++) {
            for (int s = 0; s < layout.batchSize(t); s++) {
                System.arraycopy(seqMask, layout.originalIndex(s) * dim, rowMask, (layout.offset(t) + s) * dim, dim);
            }
        }
        INDArray out = Dropout.masked(packed, NativeArrays.read(packed), rowMask);
        return new Result(out, seqMask, rowMask);
    }

    public INDArray backward(Result forward, INDArray outputGrad) {
        if (forward.rowMask() == null) {
            return outputGrad;
        }
        Dropout.checkSameShape(name, forward.output(), outputGrad);
        return Dropout.masked(outputGrad, NativeArrays.read(outputGrad), forward.rowMask());
    }

    public double probability() {
        return p;
    }
}
