package org.seqlab.tagger;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.SeqlabException;
import org.seqlab.bundle.AtomicFiles;
import org.seqlab.bundle.TensorFile;
import org.seqlab.conll.TagScheme;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.Rng;
import org.seqlab.vocab.Vocabulary;

/**
 * The saved form of a tagger, one zip file: {@code tagger.json} (format name and version, the {@link TaggerConfig},
 * tags, internal and data schemes, lowercasing, tokenizer, dev metrics, training files with SHA-256),
 * {@code words.vocab} and {@code chars.vocab} ({@link Vocabulary} files) and {@code weights.sqlt} (a
 * {@link TensorFile} of every parameter by name, float32). The only class that knows this layout: when the shared
 * model-bundle format lands, only this class changes.
 */
final class TaggerArchive {
    static final String FORMAT = "seqlab-tagger";
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TaggerArchive() {
    }

    static void save(Path file, TaggerModel model, TaggerLexicon lexicon, TaggerInfo info) {
        try {
            ObjectNode meta = JSON.createObjectNode();
            meta.put("format", FORMAT);
            meta.put("version", VERSION);
            meta.set("config", JSON.readTree(model.config().toJson()));
            meta.set("tags", JSON.valueToTree(lexicon.tags()));
            meta.put("scheme", lexicon.scheme() == null ? null : lexicon.scheme().name());
            meta.put("dataScheme", info.dataScheme());
            meta.put("lowercase", lexicon.lowercase());
            meta.put("maxWordLength", lexicon.maxWordLength());
            meta.put("tokenizer", "standard");
            meta.set("metrics", JSON.valueToTree(info.metrics()));
            meta.set("data", JSON.valueToTree(info.data()));
            Map<String, INDArray> tensors = new LinkedHashMap<>();
            for (Parameter p : model.parameters()) {
                tensors.put(p.name(), p.value().castTo(DataType.FLOAT));
            }
            ByteArrayOutputStream weights = new ByteArrayOutputStream();
            TensorFile.write(weights, Map.of("format", FORMAT), tensors);
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(zip)) {
                put(out, "tagger.json", JSON.writeValueAsBytes(meta));
                put(out, "words.vocab", vocabularyBytes(lexicon.words()));
                put(out, "chars.vocab", vocabularyBytes(lexicon.chars()));
                put(out, "weights.sqlt", weights.toByteArray());
            }
            AtomicFiles.writeBytes(file, zip.toByteArray());
        } catch (IOException e) {
            throw new SeqlabException(file + ": cannot write the tagger: " + e.getMessage());
        }
    }

    private static void put(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static byte[] vocabularyBytes(Vocabulary v) throws IOException {
        Path tmp = Files.createTempFile("seqlab-vocab", ".txt");
        try {
            v.save(tmp);
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Vocabulary vocabulary(Path file, String entry, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile("seqlab-vocab", ".txt");
        try {
            Files.write(tmp, bytes);
            return Vocabulary.load(tmp);
        } catch (SeqlabException e) {
            throw new SeqlabException(file + ": " + entry + ": " + e.getMessage());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static Tagger load(Path file) {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        } catch (NoSuchFileException e) {
            throw new SeqlabException(file + ": no such file");
        } catch (IOException e) {
            throw new SeqlabException(file + ": not a readable tagger file: " + e.getMessage());
        }
        for (String name : List.of("tagger.json", "words.vocab", "chars.vocab", "weights.sqlt")) {
            if (!entries.containsKey(name)) {
                throw new SeqlabException(file + ": not a seqlab tagger: it has no " + name);
            }
        }
        try {
            JsonNode meta = JSON.readTree(entries.get("tagger.json"));
            if (!FORMAT.equals(meta.path("format").asText()) || meta.path("version").asInt() != VERSION) {
                throw new SeqlabException(file + ": tagger.json: expected format " + FORMAT + " version " + VERSION
                        + ", got " + meta.path("format").asText() + " version " + meta.path("version").asText());
            }
            TaggerConfig config = TaggerConfig.fromJson(meta.get("config").toString(), file + ": tagger.json");
            List<String> tags = new ArrayList<>();
            meta.get("tags").forEach(t -> tags.add(t.asText()));
            TagScheme scheme = meta.path("scheme").isTextual() ? TagScheme.parse(meta.get("scheme").asText()) : null;
            String dataScheme = meta.path("dataScheme").isTextual() ? meta.get("dataScheme").asText() : null;
            Vocabulary words = vocabulary(file, "words.vocab", entries.get("words.vocab"));
            Vocabulary chars = vocabulary(file, "chars.vocab", entries.get("chars.vocab"));
            TaggerLexicon lexicon = new TaggerLexicon(words, chars, tags, meta.path("lowercase").asBoolean(true),
                    scheme, meta.path("maxWordLength").asInt(config.maxWordLength()));
            TaggerModel model = new TaggerModel(config, words.size(), words.unkId(), chars.size(),
                    lexicon.constraints(), DataType.FLOAT, new Rng(0));
            TensorFile.Contents weights;
            try (InputStream in = new ByteArrayInputStream(entries.get("weights.sqlt"))) {
                weights = TensorFile.read(in, file + "!weights.sqlt");
            }
            for (Parameter p : model.parameters()) {
                INDArray v = weights.tensors().get(p.name());
                if (v == null || !java.util.Arrays.equals(v.shape(), p.shape())) {
                    throw new SeqlabException(file + ": weights.sqlt: parameter " + p.name() + " is "
                            + (v == null ? "missing" : "of shape " + java.util.Arrays.toString(v.shape()))
                            + ", the config needs " + java.util.Arrays.toString(p.shape()));
                }
                p.value().assign(v.castTo(p.dataType()));
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            meta.path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
            List<TaggerInfo.DataFile> data = new ArrayList<>();
            meta.path("data").forEach(d -> data.add(new TaggerInfo.DataFile(d.path("role").asText(),
                    d.path("name").asText(), d.path("sha256").asText())));
            return new Tagger(model, lexicon, new TaggerInfo(dataScheme, metrics, data));
        } catch (IOException e) {
            throw new SeqlabException(file + ": not a readable tagger file: " + e.getMessage());
        }
    }
}
