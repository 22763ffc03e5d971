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
    /** {@code [B,S,K]} row-major, padding zeroed. */
    final double[] values;
    /** {@code [B,S,keyWidth]} row-major. */
    final double[] keys;
    final double[][] weights;
    final double[][] weightGrads;
    private double[] dValues;
    private double[] dKeys;
    private boolean finished;

    AttentionMemory(Attention owner, DataType dataType, int batch, int srcLen, int keyDim, int keyWidth, int[] lengths,
            INDArray enc2d, double[] values, double[] keys, double[][] weights) {
        this.owner = owner;
        this.dataType = dataType;
        this.batch = batch;
        this.srcLen = srcLen;
        this.keyDim = keyDim;
        this.keyWidth = keyWidth;
        this.lengths = lengths;
        this.enc2d = enc2d;
        this.values = values;
        this.keys = keys;
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

    double[] dValues() {
        if (dValues == null) {
            dValues = new double[values.length];
        }
        return dValues;
    }

    double[] dKeys() {
        if (dKeys == null) {
            dKeys = new double[batch * srcLen * keyWidth];
        }
        return dKeys;
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
     * hypotheses read one source). Values and projected keys are copied, not computed again: a beam search that
     * drops finished sources or expands to k rows per source used to prepare its whole memory afresh each time,
     * about a third of its decoding time. Steps work on it as on a prepared memory; backward is refused.
     */
    public AttentionMemory selectRows(int[] rows) {
        int n = rows.length;
        int valueRow = srcLen * keyDim;
        int keyRow = srcLen * keyWidth;
        double[] v = new double[n * valueRow];
        double[] k = new double[n * keyRow];
        int[] len = new int[n];
        for (int j = 0; j < n; j++) {
            int b = rows[j];
            if (b < 0 || b >= batch) {
                throw new IndexOutOfBoundsException("row " + b + " of a memory of " + batch + " rows");
            }
            System.arraycopy(values, b * valueRow, v, j * valueRow, valueRow);
            System.arraycopy(keys, b * keyRow, k, j * keyRow, keyRow);
            len[j] = lengths[b];
        }
        return new AttentionMemory(owner, dataType, n, srcLen, keyDim, keyWidth, len, null, v, k, weights);
    }

    void close() {
        finished = true;
    }
}
