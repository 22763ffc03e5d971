package org.seqlab.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.random.Rng;

/**
 * The fast kernels (packed, BLAS, fast tanh in float32) agree with {@link TextbookRecurrent} on random shapes: odd
 * hidden sizes (vector-loop tails), random lengths, stacks, both directions, residual connections and initial states.
 * Backward in float32 agrees with backward in float64, which the gradient checks hold against finite differences.
 */
class RecurrentStackTextbookTest {
    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (CellType cell : CellType.values()) {
            for (long seed = 1; seed <= 4; seed++) {
                b.add(Arguments.of(cell, seed));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void fastKernelsMatchTextbookFormOnRandomShapes(CellType cell, long seed) {
        Random random = new Random(seed);
        // odd seeds: batches of 1-6 (W_hh used as it is), even seeds: 8-13 (W_hh transposed first)
        int batch = seed % 2 == 1 ? 1 + random.nextInt(6) : 8 + random.nextInt(6);
        int inputSize = 1 + random.nextInt(7);
        int hidden = 1 + random.nextInt(19);
        int layers = 1 + random.nextInt(2);
        boolean bidirectional = random.nextBoolean() || seed == 1;
        boolean residual = layers > 1 && random.nextBoolean();
        int[] lengths = new int[batch];
        for (int i = 0; i < batch; i++) {
            lengths[i] = 1 + random.nextInt(9);
        }
        int steps = java.util.Arrays.stream(lengths).max().getAsInt();
        SequenceLayout layout = SequenceLayout.of(lengths);
        RecurrentStack f64 = RecurrentStack.builder().setCell(cell).setInputSize(inputSize).setHiddenSize(hidden)
                .optLayers(layers).optBidirectional(bidirectional).optResidual(residual).optDataType(DataType.DOUBLE)
                .build(new Rng(seed));
        RecurrentStack f32 = RecurrentStack.builder().setCell(cell).setInputSize(inputSize).setHiddenSize(hidden)
                .optLayers(layers).optBidirectional(bidirectional).optResidual(residual).build(new Rng(seed));
        int dirs = bidirectional ? 2 : 1;
        double[][][] x = gaussian(random, batch, steps, inputSize);
        for (int b = 0; b < batch; b++) {
            for (int t = lengths[b]; t < steps; t++) {
                java.util.Arrays.fill(x[b][t], 0);
            }
        }
        double[][][] h0 = gaussian(random, layers * dirs, batch, hidden);
        double[][][] c0 = gaussian(random, layers * dirs, batch, hidden);

        TextbookRecurrent.Weights[][] weights = new TextbookRecurrent.Weights[layers][dirs];
        for (int l = 0; l < layers; l++) {
            for (int d = 0; d < dirs; d++) {
                String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
                // float32-representable weights so both networks hold exactly the same values
                weights[l][d] = new TextbookRecurrent.Weights(
                        matrix(f64, "weight_ih" + sfx), matrix(f64, "weight_hh" + sfx),
                        vector(f64, "bias_ih" + sfx), vector(f64, "bias_hh" + sfx));
                for (String name : new String[] {"weight_ih", "weight_hh", "bias_ih", "bias_hh"}) {
                    f32.parameters().get(name + sfx).value()
                            .assign(f64.parameters().get(name + sfx).value().castTo(DataType.FLOAT));
                }
            }
        }
        TextbookRecurrent.Result expected = TextbookRecurrent.run(cell, weights, residual, x, lengths, h0,
                cell.hasCellState() ? c0 : null);

        INDArray c0Array = cell.hasCellState() ? Nd4j.create(c0) : null;
        for (RecurrentStack rnn : new RecurrentStack[] {f64, f32}) {
            DataType type = rnn.dataType();
            double tol = type == DataType.DOUBLE ? 1e-12 : 2e-5;
            RecurrentState initial = new RecurrentState(Nd4j.create(h0).castTo(type),
                    c0Array == null ? null : c0Array.castTo(type));
            RecurrentForward fwd = rnn.forward(PaddedSequences.pack(Nd4j.create(x).castTo(type), layout), layout,
                    initial);
            assertClose(type + " output", PaddedSequences.unpack(fwd.output(), layout, steps), Nd4j.create(expected.out()),
                    tol);
            assertClose(type + " h_n", fwd.finalState().hidden(), Nd4j.create(expected.hN()), tol);
            if (cell.hasCellState()) {
                assertClose(type + " c_n", fwd.finalState().cell(), Nd4j.create(expected.cN()), tol);
            }
        }

        // Backward: float32 against float64 with the same cotangents.
        double[][] dOut = gaussian(random, 1, layout.totalSteps(), dirs * hidden)[0];
        double[][][] dhN = gaussian(random, layers * dirs, batch, hidden);
        double[][][] dcN = gaussian(random, layers * dirs, batch, hidden);
        RecurrentGradients[] grads = new RecurrentGradients[2];
        RecurrentStack[] nets = {f64, f32};
        for (int i = 0; i < 2; i++) {
            DataType type = nets[i].dataType();
            RecurrentState initial = new RecurrentState(Nd4j.create(h0).castTo(type),
                    c0Array == null ? null : c0Array.castTo(type));
            RecurrentForward fwd = nets[i].forward(PaddedSequences.pack(Nd4j.create(x).castTo(type), layout), layout,
                    initial);
            grads[i] = nets[i].backward(fwd, Nd4j.create(dOut).castTo(type), new RecurrentState(
                    Nd4j.create(dhN).castTo(type), cell.hasCellState() ? Nd4j.create(dcN).castTo(type) : null));
        }
        double tol = 1e-4;
        assertClose("dx", grads[1].input(), grads[0].input(), tol);
        assertClose("dh0", grads[1].initialState().hidden(), grads[0].initialState().hidden(), tol);
        if (cell.hasCellState()) {
            assertClose("dc0", grads[1].initialState().cell(), grads[0].initialState().cell(), tol);
        }
        for (var p : f64.parameters()) {
            assertClose("grad " + p.name(), f32.parameters().get(p.name()).grad(), p.grad(), tol);
        }
    }

    private static double[][] matrix(RecurrentStack rnn, String name) {
        INDArray v = rnn.parameters().get(name).value();
        // round to float32 so the float32 network holds the very same weights
        v.assign(v.castTo(DataType.FLOAT).castTo(DataType.DOUBLE));
        return v.toDoubleMatrix();
    }

    private static double[] vector(RecurrentStack rnn, String name) {
        INDArray v = rnn.parameters().get(name).value();
        v.assign(v.castTo(DataType.FLOAT).castTo(DataType.DOUBLE));
        return v.toDoubleVector();
    }

    /** Gaussian values rounded to float32, so both data types see identical inputs. */
    static double[][][] gaussian(Random random, int a, int b, int c) {
        double[][][] v = new double[a][b][c];
        for (double[][] m : v) {
            for (double[] row : m) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = (float) random.nextGaussian();
                }
            }
        }
        return v;
    }

    static void assertClose(String what, INDArray actual, INDArray expected, double tol) {
        assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
        double[] a = actual.dup('c').data().asDouble();
        double[] e = expected.dup('c').data().asDouble();
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= tol * Math.max(1, Math.abs(e[i])))) {
                fail(what + "[" + i + "]: got " + a[i] + ", expected " + e[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
