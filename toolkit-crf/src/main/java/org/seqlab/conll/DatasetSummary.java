package org.seqlab.conll;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Counts that describe a {@link Dataset}, to check a file before training.
 *
 * @param column the tag column, e.g. {@code ner (column 4)}
 * @param scheme the tags' scheme, or {@code null} for plain labels
 * @param documents number of documents ({@code -DOCSTART-} or {@code # newdoc} start one; 1 without them)
 * @param tokens number of words
 * @param longestSentence words in the longest sentence
 * @param tagCounts occurrences of each tag, sorted by tag
 * @param chunkCounts chunks (entities) per type by the scheme's lenient reading, sorted by type; empty without a scheme
 * @param illFormedSentences sentences whose tags break the scheme's transition rules (0 without a scheme)
 */
public record DatasetSummary(String source, ConllFormat format, String column, TagScheme scheme, int documents,
        int sentences, long tokens, int longestSentence, SortedMap<String, Long> tagCounts,
        SortedMap<String, Long> chunkCounts, int illFormedSentences) {

    public DatasetSummary {
        tagCounts = Collections.unmodifiableSortedMap(new TreeMap<>(tagCounts));
        chunkCounts = Collections.unmodifiableSortedMap(new TreeMap<>(chunkCounts));
    }

    /** Total number of chunks of all types. */
    public long chunks() {
        long n = 0;
        for (long c : chunkCounts.values()) {
            n += c;
        }
        return n;
    }

    /** A plain-text report, one {@code key value} line each, tags and chunk types indented below their totals. */
    public String report() {
        StringBuilder b = new StringBuilder();
        b.append("file ").append(source).append('\n');
        b.append("format ").append(format.id()).append('\n');
        b.append("tags_from ").append(column).append('\n');
        b.append("scheme ").append(scheme == null ? "none (plain labels)" : scheme.name()).append('\n');
        b.append("documents ").append(documents).append('\n');
        b.append("sentences ").append(sentences).append('\n');
        b.append("tokens ").append(tokens).append('\n');
        b.append("longest_sentence ").append(longestSentence).append('\n');
        b.append("tags ").append(tagCounts.size()).append('\n');
        tagCounts.forEach((tag, n) -> b.append("  ").append(tag).append(' ').append(n).append('\n'));
        if (scheme != null) {
            b.append("chunks ").append(chunks()).append('\n');
            chunkCounts.forEach((type, n) -> b.append("  ").append(type).append(' ').append(n).append('\n'));
            b.append("ill_formed_sentences ").append(illFormedSentences).append('\n');
        }
        return b.toString();
    }
}
