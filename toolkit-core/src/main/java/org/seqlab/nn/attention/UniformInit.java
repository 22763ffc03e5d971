package org.seqlab.nn.attention;

import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.nn.Parameter;
import org.seqlab.random.Rng;

/**
 * Fresh attention parameters, uniform in ±1/√fan_in like {@code torch.nn.Linear} (drawn from the project's {@link Rng} so
 * that runs are reproducible; the train package's initialisers can refill them).
 */
final class UniformInit {
    private UniformInit() {
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
}
