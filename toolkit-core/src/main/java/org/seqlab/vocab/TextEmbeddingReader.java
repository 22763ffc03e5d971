package org.seqlab.vocab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads GloVe text (no header; the dimension is the first row's value count) and word2vec text / fastText {@code .vec}
 * (a {@code count dim} header line) rows: {@code word v1 ... vD}, separated by runs of spaces or tabs; trailing blanks,
 * {@code '\r'} and empty lines are ignored. Only the word is decoded; numbers are parsed from the bytes, and only for
 * rows the sink wants (every row's value count is still checked).
 *
 * <p>The input is cut into blocks of whole lines that worker threads parse while this thread reads on (number parsing
 * is most of the work); results are handed to the sink in file order, and the first error in file order is reported,
 * as a single-threaded reader would.
 */
final class TextEmbeddingReader {
    static final int BLOCK_BYTES = 1 << 20;
    static final int THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private TextEmbeddingReader() {
    }

    /**
     * @param blanksInWords take the last {@code dim} fields of a row as its values and everything before them as the
     *        word (GloVe 840B has words such as {@code ". . ."}); the first row of a GloVe file must still have a
     *        one-field word, since it fixes the dimension
     */
    static void read(EmbeddingInput file, EmbeddingRowSink sink, boolean checkHeaderCount, boolean blanksInWords)
            throws IOException {
        read(file, sink, checkHeaderCount, blanksInWords, BLOCK_BYTES, THREADS);
    }

    /** As {@link #read(EmbeddingInput, EmbeddingRowSink, boolean, boolean)}, with block size and threads for tests. */
    static void read(EmbeddingInput file, EmbeddingRowSink sink, boolean checkHeaderCount, boolean blanksInWords,
            int blockBytes, int threads) throws IOException {
        ByteInput in = file.input;
        boolean header = file.format != EmbeddingFormat.GLOVE_TEXT;
        int dim = file.dim;
        long lineNo = header ? 2 : 1;
        if (!header) {
            // The first row fixes the dimension; it is still in the window, so re-read it as part of the first block.
            byte[] b = in.buf;
            int i = file.firstRowStart;
            while (i < in.lineEnd && !isBlank(b[i])) {
                i++;
            }
            dim = countFields(b, i, in.lineEnd);
            if (dim == 0) {
                throw new EmbeddingFormatException(file.source, 1, "row has a word but no values");
            }
            in.pos = file.firstRowStart;
        }
        sink.start(dim, header ? file.declaredCount : -1);
        float[] row = new float[dim];
        String expected = " values, expected " + dim + (header ? " (the header's dimension)" : " (as in the first row)");

        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "seqlab-embedding-parse");
            t.setDaemon(true);
            return t;
        }) : null;
        ArrayDeque<Future<Block>> pending = new ArrayDeque<>();
        long rows = 0;
        IOException readError = null;
        try {
            boolean more = true;
            while (more || !pending.isEmpty()) {
                while (more && pending.size() < 2 * Math.max(threads, 1)) {
                    byte[] bytes;
                    try {
                        bytes = nextBlock(in, blockBytes);
                    } catch (IOException e) {
                        // Report it after the blocks already read: an error earlier in the file comes first.
                        readError = e;
                        bytes = null;
                    }
                    if (bytes == null) {
                        more = false;
                        break;
                    }
                    final int d = dim;
                    final byte[] block = bytes;
                    if (pool == null) {
                        pending.add(CompletableFuture.completedFuture(Block.parse(block, d, blanksInWords, sink, expected)));
                    } else {
                        pending.add(pool.submit(() -> Block.parse(block, d, blanksInWords, sink, expected)));
                    }
                }
                if (pending.isEmpty()) {
                    break;
                }
                Block block = await(pending.poll());
                if (block.errorLine > 0) {
                    throw new EmbeddingFormatException(file.source, lineNo + block.errorLine - 1, block.errorProblem);
                }
                for (int r = 0; r < block.kept; r++) {
                    System.arraycopy(block.values, r * dim, row, 0, dim);
                    sink.accept(block.words[r], row);
                }
                rows += block.rows;
                lineNo += block.lines;
                file.at = lineNo;
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        if (readError != null) {
            throw readError;
        }
        if (header && checkHeaderCount && rows != file.declaredCount) {
            throw new EmbeddingFormatException(file.source, 1, "header declares " + file.declaredCount
                    + " vectors but the file holds " + rows);
        }
    }

    private static Block await(Future<Block> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while parsing", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
    }

    /** The next whole lines, about {@code blockBytes} of them (more if one line is longer), or null at the end. */
    private static byte[] nextBlock(ByteInput in, int blockBytes) throws IOException {
        int want = blockBytes;
        while (true) {
            boolean full = in.fill(want);
            int end = Math.min(in.limit, in.pos + want);
            if (!full) {
                if (in.pos == in.limit) {
                    return null;
                }
                byte[] last = Arrays.copyOfRange(in.buf, in.pos, in.limit);
                in.pos = in.limit;
                return last;
            }
            for (int i = end - 1; i >= in.pos; i--) {
                if (in.buf[i] == '\n') {
                    byte[] block = Arrays.copyOfRange(in.buf, in.pos, i + 1);
                    in.pos = i + 1;
                    return block;
                }
            }
            want *= 2; // a line longer than the block: take more
        }
    }

    /** The parsed rows of one block, or its first error (line numbers relative to the block, from 1). */
    private static final class Block {
        String[] words;
        float[] values;
        int kept;
        int rows;
        int lines;
        int errorLine;
        String errorProblem;

        static Block parse(byte[] b, int dim, boolean blanksInWords, EmbeddingRowSink sink, String expected) {
            Block out = new Block();
            out.words = new String[64];
            out.values = new float[64 * dim];
            WordDecoder words = new WordDecoder("");
            int line = 0;
            int start = 0;
            try {
                while (start < b.length) {
                    line++;
                    int nl = start;
                    while (nl < b.length && b[nl] != '\n') {
                        nl++;
                    }
                    int end = nl > start && b[nl - 1] == '\r' ? nl - 1 : nl;
                    if (end > start) {
                        out.parseRow(b, start, end, line, dim, blanksInWords, sink, words, expected);
                    }
                    start = nl + 1;
                }
            } catch (EmbeddingFormatException e) {
                out.errorLine = line;
                out.errorProblem = e.problem();
            }
            out.lines = line;
            return out;
        }

        private void parseRow(byte[] b, int start, int end, int line, int dim, boolean blanksInWords,
                EmbeddingRowSink sink, WordDecoder decoder, String expected) {
            int i = start;
            while (i < end && !isBlank(b[i])) {
                i++;
            }
            int wordEnd = i;
            if (blanksInWords) {
                // Walk back over the last dim fields; the word is what precedes them.
                int p = end;
                int fields = 0;
                while (fields < dim) {
                    while (p > start && isBlank(b[p - 1])) {
                        p--;
                    }
                    if (p == start) {
                        break;
                    }
                    while (p > start && !isBlank(b[p - 1])) {
                        p--;
                    }
                    fields++;
                }
                int w = p;
                while (w > start && isBlank(b[w - 1])) {
                    w--;
                }
                if (fields == dim && w > start && !isBlank(b[start])) {
                    wordEnd = w;
                    i = p;
                }
            }
            if (wordEnd == start) {
                throw new EmbeddingFormatException("", line, "row starts with a blank: empty word");
            }
            String word = decoder.decode(b, start, wordEnd, line);
            boolean keep = sink.wants(word);
            if (keep && kept == words.length) {
                words = Arrays.copyOf(words, kept * 2);
                values = Arrays.copyOf(values, kept * 2 * dim);
            }
            int base = kept * dim;
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
                    float v;
                    try {
                        v = DecimalFloatParser.parse(b, fieldStart, i);
                    } catch (NumberFormatException e) {
                        throw new EmbeddingFormatException("", line, "value " + (n + 1) + " of word '" + word
                                + "' is not a number: '" + printable(b, fieldStart, i) + "'");
                    }
                    // NaN and Infinity parse, and so does a decimal beyond the float range (as infinity)
                    if (!Float.isFinite(v)) {
                        throw new EmbeddingFormatException("", line, "value " + (n + 1) + " of word '" + word
                                + "' is not a finite float: '" + printable(b, fieldStart, i) + "'");
                    }
                    values[base + n] = v;
                }
                n++;
            }
            if (n != dim) {
                throw new EmbeddingFormatException("", line, "word '" + word + "' has " + n + expected);
            }
            if (keep) {
                words[kept++] = word;
            }
            rows++;
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
