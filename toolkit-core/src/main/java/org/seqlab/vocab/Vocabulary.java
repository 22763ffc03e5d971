package org.seqlab.vocab;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.seqlab.InputFormatException;
import org.seqlab.SeqlabException;

/**
 * An immutable token ↔ id mapping with occurrence counts. Special tokens take the first ids in the order given (by
 * default {@code <pad>}=0, {@code <unk>}=1, {@code <s>}=2, {@code </s>}=3); the other tokens follow by count descending,
 * then by {@link String#compareTo} (UTF-16 code-unit order), so the same counts always give the same ids.
 *
 * <p>Lookups ({@link #index}, {@link #indices}) read one final {@link HashMap} that is never written after construction,
 * so one vocabulary may be shared by any number of threads.
 *
 * <p>Tokens may contain spaces but never a tab, a line feed or a carriage return (they are refused when building), nor
 * may they be empty: the saved form is one {@code token<TAB>count} line per entry (see {@link #save}).
 */
public final class Vocabulary {
    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final String BOS = "<s>";
    public static final String EOS = "</s>";
    /** The specials a builder uses unless told otherwise, at ids 0, 1, 2, 3. */
    public static final List<String> DEFAULT_SPECIALS = List.of(PAD, UNK, BOS, EOS);

    static final String FILE_MAGIC = "#seqlab-vocabulary";
    static final String FILE_VERSION = "v1";

    private final String[] tokens;
    private final long[] counts;
    private final int specialCount;
    private final boolean lowercaseFallback;
    private final HashMap<String, Integer> ids;
    private final int padId;
    private final int unkId;
    private final int bosId;
    private final int eosId;

    private Vocabulary(String[] tokens, long[] counts, int specialCount, boolean lowercaseFallback) {
        this.tokens = tokens;
        this.counts = counts;
        this.specialCount = specialCount;
        this.lowercaseFallback = lowercaseFallback;
        this.ids = new HashMap<>(tokens.length * 2);
        for (int i = 0; i < tokens.length; i++) {
            ids.put(tokens[i], i);
        }
        this.padId = specialId(PAD);
        this.unkId = specialId(UNK);
        this.bosId = specialId(BOS);
        this.eosId = specialId(EOS);
    }

    private int specialId(String name) {
        for (int i = 0; i < specialCount; i++) {
            if (tokens[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Number of entries, specials included. */
    public int size() {
        return tokens.length;
    }

    /** Number of special tokens (they hold ids {@code 0 .. specialCount()-1}). */
    public int specialCount() {
        return specialCount;
    }

    public boolean isSpecial(int id) {
        return id >= 0 && id < specialCount;
    }

    /** Whether {@link #index} tries the lowercased token before falling back to {@code <unk>}. */
    public boolean lowercaseFallback() {
        return lowercaseFallback;
    }

    /** The id of {@code <pad>}, or -1 when it is not among the specials. */
    public int padId() {
        return padId;
    }

    /** The id of {@code <unk>}, or -1 when it is not among the specials. */
    public int unkId() {
        return unkId;
    }

    /** The id of {@code <s>}, or -1 when it is not among the specials. */
    public int bosId() {
        return bosId;
    }

    /** The id of {@code </s>}, or -1 when it is not among the specials. */
    public int eosId() {
        return eosId;
    }

    public String token(int id) {
        return tokens[id];
    }

    /** How often the token was counted while building (specials: 0 unless they occurred in the counted stream). */
    public long count(int id) {
        return counts[id];
    }

    /** All tokens in id order (unmodifiable). */
    public List<String> tokens() {
        return Collections.unmodifiableList(Arrays.asList(tokens));
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** The id of exactly this token, or -1: no fallback. */
    public int find(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    /**
     * The id of the token; else, with lowercase fallback, of its {@link Locale#ROOT} lowercase form; else of
     * {@code <unk>}.
     *
     * @throws SeqlabException when the token is unknown and the vocabulary has no {@code <unk>}
     */
    public int index(String token) {
        Integer id = ids.get(token);
        if (id != null) {
            return id;
        }
        if (lowercaseFallback) {
            id = ids.get(token.toLowerCase(Locale.ROOT));
            if (id != null) {
                return id;
            }
        }
        if (unkId < 0) {
            throw new SeqlabException("token '" + token + "' is not in the vocabulary, which has no " + UNK);
        }
        return unkId;
    }

    /** {@link #index} of each token. */
    public int[] indices(List<String> tokenList) {
        int[] out = new int[tokenList.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = index(tokenList.get(i));
        }
        return out;
    }

    /** The tokens of the given ids. */
    public List<String> tokens(int[] idArray) {
        List<String> out = new ArrayList<>(idArray.length);
        for (int id : idArray) {
            out.add(tokens[id]);
        }
        return out;
    }

    /**
     * Writes the vocabulary as UTF-8 text: a header line
     * {@code #seqlab-vocabulary<TAB>v1<TAB>specials=N<TAB>lowercase-fallback=true|false}, then one line per entry in id
     * order, {@code token<TAB>count}, the count a non-negative decimal integer. Line {@code k+2} holds id {@code k}.
     */
    public void save(Path file) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(FILE_MAGIC + "\t" + FILE_VERSION + "\tspecials=" + specialCount + "\tlowercase-fallback="
                    + lowercaseFallback + "\n");
            for (int i = 0; i < tokens.length; i++) {
                w.write(tokens[i]);
                w.write('\t');
                w.write(Long.toString(counts[i]));
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write vocabulary " + file, e);
        }
    }

    /**
     * Reads a file written by {@link #save}.
     *
     * @throws InputFormatException naming the file and line when it is malformed
     * @throws SeqlabException when it cannot be read
     */
    public static Vocabulary load(Path file) {
        String source = file.toString();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            String header = r.readLine();
            if (header == null) {
                throw new InputFormatException(source, 0, "empty file: no vocabulary header");
            }
            String[] h = stripCr(header).split("\t", -1);
            if (h.length != 4 || !h[0].equals(FILE_MAGIC) || !h[2].startsWith("specials=")
                    || !h[3].startsWith("lowercase-fallback=")) {
                throw new InputFormatException(source, 1, "not a seqlab vocabulary header: expected '" + FILE_MAGIC
                        + "<TAB>v1<TAB>specials=N<TAB>lowercase-fallback=B'");
            }
            if (!h[1].equals(FILE_VERSION)) {
                throw new InputFormatException(source, 1, "unsupported vocabulary version '" + h[1] + "'");
            }
            int specials;
            try {
                specials = Integer.parseInt(h[2].substring("specials=".length()));
            } catch (NumberFormatException e) {
                throw new InputFormatException(source, 1, "bad special count '" + h[2] + "'");
            }
            String lf = h[3].substring("lowercase-fallback=".length());
            if (!lf.equals("true") && !lf.equals("false")) {
                throw new InputFormatException(source, 1, "lowercase-fallback must be true or false, not '" + lf + "'");
            }
            List<String> toks = new ArrayList<>();
            List<Long> cnts = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            long lineNo = 1;
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                line = stripCr(line);
                int tab = line.indexOf('\t');
                if (tab < 0 || line.indexOf('\t', tab + 1) >= 0) {
                    throw new InputFormatException(source, lineNo, "expected 'token<TAB>count', found "
                            + (tab < 0 ? "no tab" : "more than one tab"));
                }
                String token = line.substring(0, tab);
                if (token.isEmpty()) {
                    throw new InputFormatException(source, lineNo, "empty token");
                }
                long count;
                try {
                    count = Long.parseLong(line.substring(tab + 1));
                } catch (NumberFormatException e) {
                    count = -1;
                }
                if (count < 0) {
                    throw new InputFormatException(source, lineNo, "count '" + line.substring(tab + 1)
                            + "' is not a non-negative integer");
                }
                Integer prev = seen.putIfAbsent(token, (int) (lineNo));
                if (prev != null) {
                    throw new InputFormatException(source, lineNo, "token '" + token + "' repeats line " + prev);
                }
                toks.add(token);
                cnts.add(count);
            }
            if (specials < 0 || specials > toks.size()) {
                throw new InputFormatException(source, 1, "header declares " + specials + " specials but the file holds "
                        + toks.size() + " entries");
            }
            long[] c = new long[cnts.size()];
            for (int i = 0; i < c.length; i++) {
                c[i] = cnts.get(i);
            }
            return new Vocabulary(toks.toArray(new String[0]), c, specials, Boolean.parseBoolean(lf));
        } catch (NoSuchFileException e) {
            throw new SeqlabException("vocabulary file not found: " + file);
        } catch (CharacterCodingException e) {
            throw new InputFormatException(source, 0, "not valid UTF-8");
        } catch (IOException e) {
            throw new SeqlabException("cannot read vocabulary " + file + ": " + e.getMessage(), e);
        }
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    static void checkToken(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("a vocabulary token must not be empty");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                throw new IllegalArgumentException("a vocabulary token must not contain a tab, line feed or carriage "
                        + "return: '" + token.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r") + "'");
            }
        }
    }

    @Override
    public String toString() {
        return "Vocabulary[size=" + tokens.length + ", specials=" + specialCount + "]";
    }

    /**
     * Counts tokens, then {@link #build()}s a vocabulary: specials first, then every token counted at least
     * {@code minFrequency} times, most frequent first, ties by string order, cut to {@code maxSize} entries (specials
     * included). Not thread-safe.
     */
    public static final class Builder {
        private final HashMap<String, long[]> counts = new HashMap<>();
        private List<String> specials = DEFAULT_SPECIALS;
        private long minFrequency = 1;
        private int maxSize = Integer.MAX_VALUE;
        private boolean lowercaseFallback;

        private Builder() {
        }

        /** Specials, in id order (default {@link #DEFAULT_SPECIALS}); may be empty, e.g. for a label set. */
        public Builder optSpecials(List<String> specialTokens) {
            for (String s : specialTokens) {
                checkToken(s);
            }
            if (specialTokens.stream().distinct().count() != specialTokens.size()) {
                throw new IllegalArgumentException("specials repeat a token: " + specialTokens);
            }
            this.specials = List.copyOf(specialTokens);
            return this;
        }

        /** Tokens counted fewer times are left out (default 1: every counted token is kept). */
        public Builder optMinFrequency(long min) {
            if (min < 1) {
                throw new IllegalArgumentException("minimum frequency must be at least 1, not " + min);
            }
            this.minFrequency = min;
            return this;
        }

        /** At most this many entries, specials included (default unlimited). */
        public Builder optMaxSize(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maximum size must not be negative: " + max);
            }
            this.maxSize = max;
            return this;
        }

        /** Whether {@link Vocabulary#index} tries the lowercased token before {@code <unk>} (default false). */
        public Builder optLowercaseFallback(boolean on) {
            this.lowercaseFallback = on;
            return this;
        }

        /** Counts one occurrence. */
        public Builder add(String token) {
            return add(token, 1);
        }

        /** Counts {@code count} occurrences (e.g. from a precomputed count table). */
        public Builder add(String token, long count) {
            if (count < 0) {
                throw new IllegalArgumentException("negative count " + count + " for '" + token + "'");
            }
            long[] c = counts.get(token);
            if (c == null) {
                checkToken(token);
                counts.put(token, new long[] {count});
            } else {
                c[0] += count;
            }
            return this;
        }

        /** Counts one occurrence of each token. */
        public Builder addAll(Iterable<String> tokenStream) {
            for (String t : tokenStream) {
                add(t, 1);
            }
            return this;
        }

        public Vocabulary build() {
            if (specials.size() > maxSize) {
                throw new IllegalArgumentException("maximum size " + maxSize + " is smaller than the " + specials.size()
                        + " specials");
            }
            List<Map.Entry<String, long[]>> rest = new ArrayList<>();
            for (Map.Entry<String, long[]> e : counts.entrySet()) {
                if (!specials.contains(e.getKey()) && e.getValue()[0] >= minFrequency) {
                    rest.add(e);
                }
            }
            rest.sort((a, b) -> {
                int c = Long.compare(b.getValue()[0], a.getValue()[0]);
                return c != 0 ? c : a.getKey().compareTo(b.getKey());
            });
            int n = (int) Math.min((long) specials.size() + rest.size(), maxSize);
            String[] toks = new String[n];
            long[] cnts = new long[n];
            for (int i = 0; i < specials.size(); i++) {
                toks[i] = specials.get(i);
                long[] c = counts.get(toks[i]);
                cnts[i] = c == null ? 0 : c[0];
            }
            for (int i = specials.size(); i < n; i++) {
                Map.Entry<String, long[]> e = rest.get(i - specials.size());
                toks[i] = e.getKey();
                cnts[i] = e.getValue()[0];
            }
            return new Vocabulary(toks, cnts, specials.size(), lowercaseFallback);
        }
    }
}
