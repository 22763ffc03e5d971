package org.seqlab.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Counts of (gold label → predicted label) pairs over tokens. Mutable accumulator; not thread-safe. */
public final class Confusion {
    /** One cell of the confusion table. */
    public record Entry(String gold, String predicted, long count) {
    }

    private final Map<String, Map<String, long[]>> counts = new HashMap<>();

    public void add(String gold, String predicted) {
        counts.computeIfAbsent(gold, g -> new HashMap<>()).computeIfAbsent(predicted, p -> new long[1])[0]++;
    }

    public long count(String gold, String predicted) {
        Map<String, long[]> row = counts.get(gold);
        long[] c = row == null ? null : row.get(predicted);
        return c == null ? 0 : c[0];
    }

    /** Every non-zero cell, most frequent first (ties by gold label, then predicted label). */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        counts.forEach((g, row) -> row.forEach((p, c) -> out.add(new Entry(g, p, c[0]))));
        out.sort(Comparator.comparingLong(Entry::count).reversed()
                .thenComparing(Entry::gold).thenComparing(Entry::predicted));
        return out;
    }

    /** The {@code n} most frequent errors (cells with gold ≠ predicted). */
    public List<Entry> topErrors(int n) {
        return entries().stream().filter(e -> !e.gold().equals(e.predicted())).limit(n).toList();
    }

    /** The top {@code n} errors as text, one {@code gold -> predicted  count} line each. */
    public String formatTopErrors(int n) {
        StringBuilder sb = new StringBuilder();
        for (Entry e : topErrors(n)) {
            sb.append(String.format("%17s -> %-17s %d%n", e.gold(), e.predicted(), e.count()));
        }
        return sb.toString();
    }
}
