package org.seqlab.seq2seq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.SeqlabException;
import org.seqlab.batch.TwoWorkers;
import org.seqlab.bundle.ModelBundle;
import org.seqlab.bundle.TensorStorage;
import org.seqlab.nn.Parameter;
import org.seqlab.random.Rng;
import org.seqlab.seq2seq.decode.BeamSearch;
import org.seqlab.seq2seq.decode.DecodeConfig;
import org.seqlab.seq2seq.decode.GreedySearch;
import org.seqlab.seq2seq.decode.Hypothesis;

/**
 * A trained translator: source text in, detokenised (BPE-decoded) target text out, by greedy or beam search
 * ({@link DecodeConfig}) in batches of 64 sources sorted by length.
 * Immutable and safe to share between threads (each call works on its own scratch state).
 *
 * <p>Lines: an empty (or blank) line translates to an empty line without running the model. A line with more BPE
 * pieces than the model's {@code maxSourceLength} is, per {@link LongLines}, split at word boundaries into pieces
 * that fit, translated piece by piece and joined with a space ({@code SPLIT}, the default), or refused with a
 * {@link SeqlabException} ({@code REFUSE}).
 */
public final class Translator {
    /** The bundle kind written and accepted. */
    public static final String KIND = "translator";
    static final int BATCH = 64;
    /** The bundle text naming the codecs' {@link SubwordCodec.WordSplit} (absent: none). */
    static final String WORD_SPLIT = "bpe.word-split";

    /** What to do with a line longer than the model's maximum source length. */
    public enum LongLines { SPLIT, REFUSE }

    private final Seq2SeqModel model;
    private final SubwordCodec source;
    private final SubwordCodec target;
    private final LongLines longLines;
    private final DecodeConfig decodeConfig;
    private final boolean int8;

    public Translator(Seq2SeqModel model, SubwordCodec source, SubwordCodec target, LongLines longLines) {
        this(model, source, target, longLines, DecodeConfig.GREEDY);
    }

    /** @param decodeConfig the search: greedy (beam 1, the default) or beam search with GNMT length penalty */
    public Translator(Seq2SeqModel model, SubwordCodec source, SubwordCodec target, LongLines longLines,
            DecodeConfig decodeConfig) {
        this(model, source, target, longLines, decodeConfig, false);
    }

    private Translator(Seq2SeqModel model, SubwordCodec source, SubwordCodec target, LongLines longLines,
            DecodeConfig decodeConfig, boolean int8) {
        if (source.vocabulary().size() != model.sourceVocabularySize()
                || target.vocabulary().size() != model.targetVocabularySize()) {
            throw new SeqlabException("translator: vocabularies of " + source.vocabulary().size() + " and "
                    + target.vocabulary().size() + " entries do not match the model's " + model.sourceVocabularySize()
                    + " and " + model.targetVocabularySize());
        }
        this.model = model;
        this.source = source;
        this.target = target;
        this.longLines = longLines;
        this.decodeConfig = decodeConfig;
        this.int8 = int8;
    }

    /** The same translator with another search (e.g. {@code DecodeConfig.DEFAULT}: beam 5, alpha 0.6). */
    public Translator withDecoding(DecodeConfig config) {
        return new Translator(model, source, target, longLines, config, int8);
    }

    /**
     * The same translator with the decoder's products in int8 ({@code true}) or float32 (the default): 1.8 times
     * as fast on a CPU with VNNI, at a small cost in accuracy (docs/translator.md); the weights are quantised once
     * per model. Refused where the CPU lacks VNNI or the model is not a float32 LSTM decoder.
     */
    public Translator withInt8(boolean on) {
        if (on) {
            org.seqlab.nn.kernel.Int8Matrix.requireSupported();
            model.decoder(true); // refuses a model it cannot serve, and quantises now rather than in a worker
        }
        return new Translator(model, source, target, longLines, decodeConfig, on);
    }

    /** Whether the decoder's products run in int8 ({@link #withInt8}). */
    public boolean int8() {
        return int8;
    }

    public Seq2SeqModel model() {
        return model;
    }

    public SubwordCodec sourceCodec() {
        return source;
    }

    public SubwordCodec targetCodec() {
        return target;
    }

    /** The same translator with another policy for long lines. */
    public Translator withLongLines(LongLines policy) {
        return new Translator(model, source, target, policy, decodeConfig, int8);
    }

    /** One line's translation. */
    public String translate(String line) {
        return translate(List.of(line)).get(0);
    }

    /** Translations of many lines, in their order. */
    public List<String> translate(List<String> lines) {
        return translate(lines, n -> { });
    }

    /**
     * As {@link #translate(List)}, reporting the number of segments done (lines, and the pieces of split long lines)
     * after each batch; batches run on two threads, the reports come one at a time.
     */
    public List<String> translate(List<String> lines, IntConsumer progress) {
        return translateWithAttention(lines, false, progress).stream().map(Translation::text).toList();
    }

    /**
     * A translation with what an attention heatmap needs: source and target pieces ({@code </s>} last on both) and
     * the attention weights, one row per target piece (null unless requested).
     */
    public record Translation(String text, List<String> sourcePieces, List<String> targetPieces, float[][] attention) {
    }

    /** Translations with (optionally) attention weights; long lines that are split carry no attention rows. */
    public List<Translation> translateWithAttention(List<String> lines, boolean withAttention, IntConsumer progress) {
        // every line becomes one or more segments of at most maxSourceLength pieces
        List<int[]> segments = new ArrayList<>();
        List<List<String>> segmentPieces = new ArrayList<>();
        int[] firstSegment = new int[lines.size() + 1];
        for (int k = 0; k < lines.size(); k++) {
            firstSegment[k] = segments.size();
            String line = lines.get(k);
            if (line.isBlank()) {
                continue;
            }
            for (List<String> piece : split(line, k)) {
                segments.add(source.ids(piece));
                segmentPieces.add(piece);
            }
        }
        firstSegment[lines.size()] = segments.size();
        Hypothesis[] hyps = new Hypothesis[segments.size()];
        Integer[] order = new Integer[segments.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> -segments.get(i).length));
        // batches on two workers (each batch's searches are independent); progress counts finished segments
        AtomicInteger done = new AtomicInteger();
        int batches = (order.length + BATCH - 1) / BATCH;
        IntConsumer decodeBatch = b -> {
            int from = b * BATCH;
            int to = Math.min(order.length, from + BATCH);
            List<int[]> batch = new ArrayList<>();
            for (int i = from; i < to; i++) {
                batch.add(segments.get(order[i]));
            }
            List<Hypothesis> out = search(batch.toArray(new int[0][]));
            for (int i = from; i < to; i++) {
                hyps[order[i]] = out.get(i - from);
            }
            synchronized (done) { // one report at a time, counts rising
                progress.accept(done.addAndGet(to - from));
            }
        };
        if (batches == 1) {
            decodeBatch.accept(0);
        } else if (batches > 1) {
            TwoWorkers.run(batches, decodeBatch);
        }
        List<Translation> result = new ArrayList<>(lines.size());
        for (int k = 0; k < lines.size(); k++) {
            int a = firstSegment[k];
            int b = firstSegment[k + 1];
            if (a == b) {
                result.add(new Translation("", List.of(), List.of(), withAttention ? new float[0][] : null));
                continue;
            }
            List<String> texts = new ArrayList<>();
            for (int s = a; s < b; s++) {
                texts.add(target.decode(hyps[s].outputTokens()));
            }
            String text = String.join(" ", texts).strip();
            if (b - a == 1) {
                List<String> src = new ArrayList<>(segmentPieces.get(a));
                src.add("</s>");
                List<String> tgt = new ArrayList<>(target.pieces(hyps[a].outputTokens()));
                if (hyps[a].ended()) {
                    tgt.add("</s>");
                }
                result.add(new Translation(text, src, tgt, withAttention ? hyps[a].attention() : null));
            } else {
                result.add(new Translation(text, List.of(), List.of(), null));
            }
        }
        return result;
    }

    private List<Hypothesis> search(int[][] sources) {
        List<List<Hypothesis>> found = decodeConfig.beamSize() == 1
                ? new GreedySearch<>(model.decoder(int8), decodeConfig).decode(sources)
                : new BeamSearch<>(model.decoder(int8), decodeConfig).decode(sources);
        return found.stream().map(l -> l.get(0)).toList();
    }

    /** The line's pieces, as one segment or (SPLIT) several at word boundaries. */
    private List<List<String>> split(String line, int index) {
        List<String> pieces = source.pieces(line);
        int max = model.config().maxSourceLength();
        if (pieces.size() <= max) {
            return List.of(pieces);
        }
        if (longLines == LongLines.REFUSE) {
            throw new SeqlabException("line " + (index + 1) + " has " + pieces.size()
                    + " BPE pieces, more than the model's maximum source length " + max
                    + " (split long lines to translate it in pieces)");
        }
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        List<String> word = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            String p = pieces.get(i);
            word.add(p);
            if (source.joinsNext(p, i + 1 < pieces.size() ? pieces.get(i + 1) : null)) {
                continue;
            }
            if (current.size() + word.size() > max && !current.isEmpty()) {
                out.add(current);
                current = new ArrayList<>();
            }
            for (String w : word) {
                if (current.size() == max) { // a single word longer than the limit
                    out.add(current);
                    current = new ArrayList<>();
                }
                current.add(w);
            }
            word.clear();
        }
        current.addAll(word);
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /** Writes the bundle: config, BPE codes and vocabularies (one pair when joint), float32 weights, metrics. */
    public void save(Path path, Map<String, Double> metrics) {
        save(path, metrics, TensorStorage.FLOAT32);
    }

    /** As {@link #save(Path, Map)}, with the weights stored as {@code storage} (FLOAT16 halves the file). */
    public void save(Path path, Map<String, Double> metrics, TensorStorage storage) {
        Map<String, INDArray> weights = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            weights.put(p.name(), p.value());
        }
        ModelBundle.Writer w = ModelBundle.writer(KIND).setConfig(model.config())
                .addText(WORD_SPLIT, source.wordSplit().label())
                .addText("source.bpe", source.codesText())
                .addText("source.vocab", source.vocabularyText())
                .addTensors("weights", weights, storage);
        if (!model.config().jointVocabulary()) {
            w.addText("target.bpe", target.codesText()).addText("target.vocab", target.vocabularyText());
        }
        metrics.forEach(w::optMetric);
        try {
            w.write(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /** Loads a bundle written by {@link #save}; refuses a bundle whose vocabularies do not fit its weights. */
    public static Translator load(Path path) {
        return load(ModelBundle.read(path), path.toString());
    }

    /**
     * Loads a bundled translator by name ({@code en-de}, from the {@code org.seqlab:resources} artifact on the
     * classpath, as {@link org.seqlab.bundle.BundledModels} reads the taggers) or, for anything else, the bundle file
     * at that path.
     */
    public static Translator load(String model) {
        return load(org.seqlab.bundle.BundledModels.read(model), model);
    }

    private static Translator load(ModelBundle b, String path) {
        if (!KIND.equals(b.kind())) {
            throw new SeqlabException(path + ": a '" + b.kind() + "' bundle, not a translator");
        }
        // the codecs' word split is the bundle's: bundles from before the option have none (their configs lack the
        // field, which for new configs defaults to character classes)
        String splitLabel = b.texts().get(WORD_SPLIT);
        SubwordCodec.WordSplit split;
        try {
            split = splitLabel == null ? SubwordCodec.WordSplit.NONE
                    : SubwordCodec.WordSplit.ofLabel(splitLabel.strip());
        } catch (IllegalArgumentException e) {
            throw new SeqlabException(path + ": " + WORD_SPLIT + ": " + e.getMessage());
        }
        TranslatorConfig config = b.config(TranslatorConfig.class).withWordSplit(split);
        SubwordCodec src = SubwordCodec.fromTexts(text(b, path, "source.bpe"), text(b, path, "source.vocab"), split,
                path + ":source");
        SubwordCodec tgt = config.jointVocabulary() ? src
                : SubwordCodec.fromTexts(text(b, path, "target.bpe"), text(b, path, "target.vocab"), split,
                        path + ":target");
        Seq2SeqModel model = new Seq2SeqModel(config, src.vocabulary().size(), tgt.vocabulary().size(),
                DataType.FLOAT, new Rng(0));
        Map<String, INDArray> weights = b.tensors("weights");
        for (Parameter p : model.parameters()) {
            INDArray v = weights.get(p.name());
            if (v == null) {
                throw new SeqlabException(path + ": weights lack tensor " + p.name());
            }
            if (!Arrays.equals(v.shape(), p.shape())) {
                throw new SeqlabException(path + ": tensor " + p.name() + " has shape " + Arrays.toString(v.shape())
                        + " but the config and vocabularies (" + src.vocabulary().size() + " source, "
                        + tgt.vocabulary().size() + " target entries) need " + Arrays.toString(p.shape()));
            }
            p.value().assign(v.castTo(DataType.FLOAT));
        }
        if (weights.size() != model.parameters().size()) {
            throw new SeqlabException(path + ": weights hold " + weights.size() + " tensors, the model has "
                    + model.parameters().size());
        }
        model.freezeForInference(); // a loaded translator's parameters no longer change
        return new Translator(model, src, tgt, LongLines.SPLIT);
    }

    private static String text(ModelBundle b, String path, String name) {
        String t = b.texts().get(name);
        if (t == null) {
            throw new SeqlabException(path + ": bundle lacks text " + name);
        }
        return t;
    }
}
