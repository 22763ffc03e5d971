package org.seqlab.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.random.Rng;

/**
 * {@link RecurrentStack#infer} (no cache kept, arrays reused between calls) gives exactly what {@code forward} gives,
 * also when calls of other shapes ran in between, and refuses a backward pass.
 */
class RecurrentStackInferenceTest {
    @ParameterizedTest
    @EnumSource(CellType.class)
    void inferenceEqualsForwardAndRefusesBackward(CellType cell) {
        RecurrentStack rnn = RecurrentStack.builder().setCell(cell).setInputSize(4).setHiddenSize(6).optLayers(2)
                .optBidirectional(true).build(new Rng(5));
        SequenceLayout layout = SequenceLayout.of(3, 5, 1, 4);
        SequenceLayout other = SequenceLayout.of(7, 2);
        INDArray x = Nd4j.rand(DataType.FLOAT, layout.totalSteps(), 4);
        INDArray h0 = Nd4j.rand(DataType.FLOAT, 4, 4, 6);
        INDArray c0 = cell.hasCellState() ? Nd4j.rand(DataType.FLOAT, 4, 4, 6) : null;
        RecurrentState initial = new RecurrentState(h0, c0);

        RecurrentForward expected = rnn.forward(x, layout, initial);
        for (int round = 0; round < 3; round++) {
            rnn.infer(Nd4j.rand(DataType.FLOAT, other.totalSteps(), 4), other, null);
            RecurrentForward inferred = rnn.infer(x, layout, initial);
            assertThat(inferred.output().equals(expected.output())).isTrue();
            assertThat(inferred.finalState().hidden().equals(expected.finalState().hidden())).isTrue();
            if (c0 != null) {
                assertThat(inferred.finalState().cell().equals(expected.finalState().cell())).isTrue();
            }
        }
        RecurrentForward inferred = rnn.infer(x, layout, initial);
        assertThatThrownBy(() -> rnn.backward(inferred, Nd4j.rand(DataType.FLOAT, layout.totalSteps(), 12), null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("inference");
    }
}
