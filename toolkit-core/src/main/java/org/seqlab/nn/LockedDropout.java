package org.seqlab.nn;

import org.seqlab.random.Rng;
import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
     * The output, the per-sequence mask [batch × dim] by original sequence index (entries 0 or 1/(1-p); null when
     * nothing was dropped) and the layout it was applied with.
     */
    public record Result(INDArray output, double[] sequenceMask, SequenceLayout layout) {
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
            return new Result(packed, null, layout);
        }
        if (rng == null) {
            throw new IllegalArgumentException(name + ": training needs an Rng to draw the mask");
        }
        int dim = (int) packed.size(1);
        double[] seqMask = new double[layout.batch() * dim];
        Dropout.drawMask(rng, p, seqMask);
        return new Result(apply(packed, layout, seqMask, dim), seqMask, layout);
    }

    public INDArray backward(Result forward, INDArray outputGrad) {
        if (forward.sequenceMask() == null) {
            return outputGrad;
        }
        Dropout.checkSameShape(name, forward.output(), outputGrad);
        return apply(outputGrad, forward.layout(), forward.sequenceMask(), (int) outputGrad.size(1));
    }

    /** Row offset(t)+s times the mask of the sequence at sorted position s, as a new array. */
    private static INDArray apply(INDArray packed, SequenceLayout layout, double[] seqMask, int dim) {
        double[] v = Workspace.doubles("dropout.values", (int) packed.length());
        NativeArrays.read(packed, v);
        for (int t = 0; t < layout.maxLength(); t++) {
            for (int s = 0; s < layout.batchSize(t); s++) {
                int row = (layout.offset(t) + s) * dim;
                int m = layout.originalIndex(s) * dim;
                for (int k = 0; k < dim; k++) {
                    v[row + k] *= seqMask[m + k];
                }
            }
        }
        INDArray out = Nd4j.createUninitialized(packed.dataType(), packed.shape());
        NativeArrays.write(out, v);
        return out;
    }

    public double probability() {
        return p;
    }
}
