package org.seqlab.vocab;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An embedding matrix aligned with a {@link Vocabulary}: row {@code id} is the vector of token {@code id}, with a record
 * of where each row came from. Immutable.
 */
public final class EmbeddingMatrix {
    /** Where a row came from. */
    public enum Source {
        /** The file's row of exactly this token. */
        EXACT,
        /** The file's row of a differently cased form of the token (lowercase fallback). */
        LOWERCASE,
        /** Not in the file: random values. */
        RANDOM,
        /** The padding token: zeros. */
        PADDING
    }

    private final Vocabulary vocabulary;
    private final float[] values;
    private final int dim;
    private final Source[] sources;
    private final EmbeddingFormat format;
    private final int exact;
    private final int lowercase;
    private final int missing;

    private EmbeddingMatrix(Vocabulary vocabulary, float[] values, int dim, Source[] sources, EmbeddingFormat format) {
        this.vocabulary = vocabulary;
        this.values = values;
        this.dim = dim;
        this.sources = sources;
        this.format = format;
        int e = 0;
        int l = 0;
        int m = 0;
        for (Source s : sources) {
            if (s == Source.EXACT) {
                e++;
            } else if (s == Source.LOWERCASE) {
                l++;
            } else if (s == Source.RANDOM) {
                m++;
            }
        }
        this.exact = e;
        this.lowercase = l;
        this.missing = m;
    }

    /**
     * Aligns vectors already in memory with a vocabulary, by the rules of {@link EmbeddingLoader#loadFor}.
     *
     * @param initScale random values for tokens not found are uniform in ±initScale; NaN for sqrt(3/dim)
     */
    public static EmbeddingMatrix align(PretrainedEmbeddings embeddings, Vocabulary vocabulary,
            boolean lowercaseFallback, double initScale, long seed) {
        Aligner a = new Aligner(vocabulary, lowercaseFallback);
        a.start(embeddings.dim(), embeddings.size());
        float[] row = new float[embeddings.dim()];
        for (int r = 0; r < embeddings.size(); r++) {
            String w = embeddings.word(r);
            if (a.wants(w)) {
                System.arraycopy(embeddings.values(), r * embeddings.dim(), row, 0, row.length);
                a.accept(w, row);
            }
        }
        return a.finish(embeddings.format(), initScale, seed);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Rows: the vocabulary's size. */
    public int rows() {
        return vocabulary.size();
    }

    public int dim() {
        return dim;
    }

    /** The format of the file the vectors came from. */
    public EmbeddingFormat format() {
        return format;
    }

    public Source source(int id) {
        return sources[id];
    }

    /** Tokens whose exact form was in the file. */
    public int exactCount() {
        return exact;
    }

    /** Tokens found only through a differently cased form. */
    public int lowercaseCount() {
        return lowercase;
    }

    /** Tokens not found (random rows); the padding token is not counted. */
    public int missingCount() {
        return missing;
    }

    public float get(int id, int j) {
        return values[id * dim + j];
    }

    /** A copy of one row. */
    public float[] vector(int id) {
        return Arrays.copyOfRange(values, id * dim, (id + 1) * dim);
    }

    /**
     * The rows that came from the file (exact or lowercase matches), under their vocabulary tokens, in id order: what
     * to keep when shrinking an embedding file to a vocabulary.
     */
    public PretrainedEmbeddings foundRows() {
        java.util.List<String> words = new java.util.ArrayList<>();
        float[] kept = new float[values.length];
        int n = 0;
        for (int id = 0; id < sources.length; id++) {
            if (sources[id] == Source.EXACT || sources[id] == Source.LOWERCASE) {
                words.add(vocabulary.token(id));
                System.arraycopy(values, id * dim, kept, n * dim, dim);
                n++;
            }
        }
        return new PretrainedEmbeddings(words, Arrays.copyOf(kept, n * dim), dim, format);
    }

    /** A copy of all values, row-major [rows, dim]. */
    public float[] toFloatArray() {
        return values.clone();
    }

    /** A float32 [rows, dim] array. */
    public INDArray toINDArray() {
        return Nd4j.create(values.clone(), new long[] {rows(), dim}, DataType.FLOAT);
    }

    @Override
    public String toString() {
        return "EmbeddingMatrix[" + rows() + "x" + dim + ", exact=" + exact + ", lowercase=" + lowercase + ", missing="
                + missing + "]";
    }

    /**
     * Keeps the rows a vocabulary wants. Match ranks per token: 1 the exact word (first occurrence wins), 2 the word's
     * lowercase form, 3 any other word with the same lowercase form (first occurrence wins); a better rank replaces a
     * worse one whatever the order of the file.
     */
    static final class Aligner implements EmbeddingRowSink {
        private static final byte NONE = 0;
        private static final byte EXACT = 1;
        private static final byte LOWER_FORM = 2;
        private static final byte OTHER_CASE = 3;

        private final Vocabulary vocabulary;
        private final boolean lowercaseFallback;
        private final HashMap<String, int[]> byLowercase = new HashMap<>();
        private final String[] lowercased;
        private final byte[] rank;
        private float[] values;
        private int dim;

        Aligner(Vocabulary vocabulary, boolean lowercaseFallback) {
            this.vocabulary = vocabulary;
            this.lowercaseFallback = lowercaseFallback;
            int n = vocabulary.size();
            this.rank = new byte[n];
            this.lowercased = new String[n];
            if (lowercaseFallback) {
                for (int id = 0; id < n; id++) {
                    if (id == vocabulary.padId()) {
                        continue;
                    }
                    String lower = vocabulary.token(id).toLowerCase(Locale.ROOT);
                    lowercased[id] = lower;
                    int[] ids = byLowercase.get(lower);
                    if (ids == null) {
                        byLowercase.put(lower, new int[] {id});
                    } else {
                        int[] more = Arrays.copyOf(ids, ids.length + 1);
                        more[ids.length] = id;
                        byLowercase.put(lower, more);
                    }
                }
            }
        }

        @Override
        public void start(int dimension, long declaredCount) {
            this.dim = dimension;
            this.values = new float[Math.multiplyExact(vocabulary.size(), dimension)];
        }

        private static String lower(String word) {
            return word.toLowerCase(Locale.ROOT);
        }

        /** Thread-safe: reads only maps that are not written after construction. */
        @Override
        public boolean wants(String word) {
            int id = vocabulary.find(word);
            if (id >= 0 && id != vocabulary.padId()) {
                return true;
            }
            return lowercaseFallback && byLowercase.containsKey(lower(word));
        }

        @Override
        public void accept(String word, float[] row) {
            int exactId = vocabulary.find(word);
            if (exactId >= 0 && exactId != vocabulary.padId() && rank[exactId] != EXACT) {
                put(exactId, row, EXACT);
            }
            if (lowercaseFallback) {
                int[] ids = byLowercase.get(lower(word));
                if (ids != null) {
                    for (int id : ids) {
                        if (id == exactId) {
                            continue;
                        }
                        byte r = word.equals(lowercased[id]) ? LOWER_FORM : OTHER_CASE;
                        if (rank[id] == NONE || r < rank[id]) {
                            put(id, row, r);
                        }
                    }
                }
            }
        }

        private void put(int id, float[] row, byte r) {
            System.arraycopy(row, 0, values, id * dim, dim);
            rank[id] = r;
        }

        EmbeddingMatrix finish(EmbeddingFormat format, double initScale, long seed) {
            double scale = Double.isNaN(initScale) ? Math.sqrt(3.0 / dim) : initScale;
            Source[] sources = new Source[rank.length];
            for (int id = 0; id < rank.length; id++) {
                if (id == vocabulary.padId()) {
                    sources[id] = Source.PADDING;
                } else if (rank[id] == EXACT) {
                    sources[id] = Source.EXACT;
                } else if (rank[id] != NONE) {
                    sources[id] = Source.LOWERCASE;
                } else {
                    sources[id] = Source.RANDOM;
                    // Seeded per id: a row's values do not depend on which other tokens were found.
                    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
                    for (int j = 0; j < dim; j++) {
                        values[id * dim + j] = (float) ((2 * random.nextDouble() - 1) * scale);
                    }
                }
            }
            return new EmbeddingMatrix(vocabulary, values, dim, sources, format);
        }
    }
}
