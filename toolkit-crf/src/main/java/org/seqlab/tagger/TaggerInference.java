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

    /** Per-thread buffers, grown on demand and never shrunk. */
    private static final class Buffers {
        float[] input = new float[0];
        float[] emissions = new float[0];
        float[] bias = new float[0];
        INDArray nativeEmissions;
        // the BiLSTM's input and output, reused: no native allocation per batch (flat resident size)
        final GrowableArray nativeInput = new GrowableArray();
        final GrowableArray nativeHidden = new GrowableArray();
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
     * Emission scores {@code [rows, numTags]} row-major, one row per packed token of the batch, in a per-thread buffer
     * (longer than needed; valid until this thread's next call).
     */
    float[] emissions(TaggerBatch batch) {
        Buffers b = BUFFERS.get();
        var layout = batch.words().layout();
        int rows = layout.totalSteps();
        if (b.input.length < rows * inputSize) {
            b.input = new float[rows * inputSize * 3 / 2];
        }
        float[] x = b.input;
        int col = 0;
        words.gatherInto(batch.words().packedIds(), rows, x, col, inputSize);
        col += words.dimension();
        int[][] extraIds = batch.extraWords();
        if (extraIds.length != extraWords.length) {
            throw new IllegalArgumentException("tagger: this model has " + (extraWords.length + 1)
                    + " word tables but the batch has ids for " + (extraIds.length + 1));
        }
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
            if (chars == null) {
                throw new IllegalArgumentException("tagger: this model has a char encoder but the batch has no chars");
            }
            charCnn.encodeInto(chars.packedCharIds(), chars.maxWordLength(), chars.wordLengths(), x, col, inputSize);
        }
        INDArray input = b.nativeInput.rows(DataType.FLOAT, rows, inputSize);
        Blas.floats(input).asBuffer().put(0, x, 0, rows * inputSize);
        int width = lstm.outputSize();
        INDArray hidden = b.nativeHidden.rows(DataType.FLOAT, rows, width);
        lstm.inferInto(input, layout, hidden);

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
