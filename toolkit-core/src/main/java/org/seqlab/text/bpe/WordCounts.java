package org.seqlab.text.bpe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.seqlab.InputFormatException;
import org.seqlab.SeqlabException;

/**
 * Word frequencies of a text, the input of BPE learning. Words are what subword-nmt takes them to be: a line stripped of
 * spaces and line breaks at both ends, split on the space character (U+0020) alone, empty pieces dropped. Counting
 * several files into one object is joint (source+target) learning. Words keep the order in which they first appeared.
 */
public final class WordCounts {
    private final Map<String, int[]> index = new HashMap<>();
    private final List<String> words = new ArrayList<>();
    private final List<int[]> counts = new ArrayList<>();
    private final ByteWordCache<int[]> byteIndex = new ByteWordCache<>(Integer.MAX_VALUE);

    /** Counts the words of each file, all into one table. */
    public static WordCounts ofFiles(List<Path> files) {
        WordCounts wc = new WordCounts();
        for (Path f : files) {
            wc.addFile(f);
        }
        return wc;
    }

    public static WordCounts ofLines(Iterable<String> lines) {
        WordCounts wc = new WordCounts();
        for (String l : lines) {
            wc.addLine(l);
        }
        return wc;
    }

    /**
     * Counts the words of a UTF-8 file. Works on the bytes: a word's bytes are hashed and looked up in a table of the
     * words seen so far, and only a word seen for the first time is decoded into a String, so that counting a corpus
     * makes garbage in proportion to its vocabulary rather than to its length. Lines end at LF, CR LF or CR.
     */
    public WordCounts addFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 18];
            int filled = 0;
            long lineNo = 1;
            while (true) {
                int n = in.read(buf, filled, buf.length - filled);
                boolean eof = n < 0;
                if (!eof) {
                    filled += n;
                    if (filled < buf.length) {
                        continue;
                    }
                }
                // Count up to the last word boundary; the rest (part of a word) waits for the next read.
                int cut = filled;
                if (!eof) {
                    while (cut > 0 && !isBoundary(buf[cut - 1])) {
                        cut--;
                    }
                    if (cut == 0) { // a word longer than the buffer
                        buf = Arrays.copyOf(buf, buf.length * 2);
                        continue;
                    }
                    if (cut > 1 && buf[cut - 1] == '\r') {
                        cut--; // keep CR with a possible LF after it, so that CR LF counts as one line end
                    }
                }
                lineNo = countBytes(buf, cut, file, lineNo);
                if (eof) {
                    break;
                }
                System.arraycopy(buf, cut, buf, 0, filled - cut);
                filled -= cut;
            }
        } catch (NoSuchFileException e) {
            throw new SeqlabException("no such file: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private static boolean isBoundary(byte b) {
        return b == ' ' || b == '\n' || b == '\r';
    }

    private long countBytes(byte[] buf, int end, Path file, long lineNo) {
        int i = 0;
        while (i < end) {
            byte b = buf[i];
            if (isBoundary(b)) {
                if (b == '\n' || (b == '\r' && (i + 1 >= end || buf[i + 1] != '\n'))) {
                    lineNo++;
                }
                i++;
                continue;
            }
            int start = i;
            int h = 0;
            while (i < end && !isBoundary(buf[i])) {
                h = 31 * h + buf[i];
                i++;
            }
            int[] c = byteIndex.get(buf, start, i, h);
            if (c == null) {
                String word = decode(buf, start, i, file, lineNo);
                c = counter(word);
                byteIndex.put(Arrays.copyOfRange(buf, start, i), h, c);
            }
            c[0] = Math.addExact(c[0], 1);
        }
        return lineNo;
    }

    private static String decode(byte[] buf, int begin, int end, Path file, long lineNo) {
        boolean ascii = true;
        for (int i = begin; i < end && ascii; i++) {
            ascii = buf[i] >= 0;
        }
        if (ascii) {
            return new String(buf, begin, end - begin, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, begin, end - begin)).toString();
        } catch (CharacterCodingException e) {
            throw new InputFormatException(file.toString(), lineNo, "not valid UTF-8");
        }
    }

    public WordCounts addLine(String line) {
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            int b = i;
            while (i < n && line.charAt(i) != ' ') {
                i++;
            }
            int e = i;
            // Only the line's own ends lose carriage returns and newlines (subword-nmt strips '\r\n ' per line).
            if (e == n) {
                while (e > b && (line.charAt(e - 1) == '\r' || line.charAt(e - 1) == '\n')) {
                    e--;
                }
            }
            if (b == 0) {
                while (b < e && (line.charAt(b) == '\r' || line.charAt(b) == '\n')) {
                    b++;
                }
            }
            if (e > b) {
                add(line.substring(b, e), 1);
            }
        }
        return this;
    }

    /** Adds {@code count} occurrences of one word (which must not contain a space). */
    public WordCounts add(String word, int count) {
        if (word.isEmpty() || word.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("a word is non-empty and has no space: '" + word + "'");
        }
        int[] c = counter(word);
        c[0] = Math.addExact(c[0], count);
        return this;
    }

    /** The counter of a word, made (at 0) on first sight. */
    private int[] counter(String word) {
        int[] c = index.get(word);
        if (c == null) {
            c = new int[1];
            index.put(word, c);
            words.add(word);
            counts.add(c);
        }
        return c;
    }

    /** Number of distinct words. */
    public int size() {
        return words.size();
    }

    /** The i-th distinct word, in order of first appearance. */
    public String word(int i) {
        return words.get(i);
    }

    public int count(int i) {
        return counts.get(i)[0];
    }

    /** The count of a word, 0 if absent. */
    public int count(String word) {
        int[] c = index.get(word);
        return c == null ? 0 : c[0];
    }
}
