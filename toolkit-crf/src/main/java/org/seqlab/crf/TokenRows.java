package org.seqlab.crf;

import org.seqlab.batch.SequenceLayout;

/**
 * Where each token of a batch of sentences lives in an emission matrix of {@code rowCount() × numTags} (row-major):
 * token {@code t} of sentence {@code b} is row {@link #row(int, int) row(b, t)}. Three layouts cover the callers:
 * sentences one after another ({@link #contiguous}), a padded {@code [batch × maxLength]} block ({@link #padded}), and
 * the packed, length-sorted, time-major rows of a {@link SequenceLayout} ({@link #packed}). Label arrays (gold paths,
 * decoded paths) use the same rows.
 *
 * <p>Immutable.
 */
public final class TokenRows {
    private final int[] lengths;
    private final int[] firstIndex; // start of sentence b's entries in rowOf
    private final int[] rowOf;
    private final int rowCount;
    private final int maxLength;

    private TokenRows(int[] lengths, int[] rowOf, int rowCount) {
        this.lengths = lengths;
        this.rowOf = rowOf;
        this.rowCount = rowCount;
        this.firstIndex = new int[lengths.length + 1];
        int max = 0;
        for (int b = 0; b < lengths.length; b++) {
            firstIndex[b + 1] = firstIndex[b] + lengths[b];
            max = Math.max(max, lengths[b]);
        }
        this.maxLength = max;
    }

    private static int[] checkedLengths(int[] lengths) {
        if (lengths.length == 0) {
            throw new IllegalArgumentException("a batch needs at least one sentence");
        }
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 1) {
                throw new IllegalArgumentException("sentence " + b + " has length " + lengths[b]
                        + ": a CRF needs at least one token");
            }
        }
        return lengths.clone();
    }

    /** Sentences stored one after another: sentence {@code b} occupies rows {@code sum(lengths[0..b)) + t}. */
    public static TokenRows contiguous(int... lengths) {
        int[] len = checkedLengths(lengths);
        int total = 0;
        for (int l : len) {
            total += l;
        }
        int[] rowOf = new int[total];
        for (int i = 0; i < total; i++) {
            rowOf[i] = i;
        }
        return new TokenRows(len, rowOf, total);
    }

    /** A padded block: token {@code t} of sentence {@code b} is row {@code b * maxLength + t}. */
    public static TokenRows padded(int maxLength, int... lengths) {
        int[] len = checkedLengths(lengths);
        int total = 0;
        for (int b = 0; b < len.length; b++) {
            if (len[b] > maxLength) {
                throw new IllegalArgumentException("sentence " + b + " has length " + len[b]
                        + " > padded length " + maxLength);
            }
            total += len[b];
        }
        int[] rowOf = new int[total];
        int k = 0;
        for (int b = 0; b < len.length; b++) {
            for (int t = 0; t < len[b]; t++) {
                rowOf[k++] = b * maxLength + t;
            }
        }
        return new TokenRows(len, rowOf, len.length * maxLength);
    }

    /**
     * The packed rows of a {@link SequenceLayout}; sentences keep the caller's (original) order, so sentence
     * {@code b} here is the layout's original index {@code b}.
     */
    public static TokenRows packed(SequenceLayout layout) {
        int[] len = checkedLengths(layout.lengths());
        int[] rowOf = new int[layout.totalSteps()];
        int k = 0;
        for (int b = 0; b < len.length; b++) {
            for (int t = 0; t < len[b]; t++) {
                rowOf[k++] = layout.packedRow(t, b);
            }
        }
        return new TokenRows(len, rowOf, layout.totalSteps());
    }

    public int sentences() {
        return lengths.length;
    }

    public int length(int b) {
        return lengths[b];
    }

    public int maxLength() {
        return maxLength;
    }

    /** Number of rows of the emission matrix, padding included. */
    public int rowCount() {
        return rowCount;
    }

    /** Total number of real tokens. */
    public int tokens() {
        return rowOf.length;
    }

    /** Row of token {@code t} of sentence {@code b}. */
    public int row(int b, int t) {
        return rowOf[firstIndex[b] + t];
    }
}
