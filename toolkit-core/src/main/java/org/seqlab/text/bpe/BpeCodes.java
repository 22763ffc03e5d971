package org.seqlab.text.bpe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.seqlab.InputFormatException;

/**
 * An ordered list of BPE merges, as in a subword-nmt codes file: an optional {@code #version: 0.2} header, then one
 * {@code left right} pair a line, the rank of a merge being its position. Version 0.2 (written by subword-nmt since 2017
 * and by us) glues the end-of-word mark {@code </w>} to a word's last character; a file without the header is version
 * 0.1, where {@code </w>} is a symbol of its own. Immutable and safe to share.
 */
public final class BpeCodes {
    /** The end-of-word mark. */
    public static final String END_OF_WORD = "</w>";

    private final List<BpeMerge> merges;
    private final boolean separateEndOfWord;

    // Lookup tables for applying, built once: symbols are interned to ids so that a pair is one packed long.
    private final Map<String, Integer> symbolIds = new HashMap<>();
    private final LongIntMap rankOfPair;
    private final int[] joinedId;
    private final int[] leftId;
    private final int[] rightId;
    private final Map<String, BpeMerge> firstMergeMaking = new HashMap<>();
    // Ids of one-char symbols (BMP), without and with the end-of-word mark, by char: a word's first symbols are found
    // by array access instead of a substring and a map lookup per character.
    private final int[] charId = new int[Character.MAX_VALUE + 1];
    private final int[] finalCharId = new int[Character.MAX_VALUE + 1];

    private BpeCodes(List<BpeMerge> merges, boolean separateEndOfWord) {
        this.merges = List.copyOf(merges);
        this.separateEndOfWord = separateEndOfWord;
        this.rankOfPair = new LongIntMap(merges.size());
        this.joinedId = new int[merges.size()];
        this.leftId = new int[merges.size()];
        this.rightId = new int[merges.size()];
        for (int rank = 0; rank < merges.size(); rank++) {
            BpeMerge m = merges.get(rank);
            int l = intern(m.left());
            int r = intern(m.right());
            leftId[rank] = l;
            rightId[rank] = r;
            // A pair listed twice keeps its first (lowest) rank, as subword-nmt does.
            rankOfPair.putIfAbsent(LongIntMap.pack(l, r), rank);
            joinedId[rank] = intern(m.joined());
            firstMergeMaking.putIfAbsent(m.joined(), m);
        }
        Arrays.fill(charId, -1);
        Arrays.fill(finalCharId, -1);
        for (Map.Entry<String, Integer> e : symbolIds.entrySet()) {
            String sym = e.getKey();
            if (sym.length() == 1) {
                charId[sym.charAt(0)] = e.getValue();
            } else if (sym.length() == 1 + END_OF_WORD.length() && sym.endsWith(END_OF_WORD)) {
                finalCharId[sym.charAt(0)] = e.getValue();
            }
        }
    }

    /** Codes in the current format (version 0.2, {@code </w>} glued to the last character). */
    public static BpeCodes of(List<BpeMerge> merges) {
        return new BpeCodes(merges, false);
    }

    /** Codes in the old format (version 0.1, {@code </w>} a symbol of its own), as read from a file without header. */
    public static BpeCodes ofVersion01(List<BpeMerge> merges) {
        return new BpeCodes(merges, true);
    }

    /** Reads a codes file (UTF-8). */
    public static BpeCodes read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        } catch (CharacterCodingException e) {
            throw new InputFormatException(file.toString(), 0, "not valid UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads codes from a reader; {@code source} names it in error messages. Lines are stripped of spaces and carriage
     * returns at both ends; blank lines at the end are ignored (subword-nmt ignores them too), elsewhere they are an error.
     */
    public static BpeCodes read(BufferedReader in, String source) throws IOException {
        List<BpeMerge> merges = new ArrayList<>();
        List<Long> blankLines = new ArrayList<>();
        boolean separateEndOfWord = true;
        String line;
        long lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("#version:")) {
                separateEndOfWord = parseVersion(line.substring("#version:".length()).trim(), source);
                continue;
            }
            String s = strip(line);
            if (s.isEmpty()) {
                blankLines.add(lineNo);
                continue;
            }
            if (!blankLines.isEmpty()) {
                throw new InputFormatException(source, blankLines.get(0), "empty line in BPE codes (expected 'left right')");
            }
            int space = s.indexOf(' ');
            if (space <= 0 || space == s.length() - 1 || s.indexOf(' ', space + 1) >= 0) {
                throw new InputFormatException(source, lineNo,
                        "expected two symbols separated by one space ('left right'), found '" + s + "'");
            }
            merges.add(new BpeMerge(s.substring(0, space), s.substring(space + 1)));
        }
        return new BpeCodes(merges, separateEndOfWord);
    }

    private static boolean parseVersion(String v, String source) {
        // subword-nmt drops trailing ".0" parts before comparing: "0.2.0" is 0.2.
        String norm = v.replaceAll("(\\.0+)*$", "");
        if (norm.equals("0.2")) {
            return false;
        }
        if (norm.equals("0.1")) {
            return true;
        }
        throw new InputFormatException(source, 1, "unsupported BPE codes version '" + v
                + "' (supported: 0.1, 0.2; byte-level codes are not)");
    }

    /** Strips spaces, carriage returns and newlines at both ends, as subword-nmt does ({@code strip('\r\n ')}). */
    static String strip(String s) {
        int b = 0;
        int e = s.length();
        while (b < e && isStripped(s.charAt(b))) {
            b++;
        }
        while (e > b && isStripped(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(b, e);
    }

    static boolean isStripped(char c) {
        return c == ' ' || c == '\r' || c == '\n';
    }

    /** Writes the codes in subword-nmt's format; version 0.1 codes are written without header, as that version was. */
    public void write(Path file) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(Writer w) throws IOException {
        if (!separateEndOfWord) {
            w.write("#version: 0.2\n");
        }
        for (BpeMerge m : merges) {
            w.write(m.left());
            w.write(' ');
            w.write(m.right());
            w.write('\n');
        }
    }

    /** The first {@code n} merges (all if {@code n} is at least the size), like subword-nmt's {@code --merges}. */
    public BpeCodes limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("merge count must be >= 0, got " + n);
        }
        return n >= merges.size() ? this : new BpeCodes(merges.subList(0, n), separateEndOfWord);
    }

    public List<BpeMerge> merges() {
        return Collections.unmodifiableList(merges);
    }

    public int size() {
        return merges.size();
    }

    /** True for version 0.1 codes, where {@code </w>} is a symbol of its own rather than glued to the last character. */
    public boolean separateEndOfWord() {
        return separateEndOfWord;
    }

    /** The id of a symbol that occurs in some merge, or -1. */
    int symbolId(String symbol) {
        Integer id = symbolIds.get(symbol);
        return id == null ? -1 : id;
    }

    /** The id of the one-code-point symbol {@code cp} (with {@code </w>} glued on if {@code last}), or -1. */
    int codePointId(int cp, boolean last) {
        if (cp <= Character.MAX_VALUE) {
            return last ? finalCharId[cp] : charId[cp];
        }
        return symbolId(last ? Character.toString(cp) + END_OF_WORD : Character.toString(cp));
    }

    /** The rank of the merge of the two symbols, or -1 if they do not merge. */
    int rank(int leftId, int rightId) {
        if (leftId < 0 || rightId < 0) {
            return -1;
        }
        return rankOfPair.get(LongIntMap.pack(leftId, rightId), -1);
    }

    int leftId(int rank) {
        return leftId[rank];
    }

    int rightId(int rank) {
        return rightId[rank];
    }

    /** The symbol id that the merge of the given rank produces. */
    int joinedId(int rank) {
        return joinedId[rank];
    }

    /** The earliest merge producing {@code symbol}, or null: the way back for splitting rare subwords. */
    BpeMerge firstMergeMaking(String symbol) {
        return firstMergeMaking.get(symbol);
    }

    private int intern(String symbol) {
        Integer id = symbolIds.get(symbol);
        if (id == null) {
            id = symbolIds.size();
            symbolIds.put(symbol, id);
        }
        return id;
    }
}
