package org.seqlab.text.bpe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.seqlab.InputFormatException;
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
    // In front of the shared cache, each thread has its own table that needs neither locks nor substrings.
    private final ThreadLocal<WordCache> localCache = ThreadLocal.withInitial(() -> new WordCache(CACHE_LIMIT));
    private final ThreadLocal<ByteWordCache<byte[]>> byteCache =
            ThreadLocal.withInitial(() -> new ByteWordCache<>(CACHE_LIMIT));

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
        WordCache local = localCache.get();
        boolean first = true;
        int i = b;
        while (i < e) {
            if (line.charAt(i) == ' ') {
                i++;
                continue;
            }
            int start = i;
            int h = 0;
            char c;
            while (i < e && (c = line.charAt(i)) != ' ') {
                h = 31 * h + c;
                i++;
            }
            if (!first) {
                out.append(' ');
            }
            first = false;
            Segmentation s = (Segmentation) local.get(line, start, i, h);
            if (s == null) {
                String word = line.substring(start, i);
                s = lookup(word);
                local.put(word, h, s);
            }
            out.append(s.joined);
        }
        out.append(line, e, n);
    }

    /** Encodes a file line by line into another, on one thread per core. Returns the number of words encoded. */
    public long encodeFile(Path input, Path output) {
        return encodeFile(input, output, Runtime.getRuntime().availableProcessors());
    }

    /** Encodes a file line by line into another, on {@code threads} threads. Returns the number of words encoded. */
    public long encodeFile(Path input, Path output, int threads) {
        try (OutputStream out = Files.newOutputStream(output)) {
            return encode(List.of(input), out, threads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encodes the files one after the other into {@code out}, a line for a line. */
    public long encode(List<Path> inputs, OutputStream out, int threads) throws IOException {
        long words = 0;
        for (Path p : inputs) {
            try (InputStream in = Files.newInputStream(p)) {
                words += encode(in, out, p.toString(), threads);
            } catch (NoSuchFileException e) {
                throw new SeqlabException("no such file: " + p);
            }
        }
        return words;
    }

    /**
     * Encodes UTF-8 text from {@code in} to {@code out}, a line for a line, exactly as {@link #encodeLine(String)} does
     * each line. Lines end at LF, CR LF or CR and are written with LF; a last line without one is written without one.
     * With more than one thread, blocks of lines are encoded in parallel and written in their original order. Works on
     * bytes throughout (a space byte never occurs inside a multi-byte UTF-8 sequence), decoding a word only the first
     * time it is seen. Returns the number of words (space-separated) encoded. Invalid UTF-8 in a word is an error naming
     * {@code source} and the line.
     */
    public long encode(InputStream in, OutputStream out, String source, int threads) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        ExecutorService pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bpe-encode");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<Block>> pending = new ArrayDeque<>();
        long words = 0;
        long lineNo = 1;
        byte[] buf = new byte[CHUNK_BYTES];
        int filled = 0;
        try {
            while (true) {
                int n = in.read(buf, filled, buf.length - filled);
                boolean eof = n < 0;
                if (!eof) {
                    filled += n;
                    if (filled < buf.length) {
                        continue;
                    }
                }
                // A block ends after the last LF in the buffer (all of it at the end of input).
                int cut = filled;
                if (!eof) {
                    while (cut > 0 && buf[cut - 1] != '\n') {
                        cut--;
                    }
                    if (cut == 0) { // one line longer than the buffer
                        buf = Arrays.copyOf(buf, buf.length * 2);
                        continue;
                    }
                }
                if (cut > 0) {
                    byte[] block = Arrays.copyOf(buf, cut);
                    long first = lineNo;
                    lineNo += countLineEnds(block);
                    if (pool == null) {
                        words += encodeBlock(block, first, source).write(out);
                    } else {
                        pending.add(pool.submit(() -> encodeBlock(block, first, source)));
                        while (pending.size() > 2 * threads) {
                            words += await(pending.poll()).write(out);
                        }
                    }
                }
                if (eof) {
                    break;
                }
                System.arraycopy(buf, cut, buf, 0, filled - cut);
                filled -= cut;
            }
            while (!pending.isEmpty()) {
                words += await(pending.poll()).write(out);
            }
            out.flush();
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return words;
    }

    private static final int CHUNK_BYTES = 1 << 18;

    private static long countLineEnds(byte[] b) {
        long n = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n' || (b[i] == '\r' && (i + 1 == b.length || b[i + 1] != '\n'))) {
                n++;
            }
        }
        return n;
    }

    /** Encoded bytes of a block of lines and the number of words they had. */
    private record Block(byte[] bytes, int length, long words) {
        long write(OutputStream out) throws IOException {
            out.write(bytes, 0, length);
            return words;
        }
    }

    private Block encodeBlock(byte[] buf, long firstLine, String source) {
        ByteWordCache<byte[]> cache = byteCache.get();
        byte[] out = new byte[buf.length + buf.length / 2 + 16];
        int o = 0;
        long words = 0;
        long lineNo = firstLine;
        int i = 0;
        int n = buf.length;
        while (i < n) {
            int e = i;
            while (e < n && buf[e] != '\n' && buf[e] != '\r') {
                e++;
            }
            // The line is buf[i, e): spaces at its ends are kept, words between are encoded and joined by one space.
            int s = i;
            while (s < e && buf[s] == ' ') {
                s++;
            }
            int t = e;
            while (t > s && buf[t - 1] == ' ') {
                t--;
            }
            int need = (s - i) + (e - t) + 1;
            if (o + need > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, o + need));
            }
            System.arraycopy(buf, i, out, o, s - i);
            o += s - i;
            boolean first = true;
            int k = s;
            while (k < t) {
                if (buf[k] == ' ') {
                    k++;
                    continue;
                }
                int start = k;
                int h = 0;
                byte c;
                while (k < t && (c = buf[k]) != ' ') {
                    h = 31 * h + c;
                    k++;
                }
                byte[] enc = cache.get(buf, start, k, h);
                if (enc == null) {
                    enc = encodeWordBytes(buf, start, k, source, lineNo);
                    cache.put(Arrays.copyOfRange(buf, start, k), h, enc);
                }
                int add = enc.length + 1 + (e - t) + 1;
                if (o + add > out.length) {
                    out = Arrays.copyOf(out, Math.max(out.length * 2, o + add));
                }
                if (!first) {
                    out[o++] = ' ';
                }
                first = false;
                System.arraycopy(enc, 0, out, o, enc.length);
                o += enc.length;
                words++;
            }
            System.arraycopy(buf, t, out, o, e - t);
            o += e - t;
            if (e < n) {
                out[o++] = '\n';
                e += (buf[e] == '\r' && e + 1 < n && buf[e + 1] == '\n') ? 2 : 1;
            }
            i = e;
            lineNo++;
        }
        return new Block(out, o, words);
    }

    private byte[] encodeWordBytes(byte[] buf, int begin, int end, String source, long lineNo) {
        boolean ascii = true;
        for (int i = begin; i < end && ascii; i++) {
            ascii = buf[i] >= 0;
        }
        String word;
        if (ascii) {
            word = new String(buf, begin, end - begin, StandardCharsets.ISO_8859_1);
        } else {
            try {
                word = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(buf, begin, end - begin)).toString();
            } catch (CharacterCodingException e) {
                throw new InputFormatException(source, lineNo, "not valid UTF-8");
            }
        }
        return lookup(word).joined.getBytes(StandardCharsets.UTF_8);
    }

    private static Block await(Future<Block> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while encoding", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
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
        if (glossaries.isEmpty()) {
            encodePart(word, pieces);
        } else {
            for (String part : isolateGlossaries(word)) {
                if (anyGlossary.matcher(part).matches()) {
                    pieces.add(part);
                } else {
                    encodePart(part, pieces);
                }
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
            ids[k] = codes.codePointId(cp, !separateEow && k == cps - 1);
            pos += Character.charCount(cp);
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
