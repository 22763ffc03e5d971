package org.seqlab.nn.attention;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of one attention step over the first {@link #rows()} rows of a memory: context, weights and raw scores,
 * plus what the backward pass needs (the query and its per-step projection; the additive {@code tanh} values are
 * recomputed in backward rather than stored, which keeps a step's cache at O(n·(S + width)) instead of O(n·S·A)).
 */
public final class AttentionStep {
    private final AttentionMemory memory;
    private final int rows;
    private final double[] query;
    private final double[] state;
    private final double[] scores;
    private final double[] weights;
    private final double[] context;
    // a float32 step ({@link Attention#inferStepFloat}) holds these instead of the double arrays (no raw scores)
    private final float[] floatQuery;
    private final float[] floatWeights;
    private final float[] floatContext;

    AttentionStep(AttentionMemory memory, int rows, double[] query, double[] state, double[] scores, double[] weights,
            double[] context) {
        this.memory = memory;
        this.rows = rows;
        this.query = query;
        this.state = state;
        this.scores = scores;
        this.weights = weights;
        this.context = context;
        this.floatQuery = null;
        this.floatWeights = null;
        this.floatContext = null;
    }

    AttentionStep(AttentionMemory memory, int rows, float[] query, float[] weights, float[] context) {
        this.memory = memory;
        this.rows = rows;
        this.query = null;
        this.state = null;
        this.scores = null;
        this.weights = null;
        this.context = null;
        this.floatQuery = query;
        this.floatWeights = weights;
        this.floatContext = context;
    }

    /** Whether this step came from the float32 path ({@link Attention#inferStepFloat}). */
    public boolean isFloat() {
        return floatWeights != null;
    }

    public AttentionMemory memory() {
        return memory;
    }

    public int rows() {
        return rows;
    }

    /** {@code [rows, K]} in the memory's data type. */
    public INDArray context() {
        if (isFloat()) {
            return org.nd4j.linalg.factory.Nd4j.create(floatContext.clone(), new long[] {rows, memory.keyDim}, 'c');
        }
        return DoubleArrays.fromDoubles(context, memory.dataType, rows, memory.keyDim);
    }

    /** Context value {@code [b, k]} (what {@link #context()} holds, without building an array). */
    public double contextValue(int b, int k) {
        return isFloat() ? floatContext[b * memory.keyDim + k] : context[b * memory.keyDim + k];
    }

    /** Copies row {@code b} of the context ({@code keyDim} values) to {@code out} from {@code offset}, as float. */
    public void copyContextRow(int b, float[] out, int offset) {
        if (isFloat()) {
            System.arraycopy(floatContext, b * memory.keyDim, out, offset, memory.keyDim);
            return;
        }
        for (int k = 0; k < memory.keyDim; k++) {
            out[offset + k] = (float) context[b * memory.keyDim + k];
        }
    }

    /** {@code [rows, S]} attention weights; exactly 0.0 at padded positions; each row sums to 1. */
    public INDArray weights() {
        if (isFloat()) {
            return org.nd4j.linalg.factory.Nd4j.create(floatWeights.clone(), new long[] {rows, memory.srcLen}, 'c');
        }
        return DoubleArrays.fromDoubles(weights, memory.dataType, rows, memory.srcLen);
    }

    /** Weight of source position {@code j} for row {@code b}. */
    public double weight(int b, int j) {
        checkCell(b, j);
        return isFloat() ? floatWeights[b * memory.srcLen + j] : weights[b * memory.srcLen + j];
    }

    /** Raw score at a valid position {@code j < length(b)} (scores at padding are never computed). */
    public double score(int b, int j) {
        checkCell(b, j);
        if (isFloat()) {
            throw new IllegalStateException("a float32 step keeps no raw scores");
        }
        if (j >= memory.lengths[b]) {
            throw new IllegalArgumentException("position " + j + " of row " + b + " is padding (length "
                    + memory.lengths[b] + ")");
        }
        return scores[b * memory.srcLen + j];
    }

    /** Row {@code b}'s weights over its valid positions, for heatmaps. */
    public float[] weightRow(int b) {
        checkCell(b, 0);
        if (isFloat()) {
            return java.util.Arrays.copyOfRange(floatWeights, b * memory.srcLen, b * memory.srcLen + memory.lengths[b]);
        }
        float[] out = new float[memory.lengths[b]];
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) weights[b * memory.srcLen + j];
        }
        return out;
    }

    private void checkCell(int b, int j) {
        if (b < 0 || b >= rows || j < 0 || j >= memory.srcLen) {
            throw new IndexOutOfBoundsException("cell (" + b + ", " + j + ") outside [" + rows + ", " + memory.srcLen + "]");
        }
    }

    double[] queryArray() {
        return query;
    }

    double[] state() {
        return state;
    }

    double[] weightsArray() {
        return weights;
    }

    float[] floatQuery() {
        return floatQuery;
    }

    float[] floatWeights() {
        return floatWeights;
    }
}
