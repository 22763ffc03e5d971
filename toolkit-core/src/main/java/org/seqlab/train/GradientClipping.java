package org.seqlab.train;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.nn.Parameter;

/** Gradient clipping over a list of parameters (usually an optimizer's {@link Optimizer#parameters()}). */
public final class GradientClipping {
    private GradientClipping() {
    }

    /** The L2 norm of all gradients taken together, accumulated in double; NaN or infinite if any gradient is. */
    public static double globalNorm(List<Parameter> params) {
        double sum = 0;
        for (Parameter p : params) {
            if (p.dataType() == DataType.FLOAT) {
                FloatBuffer g = Optimizer.floats(p.grad());
                float[] chunk = new float[(int) Math.min(p.size(), 1 << 14)];
                for (int from = 0; from < p.size(); from += chunk.length) {
                    int len = (int) Math.min(chunk.length, p.size() - from);
                    g.get(from, chunk, 0, len);
                    for (int j = 0; j < len; j++) {
                        sum += (double) chunk[j] * chunk[j];
                    }
                }
            } else {
                DoubleBuffer g = Optimizer.doubles(p.grad());
                double[] chunk = new double[(int) Math.min(p.size(), 1 << 14)];
                for (int from = 0; from < p.size(); from += chunk.length) {
                    int len = (int) Math.min(chunk.length, p.size() - from);
                    g.get(from, chunk, 0, len);
                    for (int j = 0; j < len; j++) {
                        sum += chunk[j] * chunk[j];
                    }
                }
            }
        }
        return Math.sqrt(sum);
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
