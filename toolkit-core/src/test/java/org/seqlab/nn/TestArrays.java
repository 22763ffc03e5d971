package org.seqlab.nn;

import org.seqlab.random.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small helpers for layer tests: seeded arrays and the scalar probe loss Σ output ⊙ R. */
final class TestArrays {
    private TestArrays() {
    }

    /** A [shape] array of N(0, 1) draws from a seeded Rng (the test data, not an expected value). */
    static INDArray gaussian(DataType type, long seed, long... shape) {
        Rng rng = new Rng(seed);
        INDArray a = Nd4j.create(type, shape);
        double[] v = new double[(int) a.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        NativeArrays.write(a, v);
        return a;
    }

    /** Σ a ⊙ b, computed in double. */
    static double dot(INDArray a, INDArray b) {
        double[] x = NativeArrays.read(a);
        double[] y = NativeArrays.read(b);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    static INDArray of(DataType type, double[] values, long... shape) {
        INDArray a = Nd4j.create(type, shape);
        NativeArrays.write(a, values);
        return a;
    }
}
