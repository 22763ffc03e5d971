package org.seqlab.text.bpe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.seqlab.InputFormatException;

/**
 * Subword frequencies of a BPE-segmented text, in subword-nmt's vocabulary file format ({@code subword count} a line, most
 * frequent first; non-final subwords carry the separator, e.g. {@code pul@@ 12}). Applying BPE with a vocabulary and a
 * threshold splits back subwords rarer than the threshold.
 */
public final class BpeVocabulary {
    private final LinkedHashMap<String, Long> counts;

    private BpeVocabulary(LinkedHashMap<String, Long> counts) {
        this.counts = counts;
    }

    /** The vocabulary of a file after BPE: its tokens (split on spaces) counted, most frequent first. */
    public static BpeVocabulary count(BpeEncoder encoder, Path file) {
        LinkedHashMap<String, Long> c = new LinkedHashMap<>();
        StringBuilder sb = new StringBuilder();
        TextLines.forEach(file, (line, no) -> {
            sb.setLength(0);
            encoder.encodeLine(line, sb);
            int n = sb.length();
            int i = 0;
            while (i < n) {
                while (i < n && sb.charAt(i) == ' ') {
                    i++;
                }
                int b = i;
                while (i < n && sb.charAt(i) != ' ') {
                    i++;
                }
                if (i > b) {
                    c.merge(sb.substring(b, i), 1L, Long::sum);
                }
            }
        });
        return sorted(c);
    }

    /** A vocabulary from counts (sorted most frequent first; ties keep the given order). */
    public static BpeVocabulary of(Map<String, Long> counts) {
        return sorted(new LinkedHashMap<>(counts));
    }

    private static BpeVocabulary sorted(LinkedHashMap<String, Long> c) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(c.entrySet());
        entries.sort((x, y) -> Long.compare(y.getValue(), x.getValue())); // stable: ties keep first-seen order
        LinkedHashMap<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : entries) {
            out.put(e.getKey(), e.getValue());
        }
        return new BpeVocabulary(out);
    }

    /** Reads a vocabulary file: each line {@code subword count}, separated by one space. */
    public static BpeVocabulary read(Path file) {
        LinkedHashMap<String, Long> c = new LinkedHashMap<>();
        TextLines.forEach(file, (line, no) -> {
            String s = BpeCodes.strip(line);
            int space = s.indexOf(' ');
            if (space <= 0 || s.indexOf(' ', space + 1) >= 0) {
                throw new InputFormatException(file.toString(), no, "expected 'subword count', found '" + s + "'");
            }
            long n;
            try {
                n = Long.parseLong(s.substring(space + 1));
            } catch (NumberFormatException e) {
                throw new InputFormatException(file.toString(), no, "the count '" + s.substring(space + 1) + "' is not an integer");
            }
            c.merge(s.substring(0, space), n, Long::sum);
        });
        return new BpeVocabulary(c);
    }

    public void write(Path file) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                w.write(e.getKey());
                w.write(' ');
                w.write(Long.toString(e.getValue()));
                w.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The count of a subword, 0 if absent. */
    public long count(String subword) {
        return counts.getOrDefault(subword, 0L);
    }

    public int size() {
        return counts.size();
    }

    public Map<String, Long> counts() {
        return Collections.unmodifiableMap(counts);
    }

    /** The subwords occurring at least {@code threshold} times. */
    public Set<String> atLeast(long threshold) {
        Set<String> s = new HashSet<>();
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (e.getValue() >= threshold) {
                s.add(e.getKey());
            }
        }
        return s;
    }
}
