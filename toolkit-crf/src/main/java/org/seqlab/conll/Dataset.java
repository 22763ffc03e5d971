package org.seqlab.conll;

import java.util.List;
import java.util.TreeMap;

/** The sentences read from one file, with how they were read (format, tag column, scheme). Immutable. */
public final class Dataset {
    private final String source;
    private final ConllFormat format;
    private final int tagColumn;
    private final TagScheme scheme;
    private final List<ConllSentence> sentences;

    Dataset(String source, ConllFormat format, int tagColumn, TagScheme scheme, List<ConllSentence> sentences) {
        this.source = source;
        this.format = format;
        this.tagColumn = tagColumn;
        this.scheme = scheme;
        this.sentences = List.copyOf(sentences);
    }

    public String source() {
        return source;
    }

    public ConllFormat format() {
        return format;
    }

    /** The 1-based column the tags were read from. */
    public int tagColumn() {
        return tagColumn;
    }

    /** The scheme of the tags, or {@code null} for plain labels. */
    public TagScheme scheme() {
        return scheme;
    }

    public List<ConllSentence> sentences() {
        return sentences;
    }

    /** Number of words in all sentences. */
    public long tokenCount() {
        long n = 0;
        for (ConllSentence s : sentences) {
            n += s.size();
        }
        return n;
    }

    /** Counts sentences, words, documents, tags and (with a scheme) chunks per type. */
    public DatasetSummary summary() {
        long tokens = 0;
        int longest = 0;
        int illFormed = 0;
        int documents = 0;
        int lastDocument = -1;
        TreeMap<String, Long> tags = new TreeMap<>();
        TreeMap<String, Long> entities = new TreeMap<>();
        for (ConllSentence s : sentences) {
            tokens += s.size();
            longest = Math.max(longest, s.size());
            if (s.document() != lastDocument) {
                documents++;
                lastDocument = s.document();
            }
            List<String> t = s.tags();
            for (String tag : t) {
                tags.merge(tag, 1L, Long::sum);
            }
            if (scheme != null) {
                if (!scheme.isWellFormed(t)) {
                    illFormed++;
                }
                for (Chunk c : scheme.chunks(t)) {
                    entities.merge(c.type(), 1L, Long::sum);
                }
            }
        }
        return new DatasetSummary(source, format, format.describeColumn(tagColumn), scheme, documents,
                sentences.size(), tokens, longest, tags, entities, illFormed);
    }
}
