package org.seqlab.nn;

import org.seqlab.random.Rng;
import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.nn.init.Init;

/**
 * Character-level word encoder of Ma and Hovy (2016) / NCRF++: each word's characters are embedded (dimension e),
 * convolved with F filters of width k over the word zero-padded by (k-1)/2 on the left and k-1-(k-1)/2 on the right
 * (so there is one output per character), and max-pooled over the word's own characters only: [W words] → [W, F].
 * A word's encoding therefore does not depend on how long the other words of the batch are.
 *
 * <p>The convolution runs as k GEMMs over all character positions of all words at once, one per filter tap, on the
 * character vectors [L, e] laid out with zero rows between words (the shifted form of im2col, without building the
 * k-times-larger window matrix); the buffers live in a per-thread {@link Workspace}. Backward visits only the
 * W·F windows that won a max. The filter weight has PyTorch's Conv1d layout [F, e, k], so PyTorch weights load
 * unchanged.
 *
 * <p>Parameters: {@code embedding.weight} [alphabet, e], {@code conv.weight} [F, e, k], {@code conv.bias} [F].
 */
public final class CharCnnEncoder {
    private final String name;
    private final int charDimension;
    private final int filters;
    private final int width;
    private final int leftPad;
    private final Embedding embedding;
    private final Parameter weight;
    private final Parameter bias;
    private final ParameterSet parameters = new ParameterSet();

    private CharCnnEncoder(Builder b) {
        this.name = b.name;
        this.charDimension = b.charDimension;
        this.filters = b.filters;
        this.width = b.width;
        this.leftPad = (width - 1) / 2;
        // NCRF++ initialises character vectors uniform(±sqrt(3/e)).
        this.embedding = Embedding.builder().setVocabularySize(b.alphabetSize).setDimension(charDimension)
                .setRng(b.rng).optPaddingId(b.paddingId).optUniformInit(Math.sqrt(3.0 / charDimension))
                .optDataType(b.dataType).optName(name + " character embedding").build();
        ParameterSet conv = new ParameterSet();
        this.weight = conv.add(Parameter.zeros("weight", b.dataType, filters, charDimension, width));
        this.bias = conv.add(Parameter.zeros("bias", b.dataType, filters));
        // PyTorch's Conv1d default: uniform(±1/sqrt(fan-in)), fan-in = e·k, for weight and bias.
        double bound = 1.0 / Math.sqrt((double) charDimension * width);
        Init.uniform(weight.value(), bound, b.rng);
        Init.uniform(bias.value(), bound, b.rng);
        parameters.addAll("embedding", embedding.parameters());
        parameters.addAll("conv", conv);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * What backward needs: the ids of the L characters inside words and their vectors [L, e] (row-major), the first
     * character row of each word, the word lengths and, per (word, filter), the character row that won the max.
     */
    public record Result(INDArray output, int[] chars, double[] embedded, int[] wordStart, int[] lengths,
            int[] argmax) {
    }

    /** Convenience form: one int[] of character ids per word (each at least one character). */
    public Result forward(int[][] words) {
        int maxChars = 1;
        for (int[] w : words) {
            maxChars = Math.max(maxChars, w.length);
        }
        int[] ids = new int[words.length * maxChars];
        int[] lengths = new int[words.length];
        for (int w = 0; w < words.length; w++) {
            System.arraycopy(words[w], 0, ids, w * maxChars, words[w].length);
            lengths[w] = words[w].length;
        }
        return forward(ids, maxChars, lengths);
    }

    /**
     * @param charIds [W, maxChars] row-major; entries past a word's length are ignored
     * @param lengths [W] characters per word, each in [1, maxChars]
     * @return output [W, F]
     */
    public Result forward(int[] charIds, int maxChars, int[] lengths) {
        int words = lengths.length;
        if (maxChars < 1 || charIds.length != (long) words * maxChars) {
            throw new IllegalArgumentException(String.format(
                    "%s: character ids must be [W = %d words, maxChars = %d] = %d entries, got %d", name, words,
                    maxChars, (long) words * maxChars, charIds.length));
        }
        int[] wordStart = new int[words + 1];
        for (int w = 0; w < words; w++) {
            if (lengths[w] < 1 || lengths[w] > maxChars) {
                throw new IllegalArgumentException(String.format(
                        "%s: word %d has %d characters; each word needs 1 to maxChars = %d", name, w, lengths[w],
                        maxChars));
            }
            wordStart[w + 1] = wordStart[w] + lengths[w];
        }
        int total = wordStart[words];
        int[] valid = new int[total];
        int alphabet = embedding.vocabularySize();
        for (int w = 0; w < words; w++) {
            for (int t = 0; t < lengths[w]; t++) {
                int id = charIds[w * maxChars + t];
                if (id < 0 || id >= alphabet) {
                    throw new IllegalArgumentException(String.format(
                            "%s: character id %d (word %d, character %d) is outside the alphabet of size %d", name, id,
                            w, t, alphabet));
                }
                valid[wordStart[w] + t] = id;
            }
        }
        double[] e = embedding.gather(valid);

        // Convolution as k shifted GEMMs, one per tap, over the character vectors laid out word after word with
        // `gap` zero rows before, between and after the words: a window that reaches past its word reads zeros, as
        // with per-word zero padding, and no window matrix (k times the data) is built. Word w starts at padded row
        // gap·(w+1) + wordStart[w].
        int gap = Math.max(leftPad, width - 1 - leftPad);
        int paddedRows = gap * (words + 1) + total;
        double[] padded = Workspace.zeroedDoubles("charcnn.padded", paddedRows * charDimension);
        for (int w = 0; w < words; w++) {
            System.arraycopy(e, wordStart[w] * charDimension, padded, (gap * (w + 1) + wordStart[w]) * charDimension,
                    lengths[w] * charDimension);
        }
        DataType type = weight.dataType();
        INDArray paddedArray = Workspace.array("charcnn.padded", type, (long) paddedRows * charDimension);
        NativeArrays.writeRange(paddedArray, 0, paddedRows * charDimension, padded, 0);
        // Filters as k matrices [F, e] (tap-major copy of the [F, e, k] weight).
        double[] w0 = NativeArrays.read(weight.value());
        double[] taps = new double[width * filters * charDimension];
        for (int f = 0; f < filters; f++) {
            for (int c = 0; c < charDimension; c++) {
                for (int j = 0; j < width; j++) {
                    taps[(j * filters + f) * charDimension + c] = w0[(f * charDimension + c) * width + j];
                }
            }
        }
        INDArray tapArray = Workspace.array("charcnn.taps", type, taps.length);
        NativeArrays.writeRange(tapArray, 0, taps.length, taps, 0);
        // Output rows gap .. paddedRows-gap cover every character; each starts as the bias.
        int rows = paddedRows - 2 * gap;
        INDArray convOut = Workspace.array("charcnn.conv", type, (long) rows * filters);
        Blas.fillRows(convOut, 0, rows, filters, bias.value());
        for (int j = 0; j < width; j++) {
            Blas.gemm(paddedArray, (long) (gap + j - leftPad) * charDimension, rows, charDimension, false, tapArray,
                    (long) j * filters * charDimension, filters, charDimension, true, convOut, 0, rows, filters, 1, 1);
        }
        double[] conv = Workspace.doubles("charcnn.conv", rows * filters);
        NativeArrays.readRange(convOut, 0, rows * filters, conv, 0);

        double[] pooled = new double[words * filters];
        int[] argmax = new int[words * filters];
        maxPool(conv, wordStart, gap, filters, pooled, argmax);
        INDArray output = Nd4j.createUninitialized(type, words, filters);
        NativeArrays.write(output, pooled);
        return new Result(output, valid, e, wordStart, lengths.clone(), argmax);
    }

    /** Per-thread float32 scratch of {@link #encodeInto}, grown on demand. */
    private static final class InferenceScratch {
        float[] padded = new float[0];
        float[] taps = new float[0];
        float[] weight = new float[0];
        float[] conv = new float[0];
        float[] bias = new float[0];
        int[] wordStart = new int[0];
        int[] uniqueOf = new int[0]; // per word, its unique word's index
        int[] first = new int[0]; // per unique word, the first word spelled so
        int[] slots = new int[0]; // open-addressing table of unique index + 1, 0 for empty
    }

    private static final ThreadLocal<InferenceScratch> INFERENCE = ThreadLocal.withInitial(InferenceScratch::new);

    /**
     * Inference only: the encoding of each word written as float32 into {@code out[outOffset + w·outStride ..+F]},
     * so the caller can place it straight into a wider input row. The same convolution as {@link #forward} (k shifted
     * GEMMs over the gap-separated character rows), in float32 throughout, with the bias added after the max (it is
     * the same for every position), over each distinct spelling once, keeping nothing for backward and allocating
     * nothing per call beyond per-thread buffers.
     *
     * @param charIds [W, maxChars] row-major; entries past a word's length are ignored
     * @param lengths [W] characters per word, each in [1, maxChars]
     */
    public void encodeInto(int[] charIds, int maxChars, int[] lengths, float[] out, int outOffset, int outStride) {
        int words = lengths.length;
        if (maxChars < 1 || charIds.length < (long) words * maxChars) {
            throw new IllegalArgumentException(String.format(
                    "%s: character ids must be [W = %d words, maxChars = %d] = %d entries, got %d", name, words,
                    maxChars, (long) words * maxChars, charIds.length));
        }
        InferenceScratch s = INFERENCE.get();
        int alphabet = embedding.vocabularySize();
        for (int w = 0; w < words; w++) {
            if (lengths[w] < 1 || lengths[w] > maxChars) {
                throw new IllegalArgumentException(String.format(
                        "%s: word %d has %d characters; each word needs 1 to maxChars = %d", name, w, lengths[w],
                        maxChars));
            }
        }
        // A batch repeats many words ("the", ",", "."): encode each spelling once.
        int unique = uniqueWords(charIds, maxChars, lengths, s);
        int[] first = s.first;
        if (s.wordStart.length < unique + 1) {
            s.wordStart = new int[unique + 1];
        }
        int[] wordStart = s.wordStart;
        for (int u = 0; u < unique; u++) {
            wordStart[u + 1] = wordStart[u] + lengths[first[u]];
        }
        int total = wordStart[unique];
        int e = charDimension;
        int gap = Math.max(leftPad, width - 1 - leftPad);
        int paddedRows = gap * (unique + 1) + total;
        if (s.padded.length < paddedRows * e) {
            s.padded = new float[paddedRows * e * 3 / 2];
        }
        float[] padded = s.padded;
        // Character vectors word after word with `gap` zero rows before, between and after the words (see forward).
        INDArray table = embedding.weight().value();
        java.nio.FloatBuffer vectors = table.dataType() == DataType.FLOAT ? NativeArrays.floatPointer(table).asBuffer()
                : null;
        java.util.Arrays.fill(padded, 0, gap * e, 0f);
        for (int u = 0; u < unique; u++) {
            int w = first[u];
            int row = gap * (u + 1) + wordStart[u];
            for (int t = 0; t < lengths[w]; t++) {
                int id = charIds[w * maxChars + t];
                if (id < 0 || id >= alphabet) {
                    throw new IllegalArgumentException(String.format(
                            "%s: character id %d (word %d, character %d) is outside the alphabet of size %d", name,
                            id, w, t, alphabet));
                }
                int to = (row + t) * e;
                if (id == embedding.paddingId()) {
                    java.util.Arrays.fill(padded, to, to + e, 0f);
                } else if (vectors != null) {
                    vectors.get(id * e, padded, to, e);
                } else {
                    double[] v = new double[e];
                    NativeArrays.readRange(table, (long) id * e, e, v, 0);
                    for (int c = 0; c < e; c++) {
                        padded[to + c] = (float) v[c];
                    }
                }
            }
            java.util.Arrays.fill(padded, (row + lengths[w]) * e, (row + lengths[w] + gap) * e, 0f);
        }
        // Filters as k matrices [F, e] (tap-major copy of the [F, e, k] weight) and the bias, read once per call.
        int tapsLength = width * filters * e;
        if (s.taps.length < tapsLength) {
            s.taps = new float[tapsLength];
            s.weight = new float[tapsLength];
            s.bias = new float[filters];
        }
        float[] taps = s.taps;
        float[] w0 = s.weight;
        readFloats(weight.value(), w0, tapsLength);
        for (int f = 0; f < filters; f++) {
            for (int c = 0; c < e; c++) {
                for (int j = 0; j < width; j++) {
                    taps[(j * filters + f) * e + c] = w0[(f * e + c) * width + j];
                }
            }
        }
        float[] bias = s.bias;
        readFloats(this.bias.value(), bias, filters);

        int rows = paddedRows - 2 * gap;
        INDArray paddedArray = Workspace.array("charcnn.infer.padded", DataType.FLOAT, (long) paddedRows * e);
        INDArray tapArray = Workspace.array("charcnn.infer.taps", DataType.FLOAT, tapsLength);
        INDArray convArray = Workspace.array("charcnn.infer.conv", DataType.FLOAT, (long) rows * filters);
        org.bytedeco.javacpp.FloatPointer paddedPointer = NativeArrays.floatPointer(paddedArray);
        org.bytedeco.javacpp.FloatPointer tapPointer = NativeArrays.floatPointer(tapArray);
        org.bytedeco.javacpp.FloatPointer convPointer = NativeArrays.floatPointer(convArray);
        paddedPointer.asBuffer().put(0, padded, 0, paddedRows * e);
        tapPointer.asBuffer().put(0, taps, 0, tapsLength);
        for (int j = 0; j < width; j++) {
            org.seqlab.nn.kernel.Blas.gemm(false, true, rows, filters, e, 1f, paddedPointer,
                    (long) (gap + j - leftPad) * e, e, tapPointer, (long) j * filters * e, e, j == 0 ? 0f : 1f,
                    convPointer, 0, filters);
        }
        if (s.conv.length < rows * filters) {
            s.conv = new float[rows * filters * 3 / 2];
        }
        float[] conv = s.conv;
        convPointer.position(0).asBuffer().get(0, conv, 0, rows * filters);
        // Max over each unique word's own positions (conv row of character row r of unique word u is r + gap·u),
        // written to the row of the first word spelled so and copied to the others.
        int[] uniqueOf = s.uniqueOf;
        for (int w = 0; w < words; w++) {
            int u = uniqueOf[w];
            int o = outOffset + w * outStride;
            if (first[u] != w) {
                System.arraycopy(out, outOffset + first[u] * outStride, out, o, filters);
                continue;
            }
            int start = (wordStart[u] + gap * u) * filters;
            System.arraycopy(conv, start, out, o, filters);
            for (int r = 1; r < lengths[w]; r++) {
                int row = start + r * filters;
                for (int f = 0; f < filters; f++) {
                    out[o + f] = Math.max(out[o + f], conv[row + f]);
                }
            }
            for (int f = 0; f < filters; f++) {
                out[o + f] += bias[f];
            }
        }
    }

    /**
     * A float32 snapshot of this encoder's current weights that encodes one word at a time in plain Java loops: the
     * same convolution, max and bias as {@link #encodeInto}. The convolution is linear in the character vectors, so
     * the snapshot keeps each character's product with each filter tap ({@code [alphabet, k, F]}) and a position's
     * value is the sum of k such rows, always in tap order: a word's encoding depends on its characters alone, never
     * on the batch around it (a batch's GEMM rounds with the batch's size). For a per-word cache of a model whose
     * weights no longer change; later weight updates do not reach the snapshot.
     */
    public WordEncoder wordEncoder() {
        int e = charDimension;
        int alphabet = embedding.vocabularySize();
        float[] table = new float[alphabet * e];
        readFloats(embedding.weight().value(), table, alphabet * e);
        float[] w0 = new float[width * filters * e];
        readFloats(weight.value(), w0, w0.length);
        float[] products = new float[alphabet * width * filters];
        for (int id = 0; id < alphabet; id++) {
            if (id == embedding.paddingId()) {
                continue; // the padding character's vector is zero
            }
            for (int j = 0; j < width; j++) {
                int to = (id * width + j) * filters;
                for (int f = 0; f < filters; f++) {
                    float sum = 0f;
                    for (int c = 0; c < e; c++) {
                        sum += table[id * e + c] * w0[(f * e + c) * width + j];
                    }
                    products[to + f] = sum;
                }
            }
        }
        float[] b = new float[filters];
        readFloats(bias.value(), b, filters);
        return new WordEncoder(name, products, alphabet, b, filters, width, leftPad);
    }

    /** See {@link #wordEncoder()}. Immutable and thread-safe. */
    public static final class WordEncoder {
        private final String name;
        private final float[] products; // [alphabet, k, F]: character id × filter tap
        private final int alphabet;
        private final float[] bias;
        private final int filters;
        private final int width;
        private final int leftPad;

        private WordEncoder(String name, float[] products, int alphabet, float[] bias, int filters, int width,
                int leftPad) {
            this.name = name;
            this.products = products;
            this.alphabet = alphabet;
            this.bias = bias;
            this.filters = filters;
            this.width = width;
            this.leftPad = leftPad;
        }

        /** Width of an encoding, F. */
        public int outputSize() {
            return filters;
        }

        /**
         * Writes the encoding of the word {@code charIds[0 .. length-1]} into {@code out[offset .. offset+F-1]}, with
         * {@code scratch} (at least F values) for one position's sums.
         */
        public void encode(int[] charIds, int length, float[] out, int offset, float[] scratch) {
            if (length < 1 || length > charIds.length) {
                throw new IllegalArgumentException(name + ": a word of " + length + " characters (ids given: "
                        + charIds.length + ")");
            }
            for (int p = 0; p < length; p++) {
                if (charIds[p] < 0 || charIds[p] >= alphabet) {
                    throw new IllegalArgumentException(String.format(
                            "%s: character id %d (character %d) is outside the alphabet of size %d", name, charIds[p],
                            p, alphabet));
                }
            }
            float[] acc = scratch;
            for (int t = 0; t < length; t++) {
                java.util.Arrays.fill(acc, 0, filters, 0f);
                for (int j = 0; j < width; j++) {
                    int p = t + j - leftPad;
                    if (p < 0 || p >= length) {
                        continue; // a zero row of the padding
                    }
                    int row = (charIds[p] * width + j) * filters;
                    for (int f = 0; f < filters; f++) {
                        acc[f] += products[row + f];
                    }
                }
                if (t == 0) {
                    System.arraycopy(acc, 0, out, offset, filters);
                } else {
                    for (int f = 0; f < filters; f++) {
                        out[offset + f] = Math.max(out[offset + f], acc[f]);
                    }
                }
            }
            for (int f = 0; f < filters; f++) {
                out[offset + f] += bias[f];
            }
        }
    }

    /**
     * Groups the words by spelling: fills {@code s.uniqueOf} (per word) and {@code s.first} (per unique word, its
     * first occurrence, so first[u] increases with u) and returns the number of unique words.
     */
    private static int uniqueWords(int[] charIds, int maxChars, int[] lengths, InferenceScratch s) {
        int words = lengths.length;
        if (s.uniqueOf.length < words) {
            s.uniqueOf = new int[words];
            s.first = new int[words];
        }
        int capacity = Integer.highestOneBit(Math.max(2, words) * 2 - 1) << 1;
        if (s.slots.length < capacity) {
            s.slots = new int[capacity];
        } else {
            java.util.Arrays.fill(s.slots, 0, capacity, 0);
        }
        int[] slots = s.slots;
        int mask = capacity - 1;
        int unique = 0;
        for (int w = 0; w < words; w++) {
            int from = w * maxChars;
            int len = lengths[w];
            int h = len;
            for (int t = 0; t < len; t++) {
                h = 31 * h + charIds[from + t];
            }
            int slot = (h ^ (h >>> 16)) & mask;
            while (true) {
                int u = slots[slot] - 1;
                if (u < 0) {
                    slots[slot] = unique + 1;
                    s.first[unique] = w;
                    s.uniqueOf[w] = unique++;
                    break;
                }
                int other = s.first[u];
                if (lengths[other] == len && java.util.Arrays.equals(charIds, from, from + len, charIds,
                        other * maxChars, other * maxChars + len)) {
                    s.uniqueOf[w] = u;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        return unique;
    }

    /** The first {@code n} values of a dense float32 or float64 array as float32. */
    private static void readFloats(INDArray a, float[] out, int n) {
        if (a.dataType() == DataType.FLOAT) {
            NativeArrays.floatPointer(a).asBuffer().get(0, out, 0, n);
        } else {
            double[] d = new double[n];
            NativeArrays.readRange(a, 0, n, d, 0);
            for (int i = 0; i < n; i++) {
                out[i] = (float) d[i];
            }
        }
    }

    /**
     * Backward of the convolution and the max for the winning windows only: for each (word, filter) the gradient
     * flows to the k taps of the window that won, into the character vectors ({@code de}) and the filters
     * ({@code dwt}, tap-major like {@code wt}); {@code db} gets every output gradient once.
     */
    private static void routeMaxGradient(double[] g, int[] lengths, int[] wordStart, int[] argmax, double[] e,
            double[] wt, int filters, int width, int leftPad, int dim, double[] db, double[] de, double[] dwt) {
        int words = lengths.length;
        int tapBlock = width * dim;
        for (int word = 0; word < words; word++) {
            int start = wordStart[word];
            int len = lengths[word];
            for (int f = 0; f < filters; f++) {
                double v = g[word * filters + f];
                db[f] += v;
                if (v == 0) {
                    continue;
                }
                int t = argmax[word * filters + f] - start;
                for (int j = 0; j < width; j++) {
                    int src = t + j - leftPad;
                    if (src < 0 || src >= len) {
                        continue;
                    }
                    int charRow = (start + src) * dim;
                    int tap = f * tapBlock + j * dim;
                    for (int c = 0; c < dim; c++) {
                        de[charRow + c] += v * wt[tap + c];
                        dwt[tap + c] += v * e[charRow + c];
                    }
                }
            }
        }
    }

    /**
     * Per word and filter, the maximum over the word's own positions and the character row that reached it. Conv row
     * of character row r of word w is r + gap·w. A separate small method, so the JIT compiles this loop on its own.
     */
    private static void maxPool(double[] conv, int[] wordStart, int gap, int filters, double[] pooled, int[] argmax) {
        int words = wordStart.length - 1;
        for (int w = 0; w < words; w++) {
            int out = w * filters;
            int shift = gap * w;
            int first = (wordStart[w] + shift) * filters;
            for (int f = 0; f < filters; f++) {
                pooled[out + f] = conv[first + f];
                argmax[out + f] = wordStart[w];
            }
            for (int r = wordStart[w] + 1; r < wordStart[w + 1]; r++) {
                int row = (r + shift) * filters;
                for (int f = 0; f < filters; f++) {
                    // Branch-free select: which position wins is data-dependent and mispredicts often.
                    double v = conv[row + f];
                    boolean wins = v > pooled[out + f];
                    pooled[out + f] = wins ? v : pooled[out + f];
                    argmax[out + f] = wins ? r : argmax[out + f];
                }
            }
        }
    }

    /**
     * Accumulates the gradients of the filters, the bias and the character vectors of the characters used. The max
     * passes each output gradient to the one position that won it, so only W·F windows carry gradient: backward
     * visits those directly (W·F·k·e multiply-adds twice) instead of multiplying mostly-zero matrices.
     *
     * @param outputGrad [W, F]
     * @return the character-embedding rows touched, ascending (for sparse updates)
     */
    public int[] backward(Result forward, INDArray outputGrad) {
        int words = forward.lengths().length;
        if (outputGrad.rank() != 2 || outputGrad.size(0) != words || outputGrad.size(1) != filters) {
            throw new IllegalArgumentException(String.format("%s: output gradient must be [%d, %d], got %s", name,
                    words, filters, Arrays.toString(outputGrad.shape())));
        }
        double[] g = NativeArrays.read(outputGrad);
        int dim = charDimension;
        int tapBlock = width * dim;
        // Filters as [F][k][e] (tap-major), so the inner loops run over contiguous channels.
        double[] w = NativeArrays.read(weight.value());
        double[] wt = new double[filters * tapBlock];
        for (int f = 0; f < filters; f++) {
            for (int c = 0; c < dim; c++) {
                for (int j = 0; j < width; j++) {
                    wt[f * tapBlock + j * dim + c] = w[f * tapBlock + c * width + j];
                }
            }
        }
        double[] e = forward.embedded();
        int[] wordStart = forward.wordStart();
        int[] argmax = forward.argmax();
        double[] dwt = new double[filters * tapBlock];
        double[] db = new double[filters];
        double[] de = new double[e.length];
        routeMaxGradient(g, forward.lengths(), wordStart, argmax, e, wt, filters, width, leftPad, dim, db, de, dwt);
        double[] dw = new double[filters * tapBlock];
        for (int f = 0; f < filters; f++) {
            for (int c = 0; c < dim; c++) {
                for (int j = 0; j < width; j++) {
                    dw[f * tapBlock + c * width + j] = dwt[f * tapBlock + j * dim + c];
                }
            }
        }
        NativeArrays.addTo(weight.grad(), dw);
        NativeArrays.addTo(bias.grad(), db);
        return embedding.accumulate(forward.chars(), de);
    }

    public ParameterSet parameters() {
        return parameters;
    }

    public Embedding embedding() {
        return embedding;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public int outputSize() {
        return filters;
    }

    /** {@code setX} for required, {@code optX} for optional settings. */
    public static final class Builder {
        private int alphabetSize = -1;
        private int charDimension = -1;
        private int filters = -1;
        private int width = 3;
        private int paddingId = 0;
        private DataType dataType = DataType.FLOAT;
        private String name = "char CNN";
        private Rng rng;

        /** Number of character ids (including padding and unknown). */
        public Builder setAlphabetSize(int alphabetSize) {
            this.alphabetSize = alphabetSize;
            return this;
        }

        /** Character embedding dimension e (Ma and Hovy: 30). */
        public Builder setCharDimension(int charDimension) {
            this.charDimension = charDimension;
            return this;
        }

        /** Number of filters F, the output size (Ma and Hovy: 30). */
        public Builder setFilters(int filters) {
            this.filters = filters;
            return this;
        }

        public Builder setRng(Rng rng) {
            this.rng = rng;
            return this;
        }

        /** Filter width k; default 3 (Ma and Hovy). */
        public Builder optWidth(int width) {
            this.width = width;
            return this;
        }

        /** The padding character id (zero vector, no gradient); default 0, -1 for none. */
        public Builder optPaddingId(int paddingId) {
            this.paddingId = paddingId;
            return this;
        }

        public Builder optDataType(DataType dataType) {
            this.dataType = dataType;
            return this;
        }

        /** Name used in error messages; default "char CNN". */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        public CharCnnEncoder build() {
            if (alphabetSize < 1 || charDimension < 1 || filters < 1 || width < 1) {
                throw new IllegalArgumentException(String.format(
                        "%s: alphabet size, character dimension, filters and width must be at least 1, got %d, %d, %d, %d",
                        name, alphabetSize, charDimension, filters, width));
            }
            if (rng == null) {
                throw new IllegalArgumentException(name + ": an Rng is required to initialise the weights");
            }
            return new CharCnnEncoder(this);
        }
    }
}
