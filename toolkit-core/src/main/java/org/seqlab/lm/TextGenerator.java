package org.seqlab.lm;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.seqlab.SeqlabException;
import org.seqlab.lm.sampling.Generation;
import org.seqlab.lm.sampling.Generator;
import org.seqlab.lm.sampling.SamplingConfig;
import org.seqlab.nn.recurrent.RecurrentState;

/**
 * Text in, text out: continues a prompt with a {@link LanguageModel} through the {@link Generator} (greedy,
 * temperature, top-k, top-p, repetition penalty, seed). The prompt is read as the start of a line (the model is first
 * fed a line end), so an empty prompt generates a line from scratch. Stop strings must each be one token of the model
 * (one character for a character model; a piece or a line break for a BPE model); the stop token is kept as the
 * last of the generated text. A BPE model reads the prompt as whole words (a prompt ending inside a word is continued
 * with a new word). Thread-safe: each call builds its own generator.
 */
public final class TextGenerator {
    private final LanguageModel model;

    public TextGenerator(LanguageModel model) {
        Objects.requireNonNull(model, "TextGenerator: the model is null");
        this.model = model;
    }

    /** A continuation: its text (prompt excluded), token count, whether a stop token ended it, and its log-probability. */
    public record Result(String text, int tokens, boolean stopped, double logProbability) {
    }

    /**
     * @param maxNewTokens the most tokens to generate (stop token included)
     * @param stops strings ending generation, each one token of the model
     */
    public Result generate(String prompt, SamplingConfig sampling, int maxNewTokens, List<String> stops) {
        // null arguments named here, not as NPEs in the alphabet or the sampler
        Objects.requireNonNull(prompt, "generate: the prompt is null");
        Objects.requireNonNull(sampling, "generate: the sampling config is null (e.g. SamplingConfig.GREEDY)");
        Objects.requireNonNull(stops, "generate: the stop list is null (List.of() for none)");
        LmTokens tokens = model.tokens();
        int[] stopIds = new int[stops.size()];
        for (int i = 0; i < stopIds.length; i++) {
            if (stops.get(i) == null) {
                throw new NullPointerException("generate: stop string " + (i + 1) + " is null");
            }
            int[] ids = tokens.encode(stops.get(i));
            if (ids.length != 1) {
                throw new SeqlabException("stop string \"" + stops.get(i) + "\" is " + ids.length + " tokens of this "
                        + tokens.unit() + " model, not one");
            }
            if (ids[0] == LmTokens.UNKNOWN_ID) {
                // it would stand for the unknown token, so generation stopped at whatever unseen unit the model drew
                throw new SeqlabException("stop string \"" + stops.get(i) + "\" is not a token of this "
                        + tokens.unit() + " model (its training text never had it)");
            }
            stopIds[i] = ids[0];
        }
        int[] encoded = tokens.encode(prompt);
        int[] ids = new int[encoded.length + 1];
        ids[0] = tokens.lineEnd();
        System.arraycopy(encoded, 0, ids, 1, encoded.length);
        Generator<RecurrentState> generator = Generator.<RecurrentState>builder().setModel(model.stepModel())
                .optSampling(sampling).optMaxNewTokens(maxNewTokens).optStopTokens(stopIds).build();
        Generation g = generator.generate(ids);
        int[] out = g.tokens();
        String text = tokens.decode(out);
        if (tokens.unit() == LmUnit.BPE && encoded.length > 0 && out.length > 0 && out[0] != tokens.lineEnd()) {
            // BPE decoding joins words with spaces; a continuation of a complete word starts with one.
            String joined = tokens.decode(concat(encoded, out));
            String head = tokens.decode(encoded);
            text = joined.startsWith(head) ? joined.substring(head.length()) : text;
        }
        return new Result(text, out.length, g.stoppedByToken(), g.totalLogProbability());
    }

    private static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
