package org.seqlab.lm;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.SeqlabException;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.recurrent.RecurrentState;
import org.seqlab.train.GradientClipping;
import org.seqlab.train.Optimizer;
import org.seqlab.train.TruncatedBptt;

/**
 * Times character-LM training the way {@link LmTrainer} trains (per chunk: zero gradients, forward-backward, global
 * norm clipping, an optimizer step), on the first chunks of a text, then scores the validation text. The PyTorch peer
 * {@code bench/torch_char_lm.py} does the same work with the same keys.
 */
public final class LmBenchmark {
    private LmBenchmark() {
    }

    /**
     * @param trainChars training characters per second over the timed chunks (streams × window per chunk)
     * @param validBitsPerChar bits per character on the validation text after the timed training
     */
    public record Result(double trainCharsPerSecond, double validBitsPerChar, int timedChunks, long trainedChars) {
    }

    /**
     * @param warmupChunks chunks trained before the clock starts (JIT warm-up; they count for the validation score)
     * @param timedChunks chunks timed; fewer if the text has fewer
     */
    public static Result run(String trainText, String validText, LmConfig config, int warmupChunks, int timedChunks) {
        LmTokens alphabet = LmTokens.learn(config, trainText);
        LanguageModel model = new LanguageModel(config, alphabet, DataType.FLOAT, config.trainer().seed());
        TextStream train = TextStream.of(alphabet.encode(trainText), config.streams(), "training text");
        TextStream valid = TextStream.of(alphabet.encode(validText), config.validStreams(), "validation text");
        List<TruncatedBptt.Chunk> chunks = train.chunks(config.window(), config.stride());
        Optimizer optimizer = config.trainer().optimizer().create(model.parameters());
        List<Parameter> trainable = optimizer.parameters();
        double lr = config.trainer().schedule().learningRate();
        int n = Math.min(chunks.size(), warmupChunks + timedChunks);
        if (n <= warmupChunks) {
            // nothing timed: the speed printed was 0 characters over the seconds since the clock's origin
            throw new SeqlabException("training text: its " + chunks.size() + " truncated-BPTT windows (" + config.streams()
                    + " streams of " + train.steps() + " steps, windows of " + config.window() + ") leave none to time"
                    + " after the " + warmupChunks + " warm-up windows");
        }
        RecurrentState state = null;
        long started = 0;
        long chars = 0;
        for (int i = 0; i < n; i++) {
            if (i == warmupChunks) {
                started = System.nanoTime();
            }
            model.parameters().zeroGrads();
            TruncatedBptt.ChunkResult<RecurrentState> r = model.forwardBackward(train, chunks.get(i), state);
            state = r.carriedState();
            if (config.trainer().clipNorm() > 0) {
                GradientClipping.clipByGlobalNorm(trainable, config.trainer().clipNorm());
            }
            optimizer.step(lr);
            if (i >= warmupChunks) {
                chars += r.items();
            }
        }
        double seconds = (System.nanoTime() - started) * 1e-9;
        double bpc = model.crossEntropy(valid, config.window()) / Math.log(2);
        return new Result(chars / seconds, bpc, Math.max(0, n - warmupChunks), chars);
    }

    /**
     * The time-budget form of {@link #run}: a fresh model trained for {@code seconds} over the whole text
     * ({@link #trainFor}), its characters per second over that time and the validation bits per character it reached.
     */
    public static Result runFor(String trainText, String validText, LmConfig config, double seconds) {
        LmTokens alphabet = LmTokens.learn(config, trainText);
        LanguageModel model = new LanguageModel(config, alphabet, DataType.FLOAT, config.trainer().seed());
        TextStream train = TextStream.of(alphabet.encode(trainText), config.streams(), "training text");
        TextStream valid = TextStream.of(alphabet.encode(validText), config.validStreams(), "validation text");
        long started = System.nanoTime();
        long chars = trainFor(model, train, seconds);
        if (chars == 0) {
            // a speed of 0 and the bits of an untrained model are no measurement
            throw new SeqlabException(seconds + " seconds were too short to train one truncated-BPTT window");
        }
        double elapsed = (System.nanoTime() - started) * 1e-9;
        double bpc = model.crossEntropy(valid, config.window()) / Math.log(2);
        int window = config.streams() * config.window();
        return new Result(chars / elapsed, bpc, (int) (chars / window), chars);
    }

    /**
     * Trains {@code model} as {@link LmTrainer} does (per chunk: forward-backward, clipping, an optimizer step), passing
     * over the stream's chunks in order and again, until {@code seconds} have passed (checked after each chunk).
     *
     * @return the tokens trained on
     */
    public static long trainFor(LanguageModel model, TextStream stream, double seconds) {
        LmConfig config = model.config();
        List<TruncatedBptt.Chunk> chunks = stream.chunks(config.window(), config.stride());
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("the stream has no truncated-BPTT chunks to train on");
        }
        Optimizer optimizer = config.trainer().optimizer().create(model.parameters());
        List<Parameter> trainable = optimizer.parameters();
        double lr = config.trainer().schedule().learningRate();
        // elapsed against the budget: now + budget overflowed for a huge budget and trained nothing
        long started = System.nanoTime();
        long budget = (long) (seconds * 1e9);
        long tokens = 0;
        RecurrentState state = null;
        for (int i = 0; System.nanoTime() - started < budget; i = (i + 1) % chunks.size()) {
            if (i == 0) {
                state = null;
            }
            model.parameters().zeroGrads();
            TruncatedBptt.ChunkResult<RecurrentState> r = model.forwardBackward(stream, chunks.get(i), state);
            state = r.carriedState();
            if (config.trainer().clipNorm() > 0) {
                GradientClipping.clipByGlobalNorm(trainable, config.trainer().clipNorm());
            }
            optimizer.step(lr);
            tokens += r.items();
        }
        return tokens;
    }
}
