package org.seqlab.tagger;

import java.nio.FloatBuffer;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.batch.CharBatch;
import org.seqlab.nn.CharCnnEncoder;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.GrowableArray;
import org.seqlab.nn.Linear;
import org.seqlab.nn.kernel.Blas;
import org.seqlab.nn.recurrent.InputGateCache;
import org.seqlab.nn.recurrent.RecurrentStack;

/**
 * The tagger's forward pass for inference only (float32 models with a char CNN or no char encoder): the vectors of
 * each word table, the casing and the char CNN are written straight into one packed input row per token (no per-part
 * arrays, no concatenation, no dropout, nothing kept for backward), the BiLSTM runs on it, and the tag projection is
 * one GEMM into a per-thread buffer. Gives the emission scores of {@link TaggerModel#decodeThroughLayers}'s path up to float32
 * rounding ({@code TaggerInferenceTest}).
 *
 * <p>Holds only references to the model's layers; the buffers live per thread, so one instance serves many threads.
 */
final class TaggerInference {
    private final Embedding words;
    private final Embedding[] extraWords; // further word tables, after the first one in the input row
    private final Embedding casing; // null when words are looked up as written
    private final CharCnnEncoder charCnn; // null without a char encoder
    private final RecurrentStack lstm;
    private final Linear projection;
    private final int inputSize;
    private final int numTags;
    /** Heap budget of a loaded tagger's word cache, in MiB, unless set: {@value}. A word takes 4·2·4·H bytes. */
    static final int WORD_CACHE_MEBIBYTES = 64;
    /** System property for the word cache's budget in MiB; 0 turns the cache off. */
    static final String WORD_CACHE_PROPERTY = "seqlab.tagger.wordCacheMiB";

    /**
     * A word as the input row sees it: its id in each word table, its casing id, its length and characters, in one
     * array hashed once.
     */
    static final class WordKey {
        private final int[] ids;
        private final int hash;

        WordKey(int[] ids) {
            this.ids = ids;
            this.hash = java.util.Arrays.hashCode(ids);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WordKey k && k.hash == hash && java.util.Arrays.equals(k.ids, ids);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * Set once the model is frozen ({@link #useWordCache}): the first layer's input pre-activations per word; null:
     * every batch computes its input rows.
     */
    private volatile InputGateCache<WordKey> wordCache;
    /** The char CNN for words computed alone (with the word cache), or null. */
    private volatile CharCnnEncoder.WordEncoder wordEncoder;

    /** Per-thread buffers, grown on demand and never shrunk. */
    private static final class Buffers {
        float[] input = new float[0];
        float[] emissions = new float[0];
        float[] bias = new float[0];
        INDArray nativeEmissions;
        // the BiLSTM's input and output, reused: no native allocation per batch (flat resident size)
        final GrowableArray nativeInput = new GrowableArray();
        final GrowableArray nativeHidden = new GrowableArray();
        // with the word cache: per direction the first layer's input gate planes; the missing words' input rows,
        // gates and lookups
        final GrowableArray[] nativeGates = {new GrowableArray(), new GrowableArray()};
        float[] wordInput = new float[0];
        float[] charScratch = new float[0];
        float[][] rowValues = new float[0][];
        int[] rowMiss = new int[0]; // per missing word, its first packed row
        int[] missOfRow = new int[0]; // per packed row missing from the cache, its word's index among the missing
        int[] ids = new int[0];
        int[] charIds = new int[0];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private TaggerInference(Embedding words, Embedding[] extraWords, Embedding casing, CharCnnEncoder charCnn,
            RecurrentStack lstm, Linear projection, int inputSize, int numTags) {
        this.words = words;
        this.extraWords = extraWords.clone();
        this.casing = casing;
        this.charCnn = charCnn;
        this.lstm = lstm;
        this.projection = projection;
        this.inputSize = inputSize;
        this.numTags = numTags;
    }

    /**
     * The inference path for a model made of these parts, or null where it does not apply (a float64 model, or an
     * LSTM input wider than the word tables + casing + char CNN, such as a char BiLSTM or another input feature): the
     * caller then runs the layers' own forward passes.
     */
    static TaggerInference of(Embedding words, Embedding[] extraWords, Embedding casing, CharCnnEncoder charCnn,
            RecurrentStack lstm, Linear projection, DataType dataType) {
        int width = words.dimension() + (casing == null ? 0 : casing.dimension())
                + (charCnn == null ? 0 : charCnn.outputSize());
        for (Embedding table : extraWords) {
            width += table.dimension();
        }
        if (dataType != DataType.FLOAT || width != lstm.config().inputSize()
                || projection.inputSize() != lstm.outputSize()) {
            return null;
        }
        return new TaggerInference(words, extraWords, casing, charCnn, lstm, projection, width,
                projection.outputSize());
    }

    /**
     * Turns on the word cache ({@link InputGateCache}) with room for {@code bytes}; 0 turns it off. Only for a model
     * whose parameters no longer change (frozen for inference): cached values would outlive a training step.
     */
    void useWordCache(long bytes) {
        int perWord = lstm.config().directions() * lstm.firstLayerGateWidth();
        int capacity = InputGateCache.capacityFor(bytes, perWord);
        wordEncoder = charCnn == null || capacity < 1 ? null : charCnn.wordEncoder();
        wordCache = capacity < 1 ? null : new InputGateCache<>(capacity);
    }

    /** The word cache, or null. */
    InputGateCache<WordKey> wordCache() {
        return wordCache;
    }

    /** The word cache's budget from {@link #WORD_CACHE_PROPERTY}, in bytes (0: no cache). */
    static long configuredWordCacheBytes() {
        String value = System.getProperty(WORD_CACHE_PROPERTY);
        if (value == null || value.isBlank()) {
            return (long) WORD_CACHE_MEBIBYTES << 20;
        }
        try {
            long mib = Long.parseLong(value.trim());
            if (mib < 0) {
                throw new NumberFormatException("negative");
            }
            return mib << 20;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + WORD_CACHE_PROPERTY + "=" + value
                    + ": expected a whole number of MiB (0 turns the word cache off)", e);
        }
    }

    /**
     * Emission scores {@code [rows, numTags]} row-major, one row per packed token of the batch, in a per-thread buffer
     * (longer than needed; valid until this thread's next call).
     */
    float[] emissions(TaggerBatch batch) {
        Buffers b = BUFFERS.get();
        var layout = batch.words().layout();
        int rows = layout.totalSteps();
        int width = lstm.outputSize();
        INDArray hidden = b.nativeHidden.rows(DataType.FLOAT, rows, width);
        checkTables(batch);
        InputGateCache<WordKey> cache = wordCache;
        if (cache != null) {
            lstm.inferInto(null, layout, hidden, cachedGates(batch, cache, b));
        } else {
            lstm.inferInto(inputRows(batch, b), layout, hidden);
        }
        return project(hidden, rows, b);
    }

    private void checkTables(TaggerBatch batch) {
        if (batch.extraWords().length != extraWords.length) {
            throw new IllegalArgumentException("tagger: this model has " + (extraWords.length + 1)
                    + " word tables but the batch has ids for " + (batch.extraWords().length + 1));
        }
        if (charCnn != null && batch.chars() == null) {
            throw new IllegalArgumentException("tagger: this model has a char encoder but the batch has no chars");
        }
    }

    /** The batch's LSTM input rows, one per packed token, in a per-thread native buffer. */
    private INDArray inputRows(TaggerBatch batch, Buffers b) {
        int rows = batch.words().totalSteps();
        if (b.input.length < rows * inputSize) {
            b.input = new float[rows * inputSize * 3 / 2];
        }
        float[] x = b.input;
        int col = 0;
        words.gatherInto(batch.words().packedIds(), rows, x, col, inputSize);
        col += words.dimension();
        int[][] extraIds = batch.extraWords();
        for (int k = 0; k < extraWords.length; k++) {
            extraWords[k].gatherInto(extraIds[k], rows, x, col, inputSize);
            col += extraWords[k].dimension();
        }
        if (casing != null) {
            casing.gatherInto(batch.casing(), rows, x, col, inputSize);
            col += casing.dimension();
        }
        if (charCnn != null) {
            CharBatch chars = batch.chars();
            charCnn.encodeInto(chars.packedCharIds(), chars.maxWordLength(), chars.wordLengths(), x, col, inputSize);
        }
        INDArray input = b.nativeInput.rows(DataType.FLOAT, rows, inputSize);
        Blas.floats(input).asBuffer().put(0, x, 0, rows * inputSize);
        return input;
    }

    /**
     * The first layer's input gate planes of each direction ({@link RecurrentStack#inferInto(INDArray,
     * org.seqlab.batch.SequenceLayout, INDArray, INDArray[])}), copied from the word cache; the words missing there
     * are computed together, each as if alone ({@link RecurrentStack#firstLayerInputGates}), and offered to it.
     */
    private INDArray[] cachedGates(TaggerBatch batch, InputGateCache<WordKey> cache, Buffers b) {
        int rows = batch.words().totalSteps();
        if (b.rowValues.length < rows) {
            b.rowValues = new float[rows * 3 / 2][];
            b.rowMiss = new int[rows * 3 / 2];
            b.missOfRow = new int[rows * 3 / 2];
        }
        float[][] rowValues = b.rowValues;
        java.util.Map<WordKey, Integer> missing = null; // per missing word, its index among them
        java.util.List<WordKey> missingKeys = null;
        int[] wordIds = batch.words().packedIds(); // a copy: taken once per batch
        for (int r = 0; r < rows; r++) {
            WordKey key = key(batch, wordIds, r);
            rowValues[r] = cache.get(key);
            if (rowValues[r] == null) {
                if (missing == null) {
                    missing = new java.util.HashMap<>();
                    missingKeys = new java.util.ArrayList<>();
                }
                Integer index = missing.get(key);
                if (index == null) {
                    index = missingKeys.size();
                    missing.put(key, index);
                    missingKeys.add(key);
                    b.rowMiss[index] = r; // the first row of each missing word
                }
                b.missOfRow[r] = index;
            }
        }
        if (missing != null) {
            float[][] computed = wordGates(batch, wordIds, b.rowMiss, missingKeys.size(), b);
            for (int i = 0; i < computed.length; i++) {
                computed[i] = cache.offer(missingKeys.get(i), computed[i]);
            }
            for (int r = 0; r < rows; r++) {
                if (rowValues[r] == null) {
                    rowValues[r] = computed[b.missOfRow[r]];
                }
            }
        }
        INDArray[] gates = lstm.firstLayerGatePlanes(rowValues, rows, b.nativeGates);
        java.util.Arrays.fill(rowValues, 0, rows, null);
        return gates;
    }

    /** Everything packed row {@code r}'s input row depends on: its word ids, casing id and characters. */
    private WordKey key(TaggerBatch batch, int[] wordIds, int r) {
        int[][] extraIds = batch.extraWords();
        CharBatch chars = charCnn == null ? null : batch.chars();
        int length = chars == null ? 0 : chars.wordLength(r);
        int[] ids = new int[extraIds.length + 3 + length];
        ids[0] = wordIds[r];
        for (int k = 0; k < extraIds.length; k++) {
            ids[1 + k] = extraIds[k][r];
        }
        int at = 1 + extraIds.length;
        ids[at++] = casing == null ? -1 : batch.casing()[r];
        ids[at++] = length;
        for (int c = 0; c < length; c++) {
            ids[at + c] = chars.charId(r, c);
        }
        return new WordKey(ids);
    }

    /**
     * The first-layer input gates, both directions, of the words at packed rows {@code rowOf[0 .. count-1]}, each
     * computed as if alone: its input row from the tables and the one-word char encoder, then the products.
     */
    private float[][] wordGates(TaggerBatch batch, int[] wordIds, int[] rowOf, int count, Buffers b) {
        if (b.wordInput.length < count * inputSize) {
            b.wordInput = new float[count * inputSize * 3 / 2];
        }
        float[] x = b.wordInput;
        int[] ids = b.ids.length < count ? (b.ids = new int[count * 3 / 2]) : b.ids;
        for (int i = 0; i < count; i++) {
            ids[i] = wordIds[rowOf[i]];
        }
        words.gatherInto(ids, count, x, 0, inputSize);
        int col = words.dimension();
        for (int k = 0; k < extraWords.length; k++) {
            for (int i = 0; i < count; i++) {
                ids[i] = batch.extraWords()[k][rowOf[i]];
            }
            extraWords[k].gatherInto(ids, count, x, col, inputSize);
            col += extraWords[k].dimension();
        }
        if (casing != null) {
            for (int i = 0; i < count; i++) {
                ids[i] = batch.casing()[rowOf[i]];
            }
            casing.gatherInto(ids, count, x, col, inputSize);
            col += casing.dimension();
        }
        if (charCnn != null) {
            CharBatch chars = batch.chars();
            if (b.charScratch.length < wordEncoder.outputSize()) {
                b.charScratch = new float[wordEncoder.outputSize()];
            }
            for (int i = 0; i < count; i++) {
                int r = rowOf[i];
                int length = chars.wordLength(r);
                if (b.charIds.length < length) {
                    b.charIds = new int[length];
                }
                for (int c = 0; c < length; c++) {
                    b.charIds[c] = chars.charId(r, c);
                }
                wordEncoder.encode(b.charIds, length, x, i * inputSize + col, b.charScratch);
            }
        }
        return lstm.firstLayerInputGateRows(x, count);
    }

    /** The tag projection of the BiLSTM's output: emission rows in a per-thread buffer. */
    private float[] project(INDArray hidden, int rows, Buffers b) {
        int width = lstm.outputSize();

        if (b.nativeEmissions == null || b.nativeEmissions.length() < (long) rows * numTags) {
            b.nativeEmissions = Nd4j.createUninitialized(DataType.FLOAT, (long) rows * numTags * 3 / 2 + numTags);
        }
        FloatPointer em = Blas.floats(b.nativeEmissions);
        Blas.gemm(false, true, rows, numTags, width, 1f, Blas.floats(hidden), 0, width,
                Blas.floats(projection.weight().value()), 0, width, 0f, em, 0, numTags);
        if (b.emissions.length < rows * numTags) {
            b.emissions = new float[rows * numTags * 3 / 2];
        }
        float[] out = b.emissions;
        em.position(0).asBuffer().get(0, out, 0, rows * numTags);
        if (projection.bias() != null) {
            if (b.bias.length < numTags) {
                b.bias = new float[numTags];
            }
            FloatBuffer bias = Blas.floats(projection.bias().value()).asBuffer();
            bias.get(0, b.bias, 0, numTags);
            for (int r = 0; r < rows; r++) {
                int o = r * numTags;
                for (int j = 0; j < numTags; j++) {
                    out[o + j] += b.bias[j];
                }
            }
        }
        return out;
    }
}
