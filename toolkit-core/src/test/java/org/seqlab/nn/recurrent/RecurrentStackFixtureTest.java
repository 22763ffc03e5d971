package org.seqlab.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Iterator;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.SharedData;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.random.Rng;

/**
 * Agreement with PyTorch 1.13 (packed, bidirectional nn.RNN/LSTM/GRU, fixtures in ../shared/fixtures) on outputs,
 * final states and every gradient, in float32 and float64, with exact zeros at padding.
 */
class RecurrentStackFixtureTest {
    static Stream<Arguments> cases() {
        return Stream.of("rnn_RNN_TANH.json", "rnn_LSTM.json", "rnn_GRU.json", "rnn_LSTM_2layer.json")
                .flatMap(f -> Stream.of(Arguments.of(f, DataType.FLOAT), Arguments.of(f, DataType.DOUBLE)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesPyTorchOnOutputsStatesAndAllGradients(String file, DataType type) throws IOException {
        TorchFixture fx = new TorchFixture(SharedData.fixture(file));
        double rtol = type == DataType.FLOAT ? 1e-4 : 1e-10;
        double atol = type == DataType.FLOAT ? 1e-6 : 1e-12;
        CellType cell = CellType.valueOf(fx.node("meta.cell_type").asText());
        int[] lengths = new int[fx.node("meta.lengths").size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = fx.node("meta.lengths").get(i).asInt();
        }
        int steps = fx.node("meta.max_len").asInt();
        RecurrentStack rnn = RecurrentStack.builder().setCell(cell).setInputSize(fx.node("meta.input_size").asInt())
                .setHiddenSize(fx.node("meta.hidden_size").asInt()).optLayers(fx.node("meta.num_layers").asInt())
                .optBidirectional(fx.node("meta.bidirectional").asBoolean()).optDataType(type).build(new Rng(1));
        for (Iterator<String> it = fx.weightNames(); it.hasNext();) {
            String name = it.next();
            rnn.parameters().get(name).value().assign(fx.tensor("weights." + name, type));
        }
        SequenceLayout layout = SequenceLayout.of(lengths);

        RecurrentForward fwd = rnn.forward(PaddedSequences.pack(fx.tensor("input", type), layout), layout);
        INDArray output = PaddedSequences.unpack(fwd.output(), layout, steps);
        TorchFixture.assertClose("output", output, fx.tensor("output", type), rtol, atol);
        assertExactZerosAtPadding("output", output, lengths);
        TorchFixture.assertClose("h_n", fwd.finalState().hidden(), fx.tensor("h_n", type), rtol, atol);
        if (cell.hasCellState()) {
            TorchFixture.assertClose("c_n", fwd.finalState().cell(), fx.tensor("c_n", type), rtol, atol);
        }
        INDArray g = fx.tensor("G", type);
        assertThat(output.mul(g).sumNumber().doubleValue()).as("loss")
                .isCloseTo(fx.node("loss").asDouble(), org.assertj.core.data.Offset.offset(rtol * 10));

        RecurrentGradients grads = rnn.backward(fwd, PaddedSequences.pack(g, layout), null);
        INDArray dInput = PaddedSequences.unpack(grads.input(), layout, steps);
        TorchFixture.assertClose("grads.input", dInput, fx.tensor("grads.input", type), rtol, atol);
        assertExactZerosAtPadding("grads.input", dInput, lengths);
        for (Iterator<String> it = fx.weightNames(); it.hasNext();) {
            String name = it.next();
            TorchFixture.assertClose("grads." + name, rnn.parameters().get(name).grad(),
                    fx.tensor("grads." + name, type), rtol, atol);
        }
    }

    private static void assertExactZerosAtPadding(String what, INDArray padded, int[] lengths) {
        for (int b = 0; b < lengths.length; b++) {
            for (int t = lengths[b]; t < padded.size(1); t++) {
                for (int j = 0; j < padded.size(2); j++) {
                    assertThat(padded.getDouble(b, t, j)).as(what + " padding [" + b + "," + t + "," + j + "]")
                            .isEqualTo(0.0);
                }
            }
        }
    }
}
