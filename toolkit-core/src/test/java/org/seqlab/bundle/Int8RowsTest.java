package org.seqlab.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class Int8RowsTest {

    @Test
    void quantisesEachRowByItsLargestMagnitude() {
        // row 0: max 2.54 -> scale 0.02, values 127, -50, 0; row 1: max 127 -> scale 1, values -127, 3 (2.6 rounds up), 1
        Int8Rows.Quantized q = Int8Rows.quantize(new float[] {2.54f, -1f, 0f, -127f, 2.6f, 0.5001f}, 3);
        assertThat(q.scales()).containsExactly(new float[] {0.02f, 1f}, org.assertj.core.data.Offset.offset(1e-8f));
        assertThat(q.values()).containsExactly(127, -50, 0, -127, 3, 1);
        assertThat(q.dequantize()).containsExactly(new float[] {2.54f, -1f, 0f, -127f, 3f, 1f},
                org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void anAllZeroRowHasScaleZeroAndComesBackAsZeros() {
        Int8Rows.Quantized q = Int8Rows.quantize(new float[] {0f, 0f, -0f, 1f, 1f, 1f}, 3);
        assertThat(q.scales()[0]).isZero();
        assertThat(q.dequantize()).startsWith(0f, 0f, 0f);
    }

    @Test
    void everyValueComesBackWithinHalfAScaleStep() {
        SplittableRandom rng = new SplittableRandom(7);
        int rows = 200;
        int cols = 300;
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) {
            // rows of very different magnitudes, as in real embedding tables
            data[i] = (float) (rng.nextGaussian() * Math.pow(10, (i / cols) % 7 - 3));
        }
        Int8Rows.Quantized q = Int8Rows.quantize(data, cols);
        float[] back = q.dequantize();
        double worst = 0;
        for (int i = 0; i < data.length; i++) {
            float scale = q.scales()[i / cols];
            double err = Math.abs(back[i] - data[i]);
            // half a step, plus the float rounding of q * scale and of the scale itself
            assertThat(err).as("value %d", i).isLessThanOrEqualTo(scale / 2 * (1 + 1e-5) + Math.ulp(data[i]));
            worst = Math.max(worst, err / scale);
        }
        assertThat(worst).isBetween(0.45, 0.50001);
    }

    @Test
    void nonFiniteValuesAndRaggedRowsAreRefused() {
        assertThatThrownBy(() -> Int8Rows.quantize(new float[] {1f, Float.NaN}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 0");
        assertThatThrownBy(() -> Int8Rows.quantize(new float[] {1f, 2f, 3f}, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
