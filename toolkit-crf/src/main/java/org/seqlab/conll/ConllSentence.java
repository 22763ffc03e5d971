package org.seqlab.conll;

import java.util.AbstractList;
import java.util.List;
import org.seqlab.SeqlabException;

/**
 * One sentence of a CoNLL-style file: the fields of every word line, which column is the tag and the scheme its tags
 * follow, where it came from (source, document, line numbers), and the lines kept verbatim for writing back
 * (CoNLL-U comments, multiword-token ranges and empty nodes; the {@code -DOCSTART-} line that precedes it).
 * Immutable.
 */
public final class ConllSentence {
    /** A line kept verbatim, written back before word {@code beforeWord} (0-based; {@code size()} for after the last). */
    public record KeptLine(int beforeWord, long line, String text) {
    }

    private final ConllFormat format;
    private final String source;
    private final int document;
    private final String documentStart;
    private final String[][] rows;
    private final long[] lines;
    private final int wordColumn;
    private final int tagColumn;
    private final TagScheme scheme;
    private final List<KeptLine> keptLines;

    ConllSentence(ConllFormat format, String source, int document, String documentStart, String[][] rows,
            long[] lines, int wordColumn, int tagColumn, TagScheme scheme, List<KeptLine> keptLines) {
        this.format = format;
        this.source = source;
        this.document = document;
        this.documentStart = documentStart;
        this.rows = rows;
        this.lines = lines;
        this.wordColumn = wordColumn;
        this.tagColumn = tagColumn;
        this.scheme = scheme;
        this.keptLines = List.copyOf(keptLines);
    }

    /** Number of words (CoNLL-U: syntactic words; ranges and empty nodes are not counted). */
    public int size() {
        return rows.length;
    }

    public ConllFormat format() {
        return format;
    }

    /** The file (or other source) the sentence was read from. */
    public String source() {
        return source;
    }

    /** 0-based index of the document in its file ({@code -DOCSTART-} lines or CoNLL-U {@code # newdoc} start one). */
    public int document() {
        return document;
    }

    /** The {@code -DOCSTART-} line directly preceding this sentence, verbatim, or {@code null}. */
    public String documentStart() {
        return documentStart;
    }

    /** Number of columns of each word line. */
    public int columnCount() {
        return rows.length == 0 ? 0 : rows[0].length;
    }

    /** The field in 1-based {@code column} of word {@code i}. */
    public String field(int i, int column) {
        return rows[i][column - 1];
    }

    public String word(int i) {
        return rows[i][wordColumn - 1];
    }

    /** The gold tag (the field of the tag column) of word {@code i}. */
    public String tag(int i) {
        return rows[i][tagColumn - 1];
    }

    public List<String> words() {
        return column(wordColumn);
    }

    public List<String> tags() {
        return column(tagColumn);
    }

    /** The fields of a 1-based column, one per word (a read-only view). */
    public List<String> column(int column) {
        int c = column - 1;
        return new AbstractList<>() {
            @Override
            public String get(int i) {
                return rows[i][c];
            }

            @Override
            public int size() {
                return rows.length;
            }
        };
    }

    /** The 1-based column holding the tags. */
    public int tagColumn() {
        return tagColumn;
    }

    /** The scheme of the tags, or {@code null} for plain labels (e.g. part-of-speech tags). */
    public TagScheme scheme() {
        return scheme;
    }

    /** 1-based line number of word {@code i} in the source. */
    public long line(int i) {
        return lines[i];
    }

    /** 1-based line number of the first word. */
    public long firstLine() {
        return lines[0];
    }

    /** Lines kept verbatim for writing back: CoNLL-U comments, multiword-token ranges, empty nodes, in file order. */
    public List<KeptLine> keptLines() {
        return keptLines;
    }

    /** The gold tags converted to IOBES (the tagger's internal scheme). */
    public List<String> tagsAsIobes() {
        return requireScheme().convert(tags(), TagScheme.IOBES);
    }

    /**
     * Converts tags predicted in IOBES back to this sentence's scheme, for writing predictions in the input's
     * scheme. An ill-formed sequence is read leniently, as {@link TagScheme#chunks} does.
     *
     * @throws IllegalArgumentException when the number of tags differs from {@link #size()}
     * @throws InvalidTagException for a tag that is not IOBES
     */
    public List<String> fromIobes(List<String> iobesTags) {
        if (iobesTags.size() != rows.length) {
            throw new IllegalArgumentException("expected " + rows.length + " tags for the sentence at " + source
                    + ":" + firstLine() + ", got " + iobesTags.size());
        }
        return TagScheme.IOBES.convert(iobesTags, requireScheme());
    }

    private TagScheme requireScheme() {
        if (scheme == null) {
            throw new SeqlabException(source + ":" + firstLine() + ": the tags of " + format.describeColumn(tagColumn)
                    + " are plain labels, not chunk tags of a scheme");
        }
        return scheme;
    }

    @Override
    public String toString() {
        return source + ":" + (rows.length > 0 ? firstLine() : 0) + " " + words();
    }
}
