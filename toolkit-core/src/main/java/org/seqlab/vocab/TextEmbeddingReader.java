package org.seqlab.vocab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads GloVe text (no header; the dimension is the first row's value count) and word2vec text / fastText {@code .vec}
 * (a {@code count dim} header line) rows: {@code word v1 ... vD}, separated by runs of spaces or tabs; trailing blanks,
 * {@code '\r'} and empty lines are ignored. Only the word is decoded; numbers are parsed from the bytes, and only for
 * rows the sink wants (every row's value count is still checked).
 */
final class TextEmbeddingReader {
    private TextEmbeddingReader() {
    }

    static void read(EmbeddingInput file, EmbeddingRowSink sink, boolean checkHeaderCount) throws IOException {
        ByteInput in = file.input;
        String source = file.source;
        WordDecoder words = new WordDecoder(source);
        boolean header = file.format != EmbeddingFormat.GLOVE_TEXT;
        int dim = file.dim;
        float[] values = null;
        if (header) {
            sink.start(dim, file.declaredCount);
            values = new float[dim];
        }
        long lineNo = header ? 2 : 1;
        file.at = lineNo;
        long rows = 0;
        int start = header ? in.nextLine() : file.firstRowStart;
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
            file.at = lineNo;
            start = in.nextLine();
        }
        if (dim < 0) {
            throw new EmbeddingFormatException(source, 0, "no vectors: the file holds only empty lines");
        }
        if (header && checkHeaderCount && rows != file.declaredCount) {
            throw new EmbeddingFormatException(source, 1, "header declares " + file.declaredCount
                    + " vectors but the file holds " + rows);
        }
    }

    static boolean isBlank(byte c) {
        return c == ' ' || c == '\t';
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
}
