package org.seqlab.vocab;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads word2vec binary rows after the {@code count dim} header: the UTF-8 word, one space, {@code dim} little-endian
 * float32 values, and optionally {@code '\n'} (word2vec writes it, other writers do not). Errors name the 1-based row.
 */
final class BinaryEmbeddingReader {
    private static final VarHandle FLOAT_LE = MethodHandles.byteArrayViewVarHandle(float[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final int MAX_BINARY_WORD_BYTES = 1 << 16;

    private BinaryEmbeddingReader() {
    }

    static void read(EmbeddingInput file, EmbeddingRowSink sink, boolean checkHeaderCount) throws IOException {
        ByteInput in = file.input;
        String source = file.source;
        WordDecoder words = new WordDecoder(source);
        int dim = file.dim;
        int rowBytes = 4 * dim;
        float[] values = new float[dim];
        sink.start(dim, file.declaredCount);
        long row = 0;
        while (row < file.declaredCount) {
            // word2vec's writer ends each row with '\n'; other writers do not.
            while (in.fill(1) && (in.buf[in.pos] == '\n' || in.buf[in.pos] == '\r')) {
                in.pos++;
            }
            if (in.atEnd()) {
                if (checkHeaderCount) {
                    throw new EmbeddingFormatException(source, row + 1, "truncated: the file ends after " + row
                            + " of the " + file.declaredCount + " rows the header declares");
                }
                return;
            }
            row++;
            file.at = row;
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
                    if (!Float.isFinite(values[j])) {
                        throw new EmbeddingFormatException(source, row, "value " + (j + 1) + " of word '" + word
                                + "' is not a finite float: " + values[j]);
                    }
                }
                sink.accept(word, values);
            }
            in.pos += rowBytes;
        }
        while (in.fill(1) && isWhite(in.buf[in.pos])) {
            in.pos++;
        }
        if (checkHeaderCount && !in.atEnd()) {
            throw new EmbeddingFormatException(source, row + 1, "data after the " + file.declaredCount
                    + " rows the header declares (byte offset " + in.offset(in.pos) + ")");
        }
    }

    private static boolean isWhite(byte c) {
        return c == '\n' || c == '\r' || c == ' ' || c == '\t';
    }
}
