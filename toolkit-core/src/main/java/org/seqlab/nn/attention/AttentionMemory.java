package org.seqlab.nn.attention;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A batch's encoder memory as one attention layer prepared it: the values (padding zeroed), the projected keys, a
 * snapshot of the weights, and the gradient buffers that the steps' backward passes fill. Belongs to one thread.
 */
public final class AttentionMemory {
    final Attention owner;
    final DataType dataType;
    final int batch;
    final int srcLen;
    final int keyDim;
    final int keyWidth;
    final int[] lengths;
    /** {@code [B*S,K]} in the data type, for the memory-side GEMMs of the backward pass. */
    final INDArray enc2d;
    // The values [B,S,K] (padding zeroed) and keys [B,S,keyWidth], row-major, in double for the double loops and
    // in float for the float32 step path: a memory is made with one of the two and the other is copied on first
    // use (a float32 translator's training and decoding never make the double copies). Dot attention's keys are its
    // values.
    private final boolean keysAreValues;
    // a memory made by selectRows shares its base's values and keys: its row b is the base's row rowOf[b]
    private final AttentionMemory base;
    private final int[] rowOf;
    private double[] values;
    private double[] keys;
    private float[] floatValues;
    private float[] floatKeys;
    final double[][] weights;
    final double[][] weightGrads;
    private double[] dValues;
    private double[] dKeys;
    private float[] floatDValues;
    private float[] floatDKeys;
    private boolean finished;

    /** A memory over double values and keys ({@code keys == values} for attention whose keys are the memory). */
    AttentionMemory(Attention owner, DataType dataType, int batch, int srcLen, int keyDim, int keyWidth, int[] lengths,
            INDArray enc2d, double[] values, double[] keys, double[][] weights) {
        this(owner, dataType, batch, srcLen, keyDim, keyWidth, lengths, enc2d, keys == values, weights, null, null);
        this.values = values;
        this.keys = keys;
    }

    /** A memory over float values and keys ({@code keys == values} for attention whose keys are the memory). */
    AttentionMemory(Attention owner, int batch, int srcLen, int keyDim, int keyWidth, int[] lengths, INDArray enc2d,
            float[] values, float[] keys, double[][] weights) {
        this(owner, DataType.FLOAT, batch, srcLen, keyDim, keyWidth, lengths, enc2d, keys == values, weights, null,
                null);
        this.floatValues = values;
        this.floatKeys = keys;
    }

    private AttentionMemory(Attention owner, DataType dataType, int batch, int srcLen, int keyDim, int keyWidth,
            int[] lengths, INDArray enc2d, boolean keysAreValues, double[][] weights, AttentionMemory base,
            int[] rowOf) {
        this.base = base;
        this.rowOf = rowOf;
        this.owner = owner;
        this.dataType = dataType;
        this.batch = batch;
        this.srcLen = srcLen;
        this.keyDim = keyDim;
        this.keyWidth = keyWidth;
        this.lengths = lengths;
        this.enc2d = enc2d;
        this.keysAreValues = keysAreValues;
        this.weights = weights;
        this.weightGrads = new double[weights.length][];
        for (int i = 0; i < weights.length; i++) {
            weightGrads[i] = new double[weights[i].length];
        }
    }

    public int batchSize() {
        return batch;
    }

    public int sourceLength() {
        return srcLen;
    }

    /** Source length of row {@code b}. */
    public int length(int b) {
        return lengths[b];
    }

    public DataType dataType() {
        return dataType;
    }

    /** Row {@code b}'s row in {@link #values()} and {@link #keys()} (and their float copies). */
    int row(int b) {
        return rowOf == null ? b : rowOf[b];
    }

    double[] values() {
        if (base != null) {
            return base.values();
        }
        ensureDoubles();
        return values;
    }

    double[] keys() {
        if (base != null) {
            return base.keys();
        }
        ensureDoubles();
        return keys;
    }

    float[] floatValues() {
        if (base != null) {
            return base.floatValues();
        }
        ensureFloats();
        return floatValues;
    }

    float[] floatKeys() {
        if (base != null) {
            return base.floatKeys();
        }
        ensureFloats();
        return floatKeys;
    }

    // values and keys are made in pairs, so a memory always holds at least one complete pair
    private void ensureDoubles() {
        if (values == null) {
            values = toDoubles(floatValues);
            keys = keysAreValues ? values : toDoubles(floatKeys);
        }
    }

    private void ensureFloats() {
        if (floatValues == null) {
            floatValues = toFloats(values);
            floatKeys = keysAreValues ? floatValues : toFloats(keys);
        }
    }

    double[] dValues() {
        if (dValues == null) {
            dValues = new double[batch * srcLen * keyDim];
        }
        return dValues;
    }

    double[] dKeys() {
        if (dKeys == null) {
            dKeys = new double[batch * srcLen * keyWidth];
        }
        return dKeys;
    }

    float[] floatDValues() {
        if (floatDValues == null) {
            floatDValues = new float[batch * srcLen * keyDim];
        }
        return floatDValues;
    }

    float[] floatDKeys() {
        if (floatDKeys == null) {
            floatDKeys = new float[batch * srcLen * keyWidth];
        }
        return floatDKeys;
    }

    /** Whether only float32 steps went back through this memory (no double gradient buffer exists). */
    boolean hasOnlyFloatGradients() {
        return dValues == null && dKeys == null;
    }

    float[] floatDValuesOrNull() {
        return floatDValues;
    }

    float[] floatDKeysOrNull() {
        return floatDKeys;
    }

    /** Adds what the float32 steps accumulated into the double gradient buffers. */
    void foldFloatGradients() {
        if (floatDValues != null) {
            double[] d = dValues();
            for (int i = 0; i < d.length; i++) {
                d[i] += floatDValues[i];
            }
            floatDValues = null;
        }
        if (floatDKeys != null) {
            double[] d = dKeys();
            for (int i = 0; i < d.length; i++) {
                d[i] += floatDKeys[i];
            }
            floatDKeys = null;
        }
    }

    private static double[] toDoubles(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private static float[] toFloats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    void checkOpen(String kind) {
        if (finished) {
            throw new IllegalStateException(kind + ": finishBackward was already called for this memory");
        }
        if (enc2d == null) {
            throw new IllegalStateException(kind + ": a memory made by selectRows is for inference; it has no backward");
        }
    }

    /**
     * An inference memory whose row {@code j} is this memory's row {@code rows[j]} (rows may repeat: a beam's
     * hypotheses read one source). It shares this memory's values and projected keys, rows mapped, without copying
     * them: a beam search that drops finished sources or expands to k rows per source used to prepare its whole memory
     * afresh each time (a third of its decoding time), and then to copy the selected rows (tens of megabytes a step at
     * beam 5, and the garbage collections that followed). Steps work on it as on a prepared memory; backward is
     * refused.
     */
    public AttentionMemory selectRows(int[] rows) {
        int n = rows.length;
        int[] len = new int[n];
        int[] of = new int[n];
        for (int j = 0; j < n; j++) {
            int b = rows[j];
            if (b < 0 || b >= batch) {
                throw new IndexOutOfBoundsException("row " + b + " of a memory of " + batch + " rows");
            }
            len[j] = lengths[b];
            of[j] = row(b);
        }
        return new AttentionMemory(owner, dataType, n, srcLen, keyDim, keyWidth, len, null, keysAreValues, weights,
                base != null ? base : this, of);
    }

    void close() {
        finished = true;
    }
}
