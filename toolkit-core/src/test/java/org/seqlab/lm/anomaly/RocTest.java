package org.seqlab.lm.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.random.Rng;

class RocTest {

    @Test
    void perfectSeparationIsOneAndTheReverseZero() {
        assertThat(Roc.auc(new double[] {1, 2, 3}, new double[] {4, 5})).isEqualTo(1.0);
        assertThat(Roc.auc(new double[] {4, 5}, new double[] {1, 2, 3})).isEqualTo(0.0);
    }

    @Test
    void allEqualScoresGiveOneHalf() {
        assertThat(Roc.auc(new double[] {2, 2, 2}, new double[] {2, 2})).isEqualTo(0.5);
    }

    @Test
    void tiesCountHalf() {
        // anomalous 2: beats 1, ties 2, loses to 3 = 1.5; anomalous 4 beats all 3; 4.5 of 6 pairs
        assertThat(Roc.auc(new double[] {1, 2, 3}, new double[] {2, 4})).isEqualTo(0.75);
        // 0.35: 1 + 0.5; 0.9: 4; 0.1: 0.5 -> 6 of 12
        assertThat(Roc.auc(new double[] {0.1, 0.4, 0.35, 0.8}, new double[] {0.35, 0.9, 0.1})).isEqualTo(0.5);
    }

    @Test
    void theCurveFlagsScoresAboveEachDistinctScoreFromNothingToEverything() {
        List<RocPoint> points = Roc.curve(new double[] {1, 2, 3}, new double[] {2, 4});
        assertThat(points).containsExactly(
                new RocPoint(4, 0, 0),
                new RocPoint(3, 0, 0.5),
                new RocPoint(2, 1 / 3.0, 0.5),
                new RocPoint(1, 2 / 3.0, 1),
                new RocPoint(Double.NEGATIVE_INFINITY, 1, 1));
        assertThat(Roc.area(points)).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void onRandomTiedScoresAucMatchesAllPairsAndTheCurveArea() {
        Rng rng = new Rng(8);
        for (int trial = 0; trial < 100; trial++) {
            double[] normal = new double[1 + rng.nextInt(40)];
            double[] anomalous = new double[1 + rng.nextInt(40)];
            for (int i = 0; i < normal.length; i++) {
                normal[i] = rng.nextInt(15);
            }
            for (int i = 0; i < anomalous.length; i++) {
                anomalous[i] = rng.nextInt(15) + 2;
            }
            double pairs = 0;
            for (double a : anomalous) {
                for (double n : normal) {
                    pairs += a > n ? 1 : a == n ? 0.5 : 0;
                }
            }
            double expected = pairs / (normal.length * anomalous.length);
            assertThat(Roc.auc(normal, anomalous)).isCloseTo(expected, within(1e-12));
            assertThat(Roc.area(Roc.curve(normal, anomalous))).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void emptySamplesAndNaNAreRefused() {
        assertThatThrownBy(() -> Roc.auc(new double[0], new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Roc.auc(new double[] {Double.NaN}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }
}
