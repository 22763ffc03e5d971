package org.seqlab.lm.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.seqlab.random.Rng;

class ThresholdTest {

    private static final double[] TEN = {5, 1, 4, 2, 3, 9, 7, 8, 6, 10};

    private static long exceeding(double[] scores, Threshold t) {
        return Arrays.stream(scores).filter(t::flags).count();
    }

    @Test
    void calibrationTakesTheEmpiricalQuantileSoAtMostFprOfScoresExceedIt() {
        // n = 10: fpr 0.1 allows 1 exceedance -> 9th smallest; 0.25 allows floor(2.5) = 2 -> 8th smallest
        assertThat(Threshold.calibrate(TEN, 0.1).value()).isEqualTo(9);
        assertThat(Threshold.calibrate(TEN, 0.25).value()).isEqualTo(8);
        assertThat(Threshold.calibrate(TEN, 0.0).value()).isEqualTo(10);
        assertThat(Threshold.calibrate(TEN, 0.99).value()).isEqualTo(1);
        assertThat(exceeding(TEN, Threshold.calibrate(TEN, 0.25))).isEqualTo(2);
        assertThat(new Threshold(9).flags(9)).as("strictly greater").isFalse();
        assertThat(TEN).as("input untouched").containsExactly(5, 1, 4, 2, 3, 9, 7, 8, 6, 10);
    }

    @Test
    void anFprTimesNThatRoundsBelowAnIntegerStillAllowsThatInteger() {
        double[] hundred = new double[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1;
        }
        // 0.29 * 100 is 28.999999999999996 in doubles; 29 exceedances are allowed: threshold 71
        assertThat(Threshold.calibrate(hundred, 0.29).value()).isEqualTo(71);
        assertThat(exceeding(hundred, Threshold.calibrate(hundred, 0.29))).isEqualTo(29);
    }

    @Test
    void tiesAtTheCutFlagFewerThanAllowed() {
        double[] tied = {1, 2, 2, 2, 3};
        // fpr 0.4 allows 2: the 3rd smallest is 2, and only the 3 exceeds it
        assertThat(Threshold.calibrate(tied, 0.4).value()).isEqualTo(2);
        assertThat(exceeding(tied, Threshold.calibrate(tied, 0.4))).isEqualTo(1);
    }

    @Test
    void onRandomScoresTheThresholdIsTheSmallestScoreKeepingTheRate() {
        Rng rng = new Rng(4);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(60);
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                scores[i] = rng.nextInt(20); // ties are common
            }
            double fpr = rng.nextDouble() * 0.9;
            Threshold t = Threshold.calibrate(scores, fpr);
            assertThat(exceeding(scores, t)).isLessThanOrEqualTo((long) Math.floor(fpr * n + 1e-9));
            double lower = Arrays.stream(scores).filter(s -> s < t.value()).max().orElse(Double.NaN);
            if (!Double.isNaN(lower)) {
                assertThat(exceeding(scores, new Threshold(lower))).as("the next lower score breaks the rate")
                        .isGreaterThan((long) Math.floor(fpr * n + 1e-9));
            }
        }
    }

    @Test
    void badRatesAndEmptyCalibrationSetsAreRefused() {
        assertThatThrownBy(() -> Threshold.calibrate(TEN, 1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Threshold.calibrate(TEN, -0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Threshold.calibrate(new double[0], 0.1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
