package org.seqlab.vocab;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.seqlab.SeqlabException;

/**
 * Reads pretrained word vectors in any {@link EmbeddingFormat}, plain, gzip or zip, telling them apart by content:
 * <ul>
 * <li>compression by magic bytes ({@code 1f 8b} gzip, {@code PK 03 04} zip: the archive's first file is read);</li>
 * <li>a first line of exactly two non-negative integers is a {@code count dim} header (word2vec/fastText), anything
 * else is a GloVe row (a GloVe file whose first word is an integer and whose vectors have one value would be misread:
 * name the format with {@link Builder#optFormat} there);</li>
 * <li>after a header, binary when the bytes after the first word are not all characters of decimal numbers.</li>
 * </ul>
 *
 * <p>The file is streamed through a byte window: only the word of each row is decoded (strict UTF-8), numbers are parsed
 * from the bytes ({@link DecimalFloatParser}, bit-identical to {@link Float#parseFloat}). {@link #loadFor} keeps only the
 * rows a vocabulary wants and parses the numbers of those rows alone (every row's value count is still checked).
 * Values are separated by runs of spaces or tabs; trailing blanks, {@code '\r'} and empty lines are ignored. A loader is
 * immutable and may be used from several threads.
 */
public final class EmbeddingLoader {
    private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final int MAX_BINARY_WORD_BYTES = 1 << 16;

    private final Path file;
    private final EmbeddingFormat format;
    private final boolean lowercaseFallback;
    private final boolean checkHeaderCount;
    private final double initScale;
    private final long seed;

    private EmbeddingLoader(Builder b) {
        this.file = b.file;
        this.format = b.format;
        this.lowercaseFallback = b.lowercaseFallback;
        this.checkHeaderCount = b.checkHeaderCount;
        this.initScale = b.initScale;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All vectors of the file, in file order. */
    public PretrainedEmbeddings load() {
        PretrainedEmbeddings.Collector sink = new PretrainedEmbeddings.Collector();
        EmbeddingFormat f = read(sink);
        return sink.finish(f);
    }

    /**
     * A [vocabulary size, dim] matrix aligned with the vocabulary: row {@code id} holds the file's vector for the
     * token (exact match first; with lowercase fallback, else the row of its lowercase form, else the first row whose
     * lowercase form equals the token's); {@code <pad>} stays zero; every other token not found gets uniform random
     * values in ±{@code initScale} (default sqrt(3/dim)) from a generator seeded by the seed and the id, so a row does not
     * depend on which other rows were found.
     */
    public EmbeddingMatrix loadFor(Vocabulary vocabulary) {
        EmbeddingMatrix.Aligner sink = new EmbeddingMatrix.Aligner(vocabulary, lowercaseFallback);
        EmbeddingFormat f = read(sink);
        return sink.finish(f, initScale, seed);
    }

    /** The format of an embedding file, read from its first bytes. */
    public static EmbeddingFormat detect(Path file) {
        String source = file.toString();
        try (Opened o = open(file)) {
            return sniff(o.input, o.source).format;
        } catch (IOException e) {
            throw readFailure(source, 1, e);
        }
    }

    /** Receives the rows of a file. */
    interface RowSink {
        /** Called once before any row. @param declaredCount the header's row count, or -1 without header */
        void start(int dim, long declaredCount);

        /** Whether the row of this word is wanted (its numbers are parsed only then). */
        boolean wants(String word);

        /** A wanted row; {@code values} is reused for the next row. */
        void accept(String word, float[] values);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static final class Opened implements AutoCloseable {
        final ByteInput input;
        final String source;

        Opened(ByteInput input, String source) {
            this.input = input;
            this.source = source;
        }

        @Override
        public void close() throws IOException {
            input.close();
        }
    }

    private static Opened open(Path file) throws IOException {
        String source = file.toString();
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new SeqlabException("embedding file not found: " + file);
        }
        try {
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(4);
            byte[] magic = in.readNBytes(4);
            in.reset();
            if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                return new Opened(readAhead(new GZIPInputStream(in, 1 << 16)), source);
            }
            if (magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
                ZipInputStream zip = new ZipInputStream(in, StandardCharsets.UTF_8);
                ZipEntry entry;
                while ((entry = zip.getNextEntry()) != null && entry.isDirectory()) {
                    // skip folders: the archive's first file is the embedding file
                }
                if (entry == null) {
                    zip.close();
                    throw new EmbeddingFormatException(source, 0, "zip archive holds no file");
                }
                return new Opened(readAhead(zip), source + "!" + entry.getName());
            }
            return new Opened(new ByteInput(in), source);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static ByteInput readAhead(InputStream decompressing) {
        return new ByteInput(new ReadAheadInputStream(decompressing, 1 << 20));
    }

    private static SeqlabException readFailure(String source, long line, IOException e) {
        // Truncated or corrupt gzip/zip data surface here as ZipException/EOFException.
        return new EmbeddingFormatException(source, line, "cannot read: " + e.getMessage(), e);
    }

    /** What the first line said. */
    private static final class Sniffed {
        EmbeddingFormat format;
        long declaredCount = -1;
        int dim = -1;
        /** The line (binary: row) being read, for errors of the stream itself. */
        long at = 1;
        /** For GloVe: the first line is a row and still sits in the window from here to the input's lineEnd. */
        int firstStart = -1;
    }

    private static Sniffed sniff(ByteInput in, String source) throws IOException {
        Sniffed s = new Sniffed();
        int start = in.nextLine();
        if (start < 0) {
            throw new EmbeddingFormatException(source, 0, "empty file");
        }
        if (in.lineEnd - start >= 3 && in.buf[start] == (byte) 0xEF && in.buf[start + 1] == (byte) 0xBB
                && in.buf[start + 2] == (byte) 0xBF) {
            start += 3; // a UTF-8 byte-order mark, as some Windows editors write
        }
        if (in.lineEnd == start) {
            throw new EmbeddingFormatException(source, 1, "first line is empty");
        }
        long[] header = parseHeader(in.buf, start, in.lineEnd);
        if (header == null) {
            s.format = EmbeddingFormat.GLOVE_TEXT;
            s.firstStart = start;
            return s;
        }
        s.declaredCount = header[0];
        if (header[1] < 1 || header[1] > 1_000_000) {
            throw new EmbeddingFormatException(source, 1, "header declares dimension " + header[1]);
        }
        s.dim = (int) header[1];
        s.format = looksBinary(in, s.dim) ? EmbeddingFormat.WORD2VEC_BINARY : EmbeddingFormat.WORD2VEC_TEXT;
        return s;
    }

    /** Two non-negative decimal integers separated by blanks, or null. */
    private static long[] parseHeader(byte[] b, int from, int to) {
        long[] out = new long[2];
        int i = from;
        for (int k = 0; k < 2; k++) {
            while (i < to && isBlank(b[i])) {
                i++;
            }
            int digitsStart = i;
            long v = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                if (v > Long.MAX_VALUE / 10 - 10) {
                    return null;
                }
                v = v * 10 + (b[i] - '0');
                i++;
            }
            if (i == digitsStart || (i < to && !isBlank(b[i]))) {
                return null;
            }
            out[k] = v;
        }
        while (i < to && isBlank(b[i])) {
            i++;
        }
        return i == to ? out : null;
    }

    /**
     * Whether the first row after the header is binary: text unless a byte other than those of decimal numbers and
     * blanks comes before the end of the row's line, or that line holds no value at all.
     */
    private static boolean looksBinary(ByteInput in, int dim) throws IOException {
        int window = 4096 + 16 * dim;
        in.fill(window);
        int end = Math.min(in.limit, in.pos + window);
        int space = -1;
        for (int i = in.pos; i < end; i++) {
            if (in.buf[i] == ' ') {
                space = i;
                break;
            }
            if (in.buf[i] == '\n') {
                return false;
            }
        }
        if (space < 0) {
            return false;
        }
        boolean anyValue = false;
        for (int i = space + 1; i < end; i++) {
            byte c = in.buf[i];
            if (c == '\n') {
                break;
            }
            if (!isNumberText(c)) {
                return true;
            }
            anyValue |= !isBlank(c) && c != '\r';
        }
        return !anyValue;
    }

    private static boolean isNumberText(byte c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E' || c == ' '
                || c == '\t' || c == '\r' || c == 'n' || c == 'a' || c == 'N' || c == 'I' || c == 'f'
                || c == 'i' || c == 't' || c == 'y';
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t';
    }

    private EmbeddingFormat read(RowSink sink) {
        String source = file.toString();
        Sniffed s = null;
        try (Opened o = open(file)) {
            source = o.source;
            s = sniff(o.input, source);
            if (format != null && format != s.format) {
                s = reinterpret(s, format, o.input, source);
            }
            if (s.format == EmbeddingFormat.WORD2VEC_BINARY) {
                readBinary(o.input, source, s, sink);
            } else {
                readText(o.input, source, s, sink);
            }
            return s.format;
        } catch (IOException e) {
            throw readFailure(source, s == null ? 1 : s.at, e);
        }
    }

    /** Applies a format the caller named where it differs from the sniffed one. */
    private static Sniffed reinterpret(Sniffed s, EmbeddingFormat wanted, ByteInput in, String source) {
        if (wanted == EmbeddingFormat.GLOVE_TEXT) {
            // The "header" is the first row: it is still in the window before in.pos.
            throw new EmbeddingFormatException(source, 1, "named GloVe text, but the first line is a 'count dim' "
                    + "header (word2vec/fastText)");
        }
        if (s.format == EmbeddingFormat.GLOVE_TEXT) {
            throw new EmbeddingFormatException(source, 1, "named " + wanted + ", but the first line is not a "
                    + "'count dim' header");
        }
        s.format = wanted;
        return s;
    }

    private void readText(ByteInput in, String source, Sniffed s, RowSink sink) throws IOException {
        WordDecoder words = new WordDecoder(source);
        boolean header = s.format != EmbeddingFormat.GLOVE_TEXT;
        int dim = s.dim;
        float[] values = null;
        if (header) {
            sink.start(dim, s.declaredCount);
            values = new float[dim];
        }
        long lineNo = header ? 2 : 1;
        s.at = lineNo;
        long rows = 0;
        int start = header ? in.nextLine() : s.firstStart;
        byte[] b;
        while (start >= 0) {
            b = in.buf;
            int end = in.lineEnd;
            if (end > start) {
                int i = start;
                while (i < end && !isBlank(b[i])) {
                    i++;
                }
                if (i == start) {
                    throw new EmbeddingFormatException(source, lineNo, "row starts with a blank: empty word");
                }
                String word = words.decode(b, start, i, lineNo);
                if (dim < 0) {
                    dim = countFields(b, i, end);
                    if (dim == 0) {
                        throw new EmbeddingFormatException(source, lineNo, "row has a word but no values");
                    }
                    sink.start(dim, -1);
                    values = new float[dim];
                }
                boolean keep = sink.wants(word);
                int n = 0;
                while (true) {
                    while (i < end && isBlank(b[i])) {
                        i++;
                    }
                    if (i >= end) {
                        break;
                    }
                    int fieldStart = i;
                    while (i < end && !isBlank(b[i])) {
                        i++;
                    }
                    if (keep && n < dim) {
                        try {
                            values[n] = DecimalFloatParser.parse(b, fieldStart, i);
                        } catch (NumberFormatException e) {
                            throw new EmbeddingFormatException(source, lineNo, "value " + (n + 1) + " of word '" + word
                                    + "' is not a number: '" + printable(b, fieldStart, i) + "'");
                        }
                    }
                    n++;
                }
                if (n != dim) {
                    throw new EmbeddingFormatException(source, lineNo, "word '" + word + "' has " + n
                            + " values, expected " + dim + (header ? " (the header's dimension)"
                                    : " (as in the first row)"));
                }
                if (keep) {
                    sink.accept(word, values);
                }
                rows++;
            }
            lineNo++;
            s.at = lineNo;
            start = in.nextLine();
        }
        if (dim < 0) {
            throw new EmbeddingFormatException(source, 0, "no vectors: the file holds only empty lines");
        }
        if (header && checkHeaderCount && rows != s.declaredCount) {
            throw new EmbeddingFormatException(source, 1, "header declares " + s.declaredCount
                    + " vectors but the file holds " + rows);
        }
    }

    private void readBinary(ByteInput in, String source, Sniffed s, RowSink sink) throws IOException {
        WordDecoder words = new WordDecoder(source);
        int dim = s.dim;
        int rowBytes = 4 * dim;
        float[] values = new float[dim];
        sink.start(dim, s.declaredCount);
        long row = 0;
        while (row < s.declaredCount) {
            // word2vec's writer ends each row with '\n'; other writers do not.
            while (in.fill(1) && (in.buf[in.pos] == '\n' || in.buf[in.pos] == '\r')) {
                in.pos++;
            }
            if (in.atEnd()) {
                if (checkHeaderCount) {
                    throw new EmbeddingFormatException(source, row + 1, "truncated: the file ends after " + row
                            + " of the " + s.declaredCount + " rows the header declares");
                }
                return;
            }
            row++;
            s.at = row;
            int scanned = 0;
            int space;
            while (true) {
                space = -1;
                for (int i = in.pos + scanned; i < in.limit; i++) {
                    if (in.buf[i] == ' ') {
                        space = i;
                        break;
                    }
                }
                if (space >= 0) {
                    break;
                }
                scanned = in.limit - in.pos;
                if (scanned > MAX_BINARY_WORD_BYTES) {
                    throw new EmbeddingFormatException(source, row, "no space after the word within "
                            + MAX_BINARY_WORD_BYTES + " bytes (byte offset " + in.offset(in.pos) + ")");
                }
                if (!in.fill(scanned + 1)) {
                    throw new EmbeddingFormatException(source, row, "truncated: the file ends inside the word (byte "
                            + "offset " + in.offset(in.pos) + ")");
                }
            }
            if (space == in.pos) {
                throw new EmbeddingFormatException(source, row, "empty word (byte offset " + in.offset(in.pos) + ")");
            }
            String word = words.decode(in.buf, in.pos, space, row);
            in.pos = space + 1;
            if (!in.fill(rowBytes)) {
                throw new EmbeddingFormatException(source, row, "truncated: word '" + word + "' needs " + rowBytes
                        + " bytes of float32 values, the file has " + (in.limit - in.pos) + " left");
            }
            if (sink.wants(word)) {
                byte[] b = in.buf;
                int p = in.pos;
                for (int j = 0; j < dim; j++) {
                    values[j] = (float) FLOAT_LE.get(b, p + 4 * j);
                }
                sink.accept(word, values);
            }
            in.pos += rowBytes;
        }
        while (in.fill(1) && isWhite(in.buf[in.pos])) {
            in.pos++;
        }
        if (checkHeaderCount && !in.atEnd()) {
            throw new EmbeddingFormatException(source, row + 1, "data after the " + s.declaredCount
                    + " rows the header declares (byte offset " + in.offset(in.pos) + ")");
        }
    }

    private static boolean isWhite(byte c) {
        return c == '\n' || c == '\r' || c == ' ' || c == '\t';
    }

    private static int countFields(byte[] b, int from, int to) {
        int n = 0;
        int i = from;
        while (i < to) {
            while (i < to && isBlank(b[i])) {
                i++;
            }
            if (i >= to) {
                break;
            }
            n++;
            while (i < to && !isBlank(b[i])) {
                i++;
            }
        }
        return n;
    }

    private static String printable(byte[] b, int from, int to) {
        String s = new String(b, from, Math.min(to - from, 40), StandardCharsets.UTF_8);
        return to - from > 40 ? s + "..." : s;
    }

    /** Strict UTF-8 with an ASCII fast path. */
    private static final class WordDecoder {
        private final String source;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

        WordDecoder(String source) {
            this.source = source;
        }

        String decode(byte[] b, int from, int to, long lineNo) {
            for (int i = from; i < to; i++) {
                if (b[i] < 0) {
                    try {
                        return decoder.decode(ByteBuffer.wrap(b, from, to - from)).toString();
                    } catch (CharacterCodingException e) {
                        throw new EmbeddingFormatException(source, lineNo, "word is not valid UTF-8 (bytes "
                                + hex(b, from, to) + ")");
                    }
                }
            }
            return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        }

        private static String hex(byte[] b, int from, int to) {
            StringBuilder sb = new StringBuilder();
            for (int i = from; i < Math.min(to, from + 24); i++) {
                sb.append(String.format("%02x", b[i] & 0xff));
            }
            return to - from > 24 ? sb + "..." : sb.toString();
        }
    }

    /** Builder: {@link #setFile} is required. */
    public static final class Builder {
        private Path file;
        private EmbeddingFormat format;
        private boolean lowercaseFallback = true;
        private boolean checkHeaderCount = true;
        private double initScale = Double.NaN;
        private long seed = 1;

        private Builder() {
        }

        /** The embedding file (plain, .gz or .zip, whatever its name). */
        public Builder setFile(Path embeddingFile) {
            this.file = embeddingFile;
            return this;
        }

        /** Insists on a format instead of detecting it; a file that disagrees is refused. */
        public Builder optFormat(EmbeddingFormat embeddingFormat) {
            this.format = embeddingFormat;
            return this;
        }

        /** For {@link #loadFor}: match a token to the row of a differently cased word (default true). */
        public Builder optLowercaseFallback(boolean on) {
            this.lowercaseFallback = on;
            return this;
        }

        /**
         * Whether the header's row count must equal the number of rows (default true). Turn off to read a truncated
         * sample of a large file, such as the first 99 rows of fastText's {@code wiki.en.vec}.
         */
        public Builder optCheckHeaderCount(boolean on) {
            this.checkHeaderCount = on;
            return this;
        }

        /** For {@link #loadFor}: tokens not found get values uniform in ±scale (default sqrt(3/dim): variance 1/dim). */
        public Builder optInitScale(double scale) {
            if (!(scale >= 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("init scale must be finite and non-negative: " + scale);
            }
            this.initScale = scale;
            return this;
        }

        /** For {@link #loadFor}: seed of the random values of tokens not found (default 1). */
        public Builder optSeed(long randomSeed) {
            this.seed = randomSeed;
            return this;
        }

        public EmbeddingLoader build() {
            if (file == null) {
                throw new IllegalStateException("setFile is required");
            }
            return new EmbeddingLoader(this);
        }
    }
}
