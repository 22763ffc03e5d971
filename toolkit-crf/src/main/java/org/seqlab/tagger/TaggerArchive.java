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
 * {@code tagger.json} (tags, internal and data schemes, lowercasing, longest word, {@link TokenizerSettings},
 * training files with role and SHA-256), {@code words.vocab} and {@code chars.vocab} ({@link Vocabulary} files), and per further word
 * table ({@link TaggerConfig#extraWordTables()}, absent in older bundles) {@code words2.vocab}, {@code words3.vocab},
 * ...; tensors {@code weights} (every parameter by name, float32; a shrunk bundle keeps the main word table in a
 * second entry {@code weights.words}, see {@link TaggerShrinker}). Dev metrics go to the manifest's metrics, training
 * files to its training data when their paths are known, the recipe to its provenance. {@code tagger.json} may also
 * hold {@code trainingWords}: which ids of {@code words.vocab} were seen in the training data (a bit set,
 * {@link java.util.BitSet#toByteArray()} in base64; absent in bundles written before it existed), what shrinking
 * keeps. Training-only parameters (the language-model objective's, {@code lm.*}) are not saved. An ensemble bundle
 * (kind {@value #ENSEMBLE_KIND}) holds such taggers' entries under the prefixes {@code m1.}, {@code m2.}, ...
 * ({@link #saveEnsemble}). The only classes that know this layout are this one and {@link TaggerShrinker}.
 */
final class TaggerArchive {
    static final String KIND = "tagger";
    static final String ENSEMBLE_KIND = "tagger-ensemble";
    static final int ENSEMBLE_LAYOUT_VERSION = 1;
    /** The members' tag probabilities averaged per token, then the best allowed path ({@link Tagger#ensemble}). */
    static final String ENSEMBLE_COMBINATION = "mean-probabilities";
    static final int LAYOUT_VERSION = 1;
    static final String TRAINING_WORDS = "trainingWords";
    static final String WEIGHTS = "weights";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TaggerArchive() {
    }

    /**
     * @param files training files by their {@link TaggerInfo.DataFile#name()} (recorded in the manifest with their
     *              SHA-256 and size); may be empty, the info's list is kept in {@code tagger.json} anyway
     */
    static void save(Path file, TaggerModel model, TaggerLexicon lexicon, TaggerInfo info, Map<String, Path> files) {
        save(file, model, lexicon, info, files, null);
    }

    /**
     * As {@link #save(Path, TaggerModel, TaggerLexicon, TaggerInfo, Map)}, recording which words of the vocabulary
     * were seen in the training data.
     *
     * @param trainingForms the lookup forms ({@link TaggerLexicon#lookupForm}) of the training words; null if unknown
     */
    static void save(Path file, TaggerModel model, TaggerLexicon lexicon, TaggerInfo info, Map<String, Path> files,
            java.util.Set<String> trainingForms) {
        try {
            ObjectNode meta = JSON.createObjectNode();
            meta.put("layoutVersion", LAYOUT_VERSION);
            meta.set("tags", JSON.valueToTree(lexicon.tags()));
            meta.put("scheme", lexicon.scheme() == null ? null : lexicon.scheme().name());
            meta.put("dataScheme", info.dataScheme());
            meta.put("lowercase", lexicon.lowercase());
            meta.put("maxWordLength", lexicon.maxWordLength());
            meta.set("tokenizer", info.tokenizer().toJson(JSON));
            meta.set("data", JSON.valueToTree(info.data()));
            if (trainingForms != null) {
                java.util.BitSet seen = new java.util.BitSet(lexicon.words().size());
                for (int id = 0; id < lexicon.words().size(); id++) {
                    if (trainingForms.contains(lexicon.words().token(id))) {
                        seen.set(id);
                    }
                }
                meta.put(TRAINING_WORDS, java.util.Base64.getEncoder().encodeToString(seen.toByteArray()));
            }
            Map<String, INDArray> tensors = new LinkedHashMap<>();
            for (Parameter p : model.parameters()) {
                if (!TaggerModel.trainingOnly(p.name())) {
                    tensors.put(p.name(), p.value().castTo(DataType.FLOAT));
                }
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
            info.provenance().forEach(w::optProvenance);
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

    static String vocabularyText(Vocabulary v) throws IOException {
        Path tmp = Files.createTempFile("seqlab-vocab", ".txt");
        try {
            v.save(tmp);
            return Files.readString(tmp, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static Vocabulary vocabulary(ModelBundle bundle, String entry) throws IOException {
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
        return load(ModelBundle.read(file));
    }

    static Tagger load(ModelBundle bundle) {
        String file = bundle.source();
        if (ENSEMBLE_KIND.equals(bundle.kind())) {
            return loadEnsemble(bundle);
        }
        if (!KIND.equals(bundle.kind())) {
            throw new SeqlabException(file + ": a " + bundle.kind() + " bundle, not a tagger");
        }
        return loadMember(bundle, "", bundle.config(), bundle.manifest().metrics(), bundle.manifest().provenance());
    }

    /**
     * One tagger from the entries of a bundle whose names start with {@code prefix} ("" for a tagger bundle,
     * {@code m1.} and so on for an ensemble's members).
     */
    private static Tagger loadMember(ModelBundle bundle, String prefix, JsonNode configJson,
            Map<String, Double> metrics, Map<String, String> provenance) {
        String file = bundle.source() + (prefix.isEmpty() ? "" : " (ensemble member " + prefix + ")");
        try {
            JsonNode meta = JSON.readTree(bundle.text(prefix + "tagger.json"));
            if (meta.path("layoutVersion").asInt() != LAYOUT_VERSION) {
                throw new SeqlabException(file + ": tagger.json: layout version " + meta.path("layoutVersion").asText()
                        + ", this seqlab reads " + LAYOUT_VERSION);
            }
            TaggerConfig config = TaggerConfig.fromJson(configJson.toString(), file + ": config.json");
            List<String> tags = new ArrayList<>();
            meta.path("tags").forEach(t -> tags.add(t.asText()));
            TagScheme scheme = meta.path("scheme").isTextual() ? TagScheme.parse(meta.get("scheme").asText()) : null;
            String dataScheme = meta.path("dataScheme").isTextual() ? meta.get("dataScheme").asText() : null;
            Vocabulary words = vocabulary(bundle, prefix + "words.vocab");
            Vocabulary chars = vocabulary(bundle, prefix + "chars.vocab");
            int extra = config.extraWordTables().size();
            List<Vocabulary> extraWords = new ArrayList<>(extra);
            List<Boolean> extraLowercase = new ArrayList<>(extra);
            int[] extraCounts = new int[extra];
            int[] extraUnks = new int[extra];
            for (int k = 0; k < extra; k++) {
                Vocabulary v = vocabulary(bundle, prefix + extraVocabularyEntry(k));
                extraWords.add(v);
                extraLowercase.add(config.extraWordTables().get(k).lowercase());
                extraCounts[k] = v.size();
                extraUnks[k] = v.unkId();
            }
            TaggerLexicon lexicon = new TaggerLexicon(words, extraWords, extraLowercase, chars, tags,
                    meta.path("lowercase").asBoolean(true), scheme,
                    meta.path("maxWordLength").asInt(config.maxWordLength()));
            // A bundle holds no training-only layers (language model, auxiliary tags): the model is built without.
            TaggerModel model = new TaggerModel(config.forInference(), words.size(), words.unkId(),
                    extraCounts, extraUnks, chars.size(), lexicon.constraints(), DataType.FLOAT, new Rng(0));
            Map<String, INDArray> weights = weights(bundle, prefix);
            for (Parameter p : model.parameters()) {
                INDArray v = weights.get(p.name());
                if (v == null || !java.util.Arrays.equals(v.shape(), p.shape())) {
                    throw new SeqlabException(file + ": weights: parameter " + p.name() + " is "
                            + (v == null ? "missing" : "of shape " + java.util.Arrays.toString(v.shape()))
                            + ", the config needs " + java.util.Arrays.toString(p.shape()));
                }
                p.value().assign(v.castTo(p.dataType()));
            }
            model.freezeForInference();
            List<TaggerInfo.DataFile> data = new ArrayList<>();
            meta.path("data").forEach(d -> data.add(new TaggerInfo.DataFile(d.path("role").asText(),
                    d.path("name").asText(), d.path("sha256").asText())));
            TokenizerSettings tokenizer = TokenizerSettings.fromJson(meta.get("tokenizer"), file + ": tagger.json");
            return new Tagger(model, lexicon, new TaggerInfo(dataScheme, metrics, data, provenance, tokenizer));
        } catch (IOException e) {
            throw new SeqlabException(file + ": not a readable tagger: " + e.getMessage());
        }
    }

    /**
     * Writes an ensemble bundle (kind {@value #ENSEMBLE_KIND}) from tagger bundles: each member's entries copied under
     * the prefix {@code m1.}, {@code m2.}, ... (texts as they are, tensors with their storage, so shrunk members stay
     * shrunk), its config as the text {@code mK.config.json} and its manifest's metrics and provenance as
     * {@code mK.member.json}; the bundle config names the members and how they are combined. The manifest lists every
     * member's training data once, and the given metrics and provenance.
     */
    static void saveEnsemble(Path file, List<ModelBundle> members, Map<String, Double> metrics,
            Map<String, String> provenance) {
        if (members.size() < 2) {
            throw new SeqlabException("an ensemble needs at least two taggers, got " + members.size());
        }
        try {
            ObjectNode config = JSON.createObjectNode();
            config.put("layoutVersion", ENSEMBLE_LAYOUT_VERSION);
            config.put("members", members.size());
            config.put("combination", ENSEMBLE_COMBINATION);
            ModelBundle.Writer w = ModelBundle.writer(ENSEMBLE_KIND).setConfig(config);
            java.util.Set<String> data = new java.util.HashSet<>();
            for (int m = 0; m < members.size(); m++) {
                ModelBundle b = members.get(m);
                if (!KIND.equals(b.kind())) {
                    throw new SeqlabException(b.source() + ": a " + b.kind() + " bundle; an ensemble is made of "
                            + "single taggers");
                }
                String prefix = memberPrefix(m);
                w.addText(prefix + "config.json", JSON.writeValueAsString(b.config()));
                ObjectNode member = JSON.createObjectNode();
                member.put("source", Path.of(b.source()).getFileName().toString());
                member.set("metrics", JSON.valueToTree(b.manifest().metrics()));
                member.set("provenance", JSON.valueToTree(b.manifest().provenance()));
                w.addText(prefix + "member.json", JSON.writeValueAsString(member));
                for (Map.Entry<String, String> t : b.texts().entrySet()) {
                    w.addText(prefix + t.getKey(), t.getValue());
                }
                for (String entry : b.tensorEntries()) {
                    w.addTensors(prefix + entry, b.tensors(entry), storageOf(b, entry));
                }
                for (var d : b.manifest().trainingData()) {
                    if (data.add(d.sha256() + " " + d.name())) {
                        w.optTrainingData(d);
                    }
                }
            }
            metrics.forEach(w::optMetric);
            provenance.forEach(w::optProvenance);
            w.write(file);
        } catch (IOException e) {
            throw new SeqlabException(file + ": cannot write the ensemble: " + e.getMessage());
        }
    }

    private static TensorStorage storageOf(ModelBundle bundle, String entry) {
        for (var e : bundle.manifest().entries()) {
            if (e.path().equals(ModelBundle.TENSORS + entry)) {
                return TensorStorage.valueOf(e.storage().toUpperCase(java.util.Locale.ROOT));
            }
        }
        throw new SeqlabException(bundle.source() + ": the manifest does not list tensors/" + entry);
    }

    private static String memberPrefix(int m) {
        return "m" + (m + 1) + ".";
    }

    private static Tagger loadEnsemble(ModelBundle bundle) {
        String file = bundle.source();
        JsonNode config = bundle.config();
        if (config.path("layoutVersion").asInt() != ENSEMBLE_LAYOUT_VERSION) {
            throw new SeqlabException(file + ": config.json: ensemble layout version "
                    + config.path("layoutVersion").asText() + ", this seqlab reads " + ENSEMBLE_LAYOUT_VERSION);
        }
        if (!ENSEMBLE_COMBINATION.equals(config.path("combination").asText())) {
            throw new SeqlabException(file + ": config.json: unknown combination '"
                    + config.path("combination").asText() + "' (this seqlab knows " + ENSEMBLE_COMBINATION + ")");
        }
        int n = config.path("members").asInt();
        if (n < 2) {
            throw new SeqlabException(file + ": config.json: an ensemble of " + config.path("members").asText()
                    + " members; it needs at least 2");
        }
        List<Tagger> members = new ArrayList<>(n);
        try {
            for (int m = 0; m < n; m++) {
                String prefix = memberPrefix(m);
                JsonNode member = JSON.readTree(bundle.text(prefix + "member.json"));
                Map<String, Double> metrics = new LinkedHashMap<>();
                member.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
                Map<String, String> provenance = new LinkedHashMap<>();
                member.path("provenance").fields().forEachRemaining(e -> provenance.put(e.getKey(),
                        e.getValue().asText()));
                members.add(loadMember(bundle, prefix, JSON.readTree(bundle.text(prefix + "config.json")), metrics,
                        provenance));
            }
        } catch (IOException e) {
            throw new SeqlabException(file + ": not a readable tagger ensemble: " + e.getMessage());
        }
        TaggerInfo i = members.get(0).info();
        return Tagger.ensemble(members, new TaggerInfo(i.dataScheme(), bundle.manifest().metrics(), i.data(),
                bundle.manifest().provenance(), i.tokenizer()));
    }

    /** Every parameter by name: the {@code weights} entry and any {@code weights.*} entries (a shrunk word table). */
    static Map<String, INDArray> weights(ModelBundle bundle) {
        return weights(bundle, "");
    }

    private static Map<String, INDArray> weights(ModelBundle bundle, String prefix) {
        Map<String, INDArray> all = new LinkedHashMap<>(bundle.tensors(prefix + WEIGHTS));
        for (String entry : bundle.tensorEntries()) {
            if (entry.startsWith(prefix + WEIGHTS + ".")) {
                all.putAll(bundle.tensors(entry));
            }
        }
        return all;
    }
}
