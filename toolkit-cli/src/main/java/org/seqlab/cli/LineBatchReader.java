package org.seqlab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.seqlab.InputFormatException;
import org.seqlab.text.TextInput;

/**
 * The lines of a UTF-8 stream in batches, as they arrive: a batch waits for its first line, then takes the lines that
 * are already there without waiting ({@link InputStream#available()}), up to a maximum. A reader of a pipe thus gets
 * each line as soon as it is written when lines come slowly, and full batches when they come faster than it works
 * through them. Lines end as {@link org.seqlab.seq2seq.ParallelCorpus#splitLines} ends them ("\n" or "\r\n"; a final
 * line end starts no extra line); a leading byte-order mark is dropped, as {@link TextInput} drops it; invalid UTF-8
 * is an {@link InputFormatException} naming the source and line.
 */
final class LineBatchReader {
    private final InputStream in;
    private final String source;
    private byte[] buffer = new byte[1 << 16];
    /** The first byte not yet returned in a line. */
    private int start;
    /** Bytes before this one (from {@code start}) hold no line end. */
    private int scanned;
    /** The end of the bytes read. */
    private int end;
    private boolean endOfStream;
    /** Lines returned so far. */
    private long lineNumber;

    /** @param source names the stream in errors, e.g. {@code <stdin>} */
    LineBatchReader(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /**
     * The next batch: at least one line (waiting for it) and at most {@code max}, or an empty list at the end of the
     * stream.
     */
    List<String> next(int max) throws IOException {
        List<String> lines = new ArrayList<>();
        while (lines.size() < max) {
            int lineEnd = indexOfLineEnd();
            if (lineEnd >= 0) {
                lines.add(decode(start, lineEnd));
                start = lineEnd + 1;
                scanned = start;
            } else if (endOfStream) {
                if (start < end) {
                    lines.add(decode(start, end));
                    start = end;
                }
                break;
            } else if (!lines.isEmpty() && in.available() <= 0) {
                break; // another line would mean waiting: these go now
            } else {
                fill();
            }
        }
        return lines;
    }

    private int indexOfLineEnd() {
        for (; scanned < end; scanned++) {
            if (buffer[scanned] == '\n') {
                return scanned;
            }
        }
        return -1;
    }

    /** Reads what the stream has (waiting for at least one byte), keeping the unreturned bytes. */
    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            scanned -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2); // a line longer than the buffer
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            endOfStream = true;
        } else {
            end += n;
        }
    }

    private String decode(int from, int to) {
        lineNumber++;
        if (to > from && buffer[to - 1] == '\r') {
            to--;
        }
        byte[] line = Arrays.copyOfRange(buffer, from, to);
        // TextInput drops a leading byte-order mark; only the stream's first line starts with one in that sense
        boolean keepMark = lineNumber > 1 && line.length >= 3 && (line[0] & 0xff) == 0xef
                && (line[1] & 0xff) == 0xbb && (line[2] & 0xff) == 0xbf;
        try {
            return (keepMark ? "\uFEFF" : "") + TextInput.decodeUtf8(line, source);
        } catch (InputFormatException e) {
            throw new InputFormatException(source, lineNumber, e.problem());
        }
    }
}
