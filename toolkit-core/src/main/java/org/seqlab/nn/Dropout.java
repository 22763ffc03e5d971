package org.seqlab.nn;

import org.seqlab.random.Rng;
import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
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

    /**
     * The output and the mask applied (each entry 0 or 1/(1-p)): {@code mask} for float64 inputs, {@code floatMask}
     * for float32 ones; both null when nothing was dropped.
     */
    public record Result(INDArray output, double[] mask, float[] floatMask) {
        public Result(INDArray output, double[] mask) {
            this(output, mask, null);
        }
    }

    /** The float32 passes' per-thread scratch row. */
    private static final ThreadLocal<float[][]> FLOAT_VALUES = ThreadLocal.withInitial(() -> new float[1][0]);

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
        if (input.dataType() == DataType.FLOAT) {
            // float32 mask and passes: loops C2 vectorises (the float64 ones converted every value twice)
            float[] mask = new float[(int) input.length()];
            drawMask(rng, p, mask);
            return new Result(maskedFloats(input, mask), null, mask);
        }
        double[] mask = new double[(int) input.length()];
        drawMask(rng, p, mask);
        return new Result(masked(input, mask), mask);
    }

    /**
     * Draws into {@code mask[from .. from+count)} the mask that {@link #forward} draws for a float32 input of
     * {@code count} values (the same decisions from the same generator state): for passes that keep their masks in
     * buffers of their own.
     */
    public void drawMask(Rng rng, float[] mask, int from, int count) {
        if (from < 0 || count < 0 || from + count > mask.length) {
            throw new IllegalArgumentException(name + ": mask range " + from + "+" + count + " outside " + mask.length);
        }
        drawMask(rng, p, mask, from, count);
    }

    /** Returns the input gradient: the output gradient through the same mask. */
    public INDArray backward(Result forward, INDArray outputGrad) {
        if (forward.mask() == null && forward.floatMask() == null) {
            return outputGrad;
        }
        checkSameShape(name, forward.output(), outputGrad);
        return forward.floatMask() != null ? maskedFloats(outputGrad, forward.floatMask())
                : masked(outputGrad, forward.mask());
    }

    /**
     * Fills {@code mask} with 0 (probability p) or 1/(1-p). Each entry uses 21 random bits, three entries per 64-bit
     * draw: p is resolved to 2^-21, far finer than any dropout rate needs, at a third of the generator calls.
     */
    static void drawMask(Rng rng, double p, double[] mask) {
        float[] decisions = new float[mask.length];
        drawMask(rng, p, decisions);
        double keep = 1.0 / (1.0 - p);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = decisions[i] == 0f ? 0.0 : keep;
        }
    }

    /** {@link #drawMask(Rng, double, double[])} in float32 (the float64 mask is made from it: the same decisions). */
    static void drawMask(Rng rng, double p, float[] mask) {
        drawMask(rng, p, mask, 0, mask.length);
    }

    private static void drawMask(Rng rng, double p, float[] mask, int from, int count) {
        float keep = (float) (1.0 / (1.0 - p));
        long threshold = Math.round(p * (1 << 21));
        int i = from;
        int end = from + count;
        while (i < end) {
            long bits = rng.nextLong();
            for (int k = 0; k < 3 && i < end; k++, i++) {
                mask[i] = (bits & 0x1FFFFF) < threshold ? 0f : keep;
                bits >>>= 21;
            }
        }
    }

    /** {@code input ⊙ mask} for a float32 input, as a new float32 array. */
    static INDArray maskedFloats(INDArray input, float[] mask) {
        if (input.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("dropout: a float32 mask for a " + input.dataType() + " array");
        }
        int n = (int) input.length();
        float[][] holder = FLOAT_VALUES.get();
        if (holder[0].length < n) {
            holder[0] = new float[n + n / 2];
        }
        float[] values = holder[0];
        INDArray dense = org.seqlab.nn.kernel.Blas.isDensePrefix(input) ? input : input.dup('c');
        org.seqlab.nn.kernel.Blas.floats(dense).get(values, 0, n);
        for (int i = 0; i < n; i++) {
            values[i] *= mask[i];
        }
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, input.shape());
        org.seqlab.nn.kernel.Blas.floats(out).put(values, 0, n);
        return out;
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
