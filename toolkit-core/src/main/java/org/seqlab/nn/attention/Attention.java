package org.seqlab.nn.attention;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.nn.NativeArrays;
import org.seqlab.nn.ParameterSet;

/**
 * Masked attention of a decoder query over an encoder memory {@code enc [B,S,K]} whose rows have lengths
 * {@code lengths[b]} (positions {@code j >= lengths[b]} are padding: they get weight exactly 0.0, their values never
 * influence a result, and their gradient is exactly 0.0). The memory serves as keys and values:
 * {@code context[b] = Σ_j a[b,j] enc[b,j]}, {@code a[b] = softmax_j score[b,j]} over the valid positions.
 *
 * <p>Decoder protocol, one batch:
 * <pre>{@code
 * AttentionMemory m = attention.prepare(enc, lengths);        // memory-side projection, once
 * AttentionStep s = attention.step(m, query);                 // per step; query [n,Q], n <= B live rows (a prefix)
 * INDArray dQuery = attention.backwardStep(s, dContext);      // per step; memory gradients accumulate in m
 * INDArray dEnc = attention.finishBackward(m);                // once: memory-side GEMMs, parameter gradients
 * }</pre>
 * Rows of the memory must be ordered so that the rows still decoding at a step are its first {@code n} rows (sort
 * the batch by target length, longest first), as with the recurrent layers' live-row prefix.
 *
 * <p>Parameter values must not change between {@link #prepare} and {@link #finishBackward}. Parameter gradients are
 * added (+=) into {@code Parameter.grad()} by {@link #backwardStep} (query-side products) and {@link #finishBackward}
 * (memory side); all are complete once {@link #finishBackward} returns. A layer is immutable and thread-safe for
 * inference; a memory and its steps belong to one thread.
 *
 * <p>Precision: arrays come in and go out in the parameters' data type (float32 or float64; dot attention follows the
 * memory). The per-step loops run in double for both types, so the float64 gradient checks check the very code that
 * runs in float32; the memory-side products run as ND4J GEMMs in the data type itself.
 */
public abstract sealed class Attention permits AdditiveAttention, GeneralAttention, DotAttention {
    final int queryDim;
    final int keyDim;

    Attention(int queryDim, int keyDim) {
        if (queryDim <= 0 || keyDim <= 0) {
            throw new IllegalArgumentException(kind() + ": dimensions must be positive, got query dim " + queryDim
                    + ", key dim " + keyDim);
        }
        this.queryDim = queryDim;
        this.keyDim = keyDim;
    }

    /** For messages, e.g. "additive attention". */
    public abstract String kind();

    public abstract ParameterSet parameters();

    public final int queryDim() {
        return queryDim;
    }

    /** Width of the encoder states (keys and values). */
    public final int keyDim() {
        return keyDim;
    }

    /** Data type of the parameters, or null for a layer without parameters (it then follows the memory). */
    abstract DataType parameterType();

    /** Width of one projected key row (what a score reads per position). */
    abstract int keyWidth();

    /** Projects the memory once: {@code enc2d [B*S,K]} (padding rows zeroed) to keys {@code [B*S, keyWidth]}. */
    abstract INDArray projectKeys(INDArray enc2d);

    /** Copies of the parameter values the loops read, taken at prepare time. */
    abstract double[][] snapshotWeights();

    /** Per-step state computed from the query alone (e.g. {@code W_q q}), {@code n} rows. */
    abstract double[] queryState(AttentionMemory m, INDArray query, double[] q, int n);

    /** Raw scores {@code [n,S]} at the valid positions (others untouched). */
    abstract void scores(AttentionMemory m, double[] state, int n, double[] scores);

    /**
     * Backward through the scores: accumulates {@code dL/dkeys} into {@code m.dKeys} and weight gradients into
     * {@code m.weightGrads}; returns {@code dL/dquery [n,Q]}.
     */
    abstract double[] backwardScores(AttentionMemory m, double[] query, double[] state, int n, double[] dScores);

    /**
     * Memory-side backward for the whole batch: adds parameter gradients into the parameters and returns the key
     * path's gradient w.r.t. {@code enc2d} ({@code [B*S,K]}), or null when keys are the memory itself.
     */
    abstract INDArray finishKeys(AttentionMemory m, INDArray dKeys2d);

    /**
     * Prepares a batch's memory. {@code enc [B,S,K]}; {@code lengths[b]} in {@code 1..S}. Values at padded positions
     * are ignored (they may be anything, NaN included).
     */
    public final AttentionMemory prepare(INDArray enc, int[] lengths) {
        if (enc == null || enc.rank() != 3) {
            throw new IllegalArgumentException(kind() + ": encoder memory must be [batch, source length, key dim], got "
                    + (enc == null ? "null" : Arrays.toString(enc.shape())));
        }
        DataType type = enc.dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException(kind() + ": encoder memory must be float32 or float64, got " + type);
        }
        if (parameterType() != null && type != parameterType()) {
            throw new IllegalArgumentException(kind() + ": encoder memory is " + type + " but the parameters are "
                    + parameterType());
        }
        int batch = Math.toIntExact(enc.size(0));
        int srcLen = Math.toIntExact(enc.size(1));
        if (enc.size(2) != keyDim) {
            throw new IllegalArgumentException(kind() + ": encoder memory has key dim " + enc.size(2) + ", expected "
                    + keyDim);
        }
        if (batch == 0 || srcLen == 0) {
            throw new IllegalArgumentException(kind() + ": empty encoder memory " + Arrays.toString(enc.shape()));
        }
        if (lengths == null || lengths.length != batch) {
            throw new IllegalArgumentException(kind() + ": " + (lengths == null ? "no" : lengths.length)
                    + " source lengths for a memory of batch size " + batch);
        }
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 1 || lengths[b] > srcLen) {
                throw new IllegalArgumentException(kind() + ": source length " + lengths[b] + " of row " + b
                        + (lengths[b] < 1 ? " (a source of length 0 has nothing to attend to)" : "")
                        + " is outside 1.." + srcLen);
            }
        }
        double[] values = DoubleArrays.toDoubles(enc);
        for (int b = 0; b < batch; b++) {
            int rowStart = b * srcLen * keyDim;
            for (int i = rowStart; i < rowStart + lengths[b] * keyDim; i++) {
                if (!Double.isFinite(values[i])) {
                    throw new IllegalArgumentException(kind() + ": encoder memory holds " + values[i] + " at row " + b
                            + ", position " + (i - rowStart) / keyDim + ", column " + (i - rowStart) % keyDim);
                }
            }
            // zero the padding so that GEMMs over it give exact zeros and no NaN leaks in
            Arrays.fill(values, rowStart + lengths[b] * keyDim, rowStart + srcLen * keyDim, 0.0);
        }
        INDArray enc2d = DoubleArrays.fromDoubles(values, type, (long) batch * srcLen, keyDim);
        INDArray keys2d = projectKeys(enc2d);
        double[] keys = keys2d == null ? values : DoubleArrays.toDoubles(keys2d);
        return new AttentionMemory(this, type, batch, srcLen, keyDim, keyWidth(), lengths.clone(), enc2d, values, keys,
                snapshotWeights());
    }

    /**
     * One decoder step for the first {@code n = query.rows()} rows of the memory: scores, masked softmax, context.
     */
    public final AttentionStep step(AttentionMemory m, INDArray query) {
        checkMemory(m);
        if (query == null || query.rank() != 2 || query.size(1) != queryDim) {
            throw new IllegalArgumentException(kind() + ": query must be [rows, " + queryDim + "], got "
                    + (query == null ? "null" : Arrays.toString(query.shape())));
        }
        if (query.dataType() != m.dataType) {
            throw new IllegalArgumentException(kind() + ": query is " + query.dataType() + " but the memory is "
                    + m.dataType);
        }
        int n = Math.toIntExact(query.size(0));
        if (n < 1 || n > m.batch) {
            throw new IllegalArgumentException(kind() + ": query has " + n + " rows; the memory has " + m.batch
                    + " (a step runs on a prefix of 1.." + m.batch + " rows)");
        }
        double[] q = DoubleArrays.toDoubles(query);
        for (int i = 0; i < q.length; i++) {
            if (!Double.isFinite(q[i])) {
                throw new IllegalArgumentException(kind() + ": query holds " + q[i] + " at row " + i / queryDim
                        + ", column " + i % queryDim);
            }
        }
        return compute(m, query, q, n);
    }

    /**
     * {@link #step} for inference, from a query already held row-major in {@code q} (its first {@code n·Q} values):
     * no array conversions and no finiteness scan, which made up a tenth of a beam-search step in a decoder that
     * feeds its own hidden state (finite by construction: bounded LSTM outputs). The step keeps {@code q}; the caller
     * must not change it while it uses the step.
     */
    public final AttentionStep inferStep(AttentionMemory m, double[] q, int n) {
        checkMemory(m);
        if (n < 1 || n > m.batch || q.length < n * queryDim) {
            throw new IllegalArgumentException(kind() + ": " + n + " query rows of " + queryDim + " in " + q.length
                    + " values for a memory of " + m.batch + " rows");
        }
        return compute(m, null, q, n);
    }

    /** The step's arithmetic; {@code query} may be null (built from {@code q} where a projection needs it). */
    private AttentionStep compute(AttentionMemory m, INDArray query, double[] q, int n) {
        int srcLen = m.srcLen;
        double[] state = queryState(m, query, q, n);
        double[] scores = new double[n * srcLen];
        scores(m, state, n, scores);
        double[] weights = new double[n * srcLen];
        double[] context = new double[n * keyDim];
        double[] contextRow = new double[keyDim];
        double[] valueRow = new double[keyDim];
        for (int b = 0; b < n; b++) {
            int len = m.lengths[b];
            int row = b * srcLen;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < len; j++) {
                max = Math.max(max, scores[row + j]);
            }
            double sum = 0;
            for (int j = 0; j < len; j++) {
                double e = Math.exp(scores[row + j] - max);
                weights[row + j] = e;
                sum += e;
            }
            double inv = 1.0 / sum;
            // Σ_j a_j·values_j in a row of its own, each value row copied next to it first: with one index for
            // both arrays C2 vectorises the loop; with two offsets into double arrays that might overlap it does not
            java.util.Arrays.fill(contextRow, 0.0);
            for (int j = 0; j < len; j++) {
                double a = weights[row + j] * inv;
                weights[row + j] = a;
                System.arraycopy(m.values, (row + j) * keyDim, valueRow, 0, keyDim);
                for (int k = 0; k < keyDim; k++) {
                    contextRow[k] += a * valueRow[k];
                }
            }
            System.arraycopy(contextRow, 0, context, b * keyDim, keyDim);
        }
        return new AttentionStep(m, n, q, state, scores, weights, context);
    }

    /**
     * Backward of one step, given {@code dContext [n,K]}: returns {@code dL/dquery [n,Q]}; the gradients w.r.t. the
     * memory and the parameters accumulate in the memory until {@link #finishBackward}.
     */
    public final INDArray backwardStep(AttentionStep s, INDArray dContext) {
        AttentionMemory m = s.memory();
        checkMemory(m);
        m.checkOpen(kind());
        int n = s.rows();
        if (dContext == null || dContext.rank() != 2 || dContext.size(0) != n || dContext.size(1) != keyDim) {
            throw new IllegalArgumentException(kind() + ": context gradient must be [" + n + ", " + keyDim + "], got "
                    + (dContext == null ? "null" : Arrays.toString(dContext.shape())));
        }
        double[] dc = DoubleArrays.toDoubles(dContext);
        int srcLen = m.srcLen;
        double[] dValues = m.dValues();
        double[] dScores = new double[n * srcLen];
        double[] a = s.weightsArray();
        for (int b = 0; b < n; b++) {
            int len = m.lengths[b];
            int row = b * srcLen;
            int g = b * keyDim;
            double weighted = 0;
            for (int j = 0; j < len; j++) {
                int v = (row + j) * keyDim;
                double aj = a[row + j];
                double dA = 0;
                for (int k = 0; k < keyDim; k++) {
                    dA += dc[g + k] * m.values[v + k];
                    dValues[v + k] += aj * dc[g + k];
                }
                dScores[row + j] = dA; // dL/da for now
                weighted += aj * dA;
            }
            for (int j = 0; j < len; j++) {
                dScores[row + j] = a[row + j] * (dScores[row + j] - weighted);
            }
        }
        double[] dq = backwardScores(m, s.queryArray(), s.state(), n, dScores);
        return DoubleArrays.fromDoubles(dq, m.dataType, n, queryDim);
    }

    /**
     * Ends the batch's backward pass: does the memory-side GEMMs once, adds every parameter gradient into
     * {@code Parameter.grad()}, and returns {@code dL/denc [B,S,K]} (exactly 0.0 at padded positions). Call once.
     */
    public final INDArray finishBackward(AttentionMemory m) {
        checkMemory(m);
        m.checkOpen(kind());
        m.close();
        double[] dEnc = m.dValues();
        INDArray dKeys2d = DoubleArrays.fromDoubles(m.dKeys(), m.dataType, (long) m.batch * m.srcLen, m.keyWidth);
        INDArray keyPath = finishKeys(m, dKeys2d);
        if (keyPath != null) {
            double[] kp = DoubleArrays.toDoubles(keyPath);
            for (int i = 0; i < dEnc.length; i++) {
                dEnc[i] += kp[i];
            }
        }
        for (int b = 0; b < m.batch; b++) {
            int rowStart = b * m.srcLen * keyDim;
            Arrays.fill(dEnc, rowStart + m.lengths[b] * keyDim, rowStart + m.srcLen * keyDim, 0.0);
        }
        return DoubleArrays.fromDoubles(dEnc, m.dataType, m.batch, m.srcLen, keyDim);
    }

    private void checkMemory(AttentionMemory m) {
        if (m == null || m.owner != this) {
            throw new IllegalArgumentException(kind() + ": the memory was not prepared by this layer");
        }
    }

    /** Bilinear score {@code q[b] · keys[b,j]} (general and dot); {@code state} is the query itself. */
    /**
     * {@code x·Wᵀ} through {@link org.seqlab.nn.Blas}: ND4J's {@code mmul} on a transposed view took its slow generic
     * path (the key projections and their gradients ran at a fraction of BLAS speed in a translator's training step).
     */
    static INDArray timesTransposed(INDArray x, INDArray w) {
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.size(0), w.size(0));
        org.seqlab.nn.Blas.gemm(NativeArrays.dense(x), false, NativeArrays.dense(w), true, out, 1, 0);
        return out;
    }

    /** {@code x·W}, as {@link #timesTransposed}. */
    static INDArray times(INDArray x, INDArray w) {
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.size(0), w.size(1));
        org.seqlab.nn.Blas.gemm(NativeArrays.dense(x), false, NativeArrays.dense(w), false, out, 1, 0);
        return out;
    }

    /** {@code grad += gᵀ·x}, as {@link #timesTransposed}. */
    static void addTransposedTimes(INDArray grad, INDArray g, INDArray x) {
        org.seqlab.nn.Blas.gemm(NativeArrays.dense(g), true, NativeArrays.dense(x), false, grad, 1, 1);
    }

    static void bilinearScores(AttentionMemory m, double[] q, int n, double[] scores) {
        int w = m.keyWidth;
        for (int b = 0; b < n; b++) {
            int qb = b * w;
            for (int j = 0; j < m.lengths[b]; j++) {
                int kr = (b * m.srcLen + j) * w;
                // four running sums: one is a chain of dependent additions (4 cycles each) over hundreds of values
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int d = 0;
                for (; d + 4 <= w; d += 4) {
                    s0 += q[qb + d] * m.keys[kr + d];
                    s1 += q[qb + d + 1] * m.keys[kr + d + 1];
                    s2 += q[qb + d + 2] * m.keys[kr + d + 2];
                    s3 += q[qb + d + 3] * m.keys[kr + d + 3];
                }
                for (; d < w; d++) {
                    s0 += q[qb + d] * m.keys[kr + d];
                }
                scores[b * m.srcLen + j] = (s0 + s1) + (s2 + s3);
            }
        }
    }

    /** Backward of {@link #bilinearScores}: {@code dKeys += dS·q}, returns {@code dq = Σ_j dS·keys}. */
    static double[] bilinearBackward(AttentionMemory m, double[] q, int n, double[] dScores) {
        int w = m.keyWidth;
        double[] dKeys = m.dKeys();
        double[] dq = new double[n * w];
        for (int b = 0; b < n; b++) {
            int qb = b * w;
            for (int j = 0; j < m.lengths[b]; j++) {
                double ds = dScores[b * m.srcLen + j];
                int kr = (b * m.srcLen + j) * w;
                for (int d = 0; d < w; d++) {
                    dq[qb + d] += ds * m.keys[kr + d];
                    dKeys[kr + d] += ds * q[qb + d];
                }
            }
        }
        return dq;
    }
}
