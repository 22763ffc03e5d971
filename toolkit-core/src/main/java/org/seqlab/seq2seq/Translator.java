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
import java.util.Objects;
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
import org.seqlab.seq2seq.decode.UnkReplacer;

/**
 * A trained translator: source text in, detokenised (BPE-decoded) target text out, by greedy or beam search
 * ({@link DecodeConfig}) in batches of 64 sources sorted by length.
 * Immutable and safe to share between threads (each call works on its own scratch state).
 *
 * <p>Lines: a line with nothing to translate (empty, or only white space, space separators, control and format
 * characters such as U+00A0, U+200B or BEL, or anything else that yields no BPE pieces) translates to an empty line
 * without running the model: fed no source, a model would still write a sentence. A line with more BPE pieces than the
 * model's {@code maxSourceLength} is, per {@link LongLines}, split at word boundaries into pieces that fit,
 * translated piece by piece and joined with a space ({@code SPLIT}, the default), or refused with a
 * {@link LineTooLongException} ({@code REFUSE}).
 *
 * <p>Options: n-best lists ({@link #translateNBest}, with {@link DecodeConfig#withNBest}) and unknown-word replacement
 * ({@link #withUnkReplacement}).
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
    /** Null when {@code <unk>} stays in the output. */
    private final UnkReplacer unkReplacer;

    public Translator(Seq2SeqModel model, SubwordCodec source, SubwordCodec target, LongLines longLines) {
        this(model, source, target, longLines, DecodeConfig.GREEDY);
    }

    /** @param decodeConfig the search: greedy (beam 1, the default) or beam search with GNMT length penalty */
    public Translator(Seq2SeqModel model, SubwordCodec source, SubwordCodec target, LongLines longLines,
            DecodeConfig decodeConfig) {
        this(model, source, target, longLines, decodeConfig, false, null);
    }

    private Translator(Seq2SeqModel model, SubwordCodec source, SubwordCodec target, LongLines longLines,
            DecodeConfig decodeConfig, boolean int8, UnkReplacer unkReplacer) {
        // refused here rather than as an NPE deep inside the first translate call
        Objects.requireNonNull(longLines, "translator: the long-line policy is null (LongLines.SPLIT or REFUSE)");
        Objects.requireNonNull(decodeConfig, "translator: the decoding config is null (e.g. DecodeConfig.GREEDY)");
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
        this.unkReplacer = unkReplacer;
    }

    /** The same translator with another search (e.g. {@code DecodeConfig.DEFAULT}: beam 5, alpha 0.6). */
    public Translator withDecoding(DecodeConfig config) {
        return new Translator(model, source, target, longLines, config, int8, unkReplacer);
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
        return new Translator(model, source, target, longLines, decodeConfig, on, unkReplacer);
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
        return new Translator(model, source, target, policy, decodeConfig, int8, unkReplacer);
    }

    /**
     * The same translator replacing ({@code true}) or keeping (the default) each {@code <unk>} of an output: replaced,
     * it becomes the source piece its step attended to most ({@link UnkReplacer}), copied with its BPE joining marks,
     * so that an unknown word copied piece by piece joins up as in the source ("Z@@ <unk> rich" with "ü@@" attended
     * gives "Zürich"). The pieces of a {@link Translation} stay those the model emitted.
     */
    public Translator withUnkReplacement(boolean on) {
        UnkReplacer replacer = on ? new UnkReplacer(target.pieces(new int[] {Seq2SeqModel.UNK}).get(0)) : null;
        return new Translator(model, source, target, longLines, decodeConfig, int8, replacer);
    }

    /** Whether {@code <unk>} in outputs is replaced by source pieces ({@link #withUnkReplacement}). */
    public boolean replacesUnk() {
        return unkReplacer != null;
    }

    /** A line with more BPE pieces than the model's maximum source length, under {@link LongLines#REFUSE}. */
    public static final class LineTooLongException extends SeqlabException {
        private static final long serialVersionUID = 1L;

        private final int line;
        private final int pieces;
        private final int maxSourceLength;

        LineTooLongException(int line, int pieces, int maxSourceLength) {
            super("line " + line + " has " + pieces + " BPE pieces, more than the model's maximum source length "
                    + maxSourceLength + " (LongLines.SPLIT translates it in pieces)");
            this.line = line;
            this.pieces = pieces;
            this.maxSourceLength = maxSourceLength;
        }

        /** The line's 1-based number in the list given to the translator. */
        public int line() {
            return line;
        }

        /** How many BPE pieces the line has. */
        public int pieces() {
            return pieces;
        }

        public int maxSourceLength() {
            return maxSourceLength;
        }
    }

    /** One line's translation. */
    public String translate(String line) {
        Objects.requireNonNull(line, "translate: the line is null");
        return translate(List.of(line)).get(0);
    }

    /** Translations of many lines, in their order. */
    public List<String> translate(List<String> lines) {
        return translate(lines, n -> { });
    }

    /**
     * As {@link #translate(List)}, reporting after each batch how many lines are done (blank lines count as done from
     * the start; a line translated in pieces is done with its last piece); batches run on two threads, the reports
     * come one at a time, rising, the last one {@code lines.size()}.
     */
    public List<String> translate(List<String> lines, IntConsumer progress) {
        return translateWithAttention(lines, false, progress).stream().map(Translation::text).toList();
    }

    /**
     * A translation with its score and what an attention heatmap needs.
     *
     * @param text the detokenised translation ({@code <unk>} replaced where {@link #withUnkReplacement} says so)
     * @param sourcePieces the source pieces, {@code </s>} last; empty for a blank line and a line translated in pieces
     * @param targetPieces the pieces the model emitted, {@code </s>} last when it ended the output; empty as above
     * @param attention per target piece its attention row over the source pieces (null unless requested; no rows for
     *     a blank line; null for a line translated in pieces, whose {@code parts} carry them)
     * @param score the score the beam ranks by, {@link Hypothesis#normalisedScore()}: log P(output) / lp(output
     *     length) with GNMT's length penalty (higher is better; alpha 0: the log-probability); 0 for a blank line; for
     *     a line translated in pieces the pieces' summed log-probability over the length penalty of their summed length
     * @param parts for a line translated in pieces, each piece's translation (with its own pieces and attention, and
     *     no parts); empty otherwise
     */
    public record Translation(String text, List<String> sourcePieces, List<String> targetPieces, float[][] attention,
            double score, List<Translation> parts) {
    }

    /** The best translation of each line, with (optionally) attention weights. */
    public List<Translation> translateWithAttention(List<String> lines, boolean withAttention, IntConsumer progress) {
        return translateNBest(lines, withAttention, progress).stream().map(alternatives -> alternatives.get(0))
                .toList();
    }

    /**
     * Per line, its best translations, best first: as many as the search's n-best ({@link DecodeConfig#nBest()}, at
     * most its beam) where the beam finished that many, at least one. A blank line has one, empty, with score 0; a
     * line translated in pieces has one, its pieces' best joined (the pieces' alternatives would combine into more
     * lists than n). Progress as in {@link #translate(List, IntConsumer)}.
     */
    public List<List<Translation>> translateNBest(List<String> lines, boolean withAttention, IntConsumer progress) {
        // null arguments named up front (they failed as NPEs inside the search, a null progress only after decoding)
        Objects.requireNonNull(lines, "translate: the list of lines is null");
        Objects.requireNonNull(progress, "translate: the progress callback is null (use n -> { })");
        for (int k = 0; k < lines.size(); k++) {
            if (lines.get(k) == null) {
                throw new NullPointerException("translate: line " + (k + 1) + " of " + lines.size() + " is null");
            }
        }
        // every line becomes no segment (nothing to translate) or one or more of at most maxSourceLength pieces
        List<int[]> segments = new ArrayList<>();
        List<List<String>> segmentPieces = new ArrayList<>();
        List<Integer> segmentLine = new ArrayList<>();
        int[] firstSegment = new int[lines.size() + 1];
        for (int k = 0; k < lines.size(); k++) {
            firstSegment[k] = segments.size();
            String line = lines.get(k);
            if (hasNothingToTranslate(line)) {
                continue;
            }
            for (List<String> piece : split(line, k)) {
                segments.add(source.ids(piece));
                segmentPieces.add(piece);
                segmentLine.add(k);
            }
        }
        firstSegment[lines.size()] = segments.size();
        int[] segmentsLeft = new int[lines.size()];
        int blankLines = 0;
        for (int k = 0; k < lines.size(); k++) {
            segmentsLeft[k] = firstSegment[k + 1] - firstSegment[k];
            blankLines += segmentsLeft[k] == 0 ? 1 : 0;
        }
        Hypothesis[][] hyps = new Hypothesis[segments.size()][];
        Integer[] order = new Integer[segments.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> -segments.get(i).length));
        // batches on two workers (each batch's searches are independent); progress counts lines whose segments are done
        int[] linesDone = {blankLines};
        int batches = (order.length + BATCH - 1) / BATCH;
        IntConsumer decodeBatch = b -> {
            int from = b * BATCH;
            int to = Math.min(order.length, from + BATCH);
            List<int[]> batch = new ArrayList<>();
            for (int i = from; i < to; i++) {
                batch.add(segments.get(order[i]));
            }
            List<List<Hypothesis>> out = search(batch.toArray(new int[0][]));
            for (int i = from; i < to; i++) {
                hyps[order[i]] = out.get(i - from).toArray(new Hypothesis[0]);
            }
            synchronized (linesDone) { // one report at a time, counts rising
                for (int i = from; i < to; i++) {
                    if (--segmentsLeft[segmentLine.get(order[i])] == 0) {
                        linesDone[0]++;
                    }
                }
                progress.accept(linesDone[0]);
            }
        };
        if (batches == 0) {
            progress.accept(lines.size());
        } else if (batches == 1) {
            decodeBatch.accept(0);
        } else {
            TwoWorkers.run(batches, decodeBatch);
        }
        List<List<Translation>> result = new ArrayList<>(lines.size());
        for (int k = 0; k < lines.size(); k++) {
            int a = firstSegment[k];
            int b = firstSegment[k + 1];
            if (a == b) {
                result.add(List.of(new Translation("", List.of(), List.of(), withAttention ? new float[0][] : null, 0,
                        List.of())));
            } else if (b - a == 1) {
                List<Translation> alternatives = new ArrayList<>();
                for (Hypothesis h : hyps[a]) {
                    alternatives.add(translation(h, segmentPieces.get(a), withAttention));
                }
                result.add(alternatives);
            } else {
                List<Translation> parts = new ArrayList<>();
                List<String> texts = new ArrayList<>();
                double logProb = 0;
                int length = 0;
                for (int s = a; s < b; s++) {
                    Hypothesis best = hyps[s][0];
                    parts.add(translation(best, segmentPieces.get(s), withAttention));
                    texts.add(parts.get(parts.size() - 1).text());
                    logProb += best.score();
                    length += best.tokens().length;
                }
                result.add(List.of(new Translation(String.join(" ", texts).strip(), List.of(), List.of(), null,
                        logProb / decodeConfig.lengthPenalty(length), List.copyOf(parts))));
            }
        }
        return result;
    }

    /**
     * Whether a line has nothing to translate: it holds only white space, space separators (U+00A0...), control
     * (BEL...) and format characters (U+200B, U+FEFF...), which the tokeniser would pass on as unknown pieces.
     */
    static boolean hasNothingToTranslate(String line) {
        return line.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.FORMAT);
    }

    /** One segment's translation by hypothesis {@code h} of its search. */
    private Translation translation(Hypothesis h, List<String> sourcePieces, boolean withAttention) {
        List<String> src = new ArrayList<>(sourcePieces);
        src.add("</s>");
        List<String> output = target.pieces(h.outputTokens());
        String text = target.decode(unkReplacer == null ? output
                : unkReplacer.replace(output, sourcePieces, h.outputAttention()));
        List<String> tgt = new ArrayList<>(output);
        if (h.ended()) {
            tgt.add("</s>");
        }
        return new Translation(text, src, tgt, withAttention ? h.attention() : null, h.normalisedScore(), List.of());
    }

    /** Per source its hypotheses, best first: one for greedy search, up to nBest for beam search. */
    private List<List<Hypothesis>> search(int[][] sources) {
        return decodeConfig.beamSize() == 1
                ? new GreedySearch<>(model.decoder(int8), decodeConfig).decode(sources)
                : new BeamSearch<>(model.decoder(int8), decodeConfig).decode(sources);
    }

    /** The line's pieces, as one segment, none (no pieces), or (SPLIT) several at word boundaries. */
    private List<List<String>> split(String line, int index) {
        List<String> pieces = source.pieces(line);
        int max = model.config().maxSourceLength();
        if (pieces.isEmpty()) {
            return List.of();
        }
        if (pieces.size() <= max) {
            return List.of(pieces);
        }
        if (longLines == LongLines.REFUSE) {
            throw new LineTooLongException(index + 1, pieces.size(), max);
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
        Objects.requireNonNull(path, "Translator.load: the path is null");
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
