package org.seqlab.text.bpe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Word frequencies of a text, the input of BPE learning. Words are what subword-nmt takes them to be: a line stripped of
 * spaces and line breaks at both ends, split on the space character (U+0020) alone, empty pieces dropped. Counting
 * several files into one object is joint (source+target) learning. Words keep the order in which they first appeared.
 */
public final class WordCounts {
    private final Map<String, int[]> index = new HashMap<>();
    private final List<String> words = new ArrayList<>();
    private final List<int[]> counts = new ArrayList<>();

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

    public WordCounts addFile(Path file) {
        TextLines.forEach(file, (line, no) -> addLine(line));
        return this;
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
        int[] c = index.get(word);
        if (c == null) {
            c = new int[1];
            index.put(word, c);
            words.add(word);
            counts.add(c);
        }
        c[0] = Math.addExact(c[0], count);
        return this;
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
