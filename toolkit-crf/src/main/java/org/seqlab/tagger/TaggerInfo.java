package org.seqlab.tagger;

import java.util.List;
import java.util.Map;

/**
 * What a saved tagger records beside its weights: the scheme of its training data's tags (what {@link Tagger} writes
 * tags in; null for plain labels), the dev metrics of the kept parameters, and the training data files.
 */
public record TaggerInfo(String dataScheme, Map<String, Double> metrics, List<DataFile> data) {
    public TaggerInfo {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        data = data == null ? List.of() : List.copyOf(data);
    }

    /** One training or dev file: its role ({@code train}, {@code dev}, {@code embeddings}), name and SHA-256. */
    public record DataFile(String role, String name, String sha256) {
    }
}
