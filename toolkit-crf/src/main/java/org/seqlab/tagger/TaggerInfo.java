package org.seqlab.tagger;

import java.util.List;
import java.util.Map;

/**
 * What a saved tagger records beside its weights: the scheme of its training data's tags (what {@link Tagger} writes
 * tags in; null for plain labels), the dev metrics of the kept parameters, the training data files, and the
 * tokenizer settings {@link Tagger#tag(String)} uses (those of the training data's conventions).
 */
public record TaggerInfo(String dataScheme, Map<String, Double> metrics, List<DataFile> data,
        TokenizerSettings tokenizer) {
    public TaggerInfo {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        data = data == null ? List.of() : List.copyOf(data);
        tokenizer = tokenizer == null ? TokenizerSettings.UD : tokenizer;
    }

    /** With the UD English tokenizer settings. */
    public TaggerInfo(String dataScheme, Map<String, Double> metrics, List<DataFile> data) {
        this(dataScheme, metrics, data, TokenizerSettings.UD);
    }

    /** One training or dev file: its role ({@code train}, {@code dev}, {@code embeddings}), name and SHA-256. */
    public record DataFile(String role, String name, String sha256) {
    }
}
