package org.seqlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SoftmaxCrossEntropyTest {
    private static final double LN3 = Math.log(3);

    private static void assertClose(double[] actual, double[] expected, double tol) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("entry %d", i).isCloseTo(expected[i], within(tol));
        }
    }

    @Test
    void twoClassesLogitsZeroAndLn3GiveQuarterAndThreeQuarters() {
        // p = [1, 3] / 4 = [0.25, 0.75]; loss = -ln 0.75; gradient p - onehot(1) = [0.25, -0.25].
        SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.builder().build();
        SoftmaxCrossEntropy.Result r = ce.compute(TestArrays.of(DataType.DOUBLE, new double[] {0, LN3}, 1, 2),
                new int[] {1});
        assertThat(r.loss()).isCloseTo(-Math.log(0.75), within(1e-15));
        assertClose(NativeArrays.read(r.logitsGrad()), new double[] {0.25, -0.25}, 1e-15);
        assertThat(r.count()).isEqualTo(1);
    }

    @Test
    void labelSmoothingUsesUniformOverClassesTargets() {
        // ε = 0.2 over 2 classes: q = [0.1, 0.9]; loss = -(0.1 ln 0.25 + 0.9 ln 0.75); gradient p - q = [0.15, -0.15].
        SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.builder().optLabelSmoothing(0.2).build();
        SoftmaxCrossEntropy.Result r = ce.compute(TestArrays.of(DataType.DOUBLE, new double[] {0, LN3}, 1, 2),
                new int[] {1});
        assertThat(r.loss()).isCloseTo(-(0.1 * Math.log(0.25) + 0.9 * Math.log(0.75)), within(1e-15));
        assertClose(NativeArrays.read(r.logitsGrad()), new double[] {0.15, -0.15}, 1e-15);
    }

    @Test
    void labelSmoothingMatchesTheDirectFormula() {
        int n = 4;
        int classes = 5;
        double eps = 0.1;
        INDArray logits = TestArrays.gaussian(DataType.DOUBLE, 21, n, classes);
        int[] targets = {0, 4, 2, 2};
        double[] z = NativeArrays.read(logits);
        double expected = 0;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(z[i * classes + c]);
            }
            for (int c = 0; c < classes; c++) {
                double q = (c == targets[i] ? 1 - eps : 0) + eps / classes;
                expected -= q * Math.log(Math.exp(z[i * classes + c]) / sum);
            }
        }
        expected /= n;
        SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.builder().optLabelSmoothing(eps).build().compute(logits,
                targets);
        assertThat(r.loss()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void matchesPyTorchWithLabelSmoothingIgnoreIndexAndSum() {
        // Oracle: torch 1.13 float64, F.cross_entropy(z, t, label_smoothing=0.1[, reduction='sum']).
        double[] z = {1.0, 2.0, 0.5, 0.1, -1.2, 3.0, 5.0, 5.0, 5.0};
        SoftmaxCrossEntropy mean = SoftmaxCrossEntropy.builder().optLabelSmoothing(0.1).build();
        SoftmaxCrossEntropy.Result r = mean.compute(TestArrays.of(DataType.DOUBLE, z, 2, 3), new int[] {2, 0});
        assertThat(r.loss()).isCloseTo(2.4060224998010584, within(1e-12));
        assertClose(NativeArrays.read(r.logitsGrad()), new double[] {0.09894528214440786, 0.29759919293921455,
                -0.39654447508362245, -0.44095533326906367, -0.009659510874522634, 0.4506148441435864}, 1e-12);
        SoftmaxCrossEntropy sum = SoftmaxCrossEntropy.builder().optLabelSmoothing(0.1)
                .optReduction(SoftmaxCrossEntropy.Reduction.SUM).build();
        SoftmaxCrossEntropy.Result s = sum.compute(TestArrays.of(DataType.DOUBLE, z, 3, 3), new int[] {2, 0, -100});
        assertThat(s.loss()).isCloseTo(4.812044999602117, within(1e-12));
        assertThat(s.count()).isEqualTo(2);
        assertClose(NativeArrays.read(s.logitsGrad()), new double[] {0.1978905642888157, 0.5951983858784291,
                -0.7930889501672449, -0.8819106665381273, -0.01931902174904527, 0.9012296882871728, 0, 0, 0}, 1e-12);
    }

    @Test
    void maskedRowsAreExcludedFromLossGradientAndMean() {
        SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.builder().build();
        INDArray logits = TestArrays.of(DataType.FLOAT, new double[] {0, LN3, 7, -7, 0, LN3}, 3, 2);
        SoftmaxCrossEntropy.Result r = ce.compute(logits, new int[] {1, 1, 1}, new boolean[] {true, false, true});
        assertThat(r.count()).isEqualTo(2);
        assertThat(r.loss()).isCloseTo(-Math.log(0.75), within(1e-6));
        assertThat(r.logitsGrad().dataType()).isEqualTo(DataType.FLOAT);
        assertClose(NativeArrays.read(r.logitsGrad()), new double[] {0.125, -0.125, 0, 0, 0.125, -0.125}, 1e-7);
        SoftmaxCrossEntropy.Result none = ce.compute(logits, new int[] {1, 1, 1}, new boolean[3]);
        assertThat(none.loss()).isZero();
        assertThat(NativeArrays.read(none.logitsGrad())).containsOnly(0);
    }

    @Test
    void hugeLogitsStayFinite() {
        // log(e^1000 + e^0) = 1000 + log(1 + e^-1000) = 1000 in double; target 1 loses by 1000.
        SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.builder().build()
                .compute(TestArrays.of(DataType.DOUBLE, new double[] {1000, 0, -1000, 1000}, 2, 2), new int[] {1, 1});
        assertThat(r.loss()).isCloseTo(500, within(1e-9));
        assertClose(NativeArrays.read(r.logitsGrad()), new double[] {0.5, -0.5, 0, 0}, 1e-12);
    }

    @Test
    void passesFloat64GradientCheckWithSmoothingAndMask() {
        for (SoftmaxCrossEntropy.Reduction red : SoftmaxCrossEntropy.Reduction.values()) {
            SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.builder().optLabelSmoothing(0.15).optReduction(red).build();
            INDArray logits = TestArrays.gaussian(DataType.DOUBLE, 31, 5, 4).muli(3);
            int[] targets = {3, 0, 1, -100, 2};
            boolean[] mask = {true, true, false, true, true};
            INDArray grad = ce.compute(logits, targets, mask).logitsGrad();
            GradientCheck.Result result = GradientCheck.check(() -> ce.compute(logits, targets, mask).loss(),
                    List.of(new GradientCheck.Checked("logits", logits, grad)));
            assertThat(result.maxError()).as(result.toString()).isLessThan(1e-6);
        }
    }

    @Test
    void aBiasAddedInThePassGivesTheLossOfBiasedLogitsAndSumsTheBiasGradient() {
        // 300 rows (two halves on two threads) over 700 classes, label smoothing, an ignored row
        int n = 300;
        int classes = 700;
        java.util.Random random = new java.util.Random(7);
        float[] z = new float[n * classes];
        float[] bias = new float[classes];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian() * 3;
        }
        for (int c = 0; c < classes; c++) {
            bias[c] = (float) random.nextGaussian();
        }
        int[] targets = new int[n];
        for (int i = 0; i < n; i++) {
            targets[i] = random.nextInt(classes);
        }
        targets[17] = -100;
        float[] biased = z.clone();
        for (int i = 0; i < z.length; i++) {
            biased[i] += bias[i % classes];
        }
        SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.builder().optLabelSmoothing(0.1).build();
        SoftmaxCrossEntropy.Result expected = ce.computeInPlace(
                Nd4j.create(biased, new long[] {n, classes}, 'c'), targets, null);
        float[] before = {0.5f};
        float[] biasGrad = new float[classes];
        biasGrad[3] = before[0]; // added into, not overwritten
        SoftmaxCrossEntropy.Result r = ce.computeInPlace(Nd4j.create(z, new long[] {n, classes}, 'c'), targets, null,
                bias, biasGrad);
        assertThat(r.count()).isEqualTo(n - 1);
        assertThat(r.loss()).isCloseTo(expected.loss(), within(1e-6 * expected.loss()));
        float[] g = r.logitsGrad().data().asFloat();
        float[] e = expected.logitsGrad().data().asFloat();
        for (int i = 0; i < g.length; i++) {
            assertThat(g[i]).as("gradient %d", i).isCloseTo(e[i], within(1e-7f));
        }
        for (int c = 0; c < classes; c++) {
            double sum = c == 3 ? before[0] : 0;
            for (int i = 0; i < n; i++) {
                sum += e[i * classes + c];
            }
            assertThat((double) biasGrad[c]).as("bias gradient %d", c).isCloseTo(sum, within(1e-6));
        }
        assertThatThrownBy(() -> ce.computeInPlace(Nd4j.create(new double[] {0, 1}, new long[] {1, 2}), new int[] {0},
                null, new float[2], new float[2])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("float32 logits only");
        assertThatThrownBy(() -> ce.computeInPlace(Nd4j.create(new float[] {0, 1}, new long[] {1, 2}, 'c'),
                new int[] {0}, null, new float[3], new float[2])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need 2 values, got 3 and 2");
    }

    @Test
    void rejectsBadTargetsShapesAndNaN() {
        SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.builder().build();
        INDArray logits = TestArrays.of(DataType.DOUBLE, new double[] {0, 1, 2, 3}, 2, 2);
        assertThatThrownBy(() -> ce.compute(logits, new int[] {0, 2}))
                .hasMessage("softmax cross-entropy: target 2 of row 1 is outside the 2 classes");
        assertThatThrownBy(() -> ce.compute(logits, new int[] {0}))
                .hasMessageContaining("logits must be [N = 1 targets, classes], got [2, 2]");
        INDArray nan = TestArrays.of(DataType.DOUBLE, new double[] {0, Double.NaN}, 1, 2);
        assertThatThrownBy(() -> ce.compute(nan, new int[] {0})).hasMessageContaining("row 0 has NaN");
        assertThatThrownBy(() -> SoftmaxCrossEntropy.builder().optLabelSmoothing(1.5).build())
                .hasMessageContaining("label smoothing");
    }

    /**
     * Logits of a million values or more are processed as two halves of the rows on two threads: every row's
     * gradient and loss equal those of the row alone (one thread), whichever half it falls in, masked rows included.
     */
    @Test
    void largeLogitsSplitOverTwoThreadsGiveEachRowsOwnResult() {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            int n = 260;
            int classes = 4100; // 1,066,000 values: above the two-thread threshold of 2^20
            INDArray logits = TestArrays.gaussian(type, 33, n, classes).muli(4);
            int[] targets = new int[n];
            boolean[] mask = new boolean[n];
            for (int r = 0; r < n; r++) {
                targets[r] = (r * 37) % classes;
                mask[r] = r % 7 != 3;
            }
            SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.builder().optLabelSmoothing(0.1)
                    .optReduction(SoftmaxCrossEntropy.Reduction.SUM).build();
            SoftmaxCrossEntropy.Result all = ce.compute(logits, targets, mask);
            double[] grad = NativeArrays.read(all.logitsGrad());
            double total = 0;
            int count = 0;
            for (int r = 0; r < n; r++) {
                INDArray row = logits.getRow(r, true).dup();
                SoftmaxCrossEntropy.Result one = ce.compute(row, new int[] {targets[r]}, new boolean[] {mask[r]});
                total += one.loss();
                count += one.count();
                double[] expected = NativeArrays.read(one.logitsGrad());
                double[] actual = java.util.Arrays.copyOfRange(grad, r * classes, (r + 1) * classes);
                assertThat(actual).as("%s row %d", type, r).containsExactly(expected);
            }
            assertThat(all.count()).isEqualTo(count);
            assertThat(all.loss()).as(type.toString()).isCloseTo(total, within(1e-9 * Math.abs(total)));
        }
    }

    @Test
    void float32PathAgreesWithTheExactFloat64OneOnAVocabularySizedBatch() {
        java.util.Random random = new java.util.Random(5);
        int n = 40;
        int classes = 8000;
        double[] values = new double[n * classes];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian() * (1 + i % 7);
        }
        int[] targets = new int[n];
        boolean[] mask = new boolean[n];
        for (int i = 0; i < n; i++) {
            targets[i] = random.nextInt(classes);
            mask[i] = i % 5 != 3;
        }
        SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.builder().optLabelSmoothing(0.1).build();
        // the float64 path on the float32-rounded logits: only the float32 arithmetic differs
        INDArray floats = TestArrays.of(DataType.FLOAT, values, n, classes);
        SoftmaxCrossEntropy.Result exact = ce.compute(floats.castTo(DataType.DOUBLE), targets, mask);
        SoftmaxCrossEntropy.Result fast = ce.compute(floats, targets, mask);
        assertThat(fast.count()).isEqualTo(exact.count()).isEqualTo(32);
        assertThat(fast.loss()).isCloseTo(exact.loss(), within(1e-6 * exact.loss()));
        // gradients are at most 1/32 in size; float32 keeps them to a few 1e-9
        assertClose(NativeArrays.read(fast.logitsGrad()), NativeArrays.read(exact.logitsGrad()), 2e-8);
    }

    @Test
    void inPlaceGivesTheSameLossAndWritesTheGradientOverTheLogits() {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            java.util.Random random = new java.util.Random(9);
            int n = 12;
            int classes = 9000; // n·classes over the two-thread threshold: both halves write in place
            double[] values = new double[n * classes];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextGaussian() * 3;
            }
            int[] targets = new int[n];
            for (int i = 0; i < n; i++) {
                targets[i] = random.nextInt(classes);
            }
            targets[4] = -100; // ignored
            SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.builder().optLabelSmoothing(0.1).build();
            SoftmaxCrossEntropy.Result copy = ce.compute(TestArrays.of(type, values, n, classes), targets, null);
            INDArray logits = TestArrays.of(type, values, n, classes);
            SoftmaxCrossEntropy.Result inPlace = ce.computeInPlace(logits, targets, null);
            assertThat(inPlace.logitsGrad()).isSameAs(logits);
            assertThat(inPlace.loss()).isEqualTo(copy.loss());
            assertThat(inPlace.count()).isEqualTo(copy.count()).isEqualTo(11);
            assertThat(NativeArrays.read(logits)).containsExactly(NativeArrays.read(copy.logitsGrad()));
        }
    }

    @Test
    void inPlaceTakesTheLeadingRowsOfALargerBufferButNoStridedView() {
        SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.builder().build();
        GrowableArray buffer = new GrowableArray();
        buffer.rows(DataType.FLOAT, 10, 2);
        INDArray prefix = buffer.rows(DataType.FLOAT, 1, 2);
        NativeArrays.write(prefix, new double[] {0, LN3});
        SoftmaxCrossEntropy.Result r = ce.computeInPlace(prefix, new int[] {1}, null);
        assertClose(NativeArrays.read(r.logitsGrad()), new double[] {0.25, -0.25}, 1e-7);

        INDArray column = TestArrays.of(DataType.FLOAT, new double[] {0, 1, 2, 3}, 2, 2)
                .get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2));
        assertThatThrownBy(() -> ce.computeInPlace(column, new int[] {0, 0}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dense");
    }
}
