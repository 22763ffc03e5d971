package org.seqlab.tagger;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.SeqlabException;
import org.seqlab.bundle.BundleManifest;
import org.seqlab.bundle.ModelBundle;
import org.seqlab.bundle.TensorStorage;
import org.seqlab.crf.TransitionConstraints;
import org.seqlab.random.Rng;
import org.seqlab.vocab.PretrainedEmbeddings;
import org.seqlab.vocab.Vocabulary;

/**
 * Makes a tagger bundle small enough to ship: keeps the word-embedding rows of the words seen in training (recorded
 * as {@code trainingWords} in {@code tagger.json}; a bundle without that record keeps every word) plus the
 * {@code keepFrequent} most frequent other words (ranked by a frequency-ordered word list such as the pretrained
 * vector file, else by the vocabulary's order), and stores the word table as int8 rows with a float32 scale each
 * (or float16), the other parameters as float16 (or float32). Further word tables
 * ({@link TaggerConfig#extraWordTables()}) are kept whole, stored as the other parameters are.
 *
 * <p>Words dropped from the table fall back to {@code <unk>}, exactly as words never seen at training time do; kept
 * rows differ from the full-precision ones by at most half a quantisation step ({@code max|row| / 254} for int8,
 * float16's 11-bit mantissa otherwise). Config, tags, chars, metrics, training data and recipe are carried over; the
 * provenance gains a {@code shrink} line.
 */
public final class TaggerShrinker {
    /** How the weights are stored: {@code INT8}: word table int8 rows, the rest float16; {@code FLOAT16}: all float16. */
    public enum Weights {
        FLOAT32, FLOAT16, INT8;

        public static Weights parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "float32" -> FLOAT32;
                case "float16" -> FLOAT16;
                case "int8" -> INT8;
                default -> throw new SeqlabException("unknown weight storage '" + s + "': expected float32, float16 or int8");
            };
        }

        TensorStorage table() {
            return this == INT8 ? TensorStorage.INT8_ROWS : this == FLOAT16 ? TensorStorage.FLOAT16 : TensorStorage.FLOAT32;
        }

        TensorStorage rest() {
            return this == FLOAT32 ? TensorStorage.FLOAT32 : TensorStorage.FLOAT16;
        }
    }

    /**
     * What shrinking did.
     *
     * @param trainingWordsKnown whether the bundle recorded its training words (else every word was kept)
     * @param bundle             the shrunk bundle as written
     */
    public record Result(int wordsBefore, int wordsAfter, int trainingWords, boolean trainingWordsKnown,
            long bytes, ModelBundle bundle) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE_ENTRY = TaggerArchive.WEIGHTS + ".words";

    private TaggerShrinker() {
    }

    /**
     * Shrinks {@code in} and writes the result to {@code out} (atomically).
     *
     * @param keepFrequent   how many words beyond the training words to keep, most frequent first
     * @param frequencyOrder words most frequent first (a pretrained vector file's words), or null for vocabulary order
     * @param rescore        given the shrunk tagger, metrics to record in its manifest (its own dev score, say), or
     *                       null to keep the original bundle's metrics only
     */
    public static Result shrink(ModelBundle in, int keepFrequent, List<String> frequencyOrder, Weights weights,
            Function<Tagger, Map<String, Double>> rescore, Path out) {
        return shrink(in, keepFrequent, frequencyOrder, null, weights, rescore, out);
    }

    /**
     * As {@link #shrink(ModelBundle, int, List, Weights, Function, Path)}, and first adds the words of
     * {@code addVectors} the model lacks, with their pretrained vectors, as candidates for the kept frequent words
     * (ranked by the file's order unless {@code frequencyOrder} is given). Training never moved the rows of words it
     * did not see (their gradient is zero), so a word added here gets exactly the row it would have had if the
     * vocabulary had held it during training: the model then knows every frequent word of the file rather than only
     * those of its training and dev data.
     *
     * @param addVectors pretrained vectors of the model's word-table dimension (looked up as the model looks up
     *                   words: lowercased for a lowercasing model), or null
     */
    public static Result shrink(ModelBundle in, int keepFrequent, List<String> frequencyOrder,
            PretrainedEmbeddings addVectors, Weights weights, Function<Tagger, Map<String, Double>> rescore,
            Path out) {
        if (keepFrequent < 0) {
            throw new IllegalArgumentException("keepFrequent must be ≥ 0, got " + keepFrequent);
        }
        if (TaggerArchive.ENSEMBLE_KIND.equals(in.kind())) {
            throw new SeqlabException(in.source() + ": an ensemble of taggers; shrink each member, then build the "
                    + "ensemble from the shrunk members (seqlab ensemble)");
        }
        if (!TaggerArchive.KIND.equals(in.kind())) {
            throw new SeqlabException(in.source() + ": a " + in.kind() + " bundle, not a tagger");
        }
        try {
            ObjectNode meta = (ObjectNode) JSON.readTree(in.text("tagger.json"));
            boolean lowercase = meta.path("lowercase").asBoolean(true);
            Vocabulary words = TaggerArchive.vocabulary(in, "words.vocab");
            BitSet training = null;
            if (meta.path(TaggerArchive.TRAINING_WORDS).isTextual()) {
                training = BitSet.valueOf(Base64.getDecoder().decode(meta.get(TaggerArchive.TRAINING_WORDS).asText()));
            }
            String tableName = wordTableName(in);
            Map<String, INDArray> all = TaggerArchive.weights(in);
            INDArray table = all.get(tableName);
            if (table == null || table.rank() != 2 || table.size(0) != words.size()) {
                throw new SeqlabException(in.source() + ": weights: no word table '" + tableName + "' of "
                        + words.size() + " rows");
            }
            int dim = (int) table.size(1);
            float[] from = table.castTo(DataType.FLOAT).dup('c').data().asFloat();

            // candidates: the model's words (source = their id), then the added file's missing words (source = -row-1)
            List<String> tokens = new ArrayList<>(words.tokens());
            List<Integer> source = new ArrayList<>();
            for (int id = 0; id < words.size(); id++) {
                source.add(id);
            }
            int added = 0;
            if (addVectors != null) {
                if (addVectors.dim() != dim) {
                    throw new SeqlabException(in.source() + ": the added vectors have dimension " + addVectors.dim()
                            + ", the model's word table " + dim);
                }
                java.util.Set<String> present = new java.util.HashSet<>(tokens);
                for (int row = 0; row < addVectors.size(); row++) {
                    String w = lowercase ? addVectors.word(row).toLowerCase(Locale.ROOT) : addVectors.word(row);
                    if (present.add(w)) {
                        tokens.add(w);
                        source.add(-row - 1);
                        added++;
                    }
                }
                if (frequencyOrder == null) {
                    frequencyOrder = addVectors.words();
                }
            }
            boolean[] keep = new boolean[tokens.size()];
            int trainingCount = 0;
            for (int id = 0; id < words.size(); id++) {
                if (words.isSpecial(id) || training == null || training.get(id)) {
                    keep[id] = true;
                    if (!words.isSpecial(id)) {
                        trainingCount++;
                    }
                }
            }
            for (int id : rankOthers(tokens, keep, frequencyOrder, lowercase)) {
                if (keepFrequent-- <= 0) {
                    break;
                }
                keep[id] = true;
            }
            Vocabulary.Builder vb = Vocabulary.builder().optSpecials(words.tokens().subList(0, words.specialCount()))
                    .optLowercaseFallback(words.lowercaseFallback());
            Map<String, Integer> keptSource = new HashMap<>();
            for (int id = words.specialCount(); id < tokens.size(); id++) {
                if (keep[id]) {
                    int src = source.get(id);
                    vb.add(tokens.get(id), src >= 0 ? Math.max(1, words.count(src)) : 1);
                    keptSource.put(tokens.get(id), src);
                }
            }
            for (int id = 0; id < words.specialCount(); id++) {
                keptSource.put(tokens.get(id), id);
            }
            Vocabulary kept = vb.build();

            float[] to = new float[kept.size() * dim];
            BitSet keptTraining = new BitSet(kept.size());
            for (int id = 0; id < kept.size(); id++) {
                int src = keptSource.get(kept.token(id));
                if (src >= 0) {
                    System.arraycopy(from, src * dim, to, id * dim, dim);
                    if (training != null && training.get(src)) {
                        keptTraining.set(id);
                    }
                } else {
                    for (int j = 0; j < dim; j++) {
                        to[id * dim + j] = addVectors.get(-src - 1, j);
                    }
                }
            }
            Map<String, INDArray> rest = new LinkedHashMap<>(all);
            rest.remove(tableName);
            Map<String, INDArray> tableOut = new LinkedHashMap<>();
            tableOut.put(tableName, Nd4j.createFromArray(to).reshape(kept.size(), dim));

            if (training != null) {
                meta.put(TaggerArchive.TRAINING_WORDS, Base64.getEncoder().encodeToString(keptTraining.toByteArray()));
            }
            ModelBundle.Writer w = ModelBundle.writer(TaggerArchive.KIND).setConfig(in.config());
            for (Map.Entry<String, String> t : in.texts().entrySet()) {
                String text = switch (t.getKey()) {
                    case "tagger.json" -> JSON.writerWithDefaultPrettyPrinter().writeValueAsString(meta);
                    case "words.vocab" -> TaggerArchive.vocabularyText(kept);
                    default -> t.getValue();
                };
                w.addText(t.getKey(), text);
            }
            w.addTensors(TaggerArchive.WEIGHTS, rest, weights.rest());
            w.addTensors(TABLE_ENTRY, tableOut, weights.table());
            in.manifest().metrics().forEach(w::optMetric);
            for (BundleManifest.TrainingData d : in.manifest().trainingData()) {
                w.optTrainingData(d);
            }
            in.manifest().provenance().forEach(w::optProvenance);
            w.optProvenance("shrink", String.format(Locale.ROOT,
                    "words %d -> %d (%s training words + %s most frequent others%s), word table %s, other weights %s",
                    words.size(), kept.size(), training == null ? "all, unrecorded," : String.valueOf(trainingCount),
                    keepFrequentText(kept.size() - words.specialCount() - trainingCount),
                    added == 0 ? "" : ", drawn from the model's words and " + added + " added pretrained words",
                    weights.table().label(), weights.rest().label()));
            if (rescore != null) {
                ModelBundle draft = read(w);
                Map<String, Double> metrics = rescore.apply(TaggerArchive.load(draft));
                in.manifest().metrics().forEach((k, v) -> {
                    if (metrics.containsKey(k)) {
                        w.optMetric("full_precision_" + k, v);
                    }
                });
                metrics.forEach(w::optMetric);
            }
            w.write(out);
            return new Result(words.size(), kept.size(), trainingCount, training != null, Files.size(out),
                    ModelBundle.read(out));
        } catch (IOException e) {
            throw new SeqlabException(out + ": cannot write the shrunk tagger: " + e.getMessage());
        }
    }

    private static String keepFrequentText(int n) {
        return String.valueOf(Math.max(0, n));
    }

    private static ModelBundle read(ModelBundle.Writer w) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        w.write(buf);
        return ModelBundle.read(new ByteArrayInputStream(buf.toByteArray()), "shrunk tagger");
    }

    /** Words not yet kept, most frequent first: by rank in {@code order} (unlisted words after), then by id. */
    private static List<Integer> rankOthers(List<String> words, boolean[] keep, List<String> order, boolean lowercase) {
        Map<String, Integer> rank = new HashMap<>();
        if (order != null) {
            for (int i = 0; i < order.size(); i++) {
                String w = lowercase ? order.get(i).toLowerCase(Locale.ROOT) : order.get(i);
                rank.putIfAbsent(w, i);
            }
        }
        List<Integer> ids = new ArrayList<>();
        for (int id = 0; id < words.size(); id++) {
            if (!keep[id]) {
                ids.add(id);
            }
        }
        ids.sort((a, b) -> {
            int ra = rank.getOrDefault(words.get(a), Integer.MAX_VALUE);
            int rb = rank.getOrDefault(words.get(b), Integer.MAX_VALUE);
            return ra != rb ? Integer.compare(ra, rb) : Integer.compare(a, b);
        });
        return ids;
    }

    /** The word table's parameter name under the bundle's config (a tiny model of that config says it). */
    private static String wordTableName(ModelBundle in) {
        TaggerConfig config = TaggerConfig.fromJson(in.config().toString(), in.source() + ": config.json");
        int extra = config.extraWordTables().size();
        int[] extraCounts = new int[extra];
        int[] extraUnks = new int[extra];
        java.util.Arrays.fill(extraCounts, 2);
        java.util.Arrays.fill(extraUnks, 1);
        TaggerModel tiny = new TaggerModel(config.forInference(), 2, 1, extraCounts, extraUnks, 2, TransitionConstraints.none(1),
                DataType.FLOAT, new Rng(0));
        // the model's parameter set names the table prefix + "." + the embedding's own name; it shares its values
        INDArray table = tiny.wordEmbedding().weight().value();
        for (org.seqlab.nn.Parameter p : tiny.parameters()) {
            if (p.value() == table || p.name().equals("word." + tiny.wordEmbedding().weight().name())) {
                return p.name();
            }
        }
        throw new IllegalStateException("the tagger model has no word table parameter");
    }

    /** The words of a frequency-ordered file: the first field of each line (a GloVe/word2vec/fastText text file, plain or gzip). */
    public static List<String> readWordList(Path file) {
        try (var in = Files.newInputStream(file);
                var buffered = new java.io.BufferedInputStream(in, 1 << 16)) {
            buffered.mark(2);
            int b1 = buffered.read();
            int b2 = buffered.read();
            buffered.reset();
            java.io.InputStream data = b1 == 0x1f && b2 == 0x8b ? new java.util.zip.GZIPInputStream(buffered, 1 << 16)
                    : buffered;
            List<String> out = new ArrayList<>();
            try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(data, StandardCharsets.UTF_8))) {
                String line;
                boolean first = true;
                while ((line = r.readLine()) != null) {
                    String[] f = line.split(" ", 3);
                    // a word2vec/fastText header "COUNT DIM" is not a word
                    if (first && f.length == 2 && f[0].chars().allMatch(Character::isDigit)) {
                        first = false;
                        continue;
                    }
                    first = false;
                    if (!f[0].isEmpty()) {
                        out.add(f[0]);
                    }
                }
            }
            return out;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SeqlabException(file + ": no such file");
        } catch (IOException e) {
            throw new SeqlabException(file + ": cannot read: " + e.getMessage());
        }
    }
}
