package org.seqlab.nn.recurrent;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.nn.ParameterSet;
import org.seqlab.random.Rng;

/**
 * Character-level word encoder: a one-layer bidirectional LSTM runs over the (already embedded) characters of each
 * word, and the word's vector is its final forward state followed by its final reverse state, {@code [words, 2H]}.
 * Words are the sequences of a {@link SequenceLayout}; characters are packed time-major as in
 * {@link RecurrentStack}. Parameters are the LSTM's, named as in PyTorch.
 */
public final class CharBiLstmEncoder {
    private final RecurrentStack lstm;

    /** The forward result: word vectors in the caller's word order, and what backward needs. */
    public record Encoded(INDArray wordVectors, RecurrentForward cache) {
    }

    public CharBiLstmEncoder(int charDim, int hidden, DataType dataType, Rng rng) {
        lstm = RecurrentStack.builder().setCell(CellType.LSTM).setInputSize(charDim).setHiddenSize(hidden)
                .optBidirectional(true).optDataType(dataType).build(rng);
    }

    public ParameterSet parameters() {
        return lstm.parameters();
    }

    /** Width of a word vector, 2H. */
    public int outputSize() {
        return lstm.outputSize();
    }

    /**
     * @param chars packed character embeddings {@code [total characters, charDim]}
     * @param words one sequence per word, its characters
     */
    public Encoded forward(INDArray chars, SequenceLayout words) {
        RecurrentForward f = lstm.forward(chars, words);
        INDArray hN = f.finalState().hidden(); // [2, words, H]
        INDArray vectors = Nd4j.concat(1, hN.slice(0), hN.slice(1));
        return new Encoded(vectors, f);
    }

    /**
     * Accumulates the LSTM's parameter gradients and returns dL/d chars {@code [total characters, charDim]}.
     *
     * @param dWordVectors dL/d word vectors {@code [words, 2H]}
     */
    public INDArray backward(Encoded encoded, INDArray dWordVectors) {
        SequenceLayout words = encoded.cache().layout();
        int hidden = lstm.config().hiddenSize();
        if (dWordVectors.rank() != 2 || dWordVectors.size(0) != words.batch() || dWordVectors.size(1) != 2L * hidden) {
            throw new IllegalArgumentException("char encoder: word-vector gradient must be [" + words.batch() + ", "
                    + 2 * hidden + "], got " + Arrays.toString(dWordVectors.shape()));
        }
        DataType type = lstm.dataType();
        // [words, 2H] -> final-state gradient [2 directions, words, H]
        INDArray dFinal = Nd4j.stack(0,
                dWordVectors.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hidden)).dup('c'),
                dWordVectors.get(NDArrayIndex.all(), NDArrayIndex.interval(hidden, 2 * hidden)).dup('c'))
                .castTo(type);
        INDArray noOutputGradient = Nd4j.zeros(type, words.totalSteps(), 2L * hidden);
        return lstm.backward(encoded.cache(), noOutputGradient, new RecurrentState(dFinal, null)).input();
    }
}
