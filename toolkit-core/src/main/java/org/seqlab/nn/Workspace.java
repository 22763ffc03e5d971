package org.seqlab.nn;

import java.util.HashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-thread scratch buffers that live only within one forward or backward call, so layers neither keep buffers in
 * their fields (they are shared between threads) nor allocate fresh native memory each batch (a new multi-MB ND4J
 * array costs about 1 ms in page faults). Buffers grow on demand and are never shrunk; a slot name is owned by one
 * layer method, which must not hold the buffer past its return.
 */
final class Workspace {
    private static final ThreadLocal<Map<String, INDArray>> ARRAYS = ThreadLocal.withInitial(HashMap::new);
    private static final ThreadLocal<Map<DataType, INDArray>> ONES = ThreadLocal.withInitial(HashMap::new);
    private static final ThreadLocal<Map<String, double[]>> DOUBLES = ThreadLocal.withInitial(HashMap::new);

    private Workspace() {
    }

    /** A dense 1-D ND4J array of at least {@code minLength} elements (contents undefined). */
    static INDArray array(String slot, DataType type, long minLength) {
        Map<String, INDArray> arrays = ARRAYS.get();
        String key = slot + "/" + type;
        INDArray a = arrays.get(key);
        if (a == null || a.length() < minLength) {
            a = Nd4j.createUninitialized(type, Math.max(minLength, a == null ? 0 : a.length() * 3 / 2));
            arrays.put(key, a);
        }
        return a;
    }

    /** A dense 1-D array of at least {@code minLength} ones; callers only read it. */
    static INDArray ones(DataType type, long minLength) {
        Map<DataType, INDArray> ones = ONES.get();
        INDArray a = ones.get(type);
        if (a == null || a.length() < minLength) {
            a = Nd4j.ones(type, Math.max(minLength, a == null ? 0 : a.length() * 3 / 2));
            ones.put(type, a);
        }
        return a;
    }

    /** A double[] of at least {@code minLength} entries (contents undefined). */
    static double[] doubles(String slot, int minLength) {
        Map<String, double[]> doubles = DOUBLES.get();
        double[] d = doubles.get(slot);
        if (d == null || d.length < minLength) {
            d = new double[Math.max(minLength, d == null ? 0 : d.length * 3 / 2)];
            doubles.put(slot, d);
        }
        return d;
    }

    /** A double[] of at least {@code minLength} entries whose first {@code minLength} are zero. */
    static double[] zeroedDoubles(String slot, int minLength) {
        Map<String, double[]> doubles = DOUBLES.get();
        double[] d = doubles.get(slot);
        if (d == null || d.length < minLength) {
            d = new double[Math.max(minLength, d == null ? 0 : d.length * 3 / 2)];
            doubles.put(slot, d);
        } else {
            java.util.Arrays.fill(d, 0, minLength, 0.0);
        }
        return d;
    }
}
