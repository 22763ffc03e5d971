package org.seqlab.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.seqlab.nn.Rng;

class FastTanhTest {
    @Test
    void absoluteErrorAgainstMathTanhIsBelow1e15AndSignsAndLimitsHold() {
        Rng rng = new Rng(5);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            double x = (rng.nextDouble() * 2 - 1) * (i % 2 == 0 ? 1 : 30);
            worst = Math.max(worst, Math.abs(FastTanh.tanh(x) - Math.tanh(x)));
        }
        assertThat(worst).isLessThan(1e-15);
        assertThat(FastTanh.tanh(0.0)).isEqualTo(0.0);
        assertThat(FastTanh.tanh(1e-300)).isEqualTo(0.0); // tiny: |error| 1e-300, absolute bound holds
        assertThat(FastTanh.tanh(800)).isEqualTo(1.0);
        assertThat(FastTanh.tanh(-800)).isEqualTo(-1.0);
        assertThat(FastTanh.tanh(-0.5)).isEqualTo(-FastTanh.tanh(0.5));
    }
}
