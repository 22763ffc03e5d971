package org.seqlab.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.random.Rng;

/** Bad shapes and values are refused before any native call, with messages naming the layer and the dimension. */
class RecurrentStackInputTest {
    private final SequenceLayout layout = SequenceLayout.of(3, 1, 2);
    private final RecurrentStack lstm = RecurrentStack.builder().setCell(CellType.LSTM).setInputSize(4)
            .setHiddenSize(5).optBidirectional(true).optMaxLength(3).build(new Rng(3));

    private INDArray input(int rows, int cols) {
        return Nd4j.rand(DataType.FLOAT, rows, cols);
    }

    @Test
    void refusesAnInputOfTheWrongWidth() {
        assertThatThrownBy(() -> lstm.forward(input(6, 3), layout))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LSTM layer (input 4, hidden 5)").hasMessageContaining("[6 packed steps, 4]")
                .hasMessageContaining("[6, 3]");
    }

    @Test
    void refusesAnInputWhoseRowsDisagreeWithTheLengths() {
        assertThatThrownBy(() -> lstm.forward(input(7, 4), layout))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[6 packed steps, 4]");
    }

    @Test
    void refusesNaNInTheInput() {
        INDArray x = input(6, 4);
        x.putScalar(5, 2, Float.NaN);
        assertThatThrownBy(() -> lstm.forward(x, layout)).hasMessageContaining("NaN");
    }

    @Test
    void refusesSequencesLongerThanTheConfiguredMaximum() {
        SequenceLayout tooLong = SequenceLayout.of(4, 1);
        assertThatThrownBy(() -> lstm.forward(input(5, 4), tooLong))
                .hasMessageContaining("length 4 exceeds the configured maximum length 3");
    }

    @Test
    void refusesAnInputOfAnotherDataType() {
        assertThatThrownBy(() -> lstm.forward(Nd4j.rand(DataType.DOUBLE, 6, 4), layout))
                .hasMessageContaining("input is DOUBLE but the parameters are FLOAT");
    }

    @Test
    void refusesInitialStatesOfTheWrongShape() {
        INDArray h0 = Nd4j.zeros(DataType.FLOAT, 2, 3, 4);
        assertThatThrownBy(() -> lstm.forward(input(6, 4), layout, new RecurrentState(h0, null)))
                .hasMessageContaining("initial hidden state must be [layers*directions=2, batch=3, hidden=5]");
    }

    @Test
    void refusesAnOutputGradientOfTheWrongShape() {
        RecurrentForward fwd = lstm.forward(input(6, 4), layout);
        assertThatThrownBy(() -> lstm.backward(fwd, Nd4j.zeros(DataType.FLOAT, 6, 5), null))
                .hasMessageContaining("output gradient must be [6 packed steps, 10]");
    }

    @Test
    void sharedNetworkGivesIdenticalResultsFromConcurrentThreads() throws Exception {
        INDArray x = input(6, 4);
        INDArray expected = lstm.forward(x, layout).output();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<INDArray>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> lstm.forward(x, layout).output()));
            }
            for (Future<INDArray> r : results) {
                assertThat(r.get().equals(expected)).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }
}
