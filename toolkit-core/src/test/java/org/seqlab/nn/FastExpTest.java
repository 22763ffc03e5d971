package org.seqlab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FastExpTest {

    @Test
    void relativeErrorIsBelowOneHundredMillionthOnTheWholeRange() {
        double worst = 0;
        for (int i = 0; i <= 2_000_000; i++) {
            double x = -87.5 * i / 2_000_000;
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(FastExp.expNonPositive(x) - exact) / exact);
        }
        // float32 rounds to a relative 6e-8; the approximation stays well under that.
        assertThat(worst).isLessThan(1e-8);
        assertThat(FastExp.expNonPositive(0)).isEqualTo(1.0);
    }

    @Test
    void underflowsToZeroBelowFloat32Range() {
        assertThat(FastExp.expNonPositive(-88)).isZero();
        assertThat(FastExp.expNonPositive(Double.NEGATIVE_INFINITY)).isZero();
    }
}
