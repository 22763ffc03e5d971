package org.seqlab.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Float16Test {

    private static int half(float f) {
        return Float16.fromFloat(f) & 0xFFFF;
    }

    @Test
    void everyHalfDecodesToAFloatThatEncodesBackToItself() {
        for (int h = 0; h < 0x10000; h++) {
            float f = Float16.toFloat((short) h);
            boolean nan = (h & 0x7C00) == 0x7C00 && (h & 0x3FF) != 0;
            if (nan) {
                assertThat(f).as("half %04x", h).isNaN();
                assertThat(Float.isNaN(Float16.toFloat(Float16.fromFloat(f)))).as("half %04x", h).isTrue();
            } else {
                assertThat(half(f)).as("half %04x", h).isEqualTo(h);
            }
        }
    }

    @Test
    void decodesKnownValuesFromTheIeeeTables() {
        assertThat(Float16.toFloat((short) 0x3C00)).isEqualTo(1f);
        assertThat(Float16.toFloat((short) 0xC000)).isEqualTo(-2f);
        assertThat(Float16.toFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(Float16.toFloat((short) 0x0400)).isEqualTo(0x1p-14f);
        assertThat(Float16.toFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(Float16.toFloat((short) 0x03FF)).isEqualTo(1023 * 0x1p-24f);
        assertThat(Float16.toFloat((short) 0x3555)).isEqualTo(0.333251953125f);
        assertThat(Float16.toFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Float16.toFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(Float.floatToRawIntBits(Float16.toFloat((short) 0x8000))).isEqualTo(0x80000000);
    }

    @Test
    void encodesKnownValuesRoundingToNearestEven() {
        assertThat(half(1f)).isEqualTo(0x3C00);
        assertThat(half(0.1f)).isEqualTo(0x2E66);
        assertThat(half(1f / 3)).isEqualTo(0x3555);
        assertThat(half(-0f)).isEqualTo(0x8000);
        // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties go to the even fraction (1)
        assertThat(half(1f + 0x1p-11f)).isEqualTo(0x3C00);
        // 1 + 3 * 2^-11 is halfway between 0x3C01 and 0x3C02: the even one is 0x3C02
        assertThat(half(1f + 3 * 0x1p-11f)).isEqualTo(0x3C02);
        assertThat(half(Math.nextUp(1f + 0x1p-11f))).isEqualTo(0x3C01);
        // 65520 is halfway between 65504 and 65536 (infinity's place): to even, i.e. infinity
        assertThat(half(65519f)).isEqualTo(0x7BFF);
        assertThat(half(65520f)).isEqualTo(0x7C00);
        assertThat(half(1e10f)).isEqualTo(0x7C00);
        assertThat(half(-1e10f)).isEqualTo(0xFC00);
        // subnormals: 2^-25 is halfway between 0 and 2^-24, ties to 0; just above it rounds up
        assertThat(half(0x1p-25f)).isEqualTo(0x0000);
        assertThat(half(Math.nextUp(0x1p-25f))).isEqualTo(0x0001);
        assertThat(half(3 * 0x1p-25f)).isEqualTo(0x0002);
        assertThat(half(-0x1p-24f)).isEqualTo(0x8001);
        assertThat(half(Float.MIN_VALUE)).isEqualTo(0x0000);
        // the largest subnormal plus half a step carries into the smallest normal
        assertThat(half(1023.5f * 0x1p-24f)).isEqualTo(0x0400);
        assertThat(half(Float.NaN) & 0x7C00).isEqualTo(0x7C00);
        assertThat(half(Float.NaN) & 0x3FF).isNotZero();
    }

    @Test
    void everyMidpointBetweenNeighbouringHalvesGoesToTheEvenOneAndItsNeighboursToTheNearer() {
        // the midpoint of two neighbouring finite halves has 12 significant bits, so it is an exact float
        for (int h = 0; h < 0x7BFF; h++) {
            float lo = Float16.toFloat((short) h);
            float hi = Float16.toFloat((short) (h + 1));
            float mid = (lo + hi) / 2;
            int even = (h & 1) == 0 ? h : h + 1;
            assertThat(half(mid)).as("midpoint after %04x", h).isEqualTo(even);
            assertThat(half(Math.nextDown(mid))).as("below midpoint after %04x", h).isEqualTo(h);
            assertThat(half(Math.nextUp(mid))).as("above midpoint after %04x", h).isEqualTo(h + 1);
            assertThat(half(-mid)).as("negative midpoint after %04x", h).isEqualTo(even | 0x8000);
        }
    }
}
