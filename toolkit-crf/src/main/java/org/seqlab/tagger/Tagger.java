package org.seqlab.tagger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;

import org.seqlab.SeqlabException;
import org.seqlab.batch.BatchPlan;
import org.seqlab.batch.Batcher;
import org.seqlab.batch.Piece;
import org.seqlab.batch.TwoWorkers;
import org.seqlab.bundle.BundledModels;
import org.seqlab.conll.Chunk;
import org.seqlab.conll.TagScheme;
import org.seqlab.crf.CrfScores;
import org.seqlab.crf.LinearChainCrf;
import org.seqlab.crf.TokenRows;
import org.seqlab.crf.TransitionConstraints;
import org.seqlab.text.SentenceSplitter;
import org.seqlab.text.Token;
import org.seqlab.text.TokenizedSentence;

/**
 * A trained tagger, ready to use: {@code Tagger.load(path)}, then {@link #tag(List)} for one tokenized sentence,
 * {@link #tag(String)} for raw text (split into sentences and tokens by a {@link SentenceSplitter} with the bundle's
 * {@link TokenizerSettings}, those of the training data; spans carry character offsets into the text), and {@link #tagAll(List)} for many sentences at once (sorted by length and
 * batched, much faster than one by one).
 *
 * <p>Immutable and thread-safe: one loaded tagger may serve any number of threads; each call allocates its own
 * buffers (the CRF keeps per-thread scratch).
 */
public final class Tagger {
    /** Sentences per batch in {@link #tagAll}. */
    public static final int BATCH_SIZE = 32;

    private final TaggerModel model;
    private final TaggerLexicon lexicon;
    private final TaggerInfo info;
    private final TagScheme outputScheme; // null for plain labels
    private final SentenceSplitter splitter;
    // An ensemble's members after the first (model, lexicon): empty for a single tagger.
    private final List<Tagger> others;
    private final TaggerInfo firstInfo; // the first member's own info (an ensemble's info is its own)
    private final int[][] tagMaps; // per other member: its tag id -> the first member's
    private final LinearChainCrf ensembleCrf; // Viterbi over the mean marginals, under the first member's constraints

    public Tagger(TaggerModel model, TaggerLexicon lexicon, TaggerInfo info) {
        this(model, lexicon, info, info, List.of());
    }

    private Tagger(TaggerModel model, TaggerLexicon lexicon, TaggerInfo info, TaggerInfo firstInfo,
            List<Tagger> others) {
        this.model = model;
        this.lexicon = lexicon;
        this.info = info;
        this.firstInfo = firstInfo;
        this.others = List.copyOf(others);
        this.tagMaps = new int[others.size()][];
        for (int m = 0; m < tagMaps.length; m++) {
            List<String> tags = others.get(m).lexicon.tags();
            tagMaps[m] = new int[tags.size()];
            for (int j = 0; j < tags.size(); j++) {
                tagMaps[m][j] = lexicon.tags().indexOf(tags.get(j));
            }
        }
        this.ensembleCrf = others.isEmpty() ? null
                : new LinearChainCrf(model.hasCrf() ? lexicon.constraints()
                        : TransitionConstraints.none(lexicon.tags().size()));
        this.outputScheme = lexicon.scheme() == null ? null
                : info.dataScheme() == null ? lexicon.scheme() : TagScheme.parse(info.dataScheme());
        this.splitter = info.tokenizer().splitter();
    }

    /**
     * An ensemble of taggers trained for the same task (the same tag set; typically one recipe trained with several
     * seeds): each token's tag probabilities (CRF marginals, or the softmax) are averaged over the members, and the
     * best tags are the path through the mean probabilities that the first member's tag scheme allows (Viterbi over
     * their logarithms). Confidences are the mean probabilities of the chosen tags. Tagging costs one forward pass per
     * member. The ensemble tokenizes text and writes tags as the first member does; it has no metrics until measured
     * ({@code seqlab ensemble} records them in the bundle). Members that are ensembles are taken apart.
     *
     * @throws SeqlabException where the members' tag sets, schemes or output layers (CRF or softmax) differ
     */
    public static Tagger ensemble(List<Tagger> members) {
        Objects.requireNonNull(members, "ensemble: the member list is null");
        for (int m = 0; m < members.size(); m++) {
            if (members.get(m) == null) {
                throw new NullPointerException("ensemble: member " + (m + 1) + " is null");
            }
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one tagger");
        }
        TaggerInfo i = members.get(0).info;
        return ensemble(members, new TaggerInfo(i.dataScheme(), java.util.Map.of(), i.data(), java.util.Map.of(),
                i.tokenizer()));
    }

    /** As {@link #ensemble(List)}, with the ensemble's own info. */
    static Tagger ensemble(List<Tagger> members, TaggerInfo info) {
        Tagger first = members.get(0);
        List<Tagger> parts = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            for (Tagger part : members.get(m).members()) {
                if (part.lexicon.tags().size() != first.lexicon.tags().size()
                        || !new java.util.HashSet<>(part.lexicon.tags()).equals(
                                new java.util.HashSet<>(first.lexicon.tags()))) {
                    throw new SeqlabException("ensemble member " + (m + 1) + " has the tags " + part.lexicon.tags()
                            + ", member 1 " + first.lexicon.tags() + ": the members must share one tag set");
                }
                if (part.lexicon.scheme() != first.lexicon.scheme() || part.outputScheme != first.outputScheme
                        || part.model.hasCrf() != first.model.hasCrf()) {
                    throw new SeqlabException("ensemble member " + (m + 1) + " differs from member 1 in its tag "
                            + "scheme or output layer (" + describe(part) + " against " + describe(first) + ")");
                }
                parts.add(part);
            }
        }
        Tagger lead = parts.get(0);
        return new Tagger(lead.model, lead.lexicon, info, lead.info, parts.subList(1, parts.size()));
    }

    private static String describe(Tagger t) {
        return "scheme " + t.lexicon.scheme() + ", output " + t.outputScheme + (t.model.hasCrf() ? ", CRF" : ", softmax");
    }

    /** The single taggers this one is made of: itself alone, or an ensemble's members in order. */
    public List<Tagger> members() {
        if (others.isEmpty()) {
            return List.of(this);
        }
        List<Tagger> out = new ArrayList<>(1 + others.size());
        out.add(new Tagger(model, lexicon, firstInfo));
        out.addAll(others);
        return List.copyOf(out);
    }

    /** How many models tag each sentence: 1, or an ensemble's member count. */
    public int memberCount() {
        return 1 + others.size();
    }

    /** A tagger (or an ensemble of taggers) from a bundle already read. */
    public static Tagger load(org.seqlab.bundle.ModelBundle bundle) {
        return TaggerArchive.load(bundle);
    }

    /** Loads a tagger saved by {@link #save(Path)} or {@code seqlab train}. */
    public static Tagger load(Path file) {
        Objects.requireNonNull(file, "Tagger.load: the path is null");
        return TaggerArchive.load(file);
    }

    /**
     * Loads a bundled tagger by name ({@code "ner"}: English NER on CoNLL-2003, {@code "pos"}: English UPOS on
     * UD-EWT; from the {@code org.seqlab:resources} artifact on the classpath, read in memory) or, for anything else,
     * the bundle file at that path. {@link BundledModels#available()} lists the bundled names present.
     *
     * @throws org.seqlab.SeqlabException for an unknown name (listing the bundled ones) or a missing file (naming it)
     */
    public static Tagger load(String model) {
        return TaggerArchive.load(BundledModels.readTagger(model));
    }

    /** The bundle manifest's dev score: {@code dev_f1} for span taggers, {@code dev_accuracy} otherwise; or NaN. */
    public double devScore() {
        Double v = info.metrics().get(spanTask() ? "dev_f1" : "dev_accuracy");
        return v == null ? Double.NaN : v;
    }

    /**
     * Writes the tagger (config, vocabularies, tags, weights, metadata) to one model bundle file; an ensemble as an
     * ensemble bundle of its members (float32; {@code seqlab ensemble} builds one from bundle files and keeps shrunk
     * members' storage).
     */
    public void save(Path file) {
        Objects.requireNonNull(file, "Tagger.save: the path is null");
        if (others.isEmpty()) {
            TaggerArchive.save(file, model, lexicon, info, java.util.Map.of());
            return;
        }
        List<org.seqlab.bundle.ModelBundle> bundles = new ArrayList<>();
        for (Tagger member : members()) {
            try {
                Path tmp = java.nio.file.Files.createTempFile("seqlab-member", ".zip");
                try {
                    member.save(tmp);
                    bundles.add(org.seqlab.bundle.ModelBundle.read(tmp));
                } finally {
                    java.nio.file.Files.deleteIfExists(tmp);
                }
            } catch (java.io.IOException e) {
                throw new SeqlabException(file + ": cannot write the ensemble: " + e.getMessage());
            }
        }
        TaggerArchive.saveEnsemble(file, bundles, info.metrics(), info.provenance());
    }

    /** As {@link #save(Path)}, recording the given training files (name to path) with their SHA-256 and size. */
    public void save(Path file, java.util.Map<String, Path> trainingFiles) {
        if (!others.isEmpty()) {
            throw new SeqlabException(file + ": an ensemble records its members' training files from their own "
                    + "bundles; save it with save(Path)");
        }
        TaggerArchive.save(file, model, lexicon, info, trainingFiles);
    }

    /** The model (an ensemble's first member's; {@link #members()} gives them all). */
    public TaggerModel model() {
        return model;
    }

    /** The vocabularies and tags (an ensemble's first member's; the tag set is the same for all). */
    public TaggerLexicon lexicon() {
        return lexicon;
    }

    public TaggerInfo info() {
        return info;
    }

    /** Whether the tags are chunk tags (spans), rather than plain labels. */
    public boolean spanTask() {
        return lexicon.scheme() != null;
    }

    /** The scheme output tags are written in, or null for plain labels. */
    public TagScheme outputScheme() {
        return outputScheme;
    }

    /**
     * Tags one tokenized sentence.
     *
     * @throws SeqlabException for a token that is empty or white space only, naming its position
     */
    public TaggedSentence tag(List<String> tokens) {
        Objects.requireNonNull(tokens, "tag: the token list is null");
        return tagAll(List.of(tokens)).get(0);
    }

    /**
     * Splits the text into sentences and tokens (with the tokenizer settings of {@link TaggerInfo#tokenizer()}) and tags
     * them; spans carry character offsets into {@code text}.
     */
    public List<TaggedSentence> tag(String text) {
        Objects.requireNonNull(text, "tag: the text is null");
        List<TokenizedSentence> sentences = splitter.split(text);
        List<List<String>> words = new ArrayList<>(sentences.size());
        for (TokenizedSentence s : sentences) {
            words.add(s.words());
        }
        List<TaggedSentence> tagged = tagAll(words);
        List<TaggedSentence> out = new ArrayList<>(tagged.size());
        for (int i = 0; i < tagged.size(); i++) {
            TaggedSentence t = tagged.get(i);
            List<Token> tokens = sentences.get(i).tokens();
            int[] begins = new int[tokens.size()];
            int[] ends = new int[tokens.size()];
            for (int k = 0; k < begins.length; k++) {
                begins[k] = tokens.get(k).begin();
                ends[k] = tokens.get(k).end();
            }
            List<TaggedSpan> spans = new ArrayList<>(t.spans().size());
            for (TaggedSpan s : t.spans()) {
                int begin = tokens.get(s.start()).begin();
                int end = tokens.get(s.end() - 1).end();
                spans.add(new TaggedSpan(s.label(), s.start(), s.end(), begin, end, text.substring(begin, end),
                        s.confidence()));
            }
            out.add(new TaggedSentence(t.tokens(), t.tags(), t.confidences(), List.copyOf(spans), begins, ends));
        }
        return out;
    }

    /**
     * Tags many sentences, in batches of sentences of similar length; the result follows the input order.
     *
     * @throws SeqlabException for a token that is empty or white space only, naming its sentence and position (as
     *     do {@link #internalTags} and {@link #bestTags})
     */
    public List<TaggedSentence> tagAll(List<? extends List<String>> sentences) {
        Predictions p = predict(sentences, true);
        List<TaggedSentence> out = new ArrayList<>(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            List<String> tokens = List.copyOf(sentences.get(i));
            int[] ids = p.tags[i];
            List<String> internal = new ArrayList<>(ids.length);
            for (int id : ids) {
                internal.add(lexicon.tags().get(id));
            }
            List<TaggedSpan> spans = List.of();
            List<String> tags = internal;
            if (lexicon.scheme() != null) {
                spans = new ArrayList<>();
                for (Chunk c : lexicon.scheme().chunks(internal)) {
                    double conf = 1;
                    for (int t = c.start(); t < c.end(); t++) {
                        conf = Math.min(conf, p.confidences[i][t]);
                    }
                    spans.add(new TaggedSpan(c.type(), c.start(), c.end(), -1, -1,
                            String.join(" ", tokens.subList(c.start(), c.end())), conf));
                }
                spans = List.copyOf(spans);
                tags = lexicon.scheme().convert(internal, outputScheme);
            }
            out.add(new TaggedSentence(tokens, List.copyOf(tags), p.confidences[i], spans));
        }
        return out;
    }

    /** The model's tags in its internal scheme (IOBES for span tasks), one list per sentence. */
    public List<List<String>> internalTags(List<? extends List<String>> sentences) {
        Predictions p = predict(sentences, false);
        List<List<String>> out = new ArrayList<>(sentences.size());
        for (int[] ids : p.tags) {
            List<String> tags = new ArrayList<>(ids.length);
            for (int id : ids) {
                tags.add(lexicon.tags().get(id));
            }
            out.add(tags);
        }
        return out;
    }

    /**
     * The best tags of each sentence in the output scheme, as {@link #tagAll} gives them, without confidences or
     * spans: the best path only (no CRF marginals), the fastest way to tag.
     */
    public List<List<String>> bestTags(List<? extends List<String>> sentences) {
        List<List<String>> internal = internalTags(sentences);
        if (lexicon.scheme() == null) {
            return internal;
        }
        List<List<String>> out = new ArrayList<>(internal.size());
        for (List<String> tags : internal) {
            out.add(lexicon.scheme().convert(tags, outputScheme));
        }
        return out;
    }

    private record Predictions(int[][] tags, double[][] confidences) {
    }

    private Predictions predict(List<? extends List<String>> sentences, boolean confidences) {
        // null arguments named here, not as NPEs deep in encoding (tagAll, internalTags and bestTags come through)
        Objects.requireNonNull(sentences, "tag: the list of sentences is null");
        int n = sentences.size();
        int[][] tags = new int[n][];
        double[][] conf = new double[n][];
        List<List<String>> nonEmpty = new ArrayList<>(n);
        int[] index = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (sentences.get(i) == null) {
                throw new NullPointerException("sentence " + (i + 1) + " is null");
            }
            if (sentences.get(i).isEmpty()) {
                tags[i] = new int[0];
                conf[i] = new double[0];
            } else {
                List<String> sentence = sentences.get(i);
                for (int t = 0; t < sentence.size(); t++) {
                    if (sentence.get(t) == null) {
                        throw new NullPointerException("sentence " + (i + 1) + ", token " + (t + 1) + " is null");
                    }
                    String blank = blankness(sentence.get(t));
                    if (blank != null) {
                        throw new SeqlabException("sentence " + (i + 1) + ", token " + (t + 1) + " is " + blank);
                    }
                }
                nonEmpty.add(sentence);
                index[k++] = i;
            }
        }
        if (k == 0) {
            return new Predictions(tags, conf);
        }
        int[] lengths = new int[k];
        for (int i = 0; i < k; i++) {
            lengths[i] = nonEmpty.get(i).size();
        }
        BatchPlan plan = Batcher.builder().optBatchSize(BATCH_SIZE).build().byLength(lengths);
        int batches = plan.size();
        IntConsumer decodeBatch = b -> {
            // Encoded batch by batch, so that encoding runs on both workers too.
            List<Piece> pieces = plan.batch(b);
            List<List<String>> words = new ArrayList<>(pieces.size());
            List<Piece> local = new ArrayList<>(pieces.size());
            for (Piece piece : pieces) {
                local.add(new Piece(words.size(), piece.start(), piece.length()));
                words.add(nonEmpty.get(piece.item()));
            }
            TaggerBatch batch = lexicon.encode(words, null).batch(local);
            TaggerModel.Decoded d = others.isEmpty() ? model.decode(batch, confidences)
                    : decodeEnsemble(batch, words, local);
            var layout = batch.words().layout();
            for (int row = 0; row < layout.batch(); row++) {
                int item = index[pieces.get(batch.words().item(row)).item()];
                int len = layout.length(row);
                int[] y = new int[len];
                double[] c = confidences ? new double[len] : null;
                for (int t = 0; t < len; t++) {
                    int r = layout.packedRow(t, row);
                    y[t] = d.tags()[r];
                    if (c != null) {
                        c[t] = d.confidence()[r];
                    }
                }
                tags[item] = y;
                conf[item] = c;
            }
        };
        if (batches == 1) {
            decodeBatch.accept(0);
        } else {
            TwoWorkers.run(batches, decodeBatch);
        }
        return new Predictions(tags, conf);
    }

    /**
     * Why a token cannot be tagged, or null when it can: {@code "empty"}, or {@code "white space only (U+0020)"} with
     * its characters. Such a token is no word, yet would be looked up and tagged like one (as O, silently); the
     * raw-text tokenizer never produces one. White space is what {@link Character#isWhitespace} or
     * {@link Character#isSpaceChar} calls so: the first misses the no-break spaces, the second tabs and line breaks.
     */
    static String blankness(String token) {
        if (token.isEmpty()) {
            return "empty";
        }
        StringBuilder chars = new StringBuilder();
        int count = 0;
        for (int i = 0; i < token.length(); i = token.offsetByCodePoints(i, 1)) {
            int c = token.codePointAt(i);
            if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
                return null;
            }
            // the first few name the characters; a long run of spaces need not fill the message
            if (count++ < 8) {
                chars.append(count == 1 ? "" : " ").append(String.format(java.util.Locale.ROOT, "U+%04X", c));
            }
        }
        return "white space only (" + chars + (count > 8 ? " ... " + count + " characters" : "") + ")";
    }

    /**
     * The ensemble's tags and confidences for one batch: every member's tag probabilities (its own vocabulary encodes
     * the words; the packed rows are the same for all members, as they follow the sentence lengths only) averaged,
     * then the best allowed path through their logarithms.
     */
    private TaggerModel.Decoded decodeEnsemble(TaggerBatch batch, List<List<String>> words, List<Piece> pieces) {
        double[] mean = model.tagProbabilities(batch);
        int numTags = lexicon.tags().size();
        for (int m = 0; m < others.size(); m++) {
            Tagger other = others.get(m);
            double[] p = other.model.tagProbabilities(other.lexicon.encode(words, null).batch(pieces));
            int[] map = tagMaps[m];
            for (int o = 0; o < mean.length; o += numTags) {
                for (int j = 0; j < numTags; j++) {
                    mean[o + map[j]] += p[o + j];
                }
            }
        }
        int rows = mean.length / numTags;
        double[] logMean = new double[mean.length];
        double scale = 1.0 / memberCount();
        for (int i = 0; i < mean.length; i++) {
            mean[i] *= scale;
            // a floor instead of log(0) = -inf for tags no member allows here: the path still exists
            logMean[i] = Math.log(Math.max(mean[i], 1e-30));
        }
        int[] tags = new int[rows];
        ensembleCrf.viterbi(new CrfScores(numTags), logMean, TokenRows.packed(batch.words().layout()), tags);
        double[] confidence = new double[rows];
        for (int r = 0; r < rows; r++) {
            confidence[r] = mean[r * numTags + tags[r]];
        }
        return new TaggerModel.Decoded(tags, confidence);
    }

    @Override
    public String toString() {
        return "Tagger[" + (others.isEmpty() ? "" : "ensemble of " + memberCount() + ", ") + lexicon.tags().size() + " tags " + (spanTask() ? "(spans, " + outputScheme + ")" : "(labels)")
                + ", " + lexicon.words().size() + " words, metrics " + info.metrics() + ", tags " 
                + Arrays.toString(lexicon.tags().toArray()) + "]";
    }
}
