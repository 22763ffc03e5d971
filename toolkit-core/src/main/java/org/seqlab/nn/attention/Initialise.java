package org.seqlab.nn.attention;

import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.Rng;

/** Parameter filling and gradient flushing shared by the attention layers (kept small; see the train package). */
final class Initialise {
    private Initialise() {
    }

    /** A parameter of the given shape, uniform in ±1/√fanIn. */
    static Parameter uniform(String name, DataType type, Rng rng, int fanIn, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double bound = 1.0 / Math.sqrt(fanIn);
        double[] values = new double[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (2 * rng.nextDouble() - 1) * bound;
        }
        return new Parameter(name, DoubleArrays.fromDoubles(values, type, shape));
    }

    /** {@code p.grad() += delta} (row-major, same length). */
    static void addInto(Parameter p, double[] delta) {
        p.grad().addi(DoubleArrays.fromDoubles(delta, p.dataType(), p.shape()));
    }
}
