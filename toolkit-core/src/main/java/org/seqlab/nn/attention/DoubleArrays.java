package org.seqlab.nn.attention;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.nn.NativeArrays;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.kernel.Blas;

/** Copies between ND4J arrays and the row-major {@code double[]} and {@code float[]} that the attention loops work on. */
final class DoubleArrays {
    private DoubleArrays() {
    }

    /** Row-major copy of any array (views included), widened to double. */
    static double[] toDoubles(INDArray a) {
        INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
        double[] out = c.data().asDouble();
        if (out.length != c.length()) {
            // a buffer larger than the array (should not happen after dup, but never read past the array)
            out = java.util.Arrays.copyOf(out, Math.toIntExact(c.length()));
        }
        return out;
    }

    /**
     * Row-major copy of any array (views included), as float. A dense float32 array is copied in one native call:
     * ND4J's {@code asFloat} reads value by value, and a translator's batch passes a few of its attention memories
     * (about 650,000 values each) through here.
     */
    static float[] toFloats(INDArray a) {
        if (a.dataType() == DataType.FLOAT && Blas.isDensePrefix(a)) {
            float[] out = new float[Math.toIntExact(a.length())];
            Blas.floats(a).get(out, 0, out.length);
            return out;
        }
        INDArray c = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
        float[] out = c.data().asFloat();
        if (out.length != c.length()) {
            out = java.util.Arrays.copyOf(out, Math.toIntExact(c.length()));
        }
        return out;
    }

    /**
     * A new C-ordered float32 array holding {@code values}, filled in one native call ({@code Nd4j.create(float[])}
     * puts value by value).
     */
    static INDArray fromFloats(float[] values, long... shape) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape);
        if (out.length() != values.length) {
            throw new IllegalArgumentException("fromFloats: " + values.length + " values for shape "
                    + java.util.Arrays.toString(shape));
        }
        NativeArrays.write(out, values);
        return out;
    }

    /** A new C-ordered array of the given type holding {@code values}. */
    static INDArray fromDoubles(double[] values, DataType type, long... shape) {
        if (type == DataType.DOUBLE) {
            return Nd4j.create(values, shape, 'c');
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return fromFloats(f, shape);
    }

    /** {@code p.grad() += delta} (row-major, same length). */
    static void addInto(Parameter p, double[] delta) {
        p.grad().addi(fromDoubles(delta, p.dataType(), p.shape()));
    }
}
