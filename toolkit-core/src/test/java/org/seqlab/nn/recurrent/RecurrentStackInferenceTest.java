package org.seqlab.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.nn.GrowableArray;
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

    @ParameterizedTest
    @EnumSource(CellType.class)
    void aFrozenStackRunsBitForBitAsBeforeAndRefusesTraining(CellType cell) {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            RecurrentStack rnn = RecurrentStack.builder().setCell(cell).setInputSize(4).setHiddenSize(6).optLayers(2)
                    .optBidirectional(true).optDataType(type).build(new Rng(7));
            // 9 sequences: at least the 8 from which the kernels run the per-step products on W_hh transposed; 2:
            // on W_hh as it is
            SequenceLayout[] layouts = {SequenceLayout.of(9, 3, 8, 7, 1, 6, 5, 5, 2), SequenceLayout.of(3, 2)};
            INDArray[] inputs = new INDArray[layouts.length];
            INDArray[] before = new INDArray[layouts.length];
            for (int i = 0; i < layouts.length; i++) {
                inputs[i] = Nd4j.rand(type, layouts[i].totalSteps(), 4);
                before[i] = rnn.infer(inputs[i], layouts[i], null).output().dup();
            }
            assertThat(rnn.isFrozen()).isFalse();
            rnn.freezeForInference();
            rnn.freezeForInference(); // idempotent
            assertThat(rnn.isFrozen()).isTrue();
            for (int i = 0; i < layouts.length; i++) {
                INDArray after = rnn.infer(inputs[i], layouts[i], null).output();
                assertThat(after.ravel().toDoubleVector()).as(cell + " " + type + " layout " + i)
                        .containsExactly(before[i].ravel().toDoubleVector());
            }
            // forward passes with a cache still run (layer-by-layer decoding) and use the frozen W_hh; training does not
            RecurrentForward kept = rnn.forward(inputs[0], layouts[0]);
            assertThat(kept.output().ravel().toDoubleVector()).containsExactly(before[0].ravel().toDoubleVector());
            assertThatThrownBy(() -> rnn.backward(kept, Nd4j.rand(type, layouts[0].totalSteps(), 12), null))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("frozen for inference");
        }
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void inferIntoReusedBuffersEqualsForward(CellType cell) {
        RecurrentStack rnn = RecurrentStack.builder().setCell(cell).setInputSize(4).setHiddenSize(6).optLayers(2)
                .optBidirectional(true).build(new Rng(9));
        GrowableArray inputs = new GrowableArray();
        GrowableArray outputs = new GrowableArray();
        // a large batch first, so that the later, smaller ones run on the leading rows of larger buffers
        SequenceLayout[] layouts = {SequenceLayout.of(9, 8, 7, 6, 5), SequenceLayout.of(3, 5, 1, 4),
                SequenceLayout.of(2), SequenceLayout.of(6, 6, 1)};
        long capacity = 0;
        for (int round = 0; round < 2; round++) {
            for (SequenceLayout layout : layouts) {
                INDArray x = Nd4j.rand(DataType.FLOAT, layout.totalSteps(), 4);
                INDArray expected = rnn.forward(x, layout).output();
                INDArray in = inputs.rows(DataType.FLOAT, layout.totalSteps(), 4);
                in.assign(x);
                INDArray out = outputs.rows(DataType.FLOAT, layout.totalSteps(), 12);
                rnn.inferInto(in, layout, out);
                assertThat(out.equals(expected)).isTrue();
            }
            if (round == 0) {
                capacity = outputs.capacity();
            }
        }
        assertThat(outputs.capacity()).as("no regrowth once the largest batch was seen").isEqualTo(capacity);
    }

    @org.junit.jupiter.api.Test
    void inferIntoRefusesAnOutputThatIsNotDense() {
        RecurrentStack rnn = RecurrentStack.builder().setCell(CellType.LSTM).setInputSize(4).setHiddenSize(6)
                .optBidirectional(true).build(new Rng(9));
        SequenceLayout layout = SequenceLayout.of(3, 2);
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 4);
        INDArray wide = Nd4j.create(DataType.FLOAT, 5, 20);
        INDArray columns = wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 12));
        assertThatThrownBy(() -> rnn.inferInto(x, layout, columns)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dense");
        assertThatThrownBy(() -> rnn.inferInto(x, layout, Nd4j.create(DataType.FLOAT, 4, 12)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
