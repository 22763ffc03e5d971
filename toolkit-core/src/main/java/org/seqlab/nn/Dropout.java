package org.seqlab.nn;

import org.seqlab.random.Rng;
import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout: at train time each element is zeroed with probability p and the survivors are scaled by
 * 1/(1-p), so inference is the identity. The mask is drawn from the caller's {@link Rng} in C order, so a seed
 * fixes it.
 */
public final class Dropout {
    private final String name;
    private final double p;

    public Dropout(double p) {
        this("dropout", p);
    }

    public Dropout(String name, double p) {
        this.name = name;
        this.p = checkProbability(name, p);
    }

    static double checkProbability(String name, double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(name + ": dropout probability must be in [0, 1), got " + p);
        }
        return p;
    }

    /** The output and the mask applied (each entry 0 or 1/(1-p)); mask is null when nothing was dropped. */
    public record Result(INDArray output, double[] mask) {
    }

    /**
     * @param training false (inference) or p = 0 returns the input itself
     * @param rng draws the mask; required when training with p > 0
     */
    public Result forward(INDArray input, boolean training, Rng rng) {
        if (!training || p == 0) {
            return new Result(input, null);
        }
        if (rng == null) {
            throw new IllegalArgumentException(name + ": training needs an Rng to draw the mask");
        }
        double[] mask = new double[(int) input.length()];
        drawMask(rng, p, mask);
        return new Result(masked(input, mask), mask);
    }

    /** Returns the input gradient: the output gradient through the same mask. */
    public INDArray backward(Result forward, INDArray outputGrad) {
        if (forward.mask() == null) {
            return outputGrad;
        }
        checkSameShape(name, forward.output(), outputGrad);
        return masked(outputGrad, forward.mask());
    }

    /**
     * Fills {@code mask} with 0 (probability p) or 1/(1-p). Each entry uses 21 random bits, three entries per 64-bit
     * draw: p is resolved to 2^-21, far finer than any dropout rate needs, at a third of the generator calls.
     */
    static void drawMask(Rng rng, double p, double[] mask) {
        double keep = 1.0 / (1.0 - p);
        long threshold = Math.round(p * (1 << 21));
        int i = 0;
        while (i < mask.length) {
            long bits = rng.nextLong();
            for (int k = 0; k < 3 && i < mask.length; k++, i++) {
                mask[i] = (bits & 0x1FFFFF) < threshold ? 0.0 : keep;
                bits >>>= 21;
            }
        }
    }

    /** {@code input ⊙ mask} as a new array (the element-wise pass runs in a per-thread buffer). */
    static INDArray masked(INDArray input, double[] mask) {
        int n = (int) input.length();
        double[] values = Workspace.doubles("dropout.values", n);
        NativeArrays.read(input, values);
        for (int i = 0; i < n; i++) {
            values[i] *= mask[i];
        }
        INDArray out = Nd4j.createUninitialized(input.dataType(), input.shape());
        NativeArrays.write(out, values);
        return out;
    }

    static void checkSameShape(String name, INDArray output, INDArray outputGrad) {
        if (!Arrays.equals(output.shape(), outputGrad.shape())) {
            throw new IllegalArgumentException(String.format("%s: output gradient must be %s, got %s", name,
                    Arrays.toString(output.shape()), Arrays.toString(outputGrad.shape())));
        }
    }

    public double probability() {
        return p;
    }
}
