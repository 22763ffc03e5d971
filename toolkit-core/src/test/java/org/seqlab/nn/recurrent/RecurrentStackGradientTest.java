package org.seqlab.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.nn.GradientCheck;
import org.seqlab.nn.Parameter;
import org.seqlab.random.Rng;

/**
 * float64 central finite differences agree (≤ 1e-6) with the analytic gradients of every parameter, the input and
 * the initial states, for a loss that reads the outputs and the final states, on stacked bidirectional layers with
 * random (unsorted) lengths, with and without residual connections.
 */
class RecurrentStackGradientTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(CellType.LSTM, false), Arguments.of(CellType.LSTM, true),
                Arguments.of(CellType.GRU, false), Arguments.of(CellType.GRU, true),
                Arguments.of(CellType.RNN_TANH, true), Arguments.of(CellType.RNN_RELU, false));
    }

    @ParameterizedTest(name = "{0} residual={1}")
    @MethodSource("cases")
    void analyticGradientsMatchFiniteDifferences(CellType cell, boolean residual) {
        int[] lengths = {3, 1, 4, 2};
        int inputSize = 3;
        int hidden = 3;
        SequenceLayout layout = SequenceLayout.of(lengths);
        RecurrentStack rnn = RecurrentStack.builder().setCell(cell).setInputSize(inputSize).setHiddenSize(hidden)
                .optLayers(2).optBidirectional(true).optResidual(residual).optDataType(DataType.DOUBLE)
                .build(new Rng(7));
        Random random = new Random(11);
        INDArray x = gaussian(random, layout.totalSteps(), inputSize);
        INDArray h0 = gaussian(random, 4, lengths.length, hidden);
        INDArray c0 = cell.hasCellState() ? gaussian(random, 4, lengths.length, hidden) : null;
        INDArray gOut = gaussian(random, layout.totalSteps(), 2 * hidden);
        INDArray gH = gaussian(random, 4, lengths.length, hidden);
        INDArray gC = cell.hasCellState() ? gaussian(random, 4, lengths.length, hidden) : null;

        RecurrentForward fwd = rnn.forward(x, layout, new RecurrentState(h0, c0));
        RecurrentGradients grads = rnn.backward(fwd, gOut, new RecurrentState(gH, gC));

        List<GradientCheck.Checked> checked = new ArrayList<>();
        for (Parameter p : rnn.parameters()) {
            checked.add(new GradientCheck.Checked(p.name(), p.value(), p.grad()));
        }
        checked.add(new GradientCheck.Checked("input", x, grads.input()));
        checked.add(new GradientCheck.Checked("h0", h0, grads.initialState().hidden()));
        if (c0 != null) {
            checked.add(new GradientCheck.Checked("c0", c0, grads.initialState().cell()));
        }
        GradientCheck.Result result = GradientCheck.check(() -> {
            RecurrentForward f = rnn.forward(x, layout, new RecurrentState(h0, c0));
            double loss = f.output().mul(gOut).sumNumber().doubleValue()
                    + f.finalState().hidden().mul(gH).sumNumber().doubleValue();
            if (gC != null) {
                loss += f.finalState().cell().mul(gC).sumNumber().doubleValue();
            }
            return loss;
        }, checked);
        assertThat(result.maxError()).as(result.toString()).isLessThanOrEqualTo(1e-6);
        assertThat(result.entries()).as("entries checked").isGreaterThan(150);
    }

    private static INDArray gaussian(Random random, long... shape) {
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, random.nextGaussian());
        }
        return a;
    }
}
