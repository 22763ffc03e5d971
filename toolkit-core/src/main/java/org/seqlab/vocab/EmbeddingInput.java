package org.seqlab.vocab;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.seqlab.SeqlabException;

/**
 * An opened embedding file: decompressed by its magic bytes ({@code 1f 8b} gzip; {@code PK 03 04} zip, whose first
 * file is read), its first line read to tell the format ({@link #sniff}), and the position reached, for errors.
 */
final class EmbeddingInput implements AutoCloseable {
    final ByteInput input;
    /** The file name (for a zip: {@code archive!entry}), as errors name it. */
    final String source;
    EmbeddingFormat format;
    /** The header's row count, or -1 without header. */
    long declaredCount = -1;
    /** The header's dimension, or -1 without header. */
    int dim = -1;
    /** For GloVe: the first line is a row and still sits in the window from here to the input's lineEnd. */
    int firstRowStart = -1;
    /** The line (binary: row) being read, for errors of the stream itself. */
    long at = 1;

    private EmbeddingInput(ByteInput input, String source) {
        this.input = input;
        this.source = source;
    }

    static EmbeddingInput open(Path file) throws IOException {
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
                return new EmbeddingInput(readAhead(new GZIPInputStream(in, 1 << 16)), source);
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
                return new EmbeddingInput(readAhead(zip), source + "!" + entry.getName());
            }
            return new EmbeddingInput(new ByteInput(in), source);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static ByteInput readAhead(InputStream decompressing) {
        return new ByteInput(new ReadAheadInputStream(decompressing, 1 << 20));
    }

    /** A failure of the stream itself (truncated or corrupt gzip/zip data), at the line being read. */
    EmbeddingFormatException failure(IOException e) {
        return new EmbeddingFormatException(source, at, "cannot read: " + e.getMessage(), e);
    }

    /**
     * Reads the first line: format, header, and where the first GloVe row sits.
     *
     * @param wanted a format the caller insists on, or null to detect it; a header format is refused when the first
     *        line is no {@code count dim} header, and GloVe takes the first line as a row whatever it looks like
     */
    void sniff(EmbeddingFormat wanted) throws IOException {
        ByteInput in = input;
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
        long[] header = wanted == EmbeddingFormat.GLOVE_TEXT ? null : parseHeader(in.buf, start, in.lineEnd);
        if (header == null) {
            if (wanted != null && wanted != EmbeddingFormat.GLOVE_TEXT) {
                throw new EmbeddingFormatException(source, 1, "named " + wanted + ", but the first line is not a "
                        + "'count dim' header");
            }
            format = EmbeddingFormat.GLOVE_TEXT;
            firstRowStart = start;
            return;
        }
        declaredCount = header[0];
        if (header[1] < 1 || header[1] > 1_000_000) {
            throw new EmbeddingFormatException(source, 1, "header declares dimension " + header[1]);
        }
        dim = (int) header[1];
        if (wanted != null) {
            format = wanted;
        } else {
            format = looksBinary(in, dim) ? EmbeddingFormat.WORD2VEC_BINARY : EmbeddingFormat.WORD2VEC_TEXT;
        }
    }

    /** Two non-negative decimal integers separated by blanks, or null. */
    private static long[] parseHeader(byte[] b, int from, int to) {
        long[] out = new long[2];
        int i = from;
        for (int k = 0; k < 2; k++) {
            while (i < to && TextEmbeddingReader.isBlank(b[i])) {
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
            if (i == digitsStart || (i < to && !TextEmbeddingReader.isBlank(b[i]))) {
                return null;
            }
            out[k] = v;
        }
        while (i < to && TextEmbeddingReader.isBlank(b[i])) {
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
            anyValue |= !TextEmbeddingReader.isBlank(c) && c != '\r';
        }
        return !anyValue;
    }

    private static boolean isNumberText(byte c) {
        return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E' || c == ' '
                || c == '\t' || c == '\r' || c == 'n' || c == 'a' || c == 'N' || c == 'I' || c == 'f'
                || c == 'i' || c == 't' || c == 'y';
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
