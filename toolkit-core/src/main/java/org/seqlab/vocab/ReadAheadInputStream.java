package org.seqlab.vocab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream ahead in a daemon thread, a few chunks at a time, so that decompressing a gzip/zip embedding file runs on
 * a second core while the caller parses (decompression is about half of the work of a gzip load).
 */
final class ReadAheadInputStream extends InputStream {
    private static final Object END = new Object();

    private final InputStream in;
    private final BlockingQueue<Object> chunks = new ArrayBlockingQueue<>(4);
    private final Thread thread;
    private volatile boolean closed;
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;

    ReadAheadInputStream(InputStream in, int chunkSize) {
        this.in = in;
        this.thread = new Thread(() -> readAhead(chunkSize), "seqlab-read-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    private void readAhead(int chunkSize) {
        try {
            try {
                while (!closed) {
                    byte[] b = new byte[chunkSize];
                    int n = in.readNBytes(b, 0, chunkSize);
                    if (n > 0) {
                        chunks.put(n == chunkSize ? b : Arrays.copyOf(b, n));
                    }
                    if (n < chunkSize) {
                        break;
                    }
                }
                chunks.put(END);
            } catch (IOException | RuntimeException | Error e) {
                chunks.put(e);
            }
        } catch (InterruptedException e) {
            // closed by the reader: stop quietly
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pos == current.length) {
            if (ended) {
                return -1;
            }
            Object next;
            try {
                next = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading ahead", e);
            }
            if (next == END) {
                ended = true;
                return -1;
            }
            if (next instanceof IOException e) {
                ended = true;
                throw new IOException(e.getMessage(), e);
            }
            if (next instanceof RuntimeException e) {
                ended = true;
                throw e;
            }
            if (next instanceof Error e) {
                ended = true;
                throw e;
            }
            current = (byte[]) next;
            pos = 0;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while closing", e));
        }
        in.close();
    }
}
