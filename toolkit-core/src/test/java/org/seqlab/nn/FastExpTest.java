package org.seqlab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FastExpTest {

    @Test
    void floatRowsAreAccurateWhereASoftmaxSumLivesAndUsableBelow() {
        int n = 2_000_001;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = -30f * i / (n - 1);
        }
        float[] out = new float[n];
        FastExp.expShifted(x, out, 0, n, 0f);
        double nearMax = 0;
        double below = 0;
        for (int i = 0; i < n; i++) {
            double exact = Math.exp(x[i]);
            double rel = Math.abs(out[i] - exact) / exact;
            if (x[i] >= -2) {
                nearMax = Math.max(nearMax, rel);
            } else {
                below = Math.max(below, rel);
            }
        }
        assertThat(nearMax).isLessThan(1.5e-6);
        assertThat(below).isLessThan(2e-5);
        assertThat(out[0]).isEqualTo(1f);
    }

    @Test
    void aShiftedRowSumsToItsExactLogSumExpAndVeryNegativeTermsVanishInIt() {
        java.util.Random random = new java.util.Random(7);
        int v = 8000;
        float[] row = new float[v];
        float[] terms = new float[v];
        double worst = 0;
        for (int trial = 0; trial < 50; trial++) {
            double sigma = 1 + trial % 10;
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < v; k++) {
                row[k] = (float) (random.nextGaussian() * sigma);
                max = Math.max(max, row[k]);
            }
            row[trial] = -1e30f; // a masked logit
            double exact = 0;
            for (int k = 0; k < v; k++) {
                exact += Math.exp((double) row[k] - max);
            }
            FastExp.expShifted(row, terms, 0, v, max);
            worst = Math.max(worst, Math.abs(FastExp.sum(terms, 0, v) - exact) / exact);
        }
        assertThat(worst).isLessThan(4e-7);
    }

    @Test
    void writesOnlyTheRangeAndMayWriteInPlace() {
        float[] x = {5f, -1f, -2f, 7f};
        float[] out = {9f, 9f, 9f, 9f};
        FastExp.expShifted(x, out, 1, 3, 0f);
        assertThat(out[0]).isEqualTo(9f);
        assertThat(out[3]).isEqualTo(9f);
        assertThat((double) out[1]).isCloseTo(Math.exp(-1), org.assertj.core.data.Offset.offset(1e-6));
        FastExp.expShifted(x, x, 0, 4, 7f);
        assertThat((double) x[0]).isCloseTo(Math.exp(-2), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(x[3]).isEqualTo(1f);
    }

    @Test
    void sumsAnyLengthExactlyAsFloat64Would() {
        float[] a = new float[37];
        double exact = 0;
        for (int i = 0; i < a.length; i++) {
            a[i] = 1f / (i + 1);
        }
        for (int i = 3; i < 30; i++) {
            exact += a[i];
        }
        assertThat(FastExp.sum(a, 3, 30)).isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(FastExp.sum(a, 5, 5)).isZero();
    }

    @Test
    void theMaximumEqualsThePlainLoopWhereverItsValueSitsAndForEveryRange() {
        java.util.Random random = new java.util.Random(3);
        float[] a = new float[53];
        for (int trial = 0; trial < 200; trial++) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) random.nextGaussian();
            }
            int from = random.nextInt(a.length);
            int to = from + random.nextInt(a.length - from + 1);
            float plain = Float.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) {
                plain = Math.max(plain, a[i]);
            }
            assertThat(Float.floatToRawIntBits(FastExp.max(a, from, to))).isEqualTo(Float.floatToRawIntBits(plain));
        }
        float[] zeros = {-0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, 0f, -0f};
        assertThat(Float.floatToRawIntBits(FastExp.max(zeros, 0, zeros.length))).isEqualTo(Float.floatToRawIntBits(0f));
        assertThat(Float.floatToRawIntBits(FastExp.max(zeros, 0, 8))).isEqualTo(Float.floatToRawIntBits(-0f));
        float[] withNaN = {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, Float.NaN, 11f};
        assertThat(FastExp.max(withNaN, 0, withNaN.length)).isNaN();
        assertThat(FastExp.max(withNaN, 0, 9)).isEqualTo(9f);
        assertThat(FastExp.max(withNaN, 4, 4)).isEqualTo(Float.NEGATIVE_INFINITY);
        float[] infinite = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY};
        assertThat(FastExp.max(infinite, 0, 2)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(FastExp.max(infinite, 0, 3)).isEqualTo(Float.POSITIVE_INFINITY);
    }
}
