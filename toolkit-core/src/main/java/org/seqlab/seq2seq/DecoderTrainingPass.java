package org.seqlab.seq2seq;

import java.nio.FloatBuffer;
import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.nn.Dropout;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.GrowableArray;
import org.seqlab.nn.Linear;
import org.seqlab.nn.kernel.Blas;
import org.seqlab.nn.kernel.FastMath;
import org.seqlab.nn.kernel.LstmKernelF;
import org.seqlab.nn.attention.Attention;
import org.seqlab.nn.attention.AttentionMemory;
import org.seqlab.nn.attention.AttentionStep;
import org.seqlab.random.Rng;

/**
 * The decoder's teacher-forced training pass for a float32 model with an LSTM decoder: the arithmetic of
 * {@link Seq2SeqModel}'s general path (its {@code decoderStep} and the decoder part of its {@code backward}), with the
 * same dropout masks drawn in the same order, but every step's rows kept in per-batch buffers stacked step after step
 * and reused from batch to batch. The general path built float64 arrays and several ND4J arrays per step and copied
 * between them (about a quarter of a training step on Multi30k); here a step's products read and write rows of the
 * stacked native buffers in place, the cell runs in the float32 kernel's vectorised loops, and the weight gradients
 * are one product each over all steps' rows. {@link Seq2SeqModel} keeps the general path for float64 (gradient
 * checks), GRU decoders and scheduled sampling. One pass at a time: a model takes its buffers for a forward pass and
 * hands them back after the backward pass.
 */
final class DecoderTrainingPass {
    private static final LstmKernelF CELL = new LstmKernelF();

    private final Embedding targetEmbedding;
    private final Dropout dropout;
    private final Linear decoderInput;
    private final Linear decoderHidden;
    private final Attention attention;
    private final Linear combine;
    // sizes: embedding, hidden, memory, the input rows [embedding | fed vector], [context | h], the four gates
    private final int e;
    private final int hd;
    private final int mem;
    private final boolean feeding;
    private final int width;
    private final int joinedWidth;
    private final int g4;

    DecoderTrainingPass(TranslatorConfig config, Embedding targetEmbedding, Dropout dropout, Linear decoderInput,
            Linear decoderHidden, Attention attention, Linear combine) {
        this.targetEmbedding = targetEmbedding;
        this.dropout = dropout;
        this.decoderInput = decoderInput;
        this.decoderHidden = decoderHidden;
        this.attention = attention;
        this.combine = combine;
        this.e = config.embeddingSize();
        this.hd = config.decoderHidden();
        this.mem = config.memorySize();
        this.feeding = config.inputFeeding();
        this.width = e + (feeding ? hd : 0);
        this.joinedWidth = mem + hd;
        this.g4 = 4 * hd;
    }

    /** Per-batch buffers, grown on demand; the stacked ones hold row {@code offset(t) + b} for row b of step t. */
    static final class Buffers {
        // native, stacked over all steps: the layers' inputs (for the weight gradients), the fed outputs
        final GrowableArray inputs = new GrowableArray();
        final GrowableArray hiddens = new GrowableArray();
        final GrowableArray joined = new GrowableArray();
        final GrowableArray outputs = new GrowableArray();
        /** Gate pre-activations in the forward pass, their gradients in the backward pass. */
        final GrowableArray gates = new GrowableArray();
        final GrowableArray attendedGrads = new GrowableArray();
        final GrowableArray embeddingGrads = new GrowableArray();
        // native, one step's rows
        final GrowableArray attended = new GrowableArray();
        final GrowableArray joinedGrads = new GrowableArray();
        final GrowableArray inputGrads = new GrowableArray();
        final GrowableArray hiddenGrads = new GrowableArray();
        // native: a transposed copy of a weight matrix for the backward pass
        final GrowableArray transposedWeights = new GrowableArray();
        // heap, stacked: the cell's gate activations (then gate gradients), tanh(c), c before and after, the
        // attentional vectors before dropout, the dropout masks, h and c gradients at the kernel's indices
        float[][] planes = new float[4][0];
        float[] tanhC = new float[0];
        float[] cPrev = new float[0];
        float[] hNew = new float[0];
        float[] cNew = new float[0];
        float[] attendedValues = new float[0];
        float[] attendedMask = new float[0];
        float[] embeddingMask = new float[0];
        float[] embeddingRows = new float[0];
        // heap, a weight matrix and its transpose (see transposed)
        float[] weightValues = new float[0];
        float[] weightSwapped = new float[0];
        float[] dh = new float[0];
        float[] dc = new float[0];
        float[] outputGrads = new float[0];
        int[] ids = new int[0];
        // heap, one step's rows (or the batch's: the running state)
        float[] rowGates = new float[0];
        float[] rowJoined = new float[0];
        float[] rowAttended = new float[0];
        float[] h = new float[0];
        float[] c = new float[0];
        float[] feed = new float[0];
        float[] carriedH = new float[0];
        float[] carriedC = new float[0];
        float[] dFeed = new float[0];
        float[] dq = new float[0];

        void ensure(int total, int batch, int e, int hd, int width, int joinedWidth) {
            int stacked = total * hd;
            if (tanhC.length < stacked) {
                int grown = stacked + stacked / 2;
                planes = new float[][] {new float[grown], new float[grown], new float[grown], new float[grown]};
                tanhC = new float[grown];
                cPrev = new float[grown];
                hNew = new float[grown];
                cNew = new float[grown];
                attendedValues = new float[grown];
                attendedMask = new float[grown];
                dh = new float[grown];
                dc = new float[grown];
                outputGrads = new float[grown];
            }
            if (embeddingMask.length < total * e) {
                embeddingMask = new float[total * e + total * e / 2];
                embeddingRows = new float[embeddingMask.length];
            }
            if (ids.length < total) {
                ids = new int[total + total / 2];
            }
            int rows = batch * Math.max(Math.max(width, joinedWidth), 4 * hd);
            if (rowGates.length < rows) {
                rowGates = new float[rows];
                rowJoined = new float[rows];
            }
            if (h.length < batch * hd) {
                rowAttended = new float[batch * hd];
                h = new float[batch * hd];
                c = new float[batch * hd];
                feed = new float[batch * hd];
                carriedH = new float[batch * hd];
                carriedC = new float[batch * hd];
                dFeed = new float[batch * hd];
                dq = new float[batch * hd];
            }
        }
    }

    /** What the backward pass needs of a forward pass. */
    static final class Cache {
        final Buffers buffers;
        final int batch;
        final int total;
        /** Live rows of each step (a prefix: rows are sorted by target length, longest first). */
        final int[] live;
        final AttentionStep[] attentionSteps;
        /** Whether dropout masks were drawn (training with p > 0). */
        final boolean dropped;
        /**
         * The backward time loop's progress: rows from here on have their final gate and attentional-vector gradients
         * (it goes back from the last step; 0 once it has ended, also by a failure).
         */
        volatile int finishedFrom;

        Cache(Buffers buffers, int batch, int total, int[] live, AttentionStep[] attentionSteps, boolean dropped) {
            this.buffers = buffers;
            this.batch = batch;
            this.total = total;
            this.live = live;
            this.attentionSteps = attentionSteps;
            this.dropped = dropped;
            this.finishedFrom = total;
        }
    }

    /**
     * Runs the decoder over teacher-forced inputs. {@code targets} are sorted by length, longest first; step t feeds
     * &lt;s&gt; or target t-1 and predicts target t or &lt;/s&gt;. Fills {@code gold} (one id per output row, step
     * after step) and returns the cache; {@link #outputs} gives the rows fed to the output layer.
     */
    Cache forward(Buffers buf, AttentionMemory memory, double[] h0, double[] c0, int[][] targets, int total,
            int[] gold, boolean training, Rng rng) {
        int batch = targets.length;
        int steps = targets[0].length + 1;
        buf.ensure(total, batch, e, hd, width, joinedWidth);
        boolean drop = training && dropout.probability() > 0;
        if (drop && rng == null) {
            throw new IllegalArgumentException("seq2seq: training with dropout needs an Rng");
        }
        INDArray inputs = buf.inputs.rows(DataType.FLOAT, total, width);
        INDArray hiddens = buf.hiddens.rows(DataType.FLOAT, total, hd);
        INDArray joined = buf.joined.rows(DataType.FLOAT, total, joinedWidth);
        INDArray outputs = buf.outputs.rows(DataType.FLOAT, total, hd);
        INDArray gates = buf.gates.rows(DataType.FLOAT, total, g4);
        FloatBuffer inputValues = Blas.floats(inputs).asBuffer();
        FloatBuffer hiddenValues = Blas.floats(hiddens).asBuffer();
        FloatBuffer joinedValues = Blas.floats(joined).asBuffer();
        FloatBuffer outputValues = Blas.floats(outputs).asBuffer();
        FloatBuffer gateValues = Blas.floats(gates).asBuffer();
        float[] gateBias = Seq2SeqModel.gateBias(decoderInput, decoderHidden, g4);
        float[] h = buf.h;
        float[] c = buf.c;
        float[] feed = buf.feed;
        for (int j = 0; j < batch * hd; j++) {
            h[j] = (float) h0[j];
            c[j] = (float) c0[j];
        }
        Arrays.fill(feed, 0, batch * hd, 0f);
        int[] live = new int[steps];
        AttentionStep[] attentionSteps = new AttentionStep[steps];
        // Everything that does not depend on the previous step, for all steps at once: the input ids, the dropout
        // masks (drawn in the general path's order: step after step, the embeddings' then the attentional vectors'),
        // the embeddings, and their part of the gates as one product over all rows (a fifth of a step's gate
        // products, which run at a large product's speed here instead of at a step's few rows).
        int offset = 0;
        for (int t = 0; t < steps; t++) {
            int n = 0;
            while (n < batch && targets[n].length + 1 > t) {
                n++;
            }
            live[t] = n;
            for (int b = 0; b < n; b++) {
                buf.ids[offset + b] = t == 0 ? Seq2SeqModel.BOS : targets[b][t - 1];
                gold[offset + b] = t < targets[b].length ? targets[b][t] : Seq2SeqModel.EOS;
            }
            if (drop) {
                dropout.drawMask(rng, buf.embeddingMask, offset * e, n * e);
                dropout.drawMask(rng, buf.attendedMask, offset * hd, n * hd);
            }
            offset += n;
        }
        float[] embedded = buf.embeddingRows;
        targetEmbedding.gatherInto(Arrays.copyOf(buf.ids, total), total, embedded, 0, e);
        if (drop) {
            float[] mask = buf.embeddingMask;
            for (int j = 0; j < total * e; j++) {
                embedded[j] *= mask[j];
            }
        }
        for (int r = 0; r < total; r++) {
            inputValues.put(r * width, embedded, r * e, e);
        }
        if (gateBias != null) {
            Blas.fillRows(Blas.floats(gates), 0, total, g4, g4, gateBias);
        }
        INDArray inputWeights = decoderInput.weight().value();
        org.seqlab.nn.Blas.gemm(total, g4, e, 1, inputs, 0, width, false, inputWeights, 0, width, true,
                gateBias != null ? 1 : 0, gates, 0, g4);
        float[][] planes = buf.planes;
        float[] rowGates = buf.rowGates;
        float[] rowJoined = buf.rowJoined;
        float[] a = buf.rowAttended;
        offset = 0;
        for (int t = 0; t < steps; t++) {
            int n = live[t];
            int o = offset;
            // the fed vector beside each row's embedding; h
            if (feeding) {
                for (int b = 0; b < n; b++) {
                    inputValues.put((o + b) * width + e, feed, b * hd, hd);
                }
            }
            hiddenValues.put(o * hd, h, 0, n * hd);

            // gates (b + the embeddings' part, above) += fed·W_ih[:, e:]ᵀ + h·W_hhᵀ, in this step's rows
            if (feeding) {
                org.seqlab.nn.Blas.gemm(n, g4, hd, 1, inputs, (long) o * width + e, width, false, inputWeights, e,
                        width, true, 1, gates, (long) o * g4, g4);
            }
            org.seqlab.nn.Blas.gemm(hiddens, (long) o * hd, n, hd, false, decoderHidden.weight().value(), 0, g4, hd,
                    true, gates, (long) o * g4, n, g4, 1, 1);
            gateValues.get(o * g4, rowGates, 0, n * g4);
            for (int b = 0; b < n; b++) {
                for (int g = 0; g < 4; g++) {
                    System.arraycopy(rowGates, b * g4 + g * hd, planes[g], (o + b) * hd, hd);
                }
            }
            System.arraycopy(c, 0, buf.cPrev, o * hd, n * hd);
            int lo = o * hd;
            Seq2SeqModel.byRows(n, hd, (from, to) -> CELL.forward(lo + from * hd, lo + to * hd, planes, buf.tanhC,
                    buf.hNew, buf.cPrev, buf.hNew, buf.cNew));
            System.arraycopy(buf.hNew, lo, h, 0, n * hd);
            System.arraycopy(buf.cNew, lo, c, 0, n * hd);

            // attention on the new hidden state; the combined layer reads [context | h]
            AttentionStep step = attention.inferStepFloat(memory, Arrays.copyOf(h, n * hd), n);
            for (int b = 0; b < n; b++) {
                step.copyContextRow(b, rowJoined, b * joinedWidth);
            }
            attentionSteps[t] = step;
            for (int b = 0; b < n; b++) {
                System.arraycopy(h, b * hd, rowJoined, b * joinedWidth + mem, hd);
            }
            joinedValues.put(o * joinedWidth, rowJoined, 0, n * joinedWidth);
            INDArray attended = buf.attended.rows(DataType.FLOAT, n, hd);
            if (combine.bias() != null) {
                float[] bias = new float[hd];
                Blas.floats(combine.bias().value()).get(bias, 0, hd);
                Blas.fillRows(Blas.floats(attended), 0, n, hd, hd, bias);
            }
            org.seqlab.nn.Blas.gemm(joined, (long) o * joinedWidth, n, joinedWidth, false, combine.weight().value(), 0,
                    hd, joinedWidth, true, attended, 0, n, hd, 1, combine.bias() != null ? 1 : 0);
            Blas.floats(attended).asBuffer().get(0, a, 0, n * hd);
            float[] kept = buf.attendedValues;
            for (int j = 0; j < n * hd; j++) {
                kept[lo + j] = FastMath.tanh(a[j]);
            }
            if (drop) {
                float[] mask = buf.attendedMask;
                for (int j = 0; j < n * hd; j++) {
                    feed[j] = kept[lo + j] * mask[lo + j];
                }
            } else {
                System.arraycopy(kept, lo, feed, 0, n * hd);
            }
            outputValues.put(o * hd, feed, 0, n * hd);
            offset += n;
        }
        return new Cache(buf, batch, total, live, attentionSteps, drop);
    }

    /**
     * {@code w}ᵀ, dense, in the buffers' spare array: a step's {@code dA·W} as a product with a transposed operand ran
     * at twice the speed of the plain one (oneDNN, 50 × 1,024 × 512 on two threads: 80-110 against 35-50 GFLOP/s).
     */
    private static INDArray transposed(INDArray w, Buffers buf) {
        int rows = (int) w.size(0);
        int cols = (int) w.size(1);
        int size = rows * cols;
        if (buf.weightValues.length < size) {
            buf.weightValues = new float[size];
            buf.weightSwapped = new float[size];
        }
        float[] values = buf.weightValues;
        float[] swapped = buf.weightSwapped;
        Blas.floats(w).asBuffer().get(0, values, 0, size);
        // in 32 x 32 tiles: a row-by-row transposition writes with a stride of a whole row, a cache miss a value
        for (int r0 = 0; r0 < rows; r0 += 32) {
            int r1 = Math.min(r0 + 32, rows);
            for (int c0 = 0; c0 < cols; c0 += 32) {
                int c1 = Math.min(c0 + 32, cols);
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        swapped[c * rows + r] = values[r * cols + c];
                    }
                }
            }
        }
        INDArray out = buf.transposedWeights.rows(DataType.FLOAT, cols, rows);
        Blas.floats(out).asBuffer().put(0, swapped, 0, size);
        return out;
    }

    /** The rows fed to the output layer, {@code [total, decoderHidden]}, step after step. */
    static INDArray outputs(Cache cache, int decoderHidden) {
        return cache.buffers.outputs.rows(DataType.FLOAT, cache.total, decoderHidden);
    }

    /**
     * Back-propagates {@code dOutputs} (the gradient of the rows {@link #outputs} gave) through the decoder steps,
     * adds the decoder layers' and the target embedding's gradients, and returns the gradients of the initial hidden
     * and cell states ({@code [batch·decoderHidden]} each), for the bridge.
     */
    double[][] backward(Cache cache, INDArray dOutputs) {
        double[][] d = backwardSteps(cache, dOutputs);
        backwardWeights(cache);
        return d;
    }

    /**
     * The first part of {@link #backward}: the time loop, back through the steps, which leaves every step's gate and
     * attentional-vector gradients in the buffers; returns the initial states' gradients. {@link #backwardWeights}
     * then adds the weight and embedding gradients from those buffers. Apart, the loop can run on one thread while
     * another does independent work (the output layer's weight gradient).
     */
    double[][] backwardSteps(Cache cache, INDArray dOutputs) {
        try {
            return steps(cache, dOutputs);
        } finally {
            cache.finishedFrom = 0; // a thread waiting for rows must not wait for ever after a failure
        }
    }

    private double[][] steps(Cache cache, INDArray dOutputs) {
        Buffers buf = cache.buffers;
        int batch = cache.batch;
        int total = cache.total;
        int steps = cache.live.length;
        INDArray gateGrads = buf.gates.rows(DataType.FLOAT, total, g4);
        INDArray attendedGrads = buf.attendedGrads.rows(DataType.FLOAT, total, hd);
        FloatBuffer gateGradValues = Blas.floats(gateGrads).asBuffer();
        FloatBuffer attendedGradValues = Blas.floats(attendedGrads).asBuffer();
        float[] dOut = buf.outputGrads;
        Blas.floats(dOutputs).asBuffer().get(0, dOut, 0, total * hd);
        float[][] planes = buf.planes;
        float[] rowGates = buf.rowGates;
        float[] rowJoined = buf.rowJoined;
        INDArray inputWeights = decoderInput.weight().value();
        INDArray combineTransposed = transposed(combine.weight().value(), buf);
        float[] dA = buf.rowAttended;
        float[] carriedH = buf.carriedH;
        float[] carriedC = buf.carriedC;
        float[] dFeed = buf.dFeed;
        float[] kept = buf.attendedValues;
        int offset = total;
        int nNext = 0;
        for (int t = steps - 1; t >= 0; t--) {
            int n = cache.live[t];
            offset -= n;
            int o = offset;
            int lo = o * hd;
            // the attentional vector's gradient: from the output layer and, through input feeding, the next step
            for (int j = 0; j < n * hd; j++) {
                float g = dOut[lo + j] + (j < nNext * hd ? dFeed[j] : 0f);
                if (cache.dropped) {
                    g *= buf.attendedMask[lo + j];
                }
                float v = kept[lo + j];
                dA[j] = g * (1 - v * v);
            }
            attendedGradValues.put(lo, dA, 0, n * hd);
            INDArray dJoined = buf.joinedGrads.rows(DataType.FLOAT, n, joinedWidth);
            org.seqlab.nn.Blas.gemm(attendedGrads, lo, n, hd, false, combineTransposed, 0, joinedWidth, hd, true,
                    dJoined, 0, n, joinedWidth, 1, 0);
            Blas.floats(dJoined).asBuffer().get(0, rowJoined, 0, n * joinedWidth);
            float[] dq = buf.dq;
            attention.backwardStepFloat(cache.attentionSteps[t], rowJoined, 0, joinedWidth, dq);
            // h's gradient: the combined layer, the attention query and the next step; c's: the next step
            for (int b = 0; b < n; b++) {
                boolean carried = b < nNext;
                for (int k = 0; k < hd; k++) {
                    int j = b * hd + k;
                    buf.dh[lo + j] = rowJoined[b * joinedWidth + mem + k] + dq[j] + (carried ? carriedH[j] : 0f);
                    buf.dc[lo + j] = carried ? carriedC[j] : 0f;
                }
            }
            // the kernel turns the gate planes into the gates' pre-activation gradients and dc into dc_prev
            Seq2SeqModel.byRows(n, hd, (from, to) -> CELL.backward(lo + from * hd, lo + to * hd, planes, buf.tanhC,
                    buf.hNew, buf.cPrev, buf.dh, buf.dc, null));
            for (int b = 0; b < n; b++) {
                for (int g = 0; g < 4; g++) {
                    System.arraycopy(planes[g], (o + b) * hd, rowGates, b * g4 + g * hd, hd);
                }
            }
            gateGradValues.put(o * g4, rowGates, 0, n * g4);
            // the fed vector's gradient (the embeddings' comes after the loop, for all rows at once) and h's
            if (feeding) {
                INDArray dFed = buf.inputGrads.rows(DataType.FLOAT, n, hd);
                org.seqlab.nn.Blas.gemm(n, hd, g4, 1, gateGrads, (long) o * g4, g4, false, inputWeights, e, width,
                        false, 0, dFed, 0, hd);
                Blas.floats(dFed).asBuffer().get(0, dFeed, 0, n * hd);
            }
            INDArray dHidden = buf.hiddenGrads.rows(DataType.FLOAT, n, hd);
            org.seqlab.nn.Blas.gemm(gateGrads, (long) o * g4, n, g4, false, decoderHidden.weight().value(), 0, g4, hd,
                    false, dHidden, 0, n, hd, 1, 0);
            Blas.floats(dHidden).asBuffer().get(0, carriedH, 0, n * hd);
            System.arraycopy(buf.dc, lo, carriedC, 0, n * hd);
            nNext = n;
            cache.finishedFrom = o;
        }
        double[] dh0 = new double[batch * hd];
        double[] dc0 = new double[batch * hd];
        for (int j = 0; j < batch * hd; j++) {
            dh0[j] = carriedH[j];
            dc0[j] = carriedC[j];
        }
        return new double[][] {dh0, dc0};
    }

    /** The second part of {@link #backward}: the decoder layers' weight and the target embedding's gradients. */
    void backwardWeights(Cache cache) {
        backwardWeights(cache, cache.total);
    }

    /**
     * Where a backward pass with a second thread splits the decoder layers' weight gradients: that thread adds those of
     * the rows from here on ({@link #backwardLaterWeights}) while {@link #backwardSteps} still runs: the last quarter
     * of the rows, about what a second core has time for beside the output layer's weight gradient (Multi30k with the
     * peer's architecture: with half of them, the second core ended 25 ms after the loop). A fixed row, so that the
     * gradients' sums run in the same order whatever the threads' timing.
     */
    static int laterRows(Cache cache) {
        return cache.total - cache.total / 4;
    }

    /**
     * The decoder layers' weight (and bias) gradients of rows {@code [laterRows, total)}, as soon as
     * {@link #backwardSteps}, running on another thread, has finished them: for the second thread of a backward pass.
     */
    void backwardLaterWeights(Cache cache) {
        int from = laterRows(cache);
        while (cache.finishedFrom > from) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
        addWeightGradients(cache, from, cache.total);
    }

    /**
     * After {@link #backwardSteps}: the decoder layers' weight gradients of rows {@code [0, upTo)} (the rest came from
     * {@link #backwardLaterWeights}, or {@code upTo} is the total) and the target embedding's gradients.
     */
    void backwardWeights(Cache cache, int upTo) {
        Buffers buf = cache.buffers;
        int total = cache.total;
        INDArray gateGrads = buf.gates.rows(DataType.FLOAT, total, g4);
        INDArray embeddingGrads = buf.embeddingGrads.rows(DataType.FLOAT, total, e);
        FloatBuffer embeddingGradValues = Blas.floats(embeddingGrads).asBuffer();
        INDArray inputWeights = decoderInput.weight().value();
        // the embeddings' gradients: one product over all rows, then through the dropout masks
        org.seqlab.nn.Blas.gemm(total, e, g4, 1, gateGrads, 0, g4, false, inputWeights, 0, width, false, 0,
                embeddingGrads, 0, e);
        if (cache.dropped) {
            float[] dEmbedded = buf.embeddingRows;
            embeddingGradValues.get(0, dEmbedded, 0, total * e);
            float[] mask = buf.embeddingMask;
            for (int j = 0; j < total * e; j++) {
                dEmbedded[j] *= mask[j];
            }
            embeddingGradValues.put(0, dEmbedded, 0, total * e);
        }
        addWeightGradients(cache, 0, upTo);
        targetEmbedding.backward(new Embedding.Result(null, Arrays.copyOf(buf.ids, total)), embeddingGrads);
    }

    /** The weight and bias gradients of the decoder's three layers from rows {@code [from, to)}: one product each. */
    private void addWeightGradients(Cache cache, int from, int to) {
        int rows = to - from;
        if (rows <= 0) {
            return;
        }
        Buffers buf = cache.buffers;
        int total = cache.total;
        INDArray gateGrads = buf.gates.rows(DataType.FLOAT, total, g4);
        addLayerGradients(decoderInput, gateGrads, g4, buf.inputs.rows(DataType.FLOAT, total, width), width, from,
                rows);
        addLayerGradients(decoderHidden, gateGrads, g4, buf.hiddens.rows(DataType.FLOAT, total, hd), hd, from, rows);
        addLayerGradients(combine, buf.attendedGrads.rows(DataType.FLOAT, total, hd), hd,
                buf.joined.rows(DataType.FLOAT, total, joinedWidth), joinedWidth, from, rows);
    }

    /** {@code W.grad += g[rows]ᵀ · x[rows]} and {@code b.grad += Σ g[rows]} for rows {@code from .. from+rows-1}. */
    private static void addLayerGradients(Linear layer, INDArray g, int gWidth, INDArray x, int xWidth, int from,
            int rows) {
        org.seqlab.nn.Blas.gemm(gWidth, xWidth, rows, 1, g, (long) from * gWidth, gWidth, true, x,
                (long) from * xWidth, xWidth, false, 1, layer.weight().grad(), 0, xWidth);
        if (layer.bias() != null) {
            Seq2SeqModel.addColumnSums(g, from, rows, layer.bias().grad());
        }
    }
}
