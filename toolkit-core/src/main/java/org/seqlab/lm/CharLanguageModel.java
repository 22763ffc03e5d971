package org.seqlab.lm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * A character language model: character embedding → unidirectional stacked recurrent layers ({@link RecurrentStack},
 * LSTM, GRU or Elman) → {@link Linear} → softmax cross-entropy over the next character. Parameters are named
 * {@code embedding.weight}, {@code rnn.weight_ih_l0}, ..., {@code output.weight}, {@code output.bias}.
 *
 * <p>Immutable apart from parameter values, and safe to share between threads: the recurrent state is the caller's
 * ({@link RecurrentState}, {@code [layers, streams, H]}), carried from window to window by truncated BPTT in training
 * ({@link #forwardBackward}), by {@link #crossEntropy} in evaluation and by the {@link #stepModel()} in generation.
 */
public final class CharLanguageModel {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final LmConfig config;
    private final CharAlphabet alphabet;
    private final Embedding embedding;
    private final RecurrentStack rnn;
    private final Linear output;
    private final SoftmaxCrossEntropy loss = SoftmaxCrossEntropy.builder()
            .optReduction(SoftmaxCrossEntropy.Reduction.SUM).build();
    private final ParameterSet parameters = new ParameterSet();

    /**
     * A freshly initialised model (PyTorch's default initialisers: embedding N(0,1), recurrent and output layers
     * uniform(±1/sqrt(fan))), drawn from {@code seed}.
     *
     * @param dataType FLOAT for training, DOUBLE for gradient checks (the same code runs in both)
     */
    public CharLanguageModel(LmConfig config, CharAlphabet alphabet, DataType dataType, long seed) {
        this.config = config;
        this.alphabet = alphabet;
        Rng rng = new Rng(seed);
        embedding = Embedding.builder().setVocabularySize(alphabet.size()).setDimension(config.embeddingSize())
                .setRng(rng).optDataType(dataType).optName("char embedding").build();
        rnn = RecurrentStack.builder().setCell(config.cell()).setInputSize(config.embeddingSize())
                .setHiddenSize(config.hiddenSize()).optLayers(config.layers()).optDataType(dataType).build(rng);
        output = Linear.builder().setInputSize(config.hiddenSize()).setOutputSize(alphabet.size()).setRng(rng)
                .optDataType(dataType).optName("output layer").build();
        parameters.addAll("embedding", embedding.parameters());
        parameters.addAll("rnn", rnn.parameters());
        parameters.addAll("output", output.parameters());
    }

    public LmConfig config() {
        return config;
    }

    public CharAlphabet alphabet() {
        return alphabet;
    }

    public ParameterSet parameters() {
        return parameters;
    }

    public DataType dataType() {
        return rnn.dataType();
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
        Linear.Result logits = output.forward(r.output());
        boolean[] scored = new boolean[w.targets().length];
        int firstScored = (chunk.lossFrom() - chunk.start()) * stream.streams();
        java.util.Arrays.fill(scored, Math.max(0, firstScored), scored.length, true);
        SoftmaxCrossEntropy.Result ce = loss.compute(logits.output(), w.targets(), scored);
        INDArray dHidden = output.backward(logits, ce.logitsGrad());
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
     * Mean cross-entropy in nats per predicted character over every step of {@code stream}, run in windows of
     * {@code window} steps with the state carried across them (from zeros). Changes nothing.
     */
    public double crossEntropy(TextStream stream, int window) {
        RecurrentState state = null;
        double sum = 0;
        long count = 0;
        for (int start = 0; start < stream.steps(); start += window) {
            TextStream.Window w = stream.window(start, Math.min(start + window, stream.steps()));
            RecurrentForward r = rnn.forward(embedding.forward(w.inputs()).output(), w.layout(), state);
            SoftmaxCrossEntropy.Result ce = loss.compute(output.forward(r.output()).output(), w.targets());
            sum += ce.loss();
            count += ce.count();
            state = r.finalState();
        }
        return sum / count;
    }

    /** One character at a time, for {@link org.seqlab.lm.sampling.Generator}; thread-safe. */
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
                INDArray logits = output.forward(r.output()).output();
                return new Step<>(logits.castTo(DataType.FLOAT).toFloatVector(), r.finalState());
            }
        };
    }

    /** The model kind written into bundles. */
    public static final String BUNDLE_KIND = "char-lm";
    static final String BUNDLE_ALPHABET = "alphabet.json";
    static final String BUNDLE_PARAMETERS = "parameters";

    /** Saves the model as a {@link ModelBundle} (config, alphabet, float32 parameters) with the given metrics. */
    public void save(Path bundle, Map<String, Double> metrics) {
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            tensors.put(p.name(), p.value().castTo(DataType.FLOAT));
        }
        ModelBundle.Writer w = ModelBundle.writer(BUNDLE_KIND).setConfig(config).addText(BUNDLE_ALPHABET, alphabet.toJson())
                .addTensors(BUNDLE_PARAMETERS, tensors, TensorStorage.FLOAT32);
        metrics.forEach(w::optMetric);
        try {
            w.write(bundle);
        } catch (IOException e) {
            throw new SeqlabException(bundle + ": cannot write the model bundle: " + e.getMessage(), e);
        }
    }

    /** Loads a model saved by {@link #save} (float32); refuses a bundle of another kind or with mismatched tensors. */
    public static CharLanguageModel load(Path bundle) {
        ModelBundle b = ModelBundle.read(bundle);
        if (!BUNDLE_KIND.equals(b.kind())) {
            throw new SeqlabException(bundle + ": holds a '" + b.kind() + "' model, not a " + BUNDLE_KIND);
        }
        CharAlphabet alphabet = CharAlphabet.fromJson(b.text(BUNDLE_ALPHABET), bundle + ": " + BUNDLE_ALPHABET);
        CharLanguageModel m = new CharLanguageModel(b.config(LmConfig.class), alphabet, DataType.FLOAT, 0);
        Map<String, INDArray> tensors = b.tensors(BUNDLE_PARAMETERS);
        for (Parameter p : m.parameters) {
            INDArray t = tensors.get(p.name());
            if (t == null || !Arrays.equals(t.shape(), p.shape())) {
                throw new SeqlabException(bundle + ": parameter " + p.name() + " is " + (t == null ? "missing"
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
