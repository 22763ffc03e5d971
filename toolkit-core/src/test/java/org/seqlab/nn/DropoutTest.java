package org.seqlab.nn;

import org.seqlab.random.Rng;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.batch.SequenceLayout;

class DropoutTest {

    @Test
    void inferenceAndZeroProbabilityAreTheIdentity() {
        INDArray x = TestArrays.gaussian(DataType.FLOAT, 1, 3, 4);
        assertThat(new Dropout(0.5).forward(x, false, null).output()).isSameAs(x);
        assertThat(new Dropout(0).forward(x, true, new Rng(1)).output()).isSameAs(x);
    }

    @Test
    void trainingZeroesAboutPAndScalesSurvivorsByOneOverOneMinusP() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 200, 100);
        double[] y = NativeArrays.read(new Dropout(0.3).forward(x, true, new Rng(2)).output());
        int zeros = 0;
        for (double v : y) {
            if (v == 0) {
                zeros++;
            } else {
                assertThat(v).isCloseTo(1 / 0.7, within(1e-6));
            }
        }
        // 20000 Bernoulli(0.3) draws: standard deviation 0.0032, so ±0.02 is over 6 of them.
        assertThat(zeros / 20000.0).isCloseTo(0.3, within(0.02));
    }

    @Test
    void aSeedFixesTheMaskAndBackwardUsesIt() {
        Dropout d = new Dropout(0.5);
        INDArray x = TestArrays.gaussian(DataType.DOUBLE, 3, 6, 5);
        Dropout.Result a = d.forward(x, true, new Rng(11));
        Dropout.Result b = d.forward(x, true, new Rng(11));
        assertThat(a.mask()).containsExactly(b.mask());
        INDArray g = TestArrays.gaussian(DataType.DOUBLE, 4, 6, 5);
        double[] dx = NativeArrays.read(d.backward(a, g));
        double[] gv = NativeArrays.read(g);
        for (int i = 0; i < dx.length; i++) {
            assertThat(dx[i]).isEqualTo(gv[i] * a.mask()[i]);
        }
        GradientCheck.Result result = GradientCheck.check(
                () -> TestArrays.dot(d.forward(x, true, new Rng(11)).output(), g),
                List.of(new GradientCheck.Checked("x", x, d.backward(a, g))));
        assertThat(result.maxError()).as(result.toString()).isLessThan(1e-6);
    }

    @Test
    void lockedDropoutSharesOneMaskPerSequenceAcrossTimeSteps() {
        SequenceLayout layout = SequenceLayout.of(3, 1, 4);
        int dim = 50;
        LockedDropout d = new LockedDropout(0.5);
        INDArray x = Nd4j.ones(DataType.DOUBLE, layout.totalSteps(), dim);
        LockedDropout.Result r = d.forward(x, layout, true, new Rng(5));
        double[] y = NativeArrays.read(r.output());
        for (int i = 0; i < layout.batch(); i++) {
            for (int t = 0; t < layout.length(i); t++) {
                int row = layout.packedRow(t, i);
                for (int k = 0; k < dim; k++) {
                    assertThat(y[row * dim + k]).isEqualTo(r.sequenceMask()[i * dim + k]);
                }
            }
        }
        // The masks are not trivially all-keep or all-drop.
        assertThat(r.sequenceMask()).contains(0.0, 2.0);
    }

    @Test
    void lockedDropoutPassesGradientCheckAndRejectsWrongRowCount() {
        SequenceLayout layout = SequenceLayout.of(2, 3);
        LockedDropout d = new LockedDropout(0.4);
        INDArray x = TestArrays.gaussian(DataType.DOUBLE, 6, layout.totalSteps(), 3);
        INDArray g = TestArrays.gaussian(DataType.DOUBLE, 7, layout.totalSteps(), 3);
        INDArray dx = d.backward(d.forward(x, layout, true, new Rng(8)), g);
        GradientCheck.Result result = GradientCheck.check(
                () -> TestArrays.dot(d.forward(x, layout, true, new Rng(8)).output(), g),
                List.of(new GradientCheck.Checked("x", x, dx)));
        assertThat(result.maxError()).as(result.toString()).isLessThan(1e-6);
        assertThatThrownBy(() -> d.forward(TestArrays.gaussian(DataType.DOUBLE, 1, 4, 3), layout, true, new Rng(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("locked dropout")
                .hasMessageContaining("totalSteps = 5");
    }

    @Test
    void wordDropoutReplacesAboutPOfTheIdsWithUnknownAndNeverPadding() {
        WordDropout d = new WordDropout(0.25, 1, 0);
        int[] ids = new int[20000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i % 10 == 0 ? 0 : 2 + i % 7;
        }
        int[] out = d.apply(ids, true, new Rng(3));
        int replaced = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == 0) {
                assertThat(out[i]).isZero();
            } else if (out[i] != ids[i]) {
                assertThat(out[i]).isEqualTo(1);
                replaced++;
            }
        }
        // 18000 Bernoulli(0.25) draws: standard deviation 0.0032.
        assertThat(replaced / 18000.0).isCloseTo(0.25, within(0.02));
        assertThat(d.apply(ids, true, new Rng(3))).containsExactly(out);
        assertThat(d.apply(ids, false, null)).containsExactly(ids);
    }

    @Test
    void probabilityOutsideZeroToOneIsRejected() {
        assertThatThrownBy(() -> new Dropout(1.0)).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> new LockedDropout(-0.1)).hasMessageContaining("locked dropout");
        assertThatThrownBy(() -> new WordDropout(Double.NaN, 1, 0)).hasMessageContaining("word dropout");
    }

    @Test
    void float32InputsGetTheSameDecisionsAsFloat64OnesFromAFloatMask() {
        Dropout d = new Dropout(0.3);
        INDArray x64 = TestArrays.gaussian(DataType.DOUBLE, 5, 7, 9);
        INDArray x32 = x64.castTo(DataType.FLOAT);
        Dropout.Result a = d.forward(x64, true, new Rng(3));
        Dropout.Result b = d.forward(x32, true, new Rng(3));
        assertThat(b.mask()).isNull();
        assertThat(b.floatMask()).hasSize(a.mask().length);
        for (int i = 0; i < a.mask().length; i++) {
            assertThat(b.floatMask()[i]).isEqualTo((float) a.mask()[i]);
        }
        assertThat(b.output().dataType()).isEqualTo(DataType.FLOAT);
        float[] in = x32.data().asFloat();
        float[] out = b.output().data().asFloat();
        for (int i = 0; i < in.length; i++) {
            assertThat(out[i]).isEqualTo(in[i] * b.floatMask()[i]);
        }
        INDArray g = TestArrays.gaussian(DataType.FLOAT, 6, 7, 9);
        float[] dx = d.backward(b, g).data().asFloat();
        float[] gv = g.data().asFloat();
        for (int i = 0; i < gv.length; i++) {
            assertThat(dx[i]).isEqualTo(gv[i] * b.floatMask()[i]);
        }
        // a strided view as the gradient: read in C order like any other
        INDArray wide = TestArrays.gaussian(DataType.FLOAT, 7, 7, 18);
        INDArray view = wide.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 9));
        float[] viewValues = view.dup('c').data().asFloat();
        float[] dv = d.backward(b, view).data().asFloat();
        for (int i = 0; i < dv.length; i++) {
            assertThat(dv[i]).isEqualTo(viewValues[i] * b.floatMask()[i]);
        }
    }
}
