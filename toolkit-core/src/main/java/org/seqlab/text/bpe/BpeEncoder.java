package org.seqlab.text.bpe;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.seqlab.SeqlabException;

/**
 * Applies BPE codes to text the way subword-nmt's {@code apply_bpe} does, so that its codes give its segmentation: a word
 * starts as its characters (code points) with {@code </w>} glued to the last (codes version 0.2; a symbol of its own in
 * 0.1), then the adjacent pair with the lowest merge rank is merged, every occurrence left to right, until no pair has a
 * rank. Non-final subwords get the separator ({@code @@}); tokens are joined by spaces. Options as in subword-nmt:
 * a vocabulary with a threshold (subwords rarer than it are split back by reversing merges), glossaries (regular
 * expressions; matching text is isolated and never split), and a merge limit (via {@link BpeCodes#limit}).
 *
 * <p>Thread-safe and meant to be shared: segmentations of words are cached (most text is a few thousand frequent words
 * repeated, so the cache answers almost every word without running the merge loop); the cache stops growing at a bound
 * so that an endless stream of new words cannot exhaust memory.
 */
public final class BpeEncoder {
    private static final int CACHE_LIMIT = 1 << 20;

    private final BpeCodes codes;
    private final String separator;
    private final Set<String> vocabulary;
    private final List<Pattern> glossaries;
    private final Pattern anyGlossary;
    private final int endOfWordId;
    private final ConcurrentHashMap<String, Segmentation> cache = new ConcurrentHashMap<>();

    /** A word's subwords, and the same joined with separators and spaces as they appear in output. */
    private record Segmentation(String[] pieces, String joined) {
    }

    private BpeEncoder(Builder b) {
        this.codes = b.codes;
        this.separator = b.separator;
        Set<String> kept = b.vocabulary == null ? null : b.vocabulary.atLeast(b.threshold);
        // As in subword-nmt, a vocabulary left empty by the threshold filters nothing (rather than splitting every word
        // into characters).
        this.vocabulary = kept == null || kept.isEmpty() ? null : kept;
        this.glossaries = b.glossaries;
        this.anyGlossary = glossaries.isEmpty() ? null
                : Pattern.compile(String.join("|", glossaries.stream().map(p -> "(?:" + p.pattern() + ")").toList()));
        this.endOfWordId = codes.symbolId(BpeCodes.END_OF_WORD);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private BpeCodes codes;
        private String separator = "@@";
        private BpeVocabulary vocabulary;
        private long threshold = Long.MIN_VALUE;
        private List<Pattern> glossaries = List.of();

        /** Required: the merges to apply. */
        public Builder setCodes(BpeCodes codes) {
            this.codes = codes;
            return this;
        }

        /** Optional, default {@code @@}: appended to every subword but a word's last. */
        public Builder optSeparator(String separator) {
            if (separator.isEmpty() || separator.indexOf(' ') >= 0) {
                throw new IllegalArgumentException("the separator must be non-empty and without spaces");
            }
            this.separator = separator;
            return this;
        }

        /**
         * Optional: only subwords occurring at least {@code threshold} times in the vocabulary are produced; others are
         * split back into the two symbols their merge joined, recursively ({@code --vocabulary-threshold}). A threshold of
         * {@code Long.MIN_VALUE} accepts every listed subword.
         */
        public Builder optVocabulary(BpeVocabulary vocabulary, long threshold) {
            this.vocabulary = vocabulary;
            this.threshold = threshold;
            return this;
        }

        /** Optional: regular expressions (Java syntax) for text never split, e.g. {@code "<url>"} or {@code "\\d+"}. */
        public Builder optGlossaries(List<String> regexes) {
            List<Pattern> ps = new ArrayList<>();
            for (String r : regexes) {
                try {
                    ps.add(Pattern.compile(r));
                } catch (PatternSyntaxException e) {
                    throw new SeqlabException("glossary '" + r + "' is not a valid regular expression: " + e.getDescription());
                }
            }
            this.glossaries = List.copyOf(ps);
            return this;
        }

        public BpeEncoder build() {
            if (codes == null) {
                throw new IllegalStateException("setCodes(codes) is required");
            }
            return new BpeEncoder(this);
        }
    }

    public BpeCodes codes() {
        return codes;
    }

    public String separator() {
        return separator;
    }

    /** The subwords of one word (no separators); a word must not contain a space. */
    public List<String> segment(String word) {
        return List.of(lookup(word).pieces);
    }

    /** BPE tokens of a sequence of words: non-final subwords carry the separator. Empty words are skipped. */
    public List<String> encodeTokens(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            if (w.isEmpty()) {
                continue;
            }
            String[] p = lookup(w).pieces;
            for (int i = 0; i < p.length - 1; i++) {
                out.add(p[i] + separator);
            }
            out.add(p[p.length - 1]);
        }
        return out;
    }

    /**
     * Encodes one line: words split on spaces (runs of spaces collapse to one), encoded, joined by spaces. Spaces and line
     * breaks at the line's ends are kept, as subword-nmt keeps them.
     */
    public String encodeLine(String line) {
        StringBuilder sb = new StringBuilder(line.length() + line.length() / 4);
        encodeLine(line, sb);
        return sb.toString();
    }

    /** Appends the encoding of {@code line} to {@code out}. */
    public void encodeLine(String line, StringBuilder out) {
        int n = line.length();
        int b = 0;
        while (b < n && BpeCodes.isStripped(line.charAt(b))) {
            b++;
        }
        int e = n;
        while (e > b && BpeCodes.isStripped(line.charAt(e - 1))) {
            e--;
        }
        out.append(line, 0, b);
        boolean first = true;
        int i = b;
        while (i < e) {
            if (line.charAt(i) == ' ') {
                i++;
                continue;
            }
            int start = i;
            while (i < e && line.charAt(i) != ' ') {
                i++;
            }
            if (!first) {
                out.append(' ');
            }
            first = false;
            out.append(lookup(line.substring(start, i)).joined);
        }
        out.append(line, e, n);
    }

    /** Encodes a file line by line into another. Returns the number of words encoded. */
    public long encodeFile(Path input, Path output) {
        long[] words = {0};
        try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder();
            TextLines.forEach(input, (line, no) -> {
                sb.setLength(0);
                encodeLine(line, sb);
                sb.append('\n');
                words[0] += countWords(line);
                try {
                    w.append(sb);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words[0];
    }

    /** Whitespace-separated words in a line (as {@code wc -w} counts them). */
    public static int countWords(CharSequence line) {
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            boolean space = Character.isWhitespace(line.charAt(i));
            if (!space && !inWord) {
                count++;
            }
            inWord = !space;
        }
        return count;
    }

    private Segmentation lookup(String word) {
        Segmentation s = cache.get(word);
        if (s == null) {
            s = compute(word);
            if (cache.size() < CACHE_LIMIT) {
                cache.put(word, s);
            }
        }
        return s;
    }

    private Segmentation compute(String word) {
        List<String> pieces = new ArrayList<>();
        for (String part : isolateGlossaries(word)) {
            if (anyGlossary != null && anyGlossary.matcher(part).matches()) {
                pieces.add(part);
            } else {
                encodePart(part, pieces);
            }
        }
        String[] p = pieces.toArray(new String[0]);
        StringBuilder joined = new StringBuilder(word.length() + 4 * p.length);
        for (int i = 0; i < p.length; i++) {
            if (i > 0) {
                joined.append(separator).append(' ');
            }
            joined.append(p[i]);
        }
        return new Segmentation(p, joined.toString());
    }

    /** Splits a word around each glossary in turn, keeping the matches as pieces of their own (empty pieces dropped). */
    private List<String> isolateGlossaries(String word) {
        List<String> parts = List.of(word);
        for (Pattern g : glossaries) {
            List<String> next = new ArrayList<>();
            for (String part : parts) {
                if (g.matcher(part).matches()) {
                    next.add(part);
                    continue;
                }
                Matcher m = g.matcher(part);
                int last = 0;
                while (m.find()) {
                    if (m.end() == m.start()) {
                        continue; // an empty match isolates nothing
                    }
                    if (m.start() > last) {
                        next.add(part.substring(last, m.start()));
                    }
                    next.add(m.group());
                    last = m.end();
                }
                if (last < part.length()) {
                    next.add(part.substring(last));
                }
            }
            parts = next;
        }
        return parts;
    }

    /** Runs the merge loop on one glossary-free part of a word and appends its subwords. */
    private void encodePart(String orig, List<String> out) {
        int cps = orig.codePointCount(0, orig.length());
        if (cps <= 1) {
            out.add(orig); // subword-nmt returns one-character words as they are, vocabulary or not
            return;
        }
        boolean separateEow = codes.separateEndOfWord();
        int n = separateEow ? cps + 1 : cps;
        // Symbols are spans of the word: begin[k] is where symbol k starts (in chars); the end-of-word mark of version 0.1
        // codes is an empty span at the end. Merging removes a boundary; the strings are cut out only at the end.
        int[] begin = new int[n + 1];
        int[] ids = new int[n];
        int pos = 0;
        for (int k = 0; k < cps; k++) {
            begin[k] = pos;
            int cp = orig.codePointAt(pos);
            int next = pos + Character.charCount(cp);
            String sym = (!separateEow && k == cps - 1) ? orig.substring(pos, next) + BpeCodes.END_OF_WORD
                    : orig.substring(pos, next);
            ids[k] = codes.symbolId(sym);
            pos = next;
        }
        if (separateEow) {
            begin[cps] = orig.length();
            ids[cps] = endOfWordId;
        }
        begin[n] = orig.length();
        while (n > 1) {
            int bestRank = Integer.MAX_VALUE;
            for (int k = 0; k + 1 < n; k++) {
                int r = codes.rank(ids[k], ids[k + 1]);
                if (r >= 0 && r < bestRank) {
                    bestRank = r;
                }
            }
            if (bestRank == Integer.MAX_VALUE) {
                break;
            }
            int a = codes.leftId(bestRank);
            int b = codes.rightId(bestRank);
            int joined = codes.joinedId(bestRank);
            int w = 0;
            for (int k = 0; k < n; k++) {
                if (k + 1 < n && ids[k] == a && ids[k + 1] == b) {
                    ids[w] = joined;
                    begin[w] = begin[k];
                    k++;
                } else {
                    ids[w] = ids[k];
                    begin[w] = begin[k];
                }
                w++;
            }
            begin[w] = orig.length();
            n = w;
        }
        List<String> pieces = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            if (begin[k + 1] > begin[k]) { // the lone end-of-word mark (version 0.1) is not output
                pieces.add(orig.substring(begin[k], begin[k + 1]));
            }
        }
        if (vocabulary != null) {
            splitRare(pieces, out);
        } else {
            out.addAll(pieces);
        }
    }

    /** Replaces subwords not in the vocabulary by the symbols their merge joined, recursively (subword-nmt's rule). */
    private void splitRare(List<String> pieces, List<String> out) {
        for (int i = 0; i < pieces.size() - 1; i++) {
            String s = pieces.get(i);
            if (vocabulary.contains(s + separator)) {
                out.add(s);
            } else {
                splitBack(s, false, out);
            }
        }
        String last = pieces.get(pieces.size() - 1);
        if (vocabulary.contains(last)) {
            out.add(last);
        } else {
            splitBack(last, true, out);
        }
    }

    private void splitBack(String segment, boolean last, List<String> out) {
        BpeMerge m = codes.firstMergeMaking(last ? segment + BpeCodes.END_OF_WORD : segment);
        if (m == null) {
            out.add(segment); // a character, or a symbol no merge makes: cannot be split further
            return;
        }
        String left = m.left();
        String right = last ? m.right().substring(0, Math.max(0, m.right().length() - BpeCodes.END_OF_WORD.length()))
                : m.right();
        if (vocabulary.contains(left + separator)) {
            out.add(left);
        } else {
            splitBack(left, false, out);
        }
        if (last ? vocabulary.contains(right) : vocabulary.contains(right + separator)) {
            out.add(right);
        } else {
            splitBack(right, last, out);
        }
    }

    @Override
    public String toString() {
        return "BpeEncoder[" + codes.size() + " merges, separator " + separator
                + (vocabulary != null ? ", vocabulary " + vocabulary.size() : "")
                + (glossaries.isEmpty() ? "" : ", glossaries " + Arrays.toString(glossaries.toArray())) + "]";
    }
}
