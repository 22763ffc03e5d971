package org.seqlab.nn.attention;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.nn.ParameterSet;

/**
 * Luong "dot" attention {@code score[b,j] = q[b] · enc[b,j]}, unscaled (no 1/√d); the query width equals the key
 * width. No parameters: the data type follows the memory.
 */
public final class DotAttention extends Attention {
    private final ParameterSet parameters = new ParameterSet();

    public DotAttention(int keyDim) {
        super(keyDim, keyDim);
    }

    @Override
    public String kind() {
        return "dot attention";
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    @Override
    DataType parameterType() {
        return null;
    }

    @Override
    int keyWidth() {
        return keyDim;
    }

    @Override
    INDArray projectKeys(INDArray enc2d) {
        return null;
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
        return dKeys2d; // the keys are the memory itself
    }
}
