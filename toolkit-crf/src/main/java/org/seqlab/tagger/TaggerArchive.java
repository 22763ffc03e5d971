package org.seqlab.tagger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.SeqlabException;
import org.seqlab.bundle.ModelBundle;
import org.seqlab.bundle.TensorStorage;
import org.seqlab.conll.TagScheme;
import org.seqlab.nn.Parameter;
import org.seqlab.random.Rng;
import org.seqlab.vocab.Vocabulary;

/**
 * A tagger as a {@link ModelBundle} of kind {@value #KIND}: the {@link TaggerConfig} as the bundle config; texts
 * {@code tagger.json} (tags, internal and data schemes, lowercasing, longest word, tokenizer, training files with
 * role and SHA-256), {@code words.vocab} and {@code chars.vocab} ({@link Vocabulary} files), and per further word
 * table ({@link TaggerConfig#extraWordTables()}, absent in older bundles) {@code words2.vocab}, {@code words3.vocab},
 * ...; tensors {@code weights}
 * (every parameter by name, float32). Dev metrics go to the manifest's metrics, training files to its training data
 * when their paths are known. The only class that knows this layout.
 */
final class TaggerArchive {
    static final String KIND = "tagger";
    static final int LAYOUT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TaggerArchive() {
    }

    /**
     * @param files training files by their {@link TaggerInfo.DataFile#name()} (recorded in the manifest with their
     *              SHA-256 and size); may be empty, the info's list is kept in {@code tagger.json} anyway
     */
    static void save(Path file, TaggerModel model, TaggerLexicon lexicon, TaggerInfo info, Map<String, Path> files) {
        try {
            ObjectNode meta = JSON.createObjectNode();
            meta.put("layoutVersion", LAYOUT_VERSION);
            meta.set("tags", JSON.valueToTree(lexicon.tags()));
            meta.put("scheme", lexicon.scheme() == null ? null : lexicon.scheme().name());
            meta.put("dataScheme", info.dataScheme());
            meta.put("lowercase", lexicon.lowercase());
            meta.put("maxWordLength", lexicon.maxWordLength());
            meta.put("tokenizer", "standard");
            meta.set("data", JSON.valueToTree(info.data()));
            Map<String, INDArray> tensors = new LinkedHashMap<>();
            for (Parameter p : model.parameters()) {
                tensors.put(p.name(), p.value().castTo(DataType.FLOAT));
            }
            ModelBundle.Writer w = ModelBundle.writer(KIND).setConfig(JSON.readTree(model.config().toJson()))
                    .addText("tagger.json", JSON.writeValueAsString(meta))
                    .addText("words.vocab", vocabularyText(lexicon.words()))
                    .addText("chars.vocab", vocabularyText(lexicon.chars()))
                    .addTensors("weights", tensors, TensorStorage.FLOAT32);
            for (int k = 0; k < lexicon.extraWords().size(); k++) {
                w.addText(extraVocabularyEntry(k), vocabularyText(lexicon.extraWords().get(k)));
            }
            info.metrics().forEach(w::optMetric);
            for (Map.Entry<String, Path> f : files.entrySet()) {
                w.optTrainingData(f.getKey(), f.getValue());
            }
            w.write(file);
        } catch (IOException e) {
            throw new SeqlabException(file + ": cannot write the tagger: " + e.getMessage());
        }
    }

    /** The entry of further word table {@code k}'s vocabulary. */
    static String extraVocabularyEntry(int k) {
        return "words" + (k + 2) + ".vocab";
    }

    private static String vocabularyText(Vocabulary v) throws IOException {
        Path tmp = Files.createTempFile("seqlab-vocab", ".txt");
        try {
            v.save(tmp);
            return Files.readString(tmp, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Vocabulary vocabulary(ModelBundle bundle, String entry) throws IOException {
        Path tmp = Files.createTempFile("seqlab-vocab", ".txt");
        try {
            Files.writeString(tmp, bundle.text(entry), StandardCharsets.UTF_8);
            return Vocabulary.load(tmp);
        } catch (SeqlabException e) {
            throw new SeqlabException(bundle.source() + ": " + entry + ": " + e.getMessage());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static Tagger load(Path file) {
        ModelBundle bundle = ModelBundle.read(file);
        if (!KIND.equals(bundle.kind())) {
            throw new SeqlabException(file + ": a " + bundle.kind() + " bundle, not a tagger");
        }
        try {
            JsonNode meta = JSON.readTree(bundle.text("tagger.json"));
            if (meta.path("layoutVersion").asInt() != LAYOUT_VERSION) {
                throw new SeqlabException(file + ": tagger.json: layout version " + meta.path("layoutVersion").asText()
                        + ", this seqlab reads " + LAYOUT_VERSION);
            }
            TaggerConfig config = TaggerConfig.fromJson(bundle.config().toString(), file + ": config.json");
            List<String> tags = new ArrayList<>();
            meta.path("tags").forEach(t -> tags.add(t.asText()));
            TagScheme scheme = meta.path("scheme").isTextual() ? TagScheme.parse(meta.get("scheme").asText()) : null;
            String dataScheme = meta.path("dataScheme").isTextual() ? meta.get("dataScheme").asText() : null;
            Vocabulary words = vocabulary(bundle, "words.vocab");
            Vocabulary chars = vocabulary(bundle, "chars.vocab");
            int extra = config.extraWordTables().size();
            List<Vocabulary> extraWords = new ArrayList<>(extra);
            List<Boolean> extraLowercase = new ArrayList<>(extra);
            int[] extraCounts = new int[extra];
            int[] extraUnks = new int[extra];
            for (int k = 0; k < extra; k++) {
                Vocabulary v = vocabulary(bundle, extraVocabularyEntry(k));
                extraWords.add(v);
                extraLowercase.add(config.extraWordTables().get(k).lowercase());
                extraCounts[k] = v.size();
                extraUnks[k] = v.unkId();
            }
            TaggerLexicon lexicon = new TaggerLexicon(words, extraWords, extraLowercase, chars, tags,
                    meta.path("lowercase").asBoolean(true), scheme,
                    meta.path("maxWordLength").asInt(config.maxWordLength()));
            TaggerModel model = new TaggerModel(config, words.size(), words.unkId(), extraCounts, extraUnks,
                    chars.size(), lexicon.constraints(), DataType.FLOAT, new Rng(0));
            Map<String, INDArray> weights = bundle.tensors("weights");
            for (Parameter p : model.parameters()) {
                INDArray v = weights.get(p.name());
                if (v == null || !java.util.Arrays.equals(v.shape(), p.shape())) {
                    throw new SeqlabException(file + ": weights: parameter " + p.name() + " is "
                            + (v == null ? "missing" : "of shape " + java.util.Arrays.toString(v.shape()))
                            + ", the config needs " + java.util.Arrays.toString(p.shape()));
                }
                p.value().assign(v.castTo(p.dataType()));
            }
            List<TaggerInfo.DataFile> data = new ArrayList<>();
            meta.path("data").forEach(d -> data.add(new TaggerInfo.DataFile(d.path("role").asText(),
                    d.path("name").asText(), d.path("sha256").asText())));
            return new Tagger(model, lexicon, new TaggerInfo(dataScheme, bundle.manifest().metrics(), data));
        } catch (IOException e) {
            throw new SeqlabException(file + ": not a readable tagger: " + e.getMessage());
        }
    }
}
