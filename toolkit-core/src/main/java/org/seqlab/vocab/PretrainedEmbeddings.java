package org.seqlab.vocab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.SeqlabException;

/**
 * All words and vectors of an embedding file, in file order, as one row-major float array. Immutable. Where a word
 * occurs twice, {@link #find} gives its first row; both rows are kept.
 */
public final class PretrainedEmbeddings {
    private final String[] words;
    private final float[] vectors;
    private final int dim;
    private final EmbeddingFormat format;
    private final HashMap<String, Integer> rows;

    /**
     * @param vectors row-major, {@code words.size() * dim} values (copied)
     */
    public PretrainedEmbeddings(List<String> words, float[] vectors, int dim, EmbeddingFormat format) {
        this(words.toArray(new String[0]), vectors.clone(), dim, format);
    }

    private PretrainedEmbeddings(String[] words, float[] vectors, int dim, EmbeddingFormat format) {
        if (dim < 1 || (long) words.length * dim != vectors.length) {
            throw new IllegalArgumentException(words.length + " words of dimension " + dim + " need "
                    + (long) words.length * dim + " values, not " + vectors.length);
        }
        this.words = words;
        this.vectors = vectors;
        this.dim = dim;
        this.format = format;
        this.rows = new HashMap<>(words.length * 2);
        for (int i = 0; i < words.length; i++) {
            rows.putIfAbsent(words[i], i);
        }
    }

    /** Number of rows. */
    public int size() {
        return words.length;
    }

    public int dim() {
        return dim;
    }

    /** The format the file was read as. */
    public EmbeddingFormat format() {
        return format;
    }

    public String word(int row) {
        return words[row];
    }

    public List<String> words() {
        return Collections.unmodifiableList(Arrays.asList(words));
    }

    /** The first row of exactly this word, or -1. */
    public int find(String word) {
        Integer r = rows.get(word);
        return r == null ? -1 : r;
    }

    /** The row of the word, else of its {@link Locale#ROOT} lowercase form, or -1. */
    public int findOrLowercase(String word) {
        int r = find(word);
        return r >= 0 ? r : find(word.toLowerCase(Locale.ROOT));
    }

    /** Value {@code j} of row {@code row}. */
    public float get(int row, int j) {
        return vectors[row * dim + j];
    }

    /** A copy of one row. */
    public float[] vector(int row) {
        return Arrays.copyOfRange(vectors, row * dim, (row + 1) * dim);
    }

    /** A copy of all values, row-major. */
    public float[] toFloatArray() {
        return vectors.clone();
    }

    /** A float32 [size, dim] array. */
    public INDArray toINDArray() {
        return Nd4j.create(vectors.clone(), new long[] {words.length, dim}, DataType.FLOAT);
    }

    float[] values() {
        return vectors;
    }

    /** Accumulates every row of a file. */
    static final class Collector implements EmbeddingRowSink {
        private final List<String> words = new ArrayList<>();
        private float[] data;
        private int dim;
        private long used;

        @Override
        public void start(int dimension, long declaredCount) {
            this.dim = dimension;
            // A header may lie: start at most at 4M values and grow.
            long initial = declaredCount > 0 ? Math.min(declaredCount * dimension, 1L << 22) : 1L << 16;
            data = new float[(int) Math.max(initial, dimension)];
        }

        @Override
        public boolean wants(String word) {
            return true;
        }

        @Override
        public void accept(String word, float[] values) {
            if (used + dim > data.length) {
                long grown = Math.max(used + dim, data.length + (data.length >> 1));
                if (grown > Integer.MAX_VALUE - 16) {
                    if (used + dim > Integer.MAX_VALUE - 16) {
                        throw new SeqlabException("embedding file too large for one array (" + words.size()
                                + " rows of " + dim + "): load it filtered to a vocabulary");
                    }
                    grown = Integer.MAX_VALUE - 16;
                }
                data = Arrays.copyOf(data, (int) grown);
            }
            System.arraycopy(values, 0, data, (int) used, dim);
            used += dim;
            words.add(word);
        }

        PretrainedEmbeddings finish(EmbeddingFormat format) {
            float[] exact = data.length == used ? data : Arrays.copyOf(data, (int) used);
            return new PretrainedEmbeddings(words.toArray(new String[0]), exact, dim, format);
        }
    }
}
