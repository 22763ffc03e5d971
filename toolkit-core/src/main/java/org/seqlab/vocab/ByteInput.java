package org.seqlab.vocab;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * A growable byte window over a stream, for parsing lines and binary records in place: callers read {@link #buf} between
 * indices that the methods return, valid until the next call. Lines are cut at {@code '\n'}; no charset is applied.
 */
final class ByteInput implements Closeable {
    private static final int INITIAL = 1 << 20;

    private final InputStream in;
    byte[] buf = new byte[INITIAL];
    int pos;
    int limit;
    private boolean eof;
    /** Stream offset of {@code buf[0]}. */
    private long base;
    /** End (exclusive, before any {@code '\r'}) of the line last returned by {@link #nextLine}. */
    int lineEnd;

    ByteInput(InputStream in) {
        this.in = in;
    }

    /** Stream offset of {@code buf[index]}. */
    long offset(int index) {
        return base + index;
    }

    /**
     * Makes at least {@code n} unread bytes available from {@link #pos} unless the stream ends first.
     *
     * @return whether {@code n} bytes are available
     */
    boolean fill(int n) throws IOException {
        while (limit - pos < n) {
            if (eof) {
                return false;
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                base += pos;
                limit -= pos;
                pos = 0;
            }
            if (n > buf.length || limit == buf.length) {
                byte[] bigger = new byte[Math.max(buf.length * 2, n)];
                System.arraycopy(buf, 0, bigger, 0, limit);
                buf = bigger;
            }
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
        return true;
    }

    /** Whether no unread byte is left. */
    boolean atEnd() throws IOException {
        return !fill(1);
    }

    /**
     * The start of the next line in {@link #buf}, its end in {@link #lineEnd} (without {@code '\n'} or a trailing
     * {@code '\r'}); or -1 at the end of the stream. A last line without {@code '\n'} counts as a line.
     */
    int nextLine() throws IOException {
        int scan = pos;
        while (true) {
            for (int i = scan; i < limit; i++) {
                if (buf[i] == '\n') {
                    int start = pos;
                    pos = i + 1;
                    lineEnd = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                    return start;
                }
            }
            int scanned = limit - pos;
            if (!fill(scanned + 1)) {
                if (pos == limit) {
                    return -1;
                }
                int start = pos;
                pos = limit;
                lineEnd = limit > start && buf[limit - 1] == '\r' ? limit - 1 : limit;
                return start;
            }
            scan = pos + scanned;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
