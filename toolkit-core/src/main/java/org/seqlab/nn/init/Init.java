package org.seqlab.nn.init;

import java.util.Arrays;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.nn.NativeArrays;
import org.seqlab.random.Rng;

/**
 * Weight initialisers. Each fills an existing parameter array in place, drawing from the given {@link Rng} in C order,
 * so a seed fixes the result and a checkpointed Rng state reproduces it. Shapes follow PyTorch: a weight is
 * [out, in] (fan-out = rows, fan-in = columns).
 */
public final class Init {
    private Init() {
    }

    /** Uniform in [-a, a). */
    public static void uniform(INDArray w, double a, Rng rng) {
        if (!(a >= 0)) {
            throw new IllegalArgumentException("uniform bound must be >= 0, got " + a);
        }
        double[] v = new double[(int) w.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (2 * rng.nextDouble() - 1) * a;
        }
        NativeArrays.write(w, v);
    }

    /** Normal with mean 0 and standard deviation {@code sigma}. */
    public static void normal(INDArray w, double sigma, Rng rng) {
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("normal standard deviation must be >= 0, got " + sigma);
        }
        double[] v = new double[(int) w.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian() * sigma;
        }
        NativeArrays.write(w, v);
    }

    public static void zeros(INDArray w) {
        NativeArrays.write(w, new double[(int) w.length()]);
    }

    /** Sets every element to {@code value}. */
    public static void constant(INDArray w, double value) {
        double[] v = new double[(int) w.length()];
        Arrays.fill(v, value);
        NativeArrays.write(w, v);
    }

    /** Xavier/Glorot uniform: bound {@code gain·sqrt(6/(fanIn+fanOut))}, variance {@code gain²·2/(fanIn+fanOut)}. */
    public static void xavierUniform(INDArray w, double gain, Rng rng) {
        long[] f = fans(w);
        uniform(w, gain * Math.sqrt(6.0 / (f[0] + f[1])), rng);
    }

    public static void xavierUniform(INDArray w, Rng rng) {
        xavierUniform(w, 1.0, rng);
    }

    /** Xavier/Glorot normal: standard deviation {@code gain·sqrt(2/(fanIn+fanOut))}. */
    public static void xavierNormal(INDArray w, double gain, Rng rng) {
        long[] f = fans(w);
        normal(w, gain * Math.sqrt(2.0 / (f[0] + f[1])), rng);
    }

    public static void xavierNormal(INDArray w, Rng rng) {
        xavierNormal(w, 1.0, rng);
    }

    /**
     * {@code [fanIn, fanOut]} as PyTorch computes them: a 1-D [n] array has fanIn = fanOut = n; a 2-D [out, in] has
     * fanIn = in, fanOut = out; higher ranks (convolutions [out, in, k...]) multiply both by the receptive field.
     */
    static long[] fans(INDArray w) {
        long[] s = w.shape();
        if (s.length == 0) {
            throw new IllegalArgumentException("fan-in/fan-out need an array of rank >= 1");
        }
        if (s.length == 1) {
            return new long[] {s[0], s[0]};
        }
        long receptive = 1;
        for (int i = 2; i < s.length; i++) {
            receptive *= s[i];
        }
        return new long[] {s[1] * receptive, s[0] * receptive};
    }

    /**
     * Orthogonal: a Gaussian matrix orthonormalised (QR by modified Gram-Schmidt, signs fixed so R has a positive
     * diagonal, as PyTorch does), times {@code gain}. For [rows, cols] with rows >= cols the columns are orthonormal
     * (WᵀW = gain²·I); otherwise the rows are (WWᵀ = gain²·I). Higher ranks are flattened to [shape[0], rest].
     */
    public static void orthogonal(INDArray w, double gain, Rng rng) {
        if (w.rank() < 2) {
            throw new IllegalArgumentException("orthogonal init needs an array of rank >= 2, got rank " + w.rank());
        }
        int rows = (int) w.size(0);
        int cols = (int) (w.length() / rows);
        NativeArrays.write(w, orthogonalMatrix(rows, cols, gain, rng));
    }

    public static void orthogonal(INDArray w, Rng rng) {
        orthogonal(w, 1.0, rng);
    }

    /**
     * Orthogonal per gate block for recurrent weights [G·H, H]: each consecutive H×H block (one gate) is drawn
     * orthogonal separately, so every gate's recurrent map preserves norms.
     */
    public static void orthogonalBlocks(INDArray w, int blockRows, double gain, Rng rng) {
        if (w.rank() != 2 || blockRows < 1 || w.size(0) % blockRows != 0) {
            throw new IllegalArgumentException("orthogonal blocks: expected [G*" + blockRows + ", cols], got "
                    + Arrays.toString(w.shape()));
        }
        int rows = (int) w.size(0);
        int cols = (int) w.size(1);
        double[] all = new double[rows * cols];
        for (int b = 0; b < rows / blockRows; b++) {
            double[] block = orthogonalMatrix(blockRows, cols, gain, rng);
            System.arraycopy(block, 0, all, b * blockRows * cols, block.length);
        }
        NativeArrays.write(w, all);
    }

    /** A row-major [rows, cols] orthogonal matrix (orthonormal along the smaller dimension) times gain. */
    static double[] orthogonalMatrix(int rows, int cols, double gain, Rng rng) {
        // Orthonormalise the columns of a tall [m, n] Gaussian matrix (m >= n); transpose the result for wide shapes.
        boolean wide = rows < cols;
        int m = wide ? cols : rows;
        int n = wide ? rows : cols;
        double[][] q = new double[n][m]; // q[j] = column j
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                q[j][i] = rng.nextGaussian();
            }
        }
        for (int j = 0; j < n; j++) {
            double[] v = q[j];
            // Two passes of modified Gram-Schmidt ("twice is enough"): orthogonal to rounding even when columns
            // are nearly dependent.
            for (int pass = 0; pass < 2; pass++) {
                for (int p = 0; p < j; p++) {
                    double d = dot(q[p], v);
                    for (int i = 0; i < m; i++) {
                        v[i] -= d * q[p][i];
                    }
                }
            }
            double norm = Math.sqrt(dot(v, v));
            if (norm < 1e-12) {
                throw new IllegalStateException("orthogonal init: degenerate Gaussian draw");
            }
            // R's diagonal entry is the norm (positive), matching the sign convention of QR with diag(R) > 0.
            for (int i = 0; i < m; i++) {
                v[i] /= norm;
            }
        }
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = gain * (wide ? q[r][c] : q[c][r]);
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * LSTM forget-gate bias 1 (Jozefowicz et al. 2015): in a [4H] bias with PyTorch's gate order (input, forget, cell,
     * output), sets entries H..2H-1 to 1 and leaves the others unchanged.
     */
    public static void lstmForgetGateBias(INDArray bias, int hiddenSize) {
        if (bias.length() != 4L * hiddenSize) {
            throw new IllegalArgumentException("LSTM bias must have 4*" + hiddenSize + " = " + 4L * hiddenSize
                    + " entries, got " + Arrays.toString(bias.shape()));
        }
        double[] v = NativeArrays.read(bias);
        Arrays.fill(v, hiddenSize, 2 * hiddenSize, 1.0);
        NativeArrays.write(bias, v);
    }
}
