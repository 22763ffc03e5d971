package org.seqlab.batch;

import java.util.Arrays;

/**
 * How a batch of variable-length sequences is laid out for packed execution, the same idea as PyTorch's
 * {@code PackedSequence}: sequences are ordered by length, longest first (ties keep their original order), so at
 * every time step the sequences still alive are a prefix of that order. Layers then compute only
 * {@link #batchSize(int) batchSize(t)} rows at step {@code t}.
 *
 * <p>Index conventions: "original" indices are positions in the caller's list; "sorted" indices are positions in the
 * length-sorted order. {@code sortedToOriginal[s]} is the original index of the sequence at sorted position {@code s};
 * {@code originalToSorted} is its inverse.
 *
 * <p>The packed, time-major row of (step {@code t}, sorted position {@code s}) is {@code offset(t) + s}, valid for
 * {@code s < batchSize(t)}; there are {@link #totalSteps()} packed rows in all.
 *
 * <p>Immutable.
 */
public final class SequenceLayout {
    private final int[] lengthsOriginal;
    private final int[] sortedLengths;
    private final int[] sortedToOriginal;
    private final int[] originalToSorted;
    private final int[] batchSizes;
    private final int[] offsets;
    private final int totalSteps;

    private SequenceLayout(int[] lengths) {
        int n = lengths.length;
        this.lengthsOriginal = lengths.clone();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Stable sort: equal lengths keep their original relative order, so layouts are deterministic.
        Arrays.sort(order, (a, b) -> Integer.compare(lengths[b], lengths[a]));
        sortedToOriginal = new int[n];
        originalToSorted = new int[n];
        sortedLengths = new int[n];
        for (int s = 0; s < n; s++) {
            sortedToOriginal[s] = order[s];
            originalToSorted[order[s]] = s;
            sortedLengths[s] = lengths[order[s]];
        }
        int maxLen = n == 0 ? 0 : sortedLengths[0];
        batchSizes = new int[maxLen];
        offsets = new int[maxLen + 1];
        int s = n;
        for (int t = 0; t < maxLen; t++) {
            while (s > 0 && sortedLengths[s - 1] <= t) {
                s--;
            }
            batchSizes[t] = s;
            offsets[t + 1] = offsets[t] + s;
        }
        totalSteps = offsets[maxLen];
    }

    /**
     * @param lengths sequence lengths in the caller's order; each must be at least 1
     * @throws IllegalArgumentException for an empty batch or a sequence of length below 1, naming its index
     */
    public static SequenceLayout of(int... lengths) {
        if (lengths.length == 0) {
            throw new IllegalArgumentException("a batch needs at least one sequence");
        }
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] < 1) {
                throw new IllegalArgumentException(
                        "sequence " + i + " has length " + lengths[i] + ": empty sequences cannot be packed");
            }
        }
        return new SequenceLayout(lengths);
    }

    /** Number of sequences. */
    public int batch() {
        return lengthsOriginal.length;
    }

    /** Length of the longest sequence: the number of time steps. */
    public int maxLength() {
        return batchSizes.length;
    }

    /** Sum of all lengths: the number of packed rows. */
    public int totalSteps() {
        return totalSteps;
    }

    /** Number of live sequences at step {@code t}; they are sorted positions {@code 0 .. batchSize(t)-1}. */
    public int batchSize(int t) {
        return batchSizes[t];
    }

    /** First packed row of step {@code t}; {@code offset(maxLength())} equals {@link #totalSteps()}. */
    public int offset(int t) {
        return offsets[t];
    }

    /** Length of the sequence at original index {@code i}. */
    public int length(int i) {
        return lengthsOriginal[i];
    }

    /** Length of the sequence at sorted position {@code s}. */
    public int sortedLength(int s) {
        return sortedLengths[s];
    }

    /** Original index of the sequence at sorted position {@code s}. */
    public int originalIndex(int s) {
        return sortedToOriginal[s];
    }

    /** Sorted position of the sequence at original index {@code i}. */
    public int sortedIndex(int i) {
        return originalToSorted[i];
    }

    /** Copies of the per-step live-row counts, as PyTorch's {@code batch_sizes}. */
    public int[] batchSizes() {
        return batchSizes.clone();
    }

    /** Lengths in the caller's order (a copy). */
    public int[] lengths() {
        return lengthsOriginal.clone();
    }

    /** Lengths in sorted (descending) order (a copy). */
    public int[] sortedLengths() {
        return sortedLengths.clone();
    }

    /** Packed row of (step {@code t}, original sequence {@code i}), or -1 if that sequence has ended by then. */
    public int packedRow(int t, int i) {
        int s = originalToSorted[i];
        return t < lengthsOriginal[i] ? offsets[t] + s : -1;
    }

    /**
     * Scatters a packed, time-major buffer {@code [totalSteps(), dim]} into a padded, batch-major buffer
     * {@code [batch(), maxLength(), dim]} in the caller's order: this is how a layer's packed output is handed back.
     * Padding positions are 0.
     */
    public float[] toPadded(float[] packed, int dim) {
        float[] padded = new float[batch() * maxLength() * dim];
        toPadded(packed, dim, padded);
        return padded;
    }

    /** As {@link #toPadded(float[], int)}, writing every entry of {@code padded} (padding included) in place. */
    public void toPadded(float[] packed, int dim, float[] padded) {
        checkSizes(packed.length, padded.length, dim);
        scatter(packed, dim, padded);
        for (int i = 0; i < lengthsOriginal.length; i++) {
            Arrays.fill(padded, (i * maxLength() + lengthsOriginal[i]) * dim, (i + 1) * maxLength() * dim, 0f);
        }
    }

    /**
     * Gathers a padded, batch-major buffer {@code [batch(), maxLength(), dim]} in the caller's order into a packed,
     * time-major buffer {@code [totalSteps(), dim]}; padding positions are not read.
     */
    public float[] toPacked(float[] padded, int dim) {
        float[] packed = new float[totalSteps * dim];
        toPacked(padded, dim, packed);
        return packed;
    }

    /** As {@link #toPacked(float[], int)}, writing into {@code packed}. */
    public void toPacked(float[] padded, int dim, float[] packed) {
        checkSizes(packed.length, padded.length, dim);
        gather(padded, dim, packed);
    }

    /** The float64 twin of {@link #toPadded(float[], int)}. */
    public double[] toPadded(double[] packed, int dim) {
        double[] padded = new double[batch() * maxLength() * dim];
        toPadded(packed, dim, padded);
        return padded;
    }

    /** The float64 twin of {@link #toPadded(float[], int, float[])}. */
    public void toPadded(double[] packed, int dim, double[] padded) {
        checkSizes(packed.length, padded.length, dim);
        scatter(packed, dim, padded);
        for (int i = 0; i < lengthsOriginal.length; i++) {
            Arrays.fill(padded, (i * maxLength() + lengthsOriginal[i]) * dim, (i + 1) * maxLength() * dim, 0d);
        }
    }

    /** The float64 twin of {@link #toPacked(float[], int)}. */
    public double[] toPacked(double[] padded, int dim) {
        double[] packed = new double[totalSteps * dim];
        toPacked(padded, dim, packed);
        return packed;
    }

    /** The float64 twin of {@link #toPacked(float[], int, float[])}. */
    public void toPacked(double[] padded, int dim, double[] packed) {
        checkSizes(packed.length, padded.length, dim);
        gather(padded, dim, packed);
    }

    // The row copies are the same for every primitive array type: System.arraycopy takes any array, so the float and
    // double entry points share them (only the zero-fill of padding is typed).
    private void scatter(Object packed, int dim, Object padded) {
        int steps = maxLength();
        for (int t = 0; t < steps; t++) {
            for (int s = 0; s < batchSizes[t]; s++) {
                System.arraycopy(packed, (offsets[t] + s) * dim, padded, (sortedToOriginal[s] * steps + t) * dim, dim);
            }
        }
    }

    private void gather(Object padded, int dim, Object packed) {
        int steps = maxLength();
        for (int t = 0; t < steps; t++) {
            for (int s = 0; s < batchSizes[t]; s++) {
                System.arraycopy(padded, (sortedToOriginal[s] * steps + t) * dim, packed, (offsets[t] + s) * dim, dim);
            }
        }
    }

    /**
     * Packs one int per (sequence, step), given per sequence in the caller's order, into time-major packed rows.
     *
     * @throws IllegalArgumentException if a sequence's length differs from the layout's
     */
    public int[] pack(int[][] sequences) {
        if (sequences.length != lengthsOriginal.length) {
            throw new IllegalArgumentException(
                    "expected " + lengthsOriginal.length + " sequences, got " + sequences.length);
        }
        for (int i = 0; i < sequences.length; i++) {
            if (sequences[i].length != lengthsOriginal[i]) {
                throw new IllegalArgumentException("sequence " + i + " has length " + sequences[i].length
                        + " but the layout says " + lengthsOriginal[i]);
            }
        }
        int[] packed = new int[totalSteps];
        for (int t = 0; t < batchSizes.length; t++) {
            int base = offsets[t];
            for (int s = 0; s < batchSizes[t]; s++) {
                packed[base + s] = sequences[sortedToOriginal[s]][t];
            }
        }
        return packed;
    }

    /**
     * Splits packed time-major ints (one per packed row, e.g. predicted labels) back into one array per sequence, in
     * the caller's order: the inverse of {@link #pack(int[][])}.
     */
    public int[][] unpack(int[] packed) {
        if (packed.length != totalSteps) {
            throw new IllegalArgumentException("expected " + totalSteps + " packed rows, got " + packed.length);
        }
        int[][] sequences = new int[lengthsOriginal.length][];
        for (int i = 0; i < sequences.length; i++) {
            sequences[i] = new int[lengthsOriginal[i]];
        }
        for (int t = 0; t < batchSizes.length; t++) {
            int base = offsets[t];
            for (int s = 0; s < batchSizes[t]; s++) {
                sequences[sortedToOriginal[s]][t] = packed[base + s];
            }
        }
        return sequences;
    }

    /**
     * Scatters packed time-major ints (one per packed row) into a padded {@code [batch(), maxLength()]} matrix in the
     * caller's order, {@code pad} past each sequence's end.
     */
    public int[] toPadded(int[] packed, int pad) {
        if (packed.length != totalSteps) {
            throw new IllegalArgumentException("expected " + totalSteps + " packed rows, got " + packed.length);
        }
        int steps = maxLength();
        int[] padded = new int[lengthsOriginal.length * steps];
        Arrays.fill(padded, pad);
        for (int t = 0; t < steps; t++) {
            int base = offsets[t];
            for (int s = 0; s < batchSizes[t]; s++) {
                padded[sortedToOriginal[s] * steps + t] = packed[base + s];
            }
        }
        return padded;
    }

    private void checkSizes(int packedLength, int paddedLength, int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be at least 1, got " + dim);
        }
        if (packedLength != totalSteps * dim) {
            throw new IllegalArgumentException(
                    "packed buffer has " + packedLength + " entries, expected " + totalSteps + " x " + dim);
        }
        if (paddedLength != batch() * maxLength() * dim) {
            throw new IllegalArgumentException("padded buffer has " + paddedLength + " entries, expected "
                    + batch() + " x " + maxLength() + " x " + dim);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceLayout other && Arrays.equals(lengthsOriginal, other.lengthsOriginal);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(lengthsOriginal);
    }

    @Override
    public String toString() {
        return "SequenceLayout" + Arrays.toString(lengthsOriginal);
    }
}
