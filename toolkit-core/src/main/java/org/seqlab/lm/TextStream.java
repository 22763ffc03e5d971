package org.seqlab.lm;

import java.util.List;

import org.seqlab.SeqlabException;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.train.TruncatedBptt;

/**
 * A continuous character stream cut into {@code streams} parallel streams of equal length (the tail that does not
 * divide evenly is dropped), the batch of truncated-BPTT training: stream s holds characters
 * {@code [s·L, (s+1)·L)} of the text. Step t of stream s reads character t and predicts character t+1, so a stream of
 * L characters has L-1 steps. A window of steps {@code [start, end)} becomes a packed, time-major batch in which row
 * {@code (t-start)·streams + s} is step t of stream s (all streams equally long, so sorted order is stream order).
 */
public final class TextStream {
    private final int[][] ids;
    private final int streams;
    private final int length;

    private TextStream(int[][] ids, int length) {
        this.ids = ids;
        this.streams = ids.length;
        this.length = length;
    }

    /**
     * @param text character ids of the whole text
     * @param streams parallel streams; each must get at least two characters
     * @param source the text's name, for the error message
     */
    public static TextStream of(int[] text, int streams, String source) {
        if (streams < 1) {
            throw new IllegalArgumentException("streams must be at least 1, got " + streams);
        }
        int length = text.length / streams;
        if (length < 2) {
            throw new SeqlabException(source + ": " + text.length + " characters are too few for " + streams
                    + " parallel streams of at least 2 characters each");
        }
        int[][] ids = new int[streams][];
        for (int s = 0; s < streams; s++) {
            ids[s] = java.util.Arrays.copyOfRange(text, s * length, (s + 1) * length);
        }
        return new TextStream(ids, length);
    }

    public int streams() {
        return streams;
    }

    /** Steps per stream (characters per stream minus one). */
    public int steps() {
        return length - 1;
    }

    /** Characters predicted in one pass over all steps. */
    public long predictedCharacters() {
        return (long) streams * steps();
    }

    /** The character of stream s at position t. */
    public int at(int s, int t) {
        return ids[s][t];
    }

    /** The truncated-BPTT chunks over this stream's steps. */
    public List<TruncatedBptt.Chunk> chunks(int window, int stride) {
        return TruncatedBptt.chunks(steps(), window, stride);
    }

    /** Steps {@code [start, end)} as a packed batch. */
    public Window window(int start, int end) {
        if (start < 0 || end > steps() || start >= end) {
            throw new IllegalArgumentException("window [" + start + ", " + end + ") is outside the " + steps() + " steps");
        }
        int n = end - start;
        int[] inputs = new int[n * streams];
        int[] targets = new int[n * streams];
        for (int t = 0; t < n; t++) {
            for (int s = 0; s < streams; s++) {
                inputs[t * streams + s] = ids[s][start + t];
                targets[t * streams + s] = ids[s][start + t + 1];
            }
        }
        int[] lengths = new int[streams];
        java.util.Arrays.fill(lengths, n);
        return new Window(start, end, inputs, targets, SequenceLayout.of(lengths));
    }

    /** A packed window: {@code inputs[(t-start)·streams + s]}, the next characters in {@code targets}. */
    public record Window(int start, int end, int[] inputs, int[] targets, SequenceLayout layout) {
    }
}
