package org.seqlab.lm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.SeqlabException;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.bundle.AtomicFiles;
import org.seqlab.bundle.ModelBundle;
import org.seqlab.bundle.TensorStorage;
import org.seqlab.lm.sampling.StepModel;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.Linear;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.init.Init;
import org.seqlab.nn.ParameterSet;
import org.seqlab.random.Rng;
import org.seqlab.nn.SoftmaxCrossEntropy;
import org.seqlab.nn.recurrent.RecurrentForward;
import org.seqlab.nn.recurrent.RecurrentGradients;
import org.seqlab.nn.recurrent.RecurrentStack;
import org.seqlab.nn.recurrent.RecurrentState;
import org.seqlab.train.TruncatedBptt;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * A recurrent language model over characters or BPE pieces ({@link LmTokens}): embedding → unidirectional stacked
 * recurrent layers ({@link RecurrentStack}, LSTM, GRU or Elman) → output layer → softmax cross-entropy over the next
 * token. The output layer is a {@link Linear} of its own, or with {@link LmConfig#tieEmbeddings()} the embedding matrix
 * itself (logits = h·Eᵀ + b; its gradient gathers both uses). Parameters are named {@code embedding.weight},
 * {@code rnn.weight_ih_l0}, ..., {@code output.weight} (absent when tied), {@code output.bias}.
 *
 * <p>Immutable apart from parameter values, and safe to share between threads: the recurrent state is the caller's
 * ({@link RecurrentState}, {@code [layers, streams, H]}), carried from window to window by truncated BPTT in training
 * ({@link #forwardBackward}), by {@link #crossEntropy} in evaluation, by a {@link LmSession} in streaming and by the
 * {@link #stepModel()} in generation.
 */
public final class LanguageModel {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final LmConfig config;
    private final LmTokens tokens;
    private final Embedding embedding;
    private final RecurrentStack rnn;
    /** The untied output layer; null when tied. */
    private final Linear output;
    /** The tied output layer's bias; null when untied. */
    private final Parameter tiedBias;
    private final SoftmaxCrossEntropy loss = SoftmaxCrossEntropy.builder()
            .optReduction(SoftmaxCrossEntropy.Reduction.SUM).build();
    private final ParameterSet parameters = new ParameterSet();

    /**
     * A freshly initialised model (PyTorch's default initialisers: embedding N(0,1), recurrent and output layers
     * uniform(±1/sqrt(fan))), drawn from {@code seed}.
     *
     * @param dataType FLOAT for training, DOUBLE for gradient checks (the same code runs in both)
     */
    public LanguageModel(LmConfig config, LmTokens tokens, DataType dataType, long seed) {
        if (tokens.unit() != config.unit()) {
            throw new IllegalArgumentException("the config's unit is " + config.unit() + " but the tokens are "
                    + tokens.unit());
        }
        this.config = config;
        this.tokens = tokens;
        Rng rng = new Rng(seed);
        embedding = Embedding.builder().setVocabularySize(tokens.size()).setDimension(config.embeddingSize())
                .setRng(rng).optDataType(dataType).optName("token embedding").build();
        rnn = RecurrentStack.builder().setCell(config.cell()).setInputSize(config.embeddingSize())
                .setHiddenSize(config.hiddenSize()).optLayers(config.layers()).optDataType(dataType).build(rng);
        parameters.addAll("embedding", embedding.parameters());
        parameters.addAll("rnn", rnn.parameters());
        if (config.tieEmbeddings()) {
            output = null;
            tiedBias = Parameter.zeros("output.bias", dataType, tokens.size());
            Init.uniform(tiedBias.value(), 1.0 / Math.sqrt(config.hiddenSize()), rng);
            parameters.add(tiedBias);
        } else {
            output = Linear.builder().setInputSize(config.hiddenSize()).setOutputSize(tokens.size()).setRng(rng)
                    .optDataType(dataType).optName("output layer").build();
            tiedBias = null;
            parameters.addAll("output", output.parameters());
        }
    }

    public LmConfig config() {
        return config;
    }

    public LmTokens tokens() {
        return tokens;
    }

    public ParameterSet parameters() {
        return parameters;
    }

    public DataType dataType() {
        return rnn.dataType();
    }

    /** Logits {@code [N, vocabulary]} of hidden rows {@code [N, H]}. */
    INDArray logits(INDArray hidden) {
        if (output != null) {
            return output.forward(hidden).output();
        }
        INDArray h = hidden.isView() || hidden.ordering() != 'c' ? hidden.dup('c') : hidden;
        INDArray out = Nd4j.createUninitialized(h.dataType(), h.size(0), tokens.size());
        Nd4j.gemm(h, embedding.weight().value(), out, false, true, 1.0, 0.0);
        out.addiRowVector(tiedBias.value());
        return out;
    }

    /** Accumulates the output layer's gradients for {@code dLogits} and returns the hidden rows' gradient. */
    private INDArray outputBackward(INDArray hidden, INDArray logits, INDArray dLogits) {
        if (output != null) {
            return output.backward(new Linear.Result(logits, hidden), dLogits);
        }
        INDArray h = hidden.isView() || hidden.ordering() != 'c' ? hidden.dup('c') : hidden;
        INDArray w = embedding.weight().value();
        Nd4j.gemm(dLogits, h, embedding.weight().grad(), true, false, 1.0, 1.0);
        tiedBias.grad().addi(dLogits.sum(0));
        INDArray dHidden = Nd4j.createUninitialized(h.dataType(), h.size(0), h.size(1));
        Nd4j.gemm(dLogits, w, dHidden, false, false, 1.0, 0.0);
        return dHidden;
    }

    /** Zero states for {@code streams} parallel streams. */
    public RecurrentState zeroState(int streams) {
        long[] shape = {config.layers(), streams, config.hiddenSize()};
        return new RecurrentState(Nd4j.zeros(dataType(), shape),
                config.cell().hasCellState() ? Nd4j.zeros(dataType(), shape) : null);
    }

    /**
     * One truncated-BPTT chunk of {@code stream}: runs steps {@code [start, end)} from {@code initial} (a constant: no
     * gradient flows into it), scores steps {@code [lossFrom, end)}, ACCUMULATES the parameter gradients and returns the
     * summed loss in nats, the scored character count and the detached state before step {@code carryAt}.
     */
    public TruncatedBptt.ChunkResult<RecurrentState> forwardBackward(TextStream stream, TruncatedBptt.Chunk chunk,
            RecurrentState initial) {
        TextStream.Window w = stream.window(chunk.start(), chunk.end());
        Embedding.Result e = embedding.forward(w.inputs());
        RecurrentForward r = rnn.forward(e.output(), w.layout(), initial);
        INDArray logits = logits(r.output());
        boolean[] scored = new boolean[w.targets().length];
        int firstScored = (chunk.lossFrom() - chunk.start()) * stream.streams();
        java.util.Arrays.fill(scored, Math.max(0, firstScored), scored.length, true);
        SoftmaxCrossEntropy.Result ce = loss.compute(logits, w.targets(), scored);
        INDArray dHidden = outputBackward(r.output(), logits, ce.logitsGrad());
        RecurrentGradients g = rnn.backward(r, dHidden, null);
        embedding.backward(e, g.input());
        RecurrentState carried = chunk.carryAt() == chunk.end() ? r.finalState()
                : advance(stream, chunk.start(), chunk.carryAt(), initial);
        return new TruncatedBptt.ChunkResult<>(ce.loss(), ce.count(), carried);
    }

    /** The state after running steps {@code [start, end)} from {@code initial}, without gradients. */
    public RecurrentState advance(TextStream stream, int start, int end, RecurrentState initial) {
        TextStream.Window w = stream.window(start, end);
        return rnn.forward(embedding.forward(w.inputs()).output(), w.layout(), initial).finalState();
    }

    /**
     * Mean cross-entropy in nats per predicted token over every step of {@code stream}, run in windows of
     * {@code window} steps with the state carried across them (from zeros). Changes nothing.
     */
    public double crossEntropy(TextStream stream, int window) {
        RecurrentState state = null;
        double sum = 0;
        long count = 0;
        for (int start = 0; start < stream.steps(); start += window) {
            TextStream.Window w = stream.window(start, Math.min(start + window, stream.steps()));
            RecurrentForward r = rnn.forward(embedding.forward(w.inputs()).output(), w.layout(), state);
            SoftmaxCrossEntropy.Result ce = loss.compute(logits(r.output()), w.targets());
            sum += ce.loss();
            count += ce.count();
            state = r.finalState();
        }
        return sum / count;
    }

    /** One token at a time, for {@link org.seqlab.lm.sampling.Generator}; thread-safe. */
    public StepModel<RecurrentState> stepModel() {
        SequenceLayout one = SequenceLayout.of(1);
        return new StepModel<>() {
            @Override
            public RecurrentState initialState() {
                return zeroState(1);
            }

            @Override
            public Step<RecurrentState> step(int previousToken, RecurrentState state) {
                RecurrentForward r = rnn.forward(embedding.forward(new int[] {previousToken}).output(), one, state);
                INDArray logits = logits(r.output());
                return new Step<>(logits.castTo(DataType.FLOAT).toFloatVector(), r.finalState());
            }
        };
    }

    /**
     * Per-token log-probabilities (natural log) of each sequence, every sequence scored from the zero state after
     * the {@linkplain LmTokens#lineEnd() line-end token}: entry i of a row is log p(token i | line end, tokens before
     * i). All sequences run as one packed batch per {@code batchSize} sequences; changes nothing.
     *
     * @param sequences token ids, each at least one token
     */
    public double[][] logProbabilities(List<int[]> sequences, int batchSize) {
        Objects.requireNonNull(sequences, "logProbabilities: the sequences are null");
        double[][] out = new double[sequences.size()][];
        for (int first = 0; first < sequences.size(); first += batchSize) {
            int n = Math.min(batchSize, sequences.size() - first);
            int[][] inputs = new int[n][];
            int[] lengths = new int[n];
            for (int i = 0; i < n; i++) {
                int[] seq = sequences.get(first + i);
                if (seq.length == 0) {
                    throw new IllegalArgumentException("sequence " + (first + i) + " is empty");
                }
                // Input i is the token before target i: the line end, then the sequence but its last token.
                inputs[i] = new int[seq.length];
                inputs[i][0] = tokens.lineEnd();
                System.arraycopy(seq, 0, inputs[i], 1, seq.length - 1);
                lengths[i] = seq.length;
            }
            SequenceLayout layout = SequenceLayout.of(lengths);
            RecurrentForward r = rnn.forward(embedding.forward(layout.pack(inputs)).output(), layout, null);
            float[] logits = logits(r.output()).castTo(DataType.FLOAT).data().asFloat();
            int classes = tokens.size();
            for (int i = 0; i < n; i++) {
                int[] seq = sequences.get(first + i);
                double[] lp = new double[seq.length];
                for (int t = 0; t < seq.length; t++) {
                    lp[t] = logSoftmax(logits, layout.packedRow(t, i) * classes, classes, seq[t]);
                }
                out[first + i] = lp;
            }
        }
        return out;
    }

    /** log softmax(row)[target] of the {@code classes} values from {@code offset}, in double precision. */
    static double logSoftmax(float[] values, int offset, int classes, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, values[offset + c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(values[offset + c] - max);
        }
        return values[offset + target] - max - Math.log(sum);
    }

    /** A fresh streaming session: the state before the first token is the one after a line end. */
    public LmSession session() {
        return new LmSession(this);
    }

    /** Runs {@code ids} (one stream) from {@code state}; the logits of every step and the state after the last. */
    LmSession.Run run(int[] ids, RecurrentState state) {
        SequenceLayout layout = SequenceLayout.of(ids.length);
        RecurrentForward r = rnn.forward(embedding.forward(ids).output(), layout, state);
        return new LmSession.Run(logits(r.output()).castTo(DataType.FLOAT).data().asFloat(), r.finalState());
    }

    /** The model kind written into bundles. */
    public static final String BUNDLE_KIND = "language-model";
    /** The kind of bundles written before BPE models existed (read, never written). */
    static final String CHAR_BUNDLE_KIND = "char-lm";
    static final String BUNDLE_PARAMETERS = "parameters";

    /** Saves the model as a {@link ModelBundle} (config, tokens, float32 parameters) with the given metrics. */
    public void save(Path bundle, Map<String, Double> metrics) {
        save(bundle, BUNDLE_KIND, metrics, Map.of());
    }

    /**
     * Saves the model as a bundle of {@code kind} with extra text entries (a model built on this one, such as an
     * anomaly detector, adds its own settings).
     */
    public void save(Path bundle, String kind, Map<String, Double> metrics, Map<String, String> extraTexts) {
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            tensors.put(p.name(), p.value().castTo(DataType.FLOAT));
        }
        ModelBundle.Writer w = ModelBundle.writer(kind).setConfig(config);
        tokens.toTexts().forEach(w::addText);
        extraTexts.forEach(w::addText);
        w.addTensors(BUNDLE_PARAMETERS, tensors, TensorStorage.FLOAT32);
        metrics.forEach(w::optMetric);
        try {
            w.write(bundle);
        } catch (IOException e) {
            throw new SeqlabException(bundle + ": cannot write the model bundle: " + e.getMessage(), e);
        }
    }

    /** Loads a model saved by {@link #save} (float32); refuses a bundle of another kind or with mismatched tensors. */
    public static LanguageModel load(Path bundle) {
        Objects.requireNonNull(bundle, "LanguageModel.load: the path is null");
        ModelBundle b = ModelBundle.read(bundle);
        if (!BUNDLE_KIND.equals(b.kind()) && !CHAR_BUNDLE_KIND.equals(b.kind())) {
            throw new SeqlabException(bundle + ": holds a '" + b.kind() + "' model, not a " + BUNDLE_KIND);
        }
        return fromBundle(b, bundle.toString());
    }

    /** The model in a bundle of any kind that {@link #save(Path, String, Map, Map)} wrote. */
    public static LanguageModel fromBundle(ModelBundle b, String source) {
        LmConfig config = b.config(LmConfig.class);
        LmTokens tokens = LmTokens.fromTexts(config.unit(), b.texts(), source);
        LanguageModel m = new LanguageModel(config, tokens, DataType.FLOAT, 0);
        Map<String, INDArray> tensors = b.tensors(BUNDLE_PARAMETERS);
        for (Parameter p : m.parameters) {
            INDArray t = tensors.get(p.name());
            if (t == null || !Arrays.equals(t.shape(), p.shape())) {
                throw new SeqlabException(source + ": parameter " + p.name() + " is " + (t == null ? "missing"
                        : "of shape " + Arrays.toString(t.shape())) + ", the config needs " + Arrays.toString(p.shape()));
            }
            p.value().assign(t);
        }
        return m;
    }

    /** Writes the config as JSON, atomically. */
    static void writeConfig(LmConfig config, Path file) {
        try {
            AtomicFiles.writeBytes(file, JSON.writeValueAsBytes(config));
        } catch (IOException e) {
            throw new SeqlabException(file + ": cannot write the config: " + e.getMessage(), e);
        }
    }

    /** Reads an {@link LmConfig} JSON file; missing fields take their defaults. */
    public static LmConfig readConfig(Path file) {
        try {
            return JSON.readValue(file.toFile(), LmConfig.class);
        } catch (IOException e) {
            throw new SeqlabException(file + ": not a valid language model config: " + e.getMessage().lines().findFirst()
                    .orElse(""), e);
        }
    }
}
