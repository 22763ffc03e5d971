package org.seqlab.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.kernel.DirectionKernel;
import org.seqlab.nn.kernel.DirectionParams;
import org.seqlab.nn.kernel.KernelThreads;

/**
 * A unidirectional layer large enough to split its sequences over two threads gives what one thread gives: outputs,
 * final states, and every gradient (parameters, input, initial states), with ragged lengths, initial states and both
 * time directions. The one-thread kernel is the one the gradient checks and the PyTorch fixtures hold.
 */
class SplitRowsTest {
    private static final int BATCH = 13;
    private static final int INPUT = 60;
    private static final int HIDDEN = 200;

    @ParameterizedTest
    @EnumSource(CellType.class)
    void twoThreadsGiveTheOneThreadResult(CellType cell) {
        Random random = new Random(cell.ordinal() + 11);
        int[] lengths = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            lengths[i] = 40 + random.nextInt(40);
        }
        SequenceLayout layout = SequenceLayout.of(lengths);
        int gates = cell.gateBlocks() * HIDDEN;
        if (Runtime.getRuntime().availableProcessors() >= 2) {
            assertThat(KernelThreads.balancedSplit(layout, (long) gates * (HIDDEN + INPUT)))
                    .as("the case is large enough to split").isPositive();
        }
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            // float32: the two halves' products go through other GEMM blockings (sums in another order), and over
            // 40-80 steps the rounding grows to a few 1e-6 with OpenBLAS's AVX2 kernels
            double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-5;
            INDArray x = gaussian(random, type, layout.totalSteps(), INPUT);
            INDArray h0 = gaussian(random, type, 1, BATCH, HIDDEN);
            INDArray c0 = gaussian(random, type, 1, BATCH, HIDDEN);
            INDArray dOut = gaussian(random, type, layout.totalSteps(), HIDDEN);
            INDArray dhN = gaussian(random, type, 1, BATCH, HIDDEN);
            INDArray dcN = gaussian(random, type, 1, BATCH, HIDDEN);
            INDArray[] weights = {gaussian(random, type, gates, INPUT).muli(0.1),
                gaussian(random, type, gates, HIDDEN).muli(0.1), gaussian(random, type, gates).muli(0.1),
                gaussian(random, type, gates).muli(0.1)};
            for (boolean reverse : new boolean[] {false, true}) {
                Run one = run(cell, layout, type, reverse, false, weights, x, h0, c0, dOut, dhN, dcN);
                Run two = run(cell, layout, type, reverse, true, weights, x, h0, c0, dOut, dhN, dcN);
                String what = type + (reverse ? " reverse " : " ");
                for (int i = 0; i < one.arrays().length; i++) {
                    INDArray a = one.arrays()[i];
                    INDArray b = two.arrays()[i];
                    if (a == null) {
                        continue;
                    }
                    double scale = Math.max(1, a.amaxNumber().doubleValue());
                    assertThat(a.sub(b).amaxNumber().doubleValue() / scale).as(what + Run.NAMES[i])
                            .isLessThanOrEqualTo(tolerance);
                }
            }
        }
    }

    private record Run(INDArray[] arrays) {
        static final String[] NAMES = {"output", "h_n", "c_n", "dx", "dh0", "dc0", "dW_ih", "dW_hh", "db_ih", "db_hh"};
    }

    private static Run run(CellType cell, SequenceLayout layout, DataType type, boolean reverse, boolean split,
            INDArray[] weights, INDArray x, INDArray h0, INDArray c0, INDArray dOut, INDArray dhN, INDArray dcN) {
        Parameter[] p = new Parameter[4];
        String[] names = {"weight_ih", "weight_hh", "bias_ih", "bias_hh"};
        for (int i = 0; i < 4; i++) {
            p[i] = new Parameter(names[i], weights[i].dup());
        }
        DirectionParams params = new DirectionParams(p[0], p[1], p[2], p[3]);
        boolean cellState = cell.hasCellState();
        DirectionKernel kernel = cell.kernel(type, layout, INPUT, HIDDEN, reverse);
        kernel.splitRows(split);
        kernel.forward(x, params, h0, cellState ? c0 : null, 0);
        INDArray out = Nd4j.create(type, layout.totalSteps(), HIDDEN);
        INDArray hN = Nd4j.create(type, 1, BATCH, HIDDEN);
        INDArray cN = cellState ? Nd4j.create(type, 1, BATCH, HIDDEN) : null;
        kernel.writeOutput(out, 0);
        kernel.writeFinalState(hN, cN, 0);
        INDArray dx = Nd4j.create(type, layout.totalSteps(), INPUT);
        INDArray dh0 = Nd4j.create(type, 1, BATCH, HIDDEN);
        INDArray dc0 = cellState ? Nd4j.create(type, 1, BATCH, HIDDEN) : null;
        kernel.backward(dOut, 0, dhN, cellState ? dcN : null, 0, x, params, dx, false, dh0, dc0);
        return new Run(new INDArray[] {out, hN, cN, dx, dh0, dc0, p[0].grad(), p[1].grad(), p[2].grad(),
            p[3].grad()});
    }

    private static INDArray gaussian(Random random, DataType type, long... shape) {
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        double[] v = new double[(int) a.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian();
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(type);
    }
}
