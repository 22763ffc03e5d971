package org.seqlab.nn.attention;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.nn.NativeArrays;
import org.seqlab.nn.ParameterSet;
import org.seqlab.nn.kernel.KernelThreads;

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
 * memory). The per-step loops of {@link #step} and {@link #backwardStep} run in double for both types, so the float64
 * gradient checks check them; the memory-side products run as GEMMs in the data type itself. General and dot
 * attention also have float32 loops ({@link #inferStepFloat}, {@link #backwardStepFloat}) for float32 memories,
 * which a float32 translator's training pass and decoder use; a test holds them to the double loops. A float32
 * memory of such a layer is prepared in float and makes its double copy only if a double step asks for it.
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
        if (type == DataType.FLOAT && hasFloatSteps()) {
            return prepareFloat(enc, lengths, batch, srcLen);
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

    /** {@link #prepare} of a float32 memory for the float32 step path: float copies only, no double ones. */
    private AttentionMemory prepareFloat(INDArray enc, int[] lengths, int batch, int srcLen) {
        float[] values = DoubleArrays.toFloats(enc);
        for (int b = 0; b < batch; b++) {
            int rowStart = b * srcLen * keyDim;
            for (int i = rowStart; i < rowStart + lengths[b] * keyDim; i++) {
                if (!Float.isFinite(values[i])) {
                    throw new IllegalArgumentException(kind() + ": encoder memory holds " + values[i] + " at row " + b
                            + ", position " + (i - rowStart) / keyDim + ", column " + (i - rowStart) % keyDim);
                }
            }
            Arrays.fill(values, rowStart + lengths[b] * keyDim, rowStart + srcLen * keyDim, 0f);
        }
        INDArray enc2d = DoubleArrays.fromFloats(values, (long) batch * srcLen, keyDim);
        INDArray keys2d = projectKeys(enc2d);
        float[] keys = keys2d == null ? values : DoubleArrays.toFloats(keys2d);
        return new AttentionMemory(this, batch, srcLen, keyDim, keyWidth(), lengths.clone(), enc2d, values, keys,
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

    /**
     * Whether {@link #inferStepFloat} and {@link #backwardStepFloat} run float32 loops for this layer: general and dot
     * attention, whose scores are dot products with keys projected once per batch. For additive attention they
     * convert to and from the double loops, so a float32 caller needs no second path.
     */
    public final boolean hasFloatSteps() {
        return !(this instanceof AdditiveAttention);
    }

    /**
     * {@link #inferStep} for a float32 caller and a float32 memory: the query rows {@code q} (first {@code n·Q}
     * values, kept by the step: the caller must not change them while it uses the step). Where {@link #hasFloatSteps},
     * the loops run over float copies of the values and keys: a translator's decoder spent about a sixth of a training
     * step in the double loops and their conversions, and these read half the bytes and C2 vectorises the context
     * sums. The double loops stay the reference: the gradient checks run them in float64, and a test holds these to
     * them. Elsewhere the step is the double loops' ({@link AttentionStep#copyContextRow} serves both).
     */
    public final AttentionStep inferStepFloat(AttentionMemory m, float[] q, int n) {
        checkFloatMemory(m);
        if (n < 1 || n > m.batch || q.length < n * queryDim) {
            throw new IllegalArgumentException(kind() + ": " + n + " query rows of " + queryDim + " in " + q.length
                    + " values for a memory of " + m.batch + " rows");
        }
        if (!hasFloatSteps()) {
            double[] query = new double[n * queryDim];
            for (int i = 0; i < query.length; i++) {
                query[i] = q[i];
            }
            return compute(m, null, query, n);
        }
        float[] weights = new float[n * m.srcLen];
        float[] context = new float[n * keyDim];
        // the float copies are made here, once, not by two threads at once
        float[] keys = m.floatKeys();
        float[] values = m.floatValues();
        KernelThreads.byRows(n, (long) n * m.srcLen * m.keyWidth, PARALLEL_STEP_WORK,
                (from, to) -> inferRowsFloat(m, keys, values, q, from, to, weights, context));
        return new AttentionStep(m, n, q, weights, context);
    }

    /** Rows {@code [from, to)} of {@link #inferStepFloat}, with scratch rows of this call. */
    private void inferRowsFloat(AttentionMemory m, float[] keys, float[] values, float[] q, int from, int to,
            float[] weights, float[] context) {
        int srcLen = m.srcLen;
        int w = m.keyWidth;
        int kd = keyDim;
        float[] valueRow = new float[kd];
        float[] contextRow = new float[kd];
        for (int b = from; b < to; b++) {
            int len = m.lengths[b];
            int row = b * srcLen;
            int at = m.row(b) * srcLen; // the row's place in the (possibly shared) values and keys
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < len; j++) {
                float score = dot(q, b * w, keys, (at + j) * w, w);
                weights[row + j] = score;
                max = Math.max(max, score);
            }
            float sum = 0;
            for (int j = 0; j < len; j++) {
                float e = (float) Math.exp(weights[row + j] - max);
                weights[row + j] = e;
                sum += e;
            }
            float inv = 1f / sum;
            // the value row copied next to the running sum, so that one index serves both and C2 vectorises
            Arrays.fill(contextRow, 0f);
            for (int j = 0; j < len; j++) {
                float a = weights[row + j] * inv;
                weights[row + j] = a;
                System.arraycopy(values, (at + j) * kd, valueRow, 0, kd);
                for (int k = 0; k < kd; k++) {
                    contextRow[k] += a * valueRow[k];
                }
            }
            System.arraycopy(contextRow, 0, context, b * kd, kd);
        }
    }

    /**
     * Backward of a step of {@link #inferStepFloat}: {@code dContext} row b at {@code offset + b·stride} ({@code K}
     * values); writes {@code dL/dquery} to {@code dq} ({@code n·Q} values). The memory's gradients accumulate until
     * {@link #finishBackward}, as with {@link #backwardStep} (which a double step goes through).
     */
    public final void backwardStepFloat(AttentionStep s, float[] dContext, int offset, int stride, float[] dq) {
        AttentionMemory m = s.memory();
        checkFloatMemory(m);
        m.checkOpen(kind());
        int n = s.rows();
        int kd = keyDim;
        if (offset < 0 || stride < kd || dContext.length < offset + (long) (n - 1) * stride + kd
                || dq.length < n * queryDim) {
            throw new IllegalArgumentException(kind() + ": context gradient or query gradient too small for " + n
                    + " rows");
        }
        if (!s.isFloat()) {
            float[] rows = new float[n * kd];
            for (int b = 0; b < n; b++) {
                System.arraycopy(dContext, offset + b * stride, rows, b * kd, kd);
            }
            float[] g = DoubleArrays.toFloats(backwardStep(s, Nd4j.create(rows, new long[] {n, kd}, 'c')));
            System.arraycopy(g, 0, dq, 0, n * queryDim);
            return;
        }
        // each row reads and writes only its own rows of the memory's gradients (training memories are not shared
        // between rows), so halves of the rows can run on two threads
        float[] dValues = m.floatDValues(); // made here, once, not by two threads at once
        float[] dKeys = m.floatDKeys();
        KernelThreads.byRows(n, (long) n * m.srcLen * m.keyWidth, PARALLEL_STEP_WORK,
                (from, to) -> backwardRowsFloat(s, dValues, dKeys, dContext, offset, stride, dq, from, to));
    }

    /** Rows {@code [from, to)} of {@link #backwardStepFloat}, with scratch rows of this call. */
    private void backwardRowsFloat(AttentionStep s, float[] dValues, float[] dKeys, float[] dContext, int offset,
            int stride, float[] dq, int from, int to) {
        AttentionMemory m = s.memory();
        int kd = keyDim;
        int w = m.keyWidth;
        int srcLen = m.srcLen;
        float[] values = m.floatValues();
        float[] keys = m.floatKeys();
        float[] a = s.floatWeights();
        float[] q = s.floatQuery();
        float[] dcRow = new float[kd];
        float[] valueRow = new float[kd];
        float[] gradRow = new float[Math.max(kd, w)];
        float[] queryRow = new float[w];
        float[] keyRow = new float[w];
        float[] dqRow = new float[w];
        float[] dScores = new float[srcLen];
        for (int b = from; b < to; b++) {
            int len = m.lengths[b];
            int row = b * srcLen;
            System.arraycopy(dContext, offset + b * stride, dcRow, 0, kd);
            // context = Σ_j a_j v_j: dL/da_j = dc·v_j, dL/dv_j += a_j dc (rows copied out so one index serves all)
            float weighted = 0;
            for (int j = 0; j < len; j++) {
                int v = (row + j) * kd;
                float aj = a[row + j];
                System.arraycopy(values, v, valueRow, 0, kd);
                float dA = dot(dcRow, 0, valueRow, 0, kd);
                System.arraycopy(dValues, v, gradRow, 0, kd);
                for (int k = 0; k < kd; k++) {
                    gradRow[k] += aj * dcRow[k];
                }
                System.arraycopy(gradRow, 0, dValues, v, kd);
                dScores[j] = dA;
                weighted += aj * dA;
            }
            // softmax backward, then the bilinear scores q·key_j: dq = Σ_j dS_j key_j, dkey_j += dS_j q
            System.arraycopy(q, b * w, queryRow, 0, w);
            Arrays.fill(dqRow, 0f);
            for (int j = 0; j < len; j++) {
                float ds = a[row + j] * (dScores[j] - weighted);
                int kr = (row + j) * w;
                System.arraycopy(keys, kr, keyRow, 0, w);
                for (int d = 0; d < w; d++) {
                    dqRow[d] += ds * keyRow[d];
                }
                System.arraycopy(dKeys, kr, gradRow, 0, w);
                for (int d = 0; d < w; d++) {
                    gradRow[d] += ds * queryRow[d];
                }
                System.arraycopy(gradRow, 0, dKeys, kr, w);
            }
            System.arraycopy(dqRow, 0, dq, b * w, w);
        }
    }

    /**
     * Below this many multiply-adds a float step's rows stay on the calling thread; above it they run as two halves
     * (a translator's decoder spent about 6 % of a training step in these loops on one core while the other waited).
     */
    private static final long PARALLEL_STEP_WORK = 1L << 16;

    private void checkFloatMemory(AttentionMemory m) {
        checkMemory(m);
        if (m.dataType != DataType.FLOAT) {
            throw new IllegalArgumentException(kind() + ": the float32 step path needs a float32 memory, got "
                    + m.dataType);
        }
    }

    /** {@code Σ x[xo+d]·y[yo+d]}: eight running sums, since one is a chain of dependent additions. */
    private static float dot(float[] x, int xo, float[] y, int yo, int len) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        int d = 0;
        for (; d + 8 <= len; d += 8) {
            s0 += x[xo + d] * y[yo + d];
            s1 += x[xo + d + 1] * y[yo + d + 1];
            s2 += x[xo + d + 2] * y[yo + d + 2];
            s3 += x[xo + d + 3] * y[yo + d + 3];
            s4 += x[xo + d + 4] * y[yo + d + 4];
            s5 += x[xo + d + 5] * y[yo + d + 5];
            s6 += x[xo + d + 6] * y[yo + d + 6];
            s7 += x[xo + d + 7] * y[yo + d + 7];
        }
        for (; d < len; d++) {
            s0 += x[xo + d] * y[yo + d];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
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
        double[] memoryValues = m.values();
        for (int b = 0; b < n; b++) {
            int len = m.lengths[b];
            int row = b * srcLen;
            int at = m.row(b) * srcLen;
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
                System.arraycopy(memoryValues, (at + j) * keyDim, valueRow, 0, keyDim);
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
        if (s.isFloat()) {
            throw new IllegalArgumentException(kind() + ": a step of inferStepFloat goes back through backwardStepFloat");
        }
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
        double[] memoryValues = m.values();
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
                    dA += dc[g + k] * memoryValues[v + k];
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
        if (m.hasOnlyFloatGradients() && m.floatDValuesOrNull() != null) {
            return finishFloatBackward(m);
        }
        m.foldFloatGradients();
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

    /** {@link #finishBackward} after float32 steps only: the same products, in float32 throughout. */
    private INDArray finishFloatBackward(AttentionMemory m) {
        float[] dEnc = m.floatDValuesOrNull();
        INDArray dKeys2d = DoubleArrays.fromFloats(m.floatDKeys(), (long) m.batch * m.srcLen, m.keyWidth);
        INDArray keyPath = finishKeys(m, dKeys2d);
        if (keyPath != null) {
            float[] kp = DoubleArrays.toFloats(keyPath);
            for (int i = 0; i < dEnc.length; i++) {
                dEnc[i] += kp[i];
            }
        }
        for (int b = 0; b < m.batch; b++) {
            int rowStart = b * m.srcLen * keyDim;
            Arrays.fill(dEnc, rowStart + m.lengths[b] * keyDim, rowStart + m.srcLen * keyDim, 0f);
        }
        return DoubleArrays.fromFloats(dEnc, m.batch, m.srcLen, keyDim);
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
        double[] keys = m.keys();
        for (int b = 0; b < n; b++) {
            int qb = b * w;
            for (int j = 0; j < m.lengths[b]; j++) {
                int kr = (m.row(b) * m.srcLen + j) * w;
                // four running sums: one is a chain of dependent additions (4 cycles each) over hundreds of values
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int d = 0;
                for (; d + 4 <= w; d += 4) {
                    s0 += q[qb + d] * keys[kr + d];
                    s1 += q[qb + d + 1] * keys[kr + d + 1];
                    s2 += q[qb + d + 2] * keys[kr + d + 2];
                    s3 += q[qb + d + 3] * keys[kr + d + 3];
                }
                for (; d < w; d++) {
                    s0 += q[qb + d] * keys[kr + d];
                }
                scores[b * m.srcLen + j] = (s0 + s1) + (s2 + s3);
            }
        }
    }

    /** Backward of {@link #bilinearScores}: {@code dKeys += dS·q}, returns {@code dq = Σ_j dS·keys}. */
    static double[] bilinearBackward(AttentionMemory m, double[] q, int n, double[] dScores) {
        int w = m.keyWidth;
        double[] dKeys = m.dKeys();
        double[] keys = m.keys();
        double[] dq = new double[n * w];
        for (int b = 0; b < n; b++) {
            int qb = b * w;
            for (int j = 0; j < m.lengths[b]; j++) {
                double ds = dScores[b * m.srcLen + j];
                int kr = (b * m.srcLen + j) * w;
                for (int d = 0; d < w; d++) {
                    dq[qb + d] += ds * keys[kr + d];
                    dKeys[kr + d] += ds * q[qb + d];
                }
            }
        }
        return dq;
    }
}
