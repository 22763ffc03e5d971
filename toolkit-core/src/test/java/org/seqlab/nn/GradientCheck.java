package org.seqlab.nn;

import java.util.List;
import java.util.function.DoubleSupplier;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Central finite-difference gradient checks in float64, for tests. Each entry of each checked array is perturbed by
 * ±eps, the loss recomputed, and the numeric slope compared with the analytic gradient as
 * {@code |analytic - numeric| / max(1, |analytic|, |numeric|)} (relative for large gradients, absolute for small ones,
 * as the fixtures' own check does).
 */
public final class GradientCheck {
    private GradientCheck() {
    }

    /** A value array (perturbed in place) and the analytic gradient computed for it. */
    public record Checked(String name, INDArray value, INDArray analyticGrad) {
    }

    /** The worst error over all entries, with where it happened. */
    public record Result(double maxError, String where, double analytic, double numeric, long entries) {
        @Override
        public String toString() {
            return String.format("max error %.3g at %s (analytic %.9g, numeric %.9g; %d entries checked)", maxError, where,
                    analytic, numeric, entries);
        }
    }

    /**
     * @param loss recomputes the scalar loss from the current values (forward only)
     * @param checked arrays to perturb, each with its analytic gradient (all float64)
     */
    public static Result check(DoubleSupplier loss, List<Checked> checked, double eps) {
        double worst = -1;
        String where = "";
        double worstA = 0;
        double worstN = 0;
        long entries = 0;
        for (Checked c : checked) {
            if (c.value().dataType() != DataType.DOUBLE) {
                throw new IllegalArgumentException(c.name() + ": gradient checks need float64 arrays");
            }
            INDArray flat = c.value().reshape(c.value().length());
            INDArray grad = c.analyticGrad().reshape(c.analyticGrad().length());
            for (long i = 0; i < flat.length(); i++) {
                double orig = flat.getDouble(i);
                flat.putScalar(i, orig + eps);
                double plus = loss.getAsDouble();
                flat.putScalar(i, orig - eps);
                double minus = loss.getAsDouble();
                flat.putScalar(i, orig);
                double numeric = (plus - minus) / (2 * eps);
                double analytic = grad.getDouble(i);
                double err = Math.abs(analytic - numeric) / Math.max(1.0, Math.max(Math.abs(analytic), Math.abs(numeric)));
                entries++;
                if (err > worst) {
                    worst = err;
                    where = c.name() + "[" + i + "]";
                    worstA = analytic;
                    worstN = numeric;
                }
            }
        }
        return new Result(worst, where, worstA, worstN, entries);
    }

    /** {@link #check} with eps = 1e-6. */
    public static Result check(DoubleSupplier loss, List<Checked> checked) {
        return check(loss, checked, 1e-6);
    }
}
