package org.seqlab.train;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.kernel.Blas;

/** Gradient clipping over a list of parameters (usually an optimizer's {@link Optimizer#parameters()}). */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * The L2 norm of all gradients taken together, accumulated in double; NaN or infinite if any gradient is. For a
     * parameter that tracks its touched rows only those rows are read (the others are zero by contract).
     */
    public static double globalNorm(List<Parameter> params) {
        double[] sums = new double[4];
        float[] f = new float[Optimizer.CHUNK];
        double[] d = null;
        for (Parameter p : params) {
            int n = (int) p.size();
            int[] rows = p.touchedRows();
            if (rows == null && Blas.isDensePrefix(p.grad())) {
                // a whole dense gradient: one BLAS pass (most of the values of a model with a large word table)
                sums[0] += p.dataType() == DataType.FLOAT ? Blas.sumOfSquares(Blas.floats(p.grad()), 0, n)
                        : Blas.sumOfSquares(Blas.doubles(p.grad()), 0, n);
            } else if (rows == null) {
                d = addSquares(p, 0, n, sums, f, d);
            } else {
                int cols = (int) (n / p.shape()[0]);
                for (int r : rows) {
                    d = addSquares(p, r * cols, cols, sums, f, d);
                }
            }
        }
        return Math.sqrt((sums[0] + sums[1]) + (sums[2] + sums[3]));
    }

    /** Adds the squares of gradient elements [start, start+count) to four partial sums; returns the double scratch. */
    private static double[] addSquares(Parameter p, int start, int count, double[] sums, float[] f, double[] d) {
        // four partial sums break the add-to-one-register dependency chain (a strict-order sum cannot be vectorised)
        double s0 = sums[0];
        double s1 = sums[1];
        double s2 = sums[2];
        double s3 = sums[3];
        int end = start + count;
        if (p.dataType() == DataType.FLOAT) {
            FloatBuffer g = Optimizer.floats(p.grad());
            for (int from = start; from < end; from += f.length) {
                int len = Math.min(f.length, end - from);
                g.get(from, f, 0, len);
                int j = 0;
                for (; j + 3 < len; j += 4) {
                    s0 += (double) f[j] * f[j];
                    s1 += (double) f[j + 1] * f[j + 1];
                    s2 += (double) f[j + 2] * f[j + 2];
                    s3 += (double) f[j + 3] * f[j + 3];
                }
                for (; j < len; j++) {
                    s0 += (double) f[j] * f[j];
                }
            }
        } else {
            d = d != null ? d : new double[Optimizer.CHUNK];
            DoubleBuffer g = Optimizer.doubles(p.grad());
            for (int from = start; from < end; from += d.length) {
                int len = Math.min(d.length, end - from);
                g.get(from, d, 0, len);
                int j = 0;
                for (; j + 3 < len; j += 4) {
                    s0 += d[j] * d[j];
                    s1 += d[j + 1] * d[j + 1];
                    s2 += d[j + 2] * d[j + 2];
                    s3 += d[j + 3] * d[j + 3];
                }
                for (; j < len; j++) {
                    s0 += d[j] * d[j];
                }
            }
        }
        sums[0] = s0;
        sums[1] = s1;
        sums[2] = s2;
        sums[3] = s3;
        return d;
    }

    /**
     * Scales all gradients by {@code maxNorm / norm} when their global norm exceeds {@code maxNorm}, so the direction is
     * kept and the norm becomes {@code maxNorm}. Returns the norm before clipping (for logs and divergence checks); a
     * non-finite norm leaves the gradients untouched.
     */
    public static double clipByGlobalNorm(List<Parameter> params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maximum gradient norm must be positive: " + maxNorm);
        }
        double norm = globalNorm(params);
        if (norm > maxNorm && Double.isFinite(norm)) {
            double scale = maxNorm / norm;
            for (Parameter p : params) {
                p.grad().muli(scale);
            }
        }
        return norm;
    }

    /** Clamps every gradient element into {@code [-limit, limit]}. */
    public static void clipByValue(List<Parameter> params, double limit) {
        if (!(limit > 0)) {
            throw new IllegalArgumentException("gradient clipping value must be positive: " + limit);
        }
        for (Parameter p : params) {
            if (p.dataType() == DataType.FLOAT) {
                FloatBuffer g = Optimizer.floats(p.grad());
                float hi = (float) limit;
                for (int j = 0; j < p.size(); j++) {
                    float v = g.get(j);
                    if (v > hi) {
                        g.put(j, hi);
                    } else if (v < -hi) {
                        g.put(j, -hi);
                    }
                }
            } else {
                DoubleBuffer g = Optimizer.doubles(p.grad());
                for (int j = 0; j < p.size(); j++) {
                    double v = g.get(j);
                    if (v > limit) {
                        g.put(j, limit);
                    } else if (v < -limit) {
                        g.put(j, -limit);
                    }
                }
            }
        }
    }
}
