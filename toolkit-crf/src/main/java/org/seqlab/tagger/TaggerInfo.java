package org.seqlab.tagger;

import java.util.List;
import java.util.Map;

/**
 * What a saved tagger records beside its weights: the scheme of its training data's tags (what {@link Tagger} writes
 * tags in; null for plain labels), the dev metrics of the kept parameters, the training data files, and the recipe
 * (the bundle manifest's provenance: data format, tag column, seed, command line, shrinking).
 */
public record TaggerInfo(String dataScheme, Map<String, Double> metrics, List<DataFile> data,
        Map<String, String> provenance) {
    public TaggerInfo {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        data = data == null ? List.of() : List.copyOf(data);
        provenance = provenance == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
    }

    /** Without a recipe. */
    public TaggerInfo(String dataScheme, Map<String, Double> metrics, List<DataFile> data) {
        this(dataScheme, metrics, data, Map.of());
    }

    /** The training file of a role ({@code train}, {@code dev}, {@code embeddings}), or null. */
    public DataFile file(String role) {
        return data.stream().filter(d -> d.role().equals(role)).findFirst().orElse(null);
    }

    /** One training or dev file: its role ({@code train}, {@code dev}, {@code embeddings}), name and SHA-256. */
    public record DataFile(String role, String name, String sha256) {
    }
}
