package org.seqlab.nn.attention;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.ParameterSet;
import org.seqlab.random.Rng;

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
        return new AdditiveAttention(UniformInit.uniform("W_q", type, rng, queryDim, attnDim, queryDim),
                UniformInit.uniform("W_k", type, rng, keyDim, attnDim, keyDim),
                UniformInit.uniform("v", type, rng, attnDim, attnDim));
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
        return timesTransposed(enc2d, wk.value());
    }

    @Override
    double[][] snapshotWeights() {
        return new double[][] {DoubleArrays.toDoubles(v.value())};
    }

    @Override
    double[] queryState(AttentionMemory m, INDArray query, double[] q, int n) {
        // [n,Q]x[Q,A]: a GEMM, since Q and A are hundreds in a translator and this runs every step
        INDArray rows = query != null ? query : DoubleArrays.fromDoubles(java.util.Arrays.copyOf(q, n * queryDim),
                m.dataType, n, queryDim);
        return DoubleArrays.toDoubles(timesTransposed(rows, wq.value()));
    }

    @Override
    void scores(AttentionMemory m, double[] qp, int n, double[] scores) {
        double[] vv = m.weights[0];
        int width = attnDim;
        boolean exact = m.dataType == DataType.DOUBLE;
        double[] h = new double[width];
        for (int b = 0; b < n; b++) {
            int qr = b * width;
            for (int j = 0; j < m.lengths[b]; j++) {
                hidden(qp, qr, m.keys(), (m.row(b) * m.srcLen + j) * width, h, exact);
                double s = 0;
                for (int a = 0; a < width; a++) {
                    s += vv[a] * h[a];
                }
                scores[b * m.srcLen + j] = s;
            }
        }
    }

    @Override
    double[] backwardScores(AttentionMemory m, double[] q, double[] state, int n, double[] dScores) {
        double[] vv = m.weights[0];
        double[] dv = m.weightGrads[0];
        double[] dKeys = m.dKeys();
        int width = attnDim;
        double[] dqp = new double[n * width];
        boolean exact = m.dataType == DataType.DOUBLE;
        double[] h = new double[width];
        for (int b = 0; b < n; b++) {
            int qr = b * width;
            for (int j = 0; j < m.lengths[b]; j++) {
                double ds = dScores[b * m.srcLen + j];
                int kr = (b * m.srcLen + j) * width;
                hidden(state, qr, m.keys(), kr, h, exact); // recomputed, not cached (see AttentionStep)
                for (int a = 0; a < width; a++) {
                    dv[a] += ds * h[a];
                    double dPre = ds * vv[a] * (1 - h[a] * h[a]);
                    dKeys[kr + a] += dPre;
                    dqp[qr + a] += dPre;
                }
            }
        }
        INDArray dqpArray = DoubleArrays.fromDoubles(dqp, m.dataType, n, width);
        addTransposedTimes(wq.grad(), dqpArray, DoubleArrays.fromDoubles(q, m.dataType, n, queryDim));
        return DoubleArrays.toDoubles(times(dqpArray, wq.value()));
    }

    /** {@code h = tanh(qp[qr..] + keys[kr..])} over one attention-width row. */
    private static void hidden(double[] qp, int qr, double[] keys, int kr, double[] h, boolean exact) {
        int width = h.length;
        if (exact) {
            for (int a = 0; a < width; a++) {
                h[a] = Math.tanh(qp[qr + a] + keys[kr + a]);
            }
        } else {
            for (int a = 0; a < width; a++) {
                h[a] = FastTanh.tanh(qp[qr + a] + keys[kr + a]);
            }
        }
    }

    @Override
    INDArray finishKeys(AttentionMemory m, INDArray dKeys2d) {
        DoubleArrays.addInto(v, m.weightGrads[0]);
        addTransposedTimes(wk.grad(), dKeys2d, m.enc2d);
        return times(dKeys2d, wk.value());
    }
}
