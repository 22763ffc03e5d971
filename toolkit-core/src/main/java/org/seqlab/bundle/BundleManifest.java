package org.seqlab.bundle;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The {@code manifest.json} of a model bundle (see the package documentation for the field list and the version
 * policy). Created by {@link ModelBundle.Writer}; a reader gets it from {@link ModelBundle#manifest()}.
 *
 * @param formatVersion the bundle format version the writer used ({@link ModelBundle#FORMAT_VERSION})
 * @param seqlabVersion the seqlab release that wrote the bundle
 * @param kind          what model the bundle holds, e.g. "tagger", "translator", "lm"
 * @param created       creation time, ISO-8601 in UTC (e.g. "2026-11-26T02:30:00Z")
 * @param trainingData  the files the model was trained on, with their SHA-256 and size
 * @param metrics       scores such as "dev_f1"
 * @param provenance    free-form recipe: command line, seed, data options, ...
 * @param entries       every other zip entry, in zip order, with its SHA-256
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BundleManifest(int formatVersion, String seqlabVersion, String kind, String created,
        List<TrainingData> trainingData, Map<String, Double> metrics, Map<String, String> provenance,
        List<Entry> entries) {

    public BundleManifest {
        trainingData = trainingData == null ? List.of() : List.copyOf(trainingData);
        metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        provenance = provenance == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /** A training file: its name as given by the trainer (not necessarily a path), SHA-256 (hex) and size. */
    public record TrainingData(String name, String sha256, long bytes) {
    }

    /**
     * One zip entry after the manifest.
     *
     * @param path    the zip entry name: "config.json", "texts/NAME" or "tensors/NAME"
     * @param type    "config", "text" or "tensors"
     * @param storage for "tensors": how float32 tensors are stored ("float32", "float16", "int8_rows"); else absent
     * @param bytes   the entry's uncompressed size
     * @param sha256  SHA-256 of the uncompressed entry, lower-case hex
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String path, String type, String storage, long bytes, String sha256) {
    }
}
