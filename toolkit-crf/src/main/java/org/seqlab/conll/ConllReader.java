package org.seqlab.conll;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import org.seqlab.InputFormatException;

/**
 * Reads CoNLL-style files ({@link ConllFormat}) into a {@link Dataset}: one word per line, a blank (or
 * whitespace-only) line between sentences, {@code -DOCSTART-} lines (or CoNLL-U {@code # newdoc} comments) between
 * documents. CRLF line endings, a byte-order mark and a missing final blank line are read as usual; a line with the
 * wrong number of columns, a tag the scheme does not allow, bytes that are invalid in the encoding, an empty file
 * raise an {@link InputFormatException} naming the file, the line and the problem.
 *
 * <pre>{@code
 * Dataset train = ConllReader.builder().setFormat(ConllFormat.CONLL2003).build().read(Path.of("eng.train"));
 * Dataset chunks = ConllReader.builder().setFormat(ConllFormat.CONLL2003).optColumn("chunk").build().read(file);
 * }</pre>
 *
 * A reader is immutable and may be shared between threads.
 */
public final class ConllReader {
    private static final String DOCSTART = "-DOCSTART-";

    private final ConllFormat format;
    private final int tagColumn; // 1-based; -1: the last column (COLUMNS)
    private final TagScheme scheme;
    private final Charset encoding;

    private ConllReader(Builder b) {
        this.format = b.format;
        this.tagColumn = b.column != null ? format.column(b.column) : format.defaultTagColumn();
        this.scheme = b.schemeChosen ? b.scheme : format.schemeOf(tagColumn);
        this.encoding = b.encoding;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a reader: the format is required. */
    public static final class Builder {
        private ConllFormat format;
        private String column;
        private TagScheme scheme;
        private boolean schemeChosen;
        private Charset encoding = StandardCharsets.UTF_8;

        private Builder() {
        }

        public Builder setFormat(ConllFormat format) {
            this.format = format;
            return this;
        }

        /**
         * The tag column by name ({@code ner}, {@code chunk}, {@code pos}, {@code upos}, {@code xpos}, ...) or 1-based
         * number; default: the format's NER, chunk or UPOS column, or the last column for {@link ConllFormat#COLUMNS}.
         */
        public Builder optColumn(String nameOrNumber) {
            this.column = nameOrNumber;
            return this;
        }

        /** The tag column by 1-based number. */
        public Builder optColumn(int number) {
            return optColumn(Integer.toString(number));
        }

        /**
         * The scheme the tags follow, checked on every tag; {@code null} reads plain labels. Default: the scheme of
         * the chosen column in the format (IOB1 for CoNLL-2003 chunk and NER tags, IOB2 for CoNLL-2002, CoNLL-2000
         * and WNUT; none for part-of-speech columns and {@link ConllFormat#COLUMNS}).
         */
        public Builder optScheme(TagScheme scheme) {
            this.scheme = scheme;
            this.schemeChosen = true;
            return this;
        }

        /** The file encoding; default UTF-8 (the original CoNLL-2002 distribution is ISO-8859-1). */
        public Builder optEncoding(Charset encoding) {
            this.encoding = encoding;
            return this;
        }

        /** @throws org.seqlab.SeqlabException for a column the format lacks */
        public ConllReader build() {
            if (format == null) {
                throw new IllegalStateException("setFormat is required");
            }
            if (encoding == null) {
                throw new IllegalStateException("the encoding may not be null");
            }
            return new ConllReader(this);
        }
    }

    public ConllFormat format() {
        return format;
    }

    /** The scheme tags are checked against, or {@code null} for plain labels. */
    public TagScheme scheme() {
        return scheme;
    }

    public Charset encoding() {
        return encoding;
    }

    /** Reads a file; its path names it in messages. */
    public Dataset read(Path file) {
        if (Files.isDirectory(file)) {
            // reading a directory fails with a bare "Is a directory" that names no path
            throw new org.seqlab.SeqlabException(file + ": is a directory");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return read(bytes, file.toString());
    }

    /** Reads a whole stream (not closed); {@code source} names it in messages. */
    public Dataset read(InputStream in, String source) {
        try {
            return read(in.readAllBytes(), source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the bytes of a file; {@code source} names it in messages. */
    public Dataset read(byte[] bytes, String source) {
        return parse(decode(bytes, source), source);
    }

    /** Decodes strictly, so that a wrong encoding is reported at its line rather than read as U+FFFD. */
    private String decode(byte[] bytes, String source) {
        CharsetDecoder decoder = encoding.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            long line = 1;
            for (int i = 0; i < out.position(); i++) {
                if (out.get(i) == '\n') {
                    line++;
                }
            }
            int at = in.position();
            StringBuilder hex = new StringBuilder();
            for (int i = at; i < Math.min(at + Math.max(r.length(), 1), bytes.length); i++) {
                hex.append(hex.length() > 0 ? " " : "").append(String.format("%02X", bytes[i] & 0xFF));
            }
            throw new InputFormatException(source, line, "bytes " + hex + " at byte offset " + at + " are not valid "
                    + encoding.name() + " (is the file in another encoding? e.g. ISO-8859-1)");
        }
        out.flip();
        return out.toString();
    }

    /** The state of one pass over a file. */
    private final class Parse {
        final String source;
        final List<ConllSentence> sentences = new ArrayList<>();
        int columns = format.columnCount();
        int tagCol = tagColumn;
        int document;
        boolean documentHasSentences;
        String documentStart;
        final List<String[]> rows = new ArrayList<>();
        long[] lines = new long[64];
        final List<ConllSentence.KeptLine> kept = new ArrayList<>();
        /**
         * One copy of each distinct field: tags, POS and most words repeat, and keeping a single copy cuts the
         * memory that survives the read (and with it the garbage collector's copying) by a large factor.
         */
        final HashMap<String, String> pool = new HashMap<>();

        Parse(String source) {
            this.source = source;
        }

        void startDocument() {
            if (documentHasSentences) {
                document++;
                documentHasSentences = false;
            }
        }

        void endSentence() {
            if (rows.isEmpty()) {
                if (!kept.isEmpty()) {
                    throw new InputFormatException(source, kept.get(0).line(),
                            "comment or multiword/empty-node lines without a sentence after them");
                }
                return;
            }
            long[] ls = Arrays.copyOf(lines, rows.size());
            sentences.add(new ConllSentence(format, source, document, documentStart,
                    rows.toArray(new String[0][]), ls, format.wordColumn(), tagCol, scheme, kept));
            documentHasSentences = true;
            documentStart = null;
            rows.clear();
            kept.clear();
        }
    }

    private Dataset parse(String text, String source) {
        Parse p = new Parse(source);
        int pos = text.startsWith("\uFEFF") ? 1 : 0;
        int n = text.length();
        if (pos >= n) {
            throw new InputFormatException(source, 0, "the file is empty");
        }
        long lineNo = 0;
        List<String> fields = new ArrayList<>(16);
        while (pos < n) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? n : nl;
            int next = nl < 0 ? n : nl + 1;
            if (end > pos && text.charAt(end - 1) == '\r') {
                end--;
            }
            lineNo++;
            int from = pos;
            pos = next;
            if (isBlank(text, from, end)) {
                p.endSentence();
                continue;
            }
            if (format == ConllFormat.CONLLU) {
                readConlluLine(p, text, from, end, lineNo, fields);
                continue;
            }
            split(text, from, end, fields);
            if (fields.get(0).equals(DOCSTART)) {
                p.endSentence();
                p.startDocument();
                p.documentStart = text.substring(from, end);
                continue;
            }
            addWord(p, fields, lineNo);
        }
        p.endSentence();
        if (p.sentences.isEmpty()) {
            throw new InputFormatException(source, 0, "no sentences found (the file has only blank or "
                    + (format == ConllFormat.CONLLU ? "comment" : DOCSTART) + " lines)");
        }
        return new Dataset(source, format, p.tagCol, scheme, p.sentences);
    }

    private void readConlluLine(Parse p, String text, int from, int end, long lineNo, List<String> fields) {
        if (text.charAt(from) == '#') {
            String line = text.substring(from, end);
            if (p.rows.isEmpty() && line.startsWith("# newdoc")) {
                p.startDocument();
            }
            p.kept.add(new ConllSentence.KeptLine(p.rows.size(), lineNo, line));
            return;
        }
        split(text, from, end, fields);
        checkColumnCount(p, fields, lineNo);
        String id = fields.get(0);
        if (isRangeOrEmptyNode(id)) {
            p.kept.add(new ConllSentence.KeptLine(p.rows.size(), lineNo, text.substring(from, end)));
            return;
        }
        checkWordId(id, p.rows.size() + 1, p.source, lineNo);
        addWord(p, fields, lineNo);
    }

    /** Whether a CoNLL-U ID is a multiword token's range ({@code 1-2}) or an empty node ({@code 8.1}): not a word. */
    public static boolean isRangeOrEmptyNode(String id) {
        return isNumberedNode(id, '-') || isNumberedNode(id, '.');
    }

    /** Refuses a word line's ID other than {@code expected} (IDs count 1, 2, ... within a sentence). */
    public static void checkWordId(String id, int expected, String source, long line) {
        if (!isDigits(id, 0, id.length()) || !id.equals(Integer.toString(expected))) {
            throw new InputFormatException(source, line, "word ID '" + id + "' where " + expected
                    + " was expected (IDs count 1, 2, ... within a sentence; ranges look like 1-2, empty nodes 8.1)");
        }
    }

    /** Whether {@code id} is two digit strings joined by {@code sep} ({@code 1-2} or {@code 8.1}). */
    private static boolean isNumberedNode(String id, char sep) {
        int k = id.indexOf(sep);
        return k > 0 && k < id.length() - 1 && isDigits(id, 0, k) && isDigits(id, k + 1, id.length());
    }

    private static boolean isDigits(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private void checkColumnCount(Parse p, List<String> fields, long lineNo) {
        if (p.columns < 0) { // COLUMNS: the first word line sets the count
            p.columns = fields.size();
            if (p.tagCol < 0) {
                p.tagCol = p.columns;
            }
            if (p.columns < 2) {
                throw new InputFormatException(p.source, lineNo, "found 1 column; a word line needs a word and a tag");
            }
            if (p.tagCol > p.columns) {
                throw new InputFormatException(p.source, lineNo, "found " + p.columns + " columns, but the tag is "
                        + "read from column " + p.tagCol);
            }
        }
        if (fields.size() != p.columns) {
            String names = format.columnNames().isEmpty() ? "like the first word line"
                    : "(" + String.join(" ", format.columnNames()) + ")";
            throw new InputFormatException(p.source, lineNo, "expected " + p.columns + " "
                    + (format.tabSeparated() ? "tab-separated " : "") + "columns " + names + ", found "
                    + fields.size());
        }
        if (format.tabSeparated()) {
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).isEmpty()) {
                    throw new InputFormatException(p.source, lineNo, "column " + (i + 1) + " is empty");
                }
            }
        }
    }

    private void addWord(Parse p, List<String> fields, long lineNo) {
        if (format != ConllFormat.CONLLU) {
            checkColumnCount(p, fields, lineNo);
        }
        String tag = fields.get(p.tagCol - 1);
        if (scheme != null && !scheme.isValid(tag)) {
            throw new InputFormatException(p.source, lineNo, "tag '" + tag + "' in " + format.describeColumn(p.tagCol)
                    + " is not valid in the " + scheme + " scheme (allowed: " + scheme.allowedForms() + ")");
        }
        if (p.rows.size() == p.lines.length) {
            p.lines = Arrays.copyOf(p.lines, 2 * p.lines.length);
        }
        p.lines[p.rows.size()] = lineNo;
        String[] row = new String[fields.size()];
        for (int i = 0; i < row.length; i++) {
            String f = fields.get(i);
            String shared = p.pool.putIfAbsent(f, f);
            row[i] = shared != null ? shared : f;
        }
        p.rows.add(row);
    }

    private static boolean isBlank(String text, int from, int end) {
        for (int i = from; i < end; i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Splits a line at single tabs (tab-separated formats) or at runs of spaces and tabs, without regular expressions. */
    private void split(String text, int from, int end, List<String> out) {
        out.clear();
        if (format.tabSeparated()) {
            int start = from;
            for (int i = from; i <= end; i++) {
                if (i == end || text.charAt(i) == '\t') {
                    out.add(text.substring(start, i));
                    start = i + 1;
                }
            }
            return;
        }
        int i = from;
        while (i < end) {
            while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            int start = i;
            while (i < end && text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                i++;
            }
            if (i > start) {
                out.add(text.substring(start, i));
            }
        }
    }
}
