package org.seqlab.seq2seq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqlab.SeqlabException;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.nn.kernel.Blas;
import org.seqlab.nn.kernel.FastMath;
import org.seqlab.nn.kernel.Int8Matrix;
import org.seqlab.nn.kernel.KernelThreads;
import org.seqlab.nn.kernel.LstmKernelF;
import org.seqlab.nn.kernel.WorkSections;
import org.seqlab.nn.FastExp;
import org.seqlab.nn.Dropout;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.GrowableArray;
import org.seqlab.nn.Linear;
import org.seqlab.nn.NativeArrays;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.ParameterSet;
import org.seqlab.random.Rng;
import org.seqlab.nn.SoftmaxCrossEntropy;
import org.seqlab.nn.attention.AdditiveAttention;
import org.seqlab.nn.attention.Attention;
import org.seqlab.nn.attention.AttentionMemory;
import org.seqlab.nn.attention.AttentionStep;
import org.seqlab.nn.attention.DotAttention;
import org.seqlab.nn.attention.GeneralAttention;
import org.seqlab.nn.recurrent.PaddedSequences;
import org.seqlab.nn.recurrent.RecurrentForward;
import org.seqlab.nn.recurrent.RecurrentStack;
import org.seqlab.nn.recurrent.RecurrentState;
import org.seqlab.seq2seq.decode.DecoderModel;
import org.seqlab.seq2seq.decode.DecoderStep;

/**
 * Attentional encoder-decoder (Luong et al. 2015) over token ids, with an explicit backward pass.
 *
 * <pre>
 * encoder  src emb → dropout → (bi)directional stacked LSTM/GRU ({@link RecurrentStack}, packed)
 * bridge   h0 = tanh(W_h [h_fwd; h_bwd] + b_h), c0 = tanh(W_c [c_fwd; c_bwd] + b_c)  (last encoder layer; c0 only
 *          for an LSTM decoder)
 * decoder  LSTM or GRU cell on [emb(y_{t-1}); ã_{t-1}] (input feeding, ã_0 = 0); attention(h_t) → c_t;
 *          ã_t = dropout(tanh(W_o [c_t; h_t])); logits = W_out ã_t + b_out (W_out optionally the target embedding)
 * loss     label-smoothed cross-entropy, mean over target tokens (pieces and the final &lt;/s&gt;)
 * </pre>
 * Ids follow {@link org.seqlab.vocab.Vocabulary}'s specials: 0 &lt;pad&gt;, 1 &lt;unk&gt;, 2 &lt;s&gt;, 3 &lt;/s&gt;.
 * Sources are given without &lt;/s&gt; (the model appends it), targets without &lt;s&gt; and &lt;/s&gt;.
 *
 * <p>The decoder runs step by step over the live-row prefix of a batch sorted by target length (longest first).
 * The element-wise cell work runs in double for float32 and float64 alike (one code path, checked in float64);
 * the data type follows the parameters. Immutable apart from parameter values; safe to share between threads.
 */
public final class Seq2SeqModel {
    public static final int PAD = 0;
    public static final int UNK = 1;
    public static final int BOS = 2;
    public static final int EOS = 3;

    private final TranslatorConfig config;
    private final boolean gruDecoder;
    private final boolean fastMath;
    private final DataType type;
    private static final LstmKernelF DECODER_CELL = new LstmKernelF();
    /** Whether decoding takes {@link #inferStep}: float32 with an LSTM decoder. */
    private final boolean inferenceFast;
    /** Set by {@link #freezeForInference} (float32): the encoder's input pre-activations per source token. */
    private volatile SourceGateCache sourceGates;
    /** The training logits' buffer, between a backward pass and the next forward pass (see {@link #forward}). */
    private final AtomicReference<GrowableArray> spareLogits = new AtomicReference<>();
    /** The float32 LSTM decoder's teacher-forced training pass; null where the general path serves. */
    private final DecoderTrainingPass trainingPass;
    /** The training pass's buffers, between a backward pass and the next forward pass. */
    private final AtomicReference<DecoderTrainingPass.Buffers> spareTrainingBuffers = new AtomicReference<>();
    private final int sourceVocabulary;
    private final int targetVocabulary;
    private final Embedding sourceEmbedding;
    private final Embedding targetEmbedding;
    private final RecurrentStack encoder;
    private final Linear bridgeHidden;
    private final Linear bridgeCell;
    private final Linear decoderInput;
    private final Linear decoderHidden;
    private final Attention attention;
    private final Linear combine;
    private final Parameter outWeight;
    private final Parameter outBias;
    private final Dropout dropout;
    private final SoftmaxCrossEntropy crossEntropy;
    private final ParameterSet parameters = new ParameterSet();

    public Seq2SeqModel(TranslatorConfig config, int sourceVocabulary, int targetVocabulary, DataType type, Rng rng) {
        if (sourceVocabulary <= EOS || targetVocabulary <= EOS) {
            throw new IllegalArgumentException("seq2seq: vocabularies need at least the 4 specials, got "
                    + sourceVocabulary + " and " + targetVocabulary);
        }
        if (config.tieEmbeddings() && config.embeddingSize() != config.decoderHidden()) {
            throw new IllegalArgumentException("seq2seq: tied embeddings need embeddingSize == decoderHidden");
        }
        this.config = config;
        this.gruDecoder = config.decoderCell() == org.seqlab.nn.recurrent.CellType.GRU;
        this.type = type;
        this.fastMath = type == DataType.FLOAT;
        this.inferenceFast = fastMath && !gruDecoder;
        this.sourceVocabulary = sourceVocabulary;
        this.targetVocabulary = targetVocabulary;
        int e = config.embeddingSize();
        int h = config.decoderHidden();
        int mem = config.memorySize();
        int encOut = config.encoderHidden() * (config.encoderBidirectional() ? 2 : 1);
        sourceEmbedding = Embedding.builder().setVocabularySize(sourceVocabulary).setDimension(e).setRng(rng)
                .optPaddingId(PAD).optDataType(type).optName("source embedding").build();
        targetEmbedding = Embedding.builder().setVocabularySize(targetVocabulary).setDimension(e).setRng(rng)
                .optPaddingId(PAD).optDataType(type).optName("target embedding").build();
        encoder = RecurrentStack.builder().setCell(config.encoderCell()).setInputSize(e)
                .setHiddenSize(config.encoderHidden()).optLayers(config.encoderLayers())
                .optBidirectional(config.encoderBidirectional()).optMaxLength(config.maxSourceLength() + 1)
                .optDataType(type).build(rng);
        bridgeHidden = linear("bridge hidden", encOut, h, true, rng);
        bridgeCell = gruDecoder ? null : linear("bridge cell", encOut, h, true, rng);
        int gates = config.decoderCell().gateBlocks();
        decoderInput = linear("decoder input", e + (config.inputFeeding() ? h : 0), gates * h, true, rng);
        // the GRU's candidate gate needs b_hn inside r ⊙ (W_hn h + b_hn), so its hidden product has a bias
        decoderHidden = linear("decoder hidden", h, gates * h, gruDecoder, rng);
        attention = switch (config.attention()) {
            case "additive" -> AdditiveAttention.create(h, mem, h, type, rng);
            case "dot" -> new DotAttention(mem);
            default -> GeneralAttention.create(h, mem, type, rng);
        };
        combine = linear("combine", mem + h, h, false, rng);
        outWeight = config.tieEmbeddings() ? targetEmbedding.weight()
                : Parameter.zeros("weight", type, targetVocabulary, h);
        outBias = Parameter.zeros("bias", type, targetVocabulary);
        dropout = new Dropout("seq2seq dropout", config.dropout());
        trainingPass = inferenceFast ? new DecoderTrainingPass(config, targetEmbedding, dropout, decoderInput,
                decoderHidden, attention, combine) : null;
        crossEntropy = SoftmaxCrossEntropy.builder().optLabelSmoothing(config.labelSmoothing())
                .optReduction(SoftmaxCrossEntropy.Reduction.MEAN).build();

        parameters.addAll("src_emb", sourceEmbedding.parameters());
        parameters.addAll("tgt_emb", targetEmbedding.parameters());
        parameters.addAll("encoder", encoder.parameters());
        parameters.addAll("bridge_h", bridgeHidden.parameters());
        if (!gruDecoder) {
            parameters.addAll("bridge_c", bridgeCell.parameters());
        }
        parameters.addAll("decoder.ih", decoderInput.parameters());
        parameters.addAll("decoder.hh", decoderHidden.parameters());
        parameters.addAll("attention", attention.parameters());
        parameters.addAll("combine", combine.parameters());
        ParameterSet out = new ParameterSet();
        if (!config.tieEmbeddings()) {
            out.add(outWeight);
        }
        out.add(outBias);
        parameters.addAll("out", out);
        // Luong et al.: every parameter uniform(-s, s); padding embedding rows stay zero
        for (Parameter p : parameters) {
            double[] v = new double[(int) p.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (2 * rng.nextDouble() - 1) * config.initScale();
            }
            NativeArrays.write(p.value(), v);
        }
        zeroRow(sourceEmbedding.weight(), PAD);
        zeroRow(targetEmbedding.weight(), PAD);
    }

    private Linear linear(String name, int in, int out, boolean bias, Rng rng) {
        return Linear.builder().setInputSize(in).setOutputSize(out).setRng(rng).optBias(bias).optDataType(type)
                .optName(name).build();
    }

    private static void zeroRow(Parameter p, int row) {
        double[] v = NativeArrays.read(p.value());
        int cols = (int) p.shape()[1];
        Arrays.fill(v, row * cols, (row + 1) * cols, 0.0);
        NativeArrays.write(p.value(), v);
    }

    public TranslatorConfig config() {
        return config;
    }

    public DataType dataType() {
        return type;
    }

    public int sourceVocabularySize() {
        return sourceVocabulary;
    }

    public int targetVocabularySize() {
        return targetVocabulary;
    }

    public ParameterSet parameters() {
        return parameters;
    }

    /** One sentence pair of ids: source without &lt;/s&gt;, target without &lt;s&gt; and &lt;/s&gt;. */
    public record Pair(int[] source, int[] target) {
    }

    /** Mean loss per target token of a batch, its token count, and what backward needs. */
    public static final class Forward {
        private final double loss;
        private final int tokens;
        private final Encoded encoded;
        private final List<Step> steps;
        private final INDArray outputs;
        private final INDArray logitsGrad;
        private final int[] order;
        /** The buffer under {@code logitsGrad}, handed back for the next forward pass by {@link #backward}. */
        private GrowableArray logitsBuffer;
        /** The training pass's cache where it ran ({@code steps} is then null). */
        private DecoderTrainingPass.Cache passCache;
        private boolean ranTrainingPass;
        /** The output bias's gradient where the loss summed it (float32), for {@link #backward} to add; else null. */
        private float[] outputBiasGrad;

        Forward(double loss, int tokens, Encoded encoded, List<Step> steps, INDArray outputs, INDArray logitsGrad,
                int[] order, GrowableArray logitsBuffer) {
            this.loss = loss;
            this.tokens = tokens;
            this.encoded = encoded;
            this.steps = steps;
            this.outputs = outputs;
            this.logitsGrad = logitsGrad;
            this.order = order;
            this.logitsBuffer = logitsBuffer;
        }

        /** Mean label-smoothed cross-entropy per target token. */
        public double loss() {
            return loss;
        }

        public int tokens() {
            return tokens;
        }

        /** Whether the float32 training pass ran the decoder (else the general path). */
        boolean ranTrainingPass() {
            return ranTrainingPass;
        }

        /** The batch's sentence order inside the model (by decreasing target length). */
        int[] order() {
            return order;
        }
    }

    /** Encoder results for a batch (rows in the caller's order). */
    static final class Encoded {
        final int[] lengths;
        final SequenceLayout layout;
        final Embedding.Result embedded;
        final Dropout.Result embeddedDropped;
        final RecurrentForward recurrent;
        final AttentionMemory memory;
        final Linear.Result bridgeH;
        final Linear.Result bridgeC;
        final double[] h0;
        final double[] c0;

        Encoded(int[] lengths, SequenceLayout layout, Embedding.Result embedded, Dropout.Result embeddedDropped,
                RecurrentForward recurrent, AttentionMemory memory, Linear.Result bridgeH,
                Linear.Result bridgeC, double[] h0, double[] c0) {
            this.lengths = lengths;
            this.layout = layout;
            this.embedded = embedded;
            this.embeddedDropped = embeddedDropped;
            this.recurrent = recurrent;
            this.memory = memory;
            this.bridgeH = bridgeH;
            this.bridgeC = bridgeC;
            this.h0 = h0;
            this.c0 = c0;
        }
    }

    /** One decoder step's cache for {@code n} live rows. */
    static final class Step {
        int n;
        Embedding.Result embedded;
        Dropout.Result embeddedDropped;
        Linear.Result input;
        Linear.Result hidden;
        double[] i, f, g, o, cPrev, tanhC, h;
        /** GRU decoder: reset, update and candidate gates, W_hn h + b_hn, and the previous hidden state. */
        double[] r, z, cand, hn, hPrev;
        AttentionStep attention;
        Linear.Result combined;
        double[] a;
        Dropout.Result aDropped;
    }

    private INDArray array(double[] values, long... shape) {
        INDArray a = Nd4j.createUninitialized(type, shape);
        NativeArrays.write(a, values);
        return a;
    }

    Encoded encode(int[][] sources, boolean training, Rng rng) {
        int batch = sources.length;
        int[] lengths = new int[batch];
        int[][] withEos = new int[batch][];
        for (int b = 0; b < batch; b++) {
            int[] s = sources[b];
            if (s.length + 1 > config.maxSourceLength() + 1) {
                throw new IllegalArgumentException("seq2seq: source " + b + " has " + s.length
                        + " pieces, more than maxSourceLength " + config.maxSourceLength());
            }
            withEos[b] = Arrays.copyOf(s, s.length + 1);
            withEos[b][s.length] = EOS;
            for (int id : s) {
                if (id < 0 || id >= sourceVocabulary) {
                    throw new IllegalArgumentException("seq2seq: source id " + id + " outside the vocabulary of "
                            + sourceVocabulary);
                }
            }
            lengths[b] = s.length + 1;
        }
        SequenceLayout layout = SequenceLayout.of(lengths);
        SourceGateCache cache = sourceGates;
        Embedding.Result emb = null;
        Dropout.Result embDrop = null;
        RecurrentForward rf;
        if (!training && cache != null) {
            // a frozen model: the first encoder layer's input pre-activations per token, nothing kept for backward
            rf = encoder.infer(layout, cache.planes(layout.pack(withEos), layout));
        } else {
            emb = sourceEmbedding.forward(layout.pack(withEos));
            embDrop = dropout.forward(emb.output(), training, rng);
            rf = encoder.forward(embDrop.output(), layout);
        }
        INDArray memory = PaddedSequences.unpack(rf.output(), layout, layout.maxLength());
        AttentionMemory am = attention.prepare(memory, lengths);
        INDArray hCat = lastLayer(rf.finalState().hidden());
        INDArray cCat = rf.finalState().cell() == null ? hCat : lastLayer(rf.finalState().cell());
        Linear.Result bh = bridgeHidden.forward(hCat);
        Linear.Result bc = gruDecoder ? null : bridgeCell.forward(cCat);
        double[] h0 = NativeArrays.read(bh.output());
        // a GRU decoder carries no cell state: c stays zero and unused
        double[] c0 = gruDecoder ? new double[h0.length] : NativeArrays.read(bc.output());
        tanhInPlace(h0);
        tanhInPlace(c0);
        return new Encoded(lengths, layout, emb, embDrop, rf, am, bh, bc, h0, c0);
    }

    /** [B, D*He]: the last layer's final states, forward then backward direction. */
    private INDArray lastLayer(INDArray states) {
        int d = config.encoderBidirectional() ? 2 : 1;
        int first = (config.encoderLayers() - 1) * d;
        INDArray[] parts = new INDArray[d];
        for (int k = 0; k < d; k++) {
            parts[k] = states.slice(first + k).dup('c');
        }
        return d == 1 ? parts[0] : Nd4j.hstack(parts);
    }

    private void tanhInPlace(double[] v) {
        byRows(v.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                v[i] = tanh(v[i]);
            }
        });
    }

    /** float32 models use the kernels' fast float32 tanh and sigmoid; float64 (gradient checks) the exact ones. */
    private double sigmoid(double x) {
        return fastMath ? FastMath.sigmoid((float) x) : 1.0 / (1.0 + Math.exp(-x));
    }

    private double tanh(double x) {
        return fastMath ? FastMath.tanh((float) x) : Math.tanh(x);
    }

    /**
     * One decoder step on the first {@code n} rows: advances {@code h, c, feed} (each n or more rows; the first n
     * are replaced) and returns the cache; {@code step.aDropped.output()} is the attentional vector fed onward.
     */
    private Step decoderStep(AttentionMemory memory, int n, int[] inputIds, double[] h, double[] c, double[] feed,
            boolean training, Rng rng) {
        int e = config.embeddingSize();
        int hd = config.decoderHidden();
        Step s = new Step();
        s.n = n;
        s.embedded = targetEmbedding.forward(Arrays.copyOf(inputIds, n));
        s.embeddedDropped = dropout.forward(s.embedded.output(), training, rng);
        double[] emb = NativeArrays.read(s.embeddedDropped.output());
        int width = e + (config.inputFeeding() ? hd : 0);
        double[] x = new double[n * width];
        for (int b = 0; b < n; b++) {
            System.arraycopy(emb, b * e, x, b * width, e);
            if (config.inputFeeding()) {
                System.arraycopy(feed, b * hd, x, b * width + e, hd);
            }
        }
        s.input = project(decoderInput, array(x, n, width));
        s.hidden = project(decoderHidden, array(Arrays.copyOf(h, n * hd), n, hd));
        double[] gates = NativeArrays.read(s.input.output());
        double[] hh = NativeArrays.read(s.hidden.output());
        if (gruDecoder) {
            gruCell(s, n, gates, hh, h);
        } else {
            lstmCell(s, n, gates, hh, h, c);
        }
        s.attention = attention.step(memory, array(s.h, n, hd));
        int mem = config.memorySize();
        double[] ctx = NativeArrays.read(s.attention.context());
        double[] ch = new double[n * (mem + hd)];
        for (int b = 0; b < n; b++) {
            System.arraycopy(ctx, b * mem, ch, b * (mem + hd), mem);
            System.arraycopy(s.h, b * hd, ch, b * (mem + hd) + mem, hd);
        }
        s.combined = project(combine, array(ch, n, mem + hd));
        s.a = NativeArrays.read(s.combined.output());
        tanhInPlace(s.a);
        s.aDropped = dropout.forward(array(s.a, n, hd), training, rng);
        double[] fed = NativeArrays.read(s.aDropped.output());
        System.arraycopy(fed, 0, feed, 0, n * hd);
        return s;
    }

    /** LSTM cell on the first n rows (gate order i, f, g, o): advances h and c, caches gates in s. */
    private void lstmCell(Step s, int n, double[] gates, double[] hh, double[] h, double[] c) {
        int hd = config.decoderHidden();
        s.i = new double[n * hd];
        s.f = new double[n * hd];
        s.g = new double[n * hd];
        s.o = new double[n * hd];
        s.cPrev = Arrays.copyOf(c, n * hd);
        s.tanhC = new double[n * hd];
        s.h = new double[n * hd];
        byRows(n, hd, (from, to) -> {
            for (int b = from; b < to; b++) {
                int row = b * 4 * hd;
                for (int k = 0; k < hd; k++) {
                    int j = b * hd + k;
                    double gi = sigmoid(gates[row + k] + hh[row + k]);
                    double gf = sigmoid(gates[row + hd + k] + hh[row + hd + k]);
                    double gg = tanh(gates[row + 2 * hd + k] + hh[row + 2 * hd + k]);
                    double go = sigmoid(gates[row + 3 * hd + k] + hh[row + 3 * hd + k]);
                    double cn = gf * s.cPrev[j] + gi * gg;
                    double tc = tanh(cn);
                    s.i[j] = gi;
                    s.f[j] = gf;
                    s.g[j] = gg;
                    s.o[j] = go;
                    s.tanhC[j] = tc;
                    s.h[j] = go * tc;
                    c[j] = cn;
                    h[j] = go * tc;
                }
            }
        });
    }

    /** Rows {@code [from, to)} of a pass over the output layer's rows, with a scratch row of the vocabulary's size. */
    interface RowPass {
        void run(int from, int to, float[] rowBuffer);
    }

    /** Below this many values a cell loop stays on the calling thread (handing work over costs a few µs). */
    private static final int PARALLEL_CELL_VALUES = 8192;

    /** A per-row loop over n rows of {@code width} values: two halves on two threads from n·width values on. */
    static void byRows(int n, int width, KernelThreads.RowRange body) {
        KernelThreads.byRows(n, (long) n * width, PARALLEL_CELL_VALUES, body);
    }

    /**
     * GRU cell on the first n rows (PyTorch: r, z, n; n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),
     * h' = (1 - z) ⊙ n + z ⊙ h): advances h, caches gates in s.
     */
    private void gruCell(Step s, int n, double[] gates, double[] hh, double[] h) {
        int hd = config.decoderHidden();
        s.r = new double[n * hd];
        s.z = new double[n * hd];
        s.cand = new double[n * hd];
        s.hn = new double[n * hd];
        s.hPrev = Arrays.copyOf(h, n * hd);
        s.h = new double[n * hd];
        for (int b = 0; b < n; b++) {
            int row = b * 3 * hd;
            for (int k = 0; k < hd; k++) {
                int j = b * hd + k;
                double r = sigmoid(gates[row + k] + hh[row + k]);
                double z = sigmoid(gates[row + hd + k] + hh[row + hd + k]);
                double hn = hh[row + 2 * hd + k];
                double cand = tanh(gates[row + 2 * hd + k] + r * hn);
                double next = (1 - z) * cand + z * s.hPrev[j];
                s.r[j] = r;
                s.z[j] = z;
                s.cand[j] = cand;
                s.hn[j] = hn;
                s.h[j] = next;
                h[j] = next;
            }
        }
    }

    private INDArray logits(INDArray a) {
        INDArray logits = Nd4j.createUninitialized(type, a.size(0), targetVocabulary);
        biasedProduct(a.dup('c'), outWeight.value(), outBias.value(), logits);
        return logits;
    }

    /** {@code out = x·Wᵀ + b}: b copied into every row, then the product added (no broadcast op, no second pass). */
    private void biasedProduct(INDArray x, INDArray weight, INDArray bias, INDArray out) {
        int rows = (int) out.size(0);
        int cols = (int) out.size(1);
        if (type == DataType.FLOAT) {
            float[] b = new float[cols];
            Blas.floats(bias).get(b, 0, cols);
            Blas.fillRows(Blas.floats(out), 0, rows, cols, cols, b);
        } else {
            double[] b = new double[cols];
            Blas.doubles(bias).get(b, 0, cols);
            Blas.fillRows(Blas.doubles(out), 0, rows, cols, cols, b);
        }
        gemm(x, false, weight, true, out, 1);
    }

    /**
     * {@code x·Wᵀ + b} of a decoder layer, as {@link Linear#forward} computes it but through {@link #gemm} (two
     * threads for large products) and without Linear's finiteness scan of the input (the decoder's inputs are its own
     * outputs; a non-finite loss still stops training).
     */
    private Linear.Result project(Linear layer, INDArray x) {
        INDArray out = Nd4j.createUninitialized(type, x.size(0), layer.outputSize());
        gemm(x, false, layer.weight().value(), true, out, 0);
        if (layer.bias() != null) {
            out.addiRowVector(layer.bias().value());
        }
        return new Linear.Result(out, x);
    }

    /** {@code dx = g·W} of a decoder layer ({@link Linear#inputGradient} through {@link #gemm}). */
    private INDArray inputGradient(Linear layer, INDArray g) {
        INDArray dx = Nd4j.createUninitialized(type, g.size(0), layer.inputSize());
        gemm(g, false, layer.weight().value(), false, dx, 0);
        return dx;
    }

    /** {@code dW += gᵀ·x}, {@code db += Σ_rows g} of a decoder layer ({@link Linear#accumulateGradients}). */
    static void accumulateGradients(Linear layer, INDArray x, INDArray g) {
        gemm(g, true, x, false, layer.weight().grad(), 1);
        if (layer.bias() != null) {
            addColumnSums(g, layer.bias().grad());
        }
    }

    /**
     * {@code grad += Σ_rows g}, as one matrix-vector product with a vector of ones: ND4J's {@code sum(0)} walked the
     * 8,000 columns of the logits' gradient with a stride and took 6 % of a training step.
     */
    private static void addColumnSums(INDArray g, INDArray grad) {
        INDArray dense = NativeArrays.dense(g);
        addColumnSums(dense, 0, (int) dense.size(0), grad);
    }

    /** {@code grad += Σ g[from .. from+rows-1]}, over some rows of a dense C-ordered {@code g}. */
    static void addColumnSums(INDArray g, int from, int rows, INDArray grad) {
        int n = (int) g.size(1);
        INDArray ones = Nd4j.ones(g.dataType(), rows);
        long at = (long) from * n;
        if (g.dataType() == DataType.FLOAT) {
            Blas.gemv(true, rows, n, 1f, Blas.floats(g), at, n, Blas.floats(ones), 0, 1f, Blas.floats(grad), 0);
        } else {
            Blas.gemv(true, rows, n, 1.0, Blas.doubles(g), at, n, Blas.doubles(ones), 0, 1.0, Blas.doubles(grad), 0);
        }
    }

    /**
     * {@code c = op(a)·op(b) + beta·c} on dense 2-D arrays of the model's type, straight through OpenBLAS (ND4J's
     * mmul took a slower generic path for the large output-layer products); large products run on two threads
     * ({@link org.seqlab.nn.Blas}): the output layer's three products per batch are most of the training time.
     */
    private static void gemm(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double beta) {
        org.seqlab.nn.Blas.gemm(a, transA, b, transB, c, 1, beta);
    }

    /** The arrays' rows stacked, in order. */
    private static INDArray rows(INDArray[] parts) {
        return parts.length == 1 ? parts[0] : Nd4j.concat(0, parts);
    }

    /** Greedy choice per row of {@code logits [n, V]}, never &lt;pad&gt; or &lt;s&gt;. */
    private static int[] argmax(INDArray logits) {
        int n = (int) logits.size(0);
        int v = (int) logits.size(1);
        double[] l = NativeArrays.read(logits);
        int[] best = new int[n];
        for (int b = 0; b < n; b++) {
            int arg = -1;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < v; k++) {
                if (k == PAD || k == BOS) {
                    continue;
                }
                if (arg < 0 || l[b * v + k] > max) {
                    max = l[b * v + k];
                    arg = k;
                }
            }
            best[b] = arg;
        }
        return best;
    }

    /**
     * Forward pass and loss of a batch (teacher forcing; with {@code samplingProbability > 0} each sentence is fed
     * its own previous greedy prediction with that probability, a constant input for the gradient).
     */
    public Forward forward(List<Pair> pairs, boolean training, double samplingProbability, Rng rng) {
        return forward(pairs, training, samplingProbability, rng, true);
    }

    /** {@link #forward}; {@code allowPass} false keeps to the general path (tests compare the two). */
    Forward forward(List<Pair> pairs, boolean training, double samplingProbability, Rng rng, boolean allowPass) {
        int batch = pairs.size();
        if (batch == 0) {
            throw new IllegalArgumentException("seq2seq: empty batch");
        }
        // decoder rows sorted by target length, longest first, so that live rows are a prefix
        int[] order = java.util.stream.IntStream.range(0, batch).boxed()
                .sorted((x, y) -> Integer.compare(pairs.get(y).target().length, pairs.get(x).target().length))
                .mapToInt(Integer::intValue).toArray();
        int[][] sources = new int[batch][];
        int[][] targets = new int[batch][];
        for (int b = 0; b < batch; b++) {
            sources[b] = pairs.get(order[b]).source();
            targets[b] = pairs.get(order[b]).target();
            for (int id : targets[b]) {
                if (id < 0 || id >= targetVocabulary) {
                    throw new IllegalArgumentException("seq2seq: target id " + id + " outside the vocabulary of "
                            + targetVocabulary);
                }
            }
        }
        WorkSections.enter("encoder_forward");
        Encoded enc = encode(sources, training, rng);
        WorkSections.enter("decoder_forward");
        int hd = config.decoderHidden();
        if (trainingPass != null && allowPass && samplingProbability == 0) {
            int total = 0;
            for (int[] t : targets) {
                total += t.length + 1;
            }
            DecoderTrainingPass.Buffers buffers = spareTrainingBuffers.getAndSet(null);
            if (buffers == null) {
                buffers = new DecoderTrainingPass.Buffers();
            }
            int[] gold = new int[total];
            DecoderTrainingPass.Cache cache = trainingPass.forward(buffers, enc.memory, enc.h0, enc.c0, targets, total,
                    gold, training, rng);
            Forward f = outputLayer(enc, null, DecoderTrainingPass.outputs(cache, hd), gold, order);
            f.passCache = cache;
            f.ranTrainingPass = true;
            return f;
        }
        int steps = targets[0].length + 1;
        double[] h = enc.h0.clone();
        double[] c = enc.c0.clone();
        double[] feed = new double[batch * hd];
        int total = 0;
        for (int[] t : targets) {
            total += t.length + 1;
        }
        double[] outputs = new double[total * hd];
        int[] gold = new int[total];
        List<Step> cache = new ArrayList<>(steps);
        int[] input = new int[batch];
        Arrays.fill(input, BOS);
        int offset = 0;
        for (int t = 0; t < steps; t++) {
            int n = 0;
            while (n < batch && targets[n].length + 1 > t) {
                n++;
            }
            Step s = decoderStep(enc.memory, n, input, h, c, feed, training, rng);
            cache.add(s);
            System.arraycopy(feed, 0, outputs, offset * hd, n * hd);
            for (int b = 0; b < n; b++) {
                gold[offset + b] = t < targets[b].length ? targets[b][t] : EOS;
            }
            offset += n;
            int[] predicted = samplingProbability > 0 && t + 1 < steps ? argmax(logits(array(s.a, n, hd))) : null;
            for (int b = 0; b < n; b++) {
                if (t < targets[b].length) {
                    boolean own = predicted != null && rng.nextDouble() < samplingProbability;
                    input[b] = own ? predicted[b] : targets[b][t];
                }
            }
        }
        return outputLayer(enc, cache, array(outputs, total, hd), gold, order);
    }

    /** The output layer and the loss over the decoder's output rows {@code outs} (gold ids row by row). */
    private Forward outputLayer(Encoded enc, List<Step> cache, INDArray outs, int[] gold, int[] order) {
        int total = gold.length;
        // The logits over the vocabulary are the largest array of a step (64 pairs: about 30 MB); allocating and
        // filling a fresh one, and another for its gradient, took a seventh of training. The gradient overwrites
        // the logits, in a buffer that the previous batch's backward pass handed back.
        GrowableArray buffer = spareLogits.getAndSet(null);
        if (buffer == null) {
            buffer = new GrowableArray(); // the first pass, or a second forward before the first one's backward
        }
        INDArray logits = buffer.rows(type, total, targetVocabulary);
        WorkSections.enter("output_forward");
        if (type == DataType.FLOAT) {
            // the bias joins each row in the loss's pass, which also sums the bias's gradient: no pass of its own
            // over the logits (a batch's largest array) before the product, nor over their gradient after it
            gemm(outs, false, outWeight.value(), true, logits, 0);
            WorkSections.enter("loss");
            float[] bias = new float[targetVocabulary];
            Blas.floats(outBias.value()).get(bias, 0, targetVocabulary);
            float[] biasGrad = new float[targetVocabulary];
            SoftmaxCrossEntropy.Result ce = crossEntropy.computeInPlace(logits, gold, null, bias, biasGrad);
            Forward f = new Forward(ce.loss(), ce.count(), enc, cache, outs, ce.logitsGrad(), order, buffer);
            f.outputBiasGrad = biasGrad;
            return f;
        }
        biasedProduct(outs, outWeight.value(), outBias.value(), logits);
        WorkSections.enter("loss");
        SoftmaxCrossEntropy.Result ce = crossEntropy.computeInPlace(logits, gold, null);
        return new Forward(ce.loss(), ce.count(), enc, cache, outs, ce.logitsGrad(), order, buffer);
    }

    /** Back-propagates a {@link #forward} result, accumulating (+=) every parameter gradient. */
    public void backward(Forward fwd) {
        if (fwd.logitsBuffer == null) {
            throw new IllegalStateException("backward already ran for this forward pass");
        }
        int hd = config.decoderHidden();
        int e = config.embeddingSize();
        int mem = config.memorySize();
        WorkSections.enter("output_backward");
        INDArray dLogits = fwd.logitsGrad;
        // With the training pass on two cores, the output layer's weight gradient (the largest product of the
        // backward pass), then the decoder's weight gradients of the last quarter of its rows, run on the second core
        // while this one goes back through the decoder's steps alone: the steps' few-row products and loops, split
        // over two threads, left both cores waiting at each hand-over.
        boolean overlap = fwd.passCache != null && Runtime.getRuntime().availableProcessors() > 1
                && !KernelThreads.runsInline();
        if (!overlap) {
            gemm(dLogits, true, fwd.outputs, false, outWeight.grad(), 1);
        }
        if (fwd.outputBiasGrad != null) {
            NativeArrays.addTo(outBias.grad(), fwd.outputBiasGrad);
        } else {
            addColumnSums(dLogits, outBias.grad());
        }
        if (config.tieEmbeddings()) {
            int[] all = new int[targetVocabulary];
            Arrays.setAll(all, k -> k);
            outWeight.markTouchedRows(all);
        }
        INDArray dOutputs = Nd4j.createUninitialized(type, fwd.outputs.size(0), fwd.outputs.size(1));
        gemm(dLogits, false, outWeight.value(), false, dOutputs, 0);
        Encoded enc = fwd.encoded;
        WorkSections.enter("decoder_backward");
        if (fwd.passCache != null) {
            double[][] d;
            if (overlap) {
                double[][][] steps = new double[1][][];
                DecoderTrainingPass.Cache cache = fwd.passCache;
                KernelThreads.runBoth(() -> steps[0] = trainingPass.backwardSteps(cache, dOutputs), () -> {
                    gemm(dLogits, true, fwd.outputs, false, outWeight.grad(), 1);
                    trainingPass.backwardLaterWeights(cache); // the later rows', once the loop is past them
                });
                d = steps[0];
                spareLogits.set(fwd.logitsBuffer); // dLogits is not read again
                fwd.logitsBuffer = null;
                trainingPass.backwardWeights(cache, DecoderTrainingPass.laterRows(cache));
            } else {
                spareLogits.set(fwd.logitsBuffer);
                fwd.logitsBuffer = null;
                d = trainingPass.backward(fwd.passCache, dOutputs);
            }
            spareTrainingBuffers.set(fwd.passCache.buffers);
            fwd.passCache = null;
            backwardBridgeAndEncoder(enc, d[0], d[1]);
            return;
        }
        spareLogits.set(fwd.logitsBuffer); // dLogits is not read again
        fwd.logitsBuffer = null;
        double[] dOut = NativeArrays.read(dOutputs);
        int batch = enc.lengths.length;
        int offset = 0;
        for (Step s : fwd.steps) {
            offset += s.n;
        }
        double[] dFeed = new double[batch * hd];
        double[] dh = new double[batch * hd];
        double[] dc = new double[batch * hd];
        int nNext = 0;
        int width = e + (config.inputFeeding() ? hd : 0);
        int steps = fwd.steps.size();
        INDArray[] gateGrads = new INDArray[steps];
        INDArray[] combineGrads = new INDArray[steps];
        // for an LSTM the hidden product's gradient equals the input product's; a GRU's differs in the candidate gate
        INDArray[] hiddenGateGrads = gruDecoder ? new INDArray[steps] : gateGrads;
        int gateWidth = config.decoderCell().gateBlocks() * hd;
        double[] dhDirect = new double[batch * hd];
        for (int t = steps - 1; t >= 0; t--) {
            Step s = fwd.steps.get(t);
            int n = s.n;
            offset -= n;
            double[] dA = new double[n * hd];
            for (int j = 0; j < n * hd; j++) {
                dA[j] = dOut[offset * hd + j] + (j < nNext * hd ? dFeed[j] : 0);
            }
            double[] dPre = NativeArrays.read(dropout.backward(s.aDropped, array(dA, n, hd)));
            for (int j = 0; j < dPre.length; j++) {
                dPre[j] *= 1 - s.a[j] * s.a[j];
            }
            INDArray dPreArray = array(dPre, n, hd);
            combineGrads[t] = dPreArray;
            double[] dCh = NativeArrays.read(inputGradient(combine, dPreArray));
            double[] dCtx = new double[n * mem];
            for (int b = 0; b < n; b++) {
                System.arraycopy(dCh, b * (mem + hd), dCtx, b * mem, mem);
            }
            double[] dQuery = NativeArrays.read(attention.backwardStep(s.attention, array(dCtx, n, mem)));
            double[] dGates = new double[n * gateWidth];
            double[] dcPrev = new double[n * hd];
            double[] dHiddenGates = gruDecoder ? new double[n * gateWidth] : dGates;
            for (int b = 0; gruDecoder && b < n; b++) {
                boolean carried = b < nNext;
                int row = b * gateWidth;
                for (int k = 0; k < hd; k++) {
                    int j = b * hd + k;
                    double dhj = dCh[b * (mem + hd) + mem + k] + dQuery[j] + (carried ? dh[j] : 0);
                    double r = s.r[j];
                    double z = s.z[j];
                    double cand = s.cand[j];
                    double dCandPre = dhj * (1 - z) * (1 - cand * cand);
                    double dRPre = dCandPre * s.hn[j] * r * (1 - r);
                    double dZPre = dhj * (s.hPrev[j] - cand) * z * (1 - z);
                    dGates[row + k] = dRPre;
                    dGates[row + hd + k] = dZPre;
                    dGates[row + 2 * hd + k] = dCandPre;
                    dHiddenGates[row + k] = dRPre;
                    dHiddenGates[row + hd + k] = dZPre;
                    dHiddenGates[row + 2 * hd + k] = dCandPre * r;
                    dhDirect[j] = dhj * z;
                }
            }
            for (int b = 0; !gruDecoder && b < n; b++) {
                boolean carried = b < nNext;
                int row = b * 4 * hd;
                for (int k = 0; k < hd; k++) {
                    int j = b * hd + k;
                    double dhj = dCh[b * (mem + hd) + mem + k] + dQuery[j] + (carried ? dh[j] : 0);
                    double tc = s.tanhC[j];
                    double dcj = (carried ? dc[j] : 0) + dhj * s.o[j] * (1 - tc * tc);
                    dGates[row + k] = dcj * s.g[j] * s.i[j] * (1 - s.i[j]);
                    dGates[row + hd + k] = dcj * s.cPrev[j] * s.f[j] * (1 - s.f[j]);
                    dGates[row + 2 * hd + k] = dcj * s.i[j] * (1 - s.g[j] * s.g[j]);
                    dGates[row + 3 * hd + k] = dhj * tc * s.o[j] * (1 - s.o[j]);
                    dcPrev[j] = dcj * s.f[j];
                }
            }
            INDArray dG = array(dGates, n, gateWidth);
            gateGrads[t] = dG;
            INDArray dHG = dG;
            if (gruDecoder) {
                dHG = array(dHiddenGates, n, gateWidth);
                hiddenGateGrads[t] = dHG;
            }
            double[] dx = NativeArrays.read(inputGradient(decoderInput, dG));
            double[] dhPrev = NativeArrays.read(inputGradient(decoderHidden, dHG));
            if (gruDecoder) {
                for (int j = 0; j < n * hd; j++) {
                    dhPrev[j] += dhDirect[j];
                }
            }
            double[] dEmb = new double[n * e];
            for (int b = 0; b < n; b++) {
                System.arraycopy(dx, b * width, dEmb, b * e, e);
                if (config.inputFeeding()) {
                    System.arraycopy(dx, b * width + e, dFeed, b * hd, hd);
                }
            }
            targetEmbedding.backward(s.embedded, dropout.backward(s.embeddedDropped, array(dEmb, n, e)));
            System.arraycopy(dhPrev, 0, dh, 0, n * hd);
            System.arraycopy(dcPrev, 0, dc, 0, n * hd);
            nNext = n;
        }
        // the decoder's weight gradients: one GEMM over all steps' rows instead of one per step
        INDArray[] inputs = new INDArray[steps];
        INDArray[] hiddens = new INDArray[steps];
        INDArray[] combined = new INDArray[steps];
        for (int t = 0; t < steps; t++) {
            Step s = fwd.steps.get(t);
            inputs[t] = s.input.input();
            hiddens[t] = s.hidden.input();
            combined[t] = s.combined.input();
        }
        INDArray allGates = rows(gateGrads);
        accumulateGradients(decoderInput, rows(inputs), allGates);
        accumulateGradients(decoderHidden, rows(hiddens), gruDecoder ? rows(hiddenGateGrads) : allGates);
        accumulateGradients(combine, rows(combined), rows(combineGrads));
        backwardBridgeAndEncoder(enc, dh, dc);
    }

    /** The bridge's and the encoder's backward pass from the gradients of the decoder's initial states. */
    private void backwardBridgeAndEncoder(Encoded enc, double[] dh, double[] dc) {
        WorkSections.enter("encoder_backward");
        int hd = config.decoderHidden();
        int batch = enc.lengths.length;
        // bridge: all rows are live at step 0
        for (int j = 0; j < batch * hd; j++) {
            dh[j] *= 1 - enc.h0[j] * enc.h0[j];
            dc[j] *= 1 - enc.c0[j] * enc.c0[j];
        }
        INDArray dhCat = bridgeHidden.backward(enc.bridgeH, array(dh, batch, hd));
        INDArray dcCat = gruDecoder ? null : bridgeCell.backward(enc.bridgeC, array(dc, batch, hd));
        boolean hasCell = enc.recurrent.finalState().cell() != null;
        if (!hasCell && dcCat != null) {
            dhCat = dhCat.add(dcCat);
        }
        int dirs = config.encoderBidirectional() ? 2 : 1;
        int he = config.encoderHidden();
        int slices = config.encoderLayers() * dirs;
        INDArray dHidden = Nd4j.create(type, slices, batch, he);
        INDArray dCell = hasCell ? Nd4j.create(type, slices, batch, he) : null;
        int first = (config.encoderLayers() - 1) * dirs;
        for (int d = 0; d < dirs; d++) {
            INDArrayIndex[] cols = {NDArrayIndex.all(), NDArrayIndex.interval(d * he, (d + 1) * he)};
            dHidden.slice(first + d).assign(dhCat.get(cols));
            if (hasCell && dcCat != null) {
                dCell.slice(first + d).assign(dcCat.get(cols));
            }
        }
        INDArray dMemory = attention.finishBackward(enc.memory);
        INDArray dEncoded = PaddedSequences.pack(dMemory, enc.layout);
        INDArray dInput = encoder.backward(enc.recurrent, dEncoded, new RecurrentState(dHidden, dCell)).input();
        sourceEmbedding.backward(enc.embedded, dropout.backward(enc.embeddedDropped, dInput));
    }

    /**
     * Declares the parameters final (a loaded translator): the encoder transposes its W_hh once instead of per batch,
     * and a float32 model encodes with its first layer's input pre-activations read per source token from a cache
     * ({@link SourceGateCache}, each token's values computed for it alone). Training afterwards is refused (the
     * encoder's backward pass); the parameters must not change in any other way either. Idempotent; not for use while
     * other threads run the model.
     */
    public void freezeForInference() {
        encoder.freezeForInference();
        if (type == DataType.FLOAT && sourceGates == null) {
            sourceGates = new SourceGateCache(sourceEmbedding, encoder, (long) SourceGateCache.DEFAULT_MEBIBYTES << 20);
        }
    }

    /** Source tokens whose encoder input pre-activations are cached (0 before {@link #freezeForInference}). */
    int cachedSourceTokens() {
        SourceGateCache cache = sourceGates;
        return cache == null ? 0 : cache.size();
    }

    /**
     * The decoder as {@link org.seqlab.seq2seq.decode.GreedySearch} and {@link org.seqlab.seq2seq.decode.BeamSearch}
     * drive it (inference: no dropout). Sources are given without &lt;/s&gt;.
     */
    public DecoderModel<DecodeState> decoder() {
        return new Decoder(inferenceFast, null);
    }

    /**
     * {@link #decoder()}, with {@code int8} the decoder step's products (gates, attentional layer, output layer) in
     * int8 ({@link Int8Matrix}: weights quantised once per model, from their values when first asked for; input rows
     * per step). Needs a float32 LSTM decoder and a CPU with VNNI; faster, and a little less exact.
     */
    public DecoderModel<DecodeState> decoder(boolean int8) {
        if (!int8) {
            return decoder();
        }
        if (!inferenceFast) {
            throw new SeqlabException("int8 decoding needs a float32 model with an LSTM decoder");
        }
        return new Decoder(true, int8Products());
    }

    /** The decoder's three products as int8 matrices, quantised on first use. */
    record Int8Products(Int8Matrix gates, Int8Matrix combine, float[] combineBias, Int8Matrix output) {
    }

    private volatile Int8Products int8Products;

    private Int8Products int8Products() {
        Int8Products p = int8Products;
        if (p == null) {
            synchronized (this) {
                p = int8Products;
                if (p == null) {
                    p = quantiseDecoder();
                    int8Products = p;
                }
            }
        }
        return p;
    }

    private Int8Products quantiseDecoder() {
        Int8Matrix.requireSupported();
        int hd = config.decoderHidden();
        int g4 = 4 * hd;
        int width = config.embeddingSize() + (config.inputFeeding() ? hd : 0);
        // [W_ih | W_hh]: one product over the row [embedding | fed vector | h]
        float[] wi = floats(decoderInput.weight().value());
        float[] wh = floats(decoderHidden.weight().value());
        float[] joinedGates = new float[g4 * (width + hd)];
        for (int o = 0; o < g4; o++) {
            System.arraycopy(wi, o * width, joinedGates, o * (width + hd), width);
            System.arraycopy(wh, o * hd, joinedGates, o * (width + hd) + width, hd);
        }
        int mem = config.memorySize();
        Int8Matrix gates = Int8Matrix.quantize(joinedGates, g4, width + hd);
        Int8Matrix comb = Int8Matrix.quantize(floats(combine.weight().value()), hd, mem + hd);
        float[] combBias = combine.bias() == null ? null : floats(combine.bias().value());
        Int8Matrix out = Int8Matrix.quantize(floats(outWeight.value()), targetVocabulary, hd);
        return new Int8Products(gates, comb, combBias, out);
    }

    private static float[] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** The decoder through the training path's step ({@link #decoderStep}) even where {@link #inferStep} applies. */
    DecoderModel<DecodeState> trainingPathDecoder() {
        return new Decoder(false, null);
    }

    /**
     * Per row: which source it reads, its hidden and cell states and its input-feeding vector. The attention memory
     * is prepared for the current row-to-source mapping and prepared again only when a reorder changes that mapping
     * (a beam's rows keep their source; finished sources drop out).
     */
    public static final class DecodeState {
        final Encoded encoded;
        final int[] rowSource;
        final AttentionMemory memory;
        // per row: hidden, cell, fed vector; float64 on the training path's decoder, float32 on inferStep's
        final double[] h;
        final double[] c;
        final double[] feed;
        final float[] floatH;
        final float[] floatC;
        final float[] floatFeed;
        final DecodeScratch scratch;

        DecodeState(Encoded encoded, int[] rowSource, AttentionMemory memory, double[] h, double[] c, double[] feed,
                DecodeScratch scratch) {
            this(encoded, rowSource, memory, h, c, feed, null, null, null, scratch);
        }

        DecodeState(Encoded encoded, int[] rowSource, AttentionMemory memory, float[] h, float[] c, float[] feed,
                DecodeScratch scratch) {
            this(encoded, rowSource, memory, null, null, null, h, c, feed, scratch);
        }

        private DecodeState(Encoded encoded, int[] rowSource, AttentionMemory memory, double[] h, double[] c,
                double[] feed, float[] floatH, float[] floatC, float[] floatFeed, DecodeScratch scratch) {
            this.scratch = scratch;
            this.encoded = encoded;
            this.rowSource = rowSource;
            this.memory = memory;
            this.h = h;
            this.c = c;
            this.feed = feed;
            this.floatH = floatH;
            this.floatC = floatC;
            this.floatFeed = floatFeed;
        }

        public int rows() {
            return rowSource.length;
        }
    }

    /**
     * One search's reused buffers for the output layer: the logits of up to {@code capacity} rows (native, written
     * by one GEMM per step) and the rows of log-probabilities handed to the search (which copies what it keeps).
     */
    final class DecodeScratch {
        // inferStep's native rows and heap copies, grown on demand (one decode call, one thread)
        private final GrowableArray input = new GrowableArray();
        private final GrowableArray hidden = new GrowableArray();
        private final GrowableArray gates = new GrowableArray();
        private final GrowableArray joined = new GrowableArray();
        private final GrowableArray attended = new GrowableArray();
        private float[] inputRows = new float[0];
        private float[] gateRows = new float[0];
        private float[] joinedRows = new float[0];
        private float[] attendedRows = new float[0];
        private final float[][] gatePlanes = new float[4][0];
        private float[] tanhC = new float[0];

        /** The four gate planes (and the tanh(c) plane), each at least {@code values} long. */
        float[][] planes(int values) {
            if (tanhC.length < values) {
                int size = values * 3 / 2;
                for (int g = 0; g < 4; g++) {
                    gatePlanes[g] = new float[size];
                }
                tanhC = new float[size];
            }
            return gatePlanes;
        }
        /** b_ih + b_hh of the decoder LSTM, as the gate rows start (null: neither layer has a bias). */
        private float[] gateBias;
        private boolean gateBiasRead;
        private INDArray logits;
        private float[][] logProbs = new float[0][];
        private final float[][] rowBuffers = new float[2][];
        private double[] bias;
        private float[] floatBias;

        private Int8Matrix.Buffers int8Buffers;
        private float[] int8Logits = new float[0];

        Int8Matrix.Buffers int8Buffers() {
            if (int8Buffers == null) {
                int8Buffers = new Int8Matrix.Buffers();
            }
            return int8Buffers;
        }

        /** {@link #logProbs} with the output layer an int8 product of the step's attentional rows. */
        float[][] int8LogProbs(Int8Matrix output, int n) {
            int v = targetVocabulary;
            growRows(n);
            if (int8Logits.length < n * v) {
                int8Logits = new float[n * v * 3 / 2];
            }
            float[] logitRows = int8Logits;
            output.multiply(attendedRows, n, floatBias, logitRows, v, int8Buffers());
            overRows(n, (from, to, terms) -> int8SoftmaxRows(from, to, logitRows, terms));
            return logProbs.length == n ? logProbs : Arrays.copyOf(logProbs, n);
        }

        private void int8SoftmaxRows(int from, int to, float[] logitRows, float[] terms) {
            int v = targetVocabulary;
            for (int r = from; r < to; r++) {
                float[] row = logProbs[r];
                System.arraycopy(logitRows, r * v, row, 0, v);
                logSoftmaxInPlace(row, terms);
                row[PAD] = Float.NEGATIVE_INFINITY;
                row[BOS] = Float.NEGATIVE_INFINITY;
            }
        }

        /** The bias (float copy), the row buffers and at least {@code n} rows of log-probabilities. */
        private void growRows(int n) {
            int v = targetVocabulary;
            if (floatBias == null) {
                bias = NativeArrays.read(outBias.value());
                floatBias = new float[v];
                for (int k = 0; k < v; k++) {
                    floatBias[k] = (float) bias[k];
                }
                rowBuffers[0] = new float[v];
                rowBuffers[1] = new float[v];
            }
            if (logProbs.length < n) {
                float[][] grown = Arrays.copyOf(logProbs, n);
                for (int r = logProbs.length; r < n; r++) {
                    grown[r] = new float[v];
                }
                logProbs = grown;
            }
        }

        /** Log-softmax over the vocabulary of {@code a [n, hd]}'s logits; pad and {@code <s>} get -infinity. */
        float[][] logProbs(INDArray a, int n) {
            int v = targetVocabulary;
            if (logits == null || logits.size(0) < n) {
                logits = Nd4j.createUninitialized(type, n, v);
            }
            growRows(n);
            INDArray dense = Blas.isDensePrefix(a) ? a : a.dup('c');
            int hd = config.decoderHidden();
            // the first n rows of the reused logits buffer
            org.seqlab.nn.Blas.gemm(dense, 0, n, hd, false, outWeight.value(), 0, v, hd, true, logits, 0, n, v, 1, 0);
            double[] doubles = type == DataType.FLOAT ? null : NativeArrays.read(logits);
            overRows(n, (from, to, terms) -> logSoftmaxRows(from, to, doubles, terms));
            return logProbs.length == n ? logProbs : Arrays.copyOf(logProbs, n);
        }

        /**
         * A per-row pass over the vocabulary, on two threads from 16 rows on (after the GEMM, these passes are most
         * of a beam step), each half with its own row buffer.
         */
        private void overRows(int n, RowPass pass) {
            if (n < 16) {
                pass.run(0, n, rowBuffers[0]);
            } else {
                int half = n / 2;
                KernelThreads.runBoth(() -> pass.run(0, half, rowBuffers[0]), () -> pass.run(half, n, rowBuffers[1]));
            }
        }

        /** Rows {@code [from, to)}: logits (+ bias) to log-probabilities, read through a pointer of this thread. */
        private void logSoftmaxRows(int from, int to, double[] doubles, float[] rowBuffer) {
            int v = targetVocabulary;
            FloatPointer floats = doubles == null ? Blas.floats(logits) : null;
            for (int r = from; r < to; r++) {
                float[] row = logProbs[r];
                if (floats != null) {
                    floatRow(floats, r, row, rowBuffer);
                } else {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int k = 0; k < v; k++) {
                        double x = doubles[r * v + k] + bias[k];
                        row[k] = (float) x;
                        max = Math.max(max, x);
                    }
                    double sum = 0;
                    for (int k = 0; k < v; k++) {
                        sum += Math.exp(row[k] - max);
                    }
                    float logZ = (float) (max + Math.log(sum));
                    for (int k = 0; k < v; k++) {
                        row[k] = Math.min(0f, row[k] - logZ);
                    }
                }
                row[PAD] = Float.NEGATIVE_INFINITY;
                row[BOS] = Float.NEGATIVE_INFINITY;
            }
        }

        /**
         * One float32 row: loops C2 vectorises (the exponentials by {@link FastExp#expShifted}), which took the
         * log-softmax from 36 % of a beam step to a few (docs/translator.md).
         */
        private void floatRow(FloatPointer floats, int r, float[] row, float[] terms) {
            int v = targetVocabulary;
            floats.position((long) r * v).get(row, 0, v);
            for (int k = 0; k < v; k++) {
                row[k] += floatBias[k];
            }
            logSoftmaxInPlace(row, terms);
        }

        /** Logits (bias included) to log-probabilities in place; {@code terms} is scratch of the row's length. */
        private void logSoftmaxInPlace(float[] row, float[] terms) {
            int v = targetVocabulary;
            float max = FastExp.max(row, 0, v);
            FastExp.expShifted(row, terms, 0, v, max);
            float logZ = (float) (max + Math.log(FastExp.sum(terms, 0, v)));
            for (int k = 0; k < v; k++) {
                row[k] = Math.min(0f, row[k] - logZ);
            }
        }
    }

    /**
     * One decoder step for inference on a float32 LSTM decoder: {@link #decoderStep}'s arithmetic without what
     * training needs. Each input and output row lives in the scratch's reused native buffers (no array allocated per
     * step), the two gate products add into rows that start as b_ih + b_hh, the cell runs in float32 without caching
     * its gates, and attention reads the new hidden state directly ({@link Attention#inferStep}). The output
     * {@code tanh(W_c [context; h])} is left in {@code scratch.attended} for the logits; h, c and the fed vector are
     * advanced in place. The same outputs as {@link #decoderStep} up to float32 rounding
     * ({@code Seq2SeqModelTest}); about half a beam step's time went to that path's array traffic.
     */
    private AttentionStep inferStep(AttentionMemory memory, int n, int[] inputIds, float[] h, float[] c,
            float[] feed, DecodeScratch sc, Int8Products int8) {
        int e = config.embeddingSize();
        int hd = config.decoderHidden();
        int mem = config.memorySize();
        boolean feeding = config.inputFeeding();
        int width = e + (feeding ? hd : 0);
        int g4 = 4 * hd;

        if (sc.gateRows.length < n * g4) {
            sc.gateRows = new float[n * g4 * 3 / 2];
        }
        float[] gate = sc.gateRows;
        if (!sc.gateBiasRead) {
            sc.gateBias = gateBias(decoderInput, decoderHidden, g4);
            sc.gateBiasRead = true;
        }
        if (sc.joinedRows.length < n * (mem + hd)) {
            sc.joinedRows = new float[n * (mem + hd) * 3 / 2];
        }
        float[] joined = sc.joinedRows; // [context | h], filled below
        if (int8 != null) {
            // gates = b + [embedding | fed vector | h]·[W_ih | W_hh]ᵀ, one int8 product
            int k = width + hd;
            if (sc.inputRows.length < n * k) {
                sc.inputRows = new float[n * k * 3 / 2];
            }
            float[] x = sc.inputRows;
            targetEmbedding.gatherInto(inputIds, n, x, 0, k);
            for (int b = 0; b < n; b++) {
                if (feeding) {
                    System.arraycopy(feed, b * hd, x, b * k + e, hd);
                }
                System.arraycopy(h, b * hd, x, b * k + width, hd);
            }
            int8.gates().multiply(x, n, sc.gateBias, gate, g4, sc.int8Buffers());
        } else {
            floatGates(n, inputIds, h, feed, sc, gate);
        }

        // the cell (gate order i, f, g, o) on gate planes, the float32 kernel's loops, which C2 vectorises: one
        // index for every array (row-major gate rows would need per-gate offsets, and loops with several offsets
        // into float arrays stay scalar)
        int values = n * hd;
        float[][] planes = sc.planes(values);
        for (int b = 0; b < n; b++) {
            for (int g = 0; g < 4; g++) {
                System.arraycopy(gate, b * g4 + g * hd, planes[g], b * hd, hd);
            }
        }
        float[] tanhC = sc.tanhC;
        byRows(n, hd, (from, to) -> DECODER_CELL.forward(from * hd, to * hd, planes, tanhC, h, c, h, c));
        for (int b = 0; b < n; b++) {
            System.arraycopy(h, b * hd, joined, b * (mem + hd) + mem, hd);
        }

        AttentionStep step = attention.inferStepFloat(memory, Arrays.copyOf(h, n * hd), n);
        for (int b = 0; b < n; b++) {
            step.copyContextRow(b, joined, b * (mem + hd));
        }
        if (sc.attendedRows.length < n * hd) {
            sc.attendedRows = new float[n * hd * 3 / 2];
        }
        float[] out = sc.attendedRows;
        FloatPointer ap = null; // the float32 path's native rows, which its output layer reads
        if (int8 != null) {
            int8.combine().multiply(joined, n, int8.combineBias(), out, hd, sc.int8Buffers());
        } else {
            INDArray joinedArray = sc.joined.rows(type, n, mem + hd);
            Blas.floats(joinedArray).put(joined, 0, n * (mem + hd));
            INDArray attendedArray = sc.attended.rows(type, n, hd);
            if (combine.bias() != null) {
                biasedProduct(joinedArray, combine.weight().value(), combine.bias().value(), attendedArray);
            } else {
                gemm(joinedArray, false, combine.weight().value(), true, attendedArray, 0);
            }
            ap = Blas.floats(attendedArray);
            ap.get(out, 0, n * hd);
        }
        for (int j = 0; j < n * hd; j++) {
            float t = FastMath.tanh(out[j]);
            out[j] = t;
            feed[j] = t;
        }
        if (ap != null) {
            ap.position(0).put(out, 0, n * hd);
        }
        return step;
    }

    /** gates = b + x·W_ihᵀ + h·W_hhᵀ in float32 products, read into {@code gate}. */
    private void floatGates(int n, int[] inputIds, float[] h, float[] feed, DecodeScratch sc, float[] gate) {
        int e = config.embeddingSize();
        int hd = config.decoderHidden();
        boolean feeding = config.inputFeeding();
        int width = e + (feeding ? hd : 0);
        int g4 = 4 * hd;
        // [embedding | fed vector] and h, as float rows in native buffers
        if (sc.inputRows.length < n * width) {
            sc.inputRows = new float[n * width * 3 / 2];
        }
        float[] x = sc.inputRows;
        targetEmbedding.gatherInto(inputIds, n, x, 0, width);
        if (feeding) {
            for (int b = 0; b < n; b++) {
                System.arraycopy(feed, b * hd, x, b * width + e, hd);
            }
        }
        INDArray xRows = sc.input.rows(type, n, width);
        Blas.floats(xRows).put(x, 0, n * width);
        INDArray hRows = sc.hidden.rows(type, n, hd);
        Blas.floats(hRows).put(h, 0, n * hd);

        INDArray gateArray = sc.gates.rows(type, n, g4);
        if (sc.gateBias != null) {
            Blas.fillRows(Blas.floats(gateArray), 0, n, g4, g4, sc.gateBias);
        }
        double beta = sc.gateBias != null ? 1 : 0;
        gemm(xRows, false, decoderInput.weight().value(), true, gateArray, beta);
        gemm(hRows, false, decoderHidden.weight().value(), true, gateArray, 1);
        Blas.floats(gateArray).get(gate, 0, n * g4);
    }

    /** b_ih + b_hh of the decoder's gates as float32, or null when neither layer has a bias. */
    static float[] gateBias(Linear input, Linear hidden, int width) {
        if (input.bias() == null && hidden.bias() == null) {
            return null;
        }
        float[] sum = new float[width];
        for (Linear layer : new Linear[] {input, hidden}) {
            if (layer.bias() != null) {
                float[] b = new float[width];
                Blas.floats(layer.bias().value()).get(b, 0, width);
                for (int k = 0; k < width; k++) {
                    sum[k] += b[k];
                }
            }
        }
        return sum;
    }

    private final class Decoder implements DecoderModel<DecodeState> {
        private final boolean fast;
        private final Int8Products int8; // null: float products

        Decoder(boolean fast, Int8Products int8) {
            this.fast = fast;
            this.int8 = int8;
        }

        @Override
        public int startToken() {
            return BOS;
        }

        @Override
        public int endToken() {
            return EOS;
        }

        @Override
        public DecodeState init(int[][] sources) {
            Encoded enc = encode(sources, false, null);
            int[] rows = new int[sources.length];
            Arrays.setAll(rows, k -> k);
            int values = sources.length * config.decoderHidden();
            if (fast) {
                float[] h = new float[values];
                float[] c = new float[values];
                for (int j = 0; j < values; j++) {
                    h[j] = (float) enc.h0[j];
                    c[j] = (float) enc.c0[j];
                }
                return new DecodeState(enc, rows, enc.memory, h, c, new float[values], new DecodeScratch());
            }
            return new DecodeState(enc, rows, enc.memory, enc.h0.clone(), enc.c0.clone(), new double[values],
                    new DecodeScratch());
        }

        @Override
        public DecoderStep<DecodeState> step(DecodeState state, int[] previousTokens) {
            int n = state.rows();
            int hd = config.decoderHidden();
            AttentionStep attended;
            INDArray a;
            DecodeState next;
            if (fast) {
                float[] h = state.floatH.clone();
                float[] c = state.floatC.clone();
                float[] feed = state.floatFeed.clone();
                attended = inferStep(state.memory, n, previousTokens, h, c, feed, state.scratch, int8);
                a = int8 != null ? null : state.scratch.attended.rows(type, n, hd);
                next = new DecodeState(state.encoded, state.rowSource, state.memory, h, c, feed, state.scratch);
            } else {
                double[] h = state.h.clone();
                double[] c = state.c.clone();
                double[] feed = state.feed.clone();
                Step s = decoderStep(state.memory, n, previousTokens, h, c, feed, false, null);
                attended = s.attention;
                a = s.aDropped.output();
                next = new DecodeState(state.encoded, state.rowSource, state.memory, h, c, feed, state.scratch);
            }
            float[][] logProbs = int8 != null ? state.scratch.int8LogProbs(int8.output(), n)
                    : state.scratch.logProbs(a, n);
            float[][] weights = new float[n][];
            for (int r = 0; r < n; r++) {
                weights[r] = attended.weightRow(r);
            }
            return new DecoderStep<>(next, logProbs, weights);
        }

        @Override
        public DecodeState reorder(DecodeState state, int[] parentRows) {
            int hd = config.decoderHidden();
            int n = parentRows.length;
            int[] rowSource = new int[n];
            for (int j = 0; j < n; j++) {
                rowSource[j] = state.rowSource[parentRows[j]];
            }
            AttentionMemory memory = state.memory;
            if (!Arrays.equals(rowSource, state.rowSource)) {
                // the sources' rows of the memory prepared once at init (rowSource holds source indices): no new
                // projection of the keys each time a beam expands or a source finishes
                memory = state.encoded.memory.selectRows(rowSource);
            }
            if (state.floatH != null) {
                return new DecodeState(state.encoded, rowSource, memory, selectRows(state.floatH, parentRows, hd),
                        selectRows(state.floatC, parentRows, hd), selectRows(state.floatFeed, parentRows, hd),
                        state.scratch);
            }
            return new DecodeState(state.encoded, rowSource, memory, selectRows(state.h, parentRows, hd),
                    selectRows(state.c, parentRows, hd), selectRows(state.feed, parentRows, hd), state.scratch);
        }

        private static double[] selectRows(double[] values, int[] rows, int width) {
            double[] out = new double[rows.length * width];
            for (int j = 0; j < rows.length; j++) {
                System.arraycopy(values, rows[j] * width, out, j * width, width);
            }
            return out;
        }

        private static float[] selectRows(float[] values, int[] rows, int width) {
            float[] out = new float[rows.length * width];
            for (int j = 0; j < rows.length; j++) {
                System.arraycopy(values, rows[j] * width, out, j * width, width);
            }
            return out;
        }
    }
}
