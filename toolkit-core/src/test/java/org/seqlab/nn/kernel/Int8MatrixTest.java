package org.seqlab.nn.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;

class Int8MatrixTest {

    @BeforeEach
    void needsVnni() {
        Assumptions.assumeTrue(Int8Matrix.supported(), "skipped: no int8 products on this machine (oneDNN with VNNI)");
    }

    @Test
    void valuesOnTheQuantisationGridMultiplyExactly() {
        // every weight row and input row holds ±127, so both scales are 1 and the integers pass unchanged: the
        // result is the exact integer product (this catches a wrong transpose, offset or zero point)
        Random random = new Random(1);
        int out = 37;
        int in = 50;
        int n = 5;
        float[] w = new float[out * in];
        for (int o = 0; o < out; o++) {
            for (int k = 0; k < in; k++) {
                w[o * in + k] = random.nextInt(255) - 127;
            }
            w[o * in + o % in] = o % 2 == 0 ? 127 : -127;
        }
        float[] x = new float[n * in];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < in; k++) {
                x[r * in + k] = random.nextInt(255) - 127;
            }
            x[r * in + (3 * r) % in] = -127;
        }
        float[] bias = new float[out];
        for (int o = 0; o < out; o++) {
            bias[o] = o - 10;
        }
        Int8Matrix m = Int8Matrix.quantize(w, out, in);
        assertThat(m.rows()).isEqualTo(out);
        assertThat(m.columns()).isEqualTo(in);
        int stride = out + 3;
        float[] y = new float[n * stride];
        m.multiply(x, n, bias, y, stride, new Int8Matrix.Buffers());
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < out; o++) {
                long exact = 0;
                for (int k = 0; k < in; k++) {
                    exact += (long) x[r * in + k] * (long) w[o * in + k];
                }
                assertThat(y[r * stride + o]).as("row %d output %d", r, o).isEqualTo(exact + bias[o]);
            }
            for (int o = out; o < stride; o++) {
                assertThat(y[r * stride + o]).as("the gap between rows is left alone").isZero();
            }
        }
    }

    @Test
    void randomValuesStayWithinTheRoundingBound() {
        Random random = new Random(2);
        int out = 300;
        int in = 130;
        int n = 70;
        float[] w = new float[out * in];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian() * 0.1f;
        }
        float[] x = new float[n * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.tanh(random.nextGaussian());
        }
        Int8Matrix m = Int8Matrix.quantize(w, out, in);
        Int8Matrix.Buffers buffers = new Int8Matrix.Buffers();
        float[] y = new float[n * out];
        m.multiply(x, n, null, y, out, buffers);
        double worst = 0;
        for (int r = 0; r < n; r++) {
            double xMax = 0;
            for (int k = 0; k < in; k++) {
                xMax = Math.max(xMax, Math.abs(x[r * in + k]));
            }
            for (int o = 0; o < out; o++) {
                double wMax = 0;
                double exact = 0;
                double bound = 0;
                for (int k = 0; k < in; k++) {
                    wMax = Math.max(wMax, Math.abs(w[o * in + k]));
                }
                // each factor is off by at most half its step (max/127); the product by the sum of the cross terms
                double dx = xMax / 254;
                double dw = wMax / 254;
                for (int k = 0; k < in; k++) {
                    double xv = x[r * in + k];
                    double wv = w[o * in + k];
                    exact += xv * wv;
                    bound += Math.abs(xv) * dw + Math.abs(wv) * dx + dx * dw;
                }
                double error = Math.abs(y[r * out + o] - exact);
                assertThat(error).as("row %d output %d", r, o).isLessThanOrEqualTo(bound * 1.001 + 1e-6);
                worst = Math.max(worst, error / bound);
            }
        }
        assertThat(worst).as("the bound is not loose by orders of magnitude").isGreaterThan(0.05);
        // the same buffers serve a second, smaller call
        float[] again = new float[2 * out];
        m.multiply(x, 2, null, again, out, buffers);
        for (int i = 0; i < again.length; i++) {
            assertThat(again[i]).isEqualTo(y[i]);
        }
    }

    @Test
    void aZeroRowGivesTheBiasAndBadShapesAreRefused() {
        Int8Matrix m = Int8Matrix.quantize(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        float[] y = new float[2];
        m.multiply(new float[3], 1, new float[] {0.5f, -1.5f}, y, 2, new Int8Matrix.Buffers());
        assertThat(y).containsExactly(0.5f, -1.5f);
        assertThatThrownBy(() -> m.multiply(new float[2], 1, null, y, 2, new Int8Matrix.Buffers()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too small");
        assertThatThrownBy(() -> Int8Matrix.quantize(new float[] {1, Float.NaN}, 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not finite");
        assertThatThrownBy(() -> Int8Matrix.quantize(new float[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
