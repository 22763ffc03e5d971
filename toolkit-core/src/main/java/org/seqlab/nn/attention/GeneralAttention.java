package org.seqlab.nn.attention;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.ParameterSet;
import org.seqlab.random.Rng;

/**
 * Luong "general" attention {@code score[b,j] = q[b]ᵀ W enc[b,j]} with {@code W [Q,K]}. The keys
 * {@code enc Wᵀ [B*S,Q]} are computed once per batch, so a step is a dot product per position, O(n·S·Q).
 */
public final class GeneralAttention extends Attention {
    private final Parameter w;
    private final ParameterSet parameters = new ParameterSet();

    /** Over an existing parameter named {@code W}, shape {@code [Q,K]}. */
    public GeneralAttention(Parameter w) {
        super(dim(w, 0), dim(w, 1));
        this.w = w;
        parameters.add(w);
    }

    /** A fresh {@code W}, uniform in ±1/√K. */
    public static GeneralAttention create(int queryDim, int keyDim, DataType type, Rng rng) {
        return new GeneralAttention(UniformInit.uniform("W", type, rng, keyDim, queryDim, keyDim));
    }

    private static int dim(Parameter p, int axis) {
        if (p == null || p.shape().length != 2) {
            throw new IllegalArgumentException("general attention: W must be [Q,K], got "
                    + (p == null ? "null" : Arrays.toString(p.shape())));
        }
        return Math.toIntExact(p.shape()[axis]);
    }

    @Override
    public String kind() {
        return "general attention";
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    @Override
    DataType parameterType() {
        return w.dataType();
    }

    @Override
    int keyWidth() {
        return queryDim;
    }

    @Override
    INDArray projectKeys(INDArray enc2d) {
        return timesTransposed(enc2d, w.value());
    }

    @Override
    double[][] snapshotWeights() {
        return new double[0][];
    }

    @Override
    double[] queryState(AttentionMemory m, INDArray query, double[] q, int n) {
        return q;
    }

    @Override
    void scores(AttentionMemory m, double[] q, int n, double[] scores) {
        bilinearScores(m, q, n, scores);
    }

    @Override
    double[] backwardScores(AttentionMemory m, double[] q, double[] state, int n, double[] dScores) {
        return bilinearBackward(m, q, n, dScores);
    }

    @Override
    INDArray finishKeys(AttentionMemory m, INDArray dKeys2d) {
        addTransposedTimes(w.grad(), dKeys2d, m.enc2d);
        return times(dKeys2d, w.value());
    }
}
