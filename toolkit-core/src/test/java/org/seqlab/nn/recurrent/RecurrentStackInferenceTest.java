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

    /**
     * First-layer input gates made by {@link RecurrentStack#firstLayerInputGates} (a per-word cache's values) give
     * the output of the stack's own input products up to float32 rounding (the GRU's candidate bias stays apart),
     * and each row's gates are the same bits whether computed alone, among others or in another order.
     */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void presetFirstLayerGatesGiveTheStacksOutput(CellType cell) {
        int in = 5;
        int hidden = 6;
        RecurrentStack rnn = RecurrentStack.builder().setCell(cell).setInputSize(in).setHiddenSize(hidden)
                .optLayers(2).optBidirectional(true).build(new Rng(11));
        rnn.freezeForInference();
        SequenceLayout layout = SequenceLayout.of(9, 3, 8, 7, 1, 6, 5, 5, 2); // 46 rows: blocks of 16 and a rest
        int rows = layout.totalSteps();
        INDArray x = Nd4j.rand(DataType.FLOAT, rows, in).subi(0.5);
        float[] xs = x.data().asFloat();
        int width = rnn.firstLayerGateWidth();
        assertThat(width).isEqualTo(cell.gateBlocks() * hidden);

        float[][] together = new float[2][rows * width];
        float[][] reversed = new float[2][rows * width];
        float[] reversedX = new float[rows * in];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(xs, r * in, reversedX, (rows - 1 - r) * in, in);
        }
        for (int d = 0; d < 2; d++) {
            rnn.firstLayerInputGates(d, xs, 0, rows, together[d], 0);
            rnn.firstLayerInputGates(d, reversedX, 0, rows, reversed[d], 0);
            float[] alone = new float[width];
            for (int r = 0; r < rows; r++) {
                rnn.firstLayerInputGates(d, xs, r * in, 1, alone, 0);
                assertThat(java.util.Arrays.copyOfRange(together[d], r * width, (r + 1) * width))
                        .as("%s direction %d row %d alone", cell, d, r).containsExactly(alone);
                assertThat(java.util.Arrays.copyOfRange(reversed[d], (rows - 1 - r) * width, (rows - r) * width))
                        .as("%s direction %d row %d in reverse order", cell, d, r).containsExactly(alone);
            }
        }
        INDArray expected = Nd4j.create(DataType.FLOAT, rows, 2 * hidden);
        rnn.inferInto(x, layout, expected);
        INDArray[] gates = new INDArray[2];
        for (int d = 0; d < 2; d++) { // rows → gate planes [blocks, N, H]
            gates[d] = Nd4j.create(DataType.FLOAT, cell.gateBlocks(), (long) rows * hidden);
            for (int r = 0; r < rows; r++) {
                for (int g = 0; g < cell.gateBlocks(); g++) {
                    for (int j = 0; j < hidden; j++) {
                        gates[d].putScalar(g, (long) r * hidden + j, together[d][r * width + g * hidden + j]);
                    }
                }
            }
        }
        INDArray got = Nd4j.create(DataType.FLOAT, rows, 2 * hidden);
        rnn.inferInto(null, layout, got, gates);
        double[] e = expected.ravel().toDoubleVector();
        double[] g = got.ravel().toDoubleVector();
        for (int i = 0; i < e.length; i++) {
            assertThat(g[i]).as("%s output %d", cell, i).isCloseTo(e[i], org.assertj.core.api.Assertions.within(2e-6));
        }
        assertThatThrownBy(() -> rnn.inferInto(null, layout, got, new INDArray[] {gates[0]}))
                .hasMessageContaining("1 arrays of first-layer input gates for 2 directions");
        assertThatThrownBy(() -> rnn.inferInto(null, layout, got)).hasMessageContaining("input is missing");
    }

    @org.junit.jupiter.api.Test
    void theRecurrentApartBlockIsTheKernels() {
        assertThat(CellType.GRU.recurrentApartBlock()).isEqualTo(new org.seqlab.nn.kernel.GruKernelF()
                .recurrentApartBlock());
        assertThat(CellType.LSTM.recurrentApartBlock()).isEqualTo(new org.seqlab.nn.kernel.LstmKernelF()
                .recurrentApartBlock());
        assertThat(CellType.RNN_TANH.recurrentApartBlock()).isEqualTo(new org.seqlab.nn.kernel.ElmanKernelF(false)
                .recurrentApartBlock());
    }
}
