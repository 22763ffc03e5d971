package org.seqlab.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.seqlab.random.Rng;

class FastTanhTest {
    @Test
    void absoluteErrorAgainstMathTanhIsBelow1e15InsideEightAndBelow5e9Everywhere() {
        Rng rng = new Rng(5);
        double worstInside = 0;
        double worst = 0;
        for (int i = 0; i < 400_000; i++) {
            double x = (rng.nextDouble() * 2 - 1) * (i % 2 == 0 ? 8 : 40);
            double err = Math.abs(FastTanh.tanh(x) - Math.tanh(x));
            worst = Math.max(worst, err);
            if (Math.abs(x) < 8) {
                worstInside = Math.max(worstInside, err);
            }
        }
        assertThat(worstInside).isLessThan(1e-15);
        assertThat(worst).isLessThan(5e-9);
        assertThat(FastTanh.tanh(0.0)).isEqualTo(0.0);
        assertThat(FastTanh.tanh(-0.5)).isEqualTo(-FastTanh.tanh(0.5));
        assertThat(FastTanh.tanh(1e300)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(5e-9));
        assertThat(FastTanh.tanh(Double.NEGATIVE_INFINITY)).isCloseTo(-1.0, org.assertj.core.data.Offset.offset(5e-9));
    }
}
