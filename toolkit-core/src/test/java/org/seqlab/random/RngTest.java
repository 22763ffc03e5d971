package org.seqlab.random;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RngTest {

    @Test
    void restoredStateContinuesTheSameSequence() {
        Rng a = new Rng(42);
        a.nextGaussian();
        a.nextLong();
        Rng b = Rng.fromState(a.state());
        for (int i = 0; i < 100; i++) {
            assertThat(b.nextLong()).isEqualTo(a.nextLong());
            assertThat(b.nextGaussian()).isEqualTo(a.nextGaussian());
        }
    }

    @Test
    void sameSeedSameNumbersAndUniformIsInRange() {
        Rng a = new Rng(7);
        Rng b = new Rng(7);
        int[] counts = new int[10];
        for (int i = 0; i < 100_000; i++) {
            double d = a.nextDouble();
            assertThat(d).isEqualTo(b.nextDouble()).isGreaterThanOrEqualTo(0).isLessThan(1);
            counts[(int) (d * 10)]++;
        }
        // Each decile holds 10% ± 0.5% (about 5 standard deviations).
        for (int c : counts) {
            assertThat(c).isBetween(9_500, 10_500);
        }
    }
}
