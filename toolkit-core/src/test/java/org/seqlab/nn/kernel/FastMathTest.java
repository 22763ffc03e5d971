package org.seqlab.nn.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The float32 tanh/sigmoid approximations stay within a few float32 ulps of the exact functions everywhere. */
class FastMathTest {
    /** 4 ulps of 1.0f: the bound the float32 fixtures' tolerance (atol 1e-6) leaves ample room for. */
    private static final double BOUND = 4 * Math.ulp(1.0f);

    @Test
    void tanhIsWithinFourUlpsOfOneOverADenseGrid() {
        double worst = 0;
        for (int i = -500_000; i <= 500_000; i++) {
            float x = i * 4e-5f;
            worst = Math.max(worst, Math.abs(FastMath.tanh(x) - Math.tanh(x)));
        }
        assertThat(worst).isLessThanOrEqualTo(BOUND);
    }

    @Test
    void tanhIsRelativelyAccurateNearZeroAndSaturatesExactly() {
        for (float x = 1e-8f; x < 0.1f; x *= 1.01f) {
            assertThat(Math.abs(FastMath.tanh(x) - Math.tanh(x)) / Math.tanh(x)).as("x=" + x).isLessThan(1e-6);
            assertThat(FastMath.tanh(-x)).isEqualTo(-FastMath.tanh(x));
        }
        assertThat(FastMath.tanh(30f)).isEqualTo(1f);
        assertThat(FastMath.tanh(-1e30f)).isEqualTo(-1f);
        assertThat(FastMath.tanh(0f)).isEqualTo(0f);
    }

    @Test
    void sigmoidIsWithinTwoUlpsOfOneOverADenseGrid() {
        double worst = 0;
        for (int i = -1_000_000; i <= 1_000_000; i++) {
            float x = i * 4e-5f;
            double exact = 1 / (1 + Math.exp(-(double) x));
            worst = Math.max(worst, Math.abs(FastMath.sigmoid(x) - exact));
        }
        assertThat(worst).isLessThanOrEqualTo(BOUND / 2 + Math.ulp(0.5f));
    }

    @Test
    void float64OverloadsAreExact() {
        for (double x = -20; x <= 20; x += 0.37) {
            assertThat(FastMath.tanh(x)).isEqualTo(Math.tanh(x));
            assertThat(FastMath.sigmoid(x)).isEqualTo(1 / (1 + Math.exp(-x)));
        }
    }
}
