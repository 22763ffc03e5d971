package org.seqlab.nn.attention;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.ParameterSet;
import org.seqlab.nn.Rng;

/**
 * Bahdanau attention {@code score[b,j] = v · tanh(W_q q[b] + W_k enc[b,j])}, no biases. Parameters (PyTorch layout,
 * applied as {@code W @ x}): {@code W_q [A,Q]}, {@code W_k [A,K]}, {@code v [A]}. {@code W_k enc} is computed once per
 * batch at prepare; a step costs O(n·S·A) plus {@code W_q q} (O(n·A·Q)).
 */
public final class AdditiveAttention extends Attention {
    private final int attnDim;
    private final Parameter wq;
    private final Parameter wk;
    private final Parameter v;
    private final ParameterSet parameters = new ParameterSet();

    /** Over existing parameters named {@code W_q}, {@code W_k}, {@code v}. */
    public AdditiveAttention(Parameter wq, Parameter wk, Parameter v) {
        super(dim(wq, 1), dim(wk, 1));
        this.attnDim = dim(v, 0);
        if (wq.shape().length != 2 || wk.shape().length != 2 || v.shape().length != 1 || wq.shape()[0] != attnDim
                || wk.shape()[0] != attnDim) {
            throw new IllegalArgumentException(kind() + ": W_q " + Arrays.toString(wq.shape()) + ", W_k "
                    + Arrays.toString(wk.shape()) + " and v " + Arrays.toString(v.shape())
                    + " must be [A,Q], [A,K] and [A] with the same attention dim A");
        }
        if (wq.dataType() != v.dataType() || wk.dataType() != v.dataType()) {
            throw new IllegalArgumentException(kind() + ": parameters must share one data type");
        }
        this.wq = wq;
        this.wk = wk;
        this.v = v;
        parameters.add(wq);
        parameters.add(wk);
        parameters.add(v);
    }

    /** Fresh parameters, uniform in ±1/√fan_in like {@code torch.nn.Linear}. */
    public static AdditiveAttention create(int queryDim, int keyDim, int attnDim, DataType type, Rng rng) {
        return new AdditiveAttention(Initialise.uniform("W_q", type, rng, queryDim, attnDim, queryDim),
                Initialise.uniform("W_k", type, rng, keyDim, attnDim, keyDim),
                Initialise.uniform("v", type, rng, attnDim, attnDim));
    }

    private static int dim(Parameter p, int axis) {
        if (p == null || p.shape().length <= axis) {
            throw new IllegalArgumentException("additive attention: parameter " + p + " lacks axis " + axis);
        }
        return Math.toIntExact(p.shape()[axis]);
    }

    @Override
    public String kind() {
        return "additive attention";
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    public int attentionDim() {
        return attnDim;
    }

    @Override
    DataType parameterType() {
        return v.dataType();
    }

    @Override
    int keyWidth() {
        return attnDim;
    }

    @Override
    INDArray projectKeys(INDArray enc2d) {
        return enc2d.mmul(wk.value().transpose());
    }

    @Override
    double[][] snapshotWeights() {
        return new double[][] {DoubleArrays.toDoubles(wq.value()), DoubleArrays.toDoubles(v.value())};
    }

    @Override
    double[] queryState(AttentionMemory m, double[] q, int n) {
        double[] w = m.weights[0];
        double[] qp = new double[n * attnDim];
        for (int b = 0; b < n; b++) {
            for (int a = 0; a < attnDim; a++) {
                double s = 0;
                int wr = a * queryDim;
                int qr = b * queryDim;
                for (int d = 0; d < queryDim; d++) {
                    s += w[wr + d] * q[qr + d];
                }
                qp[b * attnDim + a] = s;
            }
        }
        return qp;
    }

    @Override
    void scores(AttentionMemory m, double[] qp, int n, double[] scores) {
        double[] vv = m.weights[1];
        int width = attnDim;
        for (int b = 0; b < n; b++) {
            int qr = b * width;
            for (int j = 0; j < m.lengths[b]; j++) {
                int kr = (b * m.srcLen + j) * width;
                double s = 0;
                for (int a = 0; a < width; a++) {
                    s += vv[a] * Math.tanh(qp[qr + a] + m.keys[kr + a]);
                }
                scores[b * m.srcLen + j] = s;
            }
        }
    }

    @Override
    double[] backwardScores(AttentionMemory m, double[] q, double[] qp, int n, double[] dScores) {
        double[] w = m.weights[0];
        double[] vv = m.weights[1];
        double[] dW = m.weightGrads[0];
        double[] dv = m.weightGrads[1];
        double[] dKeys = m.dKeys();
        int width = attnDim;
        double[] dqp = new double[width];
        double[] dq = new double[n * queryDim];
        for (int b = 0; b < n; b++) {
            Arrays.fill(dqp, 0.0);
            int qr = b * width;
            for (int j = 0; j < m.lengths[b]; j++) {
                double ds = dScores[b * m.srcLen + j];
                int kr = (b * m.srcLen + j) * width;
                for (int a = 0; a < width; a++) {
                    double h = Math.tanh(qp[qr + a] + m.keys[kr + a]); // recomputed, not cached (see AttentionStep)
                    dv[a] += ds * h;
                    double dPre = ds * vv[a] * (1 - h * h);
                    dKeys[kr + a] += dPre;
                    dqp[a] += dPre;
                }
            }
            int qb = b * queryDim;
            for (int a = 0; a < width; a++) {
                double g = dqp[a];
                int wr = a * queryDim;
                for (int d = 0; d < queryDim; d++) {
                    dq[qb + d] += g * w[wr + d];
                    dW[wr + d] += g * q[qb + d];
                }
            }
        }
        return dq;
    }

    @Override
    INDArray finishKeys(AttentionMemory m, INDArray dKeys2d) {
        Initialise.addInto(wq, m.weightGrads[0]);
        Initialise.addInto(v, m.weightGrads[1]);
        wk.grad().addi(dKeys2d.transpose().mmul(m.enc2d));
        return dKeys2d.mmul(wk.value());
    }
}
