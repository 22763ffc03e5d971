package org.seqlab.lm;

import java.util.Map;

import org.seqlab.SeqlabException;

/**
 * The units a {@link LanguageModel} predicts: characters ({@link CharAlphabet}) or BPE pieces ({@link BpeTokens}).
 * Text in, ids out and back; a line break is a token of its own ({@link #lineEnd()}), so a model trained on a stream of
 * lines knows where lines end, and scoring a line starts from it. Immutable and thread-safe.
 */
public interface LmTokens {

    /** The id of every unit the training text did not have, for both units. */
    int UNKNOWN_ID = 0;

    /** The unit's name in {@link LmConfig#unit()}. */
    LmUnit unit();

    /** Ids {@code [0, size)}. */
    int size();

    /** The ids of a text; unknown units map to the unknown id. */
    int[] encode(String text);

    /** The text of ids (the inverse of {@link #encode} up to unknown units and, for BPE, runs of spaces). */
    String decode(int[] ids);

    /** The id standing for a line break: the context every scored line starts from. */
    int lineEnd();

    /** A readable form of one id, for per-token output. */
    String display(int id);

    /** The named texts that rebuild these tokens with {@link #fromTexts} (written into bundles and run folders). */
    Map<String, String> toTexts();

    /** Rebuilds tokens of {@code unit} from {@link #toTexts()}; {@code source} names the bundle or folder in errors. */
    static LmTokens fromTexts(LmUnit unit, Map<String, String> texts, String source) {
        return switch (unit) {
            case CHAR -> CharAlphabet.fromJson(required(texts, CharAlphabet.TEXT_NAME, source),
                    source + ": " + CharAlphabet.TEXT_NAME);
            case BPE -> BpeTokens.fromTexts(required(texts, BpeTokens.CODES_NAME, source),
                    required(texts, BpeTokens.VOCABULARY_NAME, source), source);
        };
    }

    /** Learns the units of {@code config} from a training text. */
    static LmTokens learn(LmConfig config, String trainText) {
        return switch (config.unit()) {
            case CHAR -> CharAlphabet.of(trainText);
            case BPE -> BpeTokens.learn(trainText, config.bpeMerges());
        };
    }

    private static String required(Map<String, String> texts, String name, String source) {
        String t = texts.get(name);
        if (t == null) {
            throw new SeqlabException(source + ": missing " + name);
        }
        return t;
    }
}
