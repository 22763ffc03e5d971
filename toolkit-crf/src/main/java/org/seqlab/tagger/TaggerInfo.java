package org.seqlab.tagger;

import java.util.List;
import java.util.Map;

/**
 * What a saved tagger records beside its weights: the scheme of its training data's tags (what {@link Tagger} writes
 * tags in; null for plain labels), the dev metrics of the kept parameters, the training data files, the recipe
 * (the bundle manifest's provenance: data format, tag column, seed, command line, shrinking) and the tokenizer settings
 * {@link Tagger#tag(String)} uses (those of the training data's conventions).
 */
public record TaggerInfo(String dataScheme, Map<String, Double> metrics, List<DataFile> data,
        Map<String, String> provenance, TokenizerSettings tokenizer) {
    public TaggerInfo {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        data = data == null ? List.of() : List.copyOf(data);
        provenance = provenance == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
        tokenizer = tokenizer == null ? TokenizerSettings.UD : tokenizer;
    }

    /** Without a recipe, with the UD English tokenizer settings. */
    public TaggerInfo(String dataScheme, Map<String, Double> metrics, List<DataFile> data) {
        this(dataScheme, metrics, data, Map.of(), TokenizerSettings.UD);
    }

    /** Without a recipe. */
    public TaggerInfo(String dataScheme, Map<String, Double> metrics, List<DataFile> data,
            TokenizerSettings tokenizer) {
        this(dataScheme, metrics, data, Map.of(), tokenizer);
    }

    /** The training file of a role ({@code train}, {@code dev}, {@code embeddings}), or null. */
    public DataFile file(String role) {
        return data.stream().filter(d -> d.role().equals(role)).findFirst().orElse(null);
    }

    /** One training or dev file: its role ({@code train}, {@code dev}, {@code embeddings}), name and SHA-256. */
    public record DataFile(String role, String name, String sha256) {
    }
}
