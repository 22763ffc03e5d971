package org.seqlab.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.seqlab.conll.TagScheme;

/**
 * Chunk (span) precision, recall and F1 computed by exactly the rules of the CoNLL shared tasks' {@code conlleval}
 * script (version 2004-01-26): its {@code startOfChunk}/{@code endOfChunk} tests on the tag prefixes and types, and
 * its running "chunk correct so far" state. A chunk starts at {@code B-}, and at {@code I-} after {@code O} or after
 * another type; a type change inside a chunk ends it. Every sentence end is an {@code O} boundary, as in conlleval.
 * IOB1 and IOB2 tags are scored as they are; IOBES tags are first converted to IOB2 (conlleval does not know
 * {@code S-}), which gives the same chunks.
 *
 * <p>Token accuracy and the confusion are over the tags as given. Mutable accumulator; not thread-safe.
 */
public final class SpanEvaluator {
    private final TagScheme scheme;
    private final TokenAccuracy tokens = new TokenAccuracy();
    private final Map<String, long[]> byType = new TreeMap<>(); // type -> {gold, predicted, correct}
    private long gold;
    private long predicted;
    private long correct;
    private long sentences;

    public SpanEvaluator(TagScheme scheme) {
        this.scheme = scheme;
    }

    public TagScheme scheme() {
        return scheme;
    }

    /**
     * Adds one sentence.
     *
     * @throws IllegalArgumentException when the sequences differ in length
     * @throws org.seqlab.conll.InvalidTagException for a tag the scheme does not allow (naming the sentence, the
     *                                             token and the tag)
     */
    public void add(List<String> goldTags, List<String> predictedTags) {
        if (goldTags.size() != predictedTags.size()) {
            throw new IllegalArgumentException("sentence " + sentences + ": gold has " + goldTags.size()
                    + " tags, the prediction " + predictedTags.size());
        }
        String where = "sentence " + sentences;
        scheme.validateAll(goldTags, where + " (gold)");
        scheme.validateAll(predictedTags, where + " (predicted)");
        tokens.add(goldTags, predictedTags);
        List<String> g = goldTags;
        List<String> p = predictedTags;
        if (scheme == TagScheme.IOBES) {
            g = TagScheme.IOBES.convert(goldTags, TagScheme.IOB2);
            p = TagScheme.IOBES.convert(predictedTags, TagScheme.IOB2);
        }
        score(g, p);
        sentences++;
    }

    /** conlleval's main loop over one sentence followed by its boundary (a virtual O/O token). */
    private void score(List<String> g, List<String> p) {
        String lastC = "O";
        String lastCType = "";
        String lastG = "O";
        String lastGType = "";
        boolean inCorrect = false;
        int n = g.size();
        for (int k = 0; k <= n; k++) {
            String c = "O";
            String cType = "";
            String q = "O";
            String qType = "";
            if (k < n) {
                String[] cs = split(g.get(k));
                String[] qs = split(p.get(k));
                c = cs[0];
                cType = cs[1];
                q = qs[0];
                qType = qs[1];
            }
            boolean endC = endOfChunk(lastC, c, lastCType, cType);
            boolean endG = endOfChunk(lastG, q, lastGType, qType);
            if (inCorrect) {
                if (endC && endG && lastGType.equals(lastCType)) {
                    inCorrect = false;
                    correct++;
                    counts(lastCType)[2]++;
                } else if (endC != endG || !qType.equals(cType)) {
                    inCorrect = false;
                }
            }
            boolean startC = startOfChunk(lastC, c, lastCType, cType);
            boolean startG = startOfChunk(lastG, q, lastGType, qType);
            if (startC && startG && qType.equals(cType)) {
                inCorrect = true;
            }
            if (startC) {
                gold++;
                counts(cType)[0]++;
            }
            if (startG) {
                predicted++;
                counts(qType)[1]++;
            }
            lastC = c;
            lastCType = cType;
            lastG = q;
            lastGType = qType;
        }
        // The boundary token closes every chunk, so inCorrect is always false here (conlleval's final check).
    }

    private long[] counts(String type) {
        return byType.computeIfAbsent(type, t -> new long[3]);
    }

    /** conlleval's split: the prefix is what precedes the first hyphen, the type what follows it. */
    private static String[] split(String tag) {
        int dash = tag.indexOf('-');
        return dash < 0 ? new String[] {tag, ""} : new String[] {tag.substring(0, dash), tag.substring(dash + 1)};
    }

    static boolean endOfChunk(String prevTag, String tag, String prevType, String type) {
        boolean end = false;
        if (prevTag.equals("B") && tag.equals("B")) end = true;
        if (prevTag.equals("B") && tag.equals("O")) end = true;
        if (prevTag.equals("I") && tag.equals("B")) end = true;
        if (prevTag.equals("I") && tag.equals("O")) end = true;
        if (prevTag.equals("E") && tag.equals("E")) end = true;
        if (prevTag.equals("E") && tag.equals("I")) end = true;
        if (prevTag.equals("E") && tag.equals("O")) end = true;
        if (!prevTag.equals("O") && !prevTag.equals(".") && !prevType.equals(type)) end = true;
        if (prevTag.equals("]") || prevTag.equals("[")) end = true;
        return end;
    }

    static boolean startOfChunk(String prevTag, String tag, String prevType, String type) {
        boolean start = false;
        if (prevTag.equals("B") && tag.equals("B")) start = true;
        if (prevTag.equals("I") && tag.equals("B")) start = true;
        if (prevTag.equals("O") && tag.equals("B")) start = true;
        if (prevTag.equals("O") && tag.equals("I")) start = true;
        if (prevTag.equals("E") && tag.equals("E")) start = true;
        if (prevTag.equals("E") && tag.equals("I")) start = true;
        if (prevTag.equals("O") && tag.equals("E")) start = true;
        if (!tag.equals("O") && !tag.equals(".") && !prevType.equals(type)) start = true;
        if (tag.equals("[") || tag.equals("]")) start = true;
        return start;
    }

    /** The figures so far. */
    public SpanEvaluation result() {
        Map<String, SpanCounts> types = new TreeMap<>();
        byType.forEach((t, c) -> types.put(t, new SpanCounts(c[0], c[1], c[2])));
        return new SpanEvaluation(tokens.tokens(), tokens.correct(), new SpanCounts(gold, predicted, correct),
                types, tokens.confusion());
    }

    /** Convenience: scores whole corpora given as lists of sentences. */
    public static SpanEvaluation evaluate(TagScheme scheme, List<List<String>> gold, List<List<String>> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException("gold has " + gold.size() + " sentences, the prediction "
                    + predicted.size());
        }
        SpanEvaluator e = new SpanEvaluator(scheme);
        for (int i = 0; i < gold.size(); i++) {
            e.add(new ArrayList<>(gold.get(i)), new ArrayList<>(predicted.get(i)));
        }
        return e.result();
    }
}
