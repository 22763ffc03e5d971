package org.seqlab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    @Test
    void constantIgnoresEpochAndStep() {
        LearningRateSchedule s = LearningRateSchedule.constant(0.01);
        assertThat(s.rate(0, 0)).isEqualTo(0.01);
        assertThat(s.rate(7, 12345)).isEqualTo(0.01);
    }

    @Test
    void stepDecayMultipliesByGammaEveryNEpochs() {
        LearningRateSchedule s = LearningRateSchedule.stepDecay(1, 0.5, 2);
        assertThat(new double[] {s.rate(0, 0), s.rate(1, 0), s.rate(2, 0), s.rate(3, 0), s.rate(4, 0)})
                .containsExactly(1, 1, 0.5, 0.5, 0.25);
    }

    @Test
    void inverseDecayDividesByOnePlusDecayTimesEpoch() {
        LearningRateSchedule s = LearningRateSchedule.inverseDecay(0.015, 0.05);
        assertThat(s.rate(0, 0)).isEqualTo(0.015);
        assertThat(s.rate(2, 0)).isCloseTo(0.015 / 1.1, within(1e-15));
        assertThat(s.rate(10, 0)).isCloseTo(0.01, within(1e-15));
    }

    @Test
    void warmupRampsLinearlyThenHandsOver() {
        LearningRateSchedule s = LearningRateSchedule.warmup(LearningRateSchedule.constant(0.1), 4);
        double[] got = new double[6];
        for (int step = 0; step < 6; step++) {
            got[step] = s.rate(0, step);
        }
        assertThat(got).containsExactly(new double[] {0.025, 0.05, 0.075, 0.1, 0.1, 0.1}, within(1e-15));
    }

    @Test
    void warmupComposesWithStepDecay() {
        LearningRateSchedule s = LearningRateSchedule.warmup(LearningRateSchedule.stepDecay(0.2, 0.1, 1), 10);
        assertThat(s.rate(0, 4)).isCloseTo(0.2 * 5 / 10, within(1e-15));
        assertThat(s.rate(1, 4)).isCloseTo(0.02 * 5 / 10, within(1e-15));
        assertThat(s.rate(1, 20)).isCloseTo(0.02, within(1e-15));
    }

    @Test
    void reduceOnPlateauCutsAfterPatienceRunsOutAndStopsAtTheMinimum() {
        ReduceOnPlateau s = LearningRateSchedule.reduceOnPlateau(1, 0.5, 1, 0.3, MetricGoal.MAXIMIZE);
        double[] metrics = {0.5, 0.4, 0.45, 0.6, 0.6, 0.6, 0.1, 0.1};
        // best 0.5; bad 1; bad 2 > 1 -> 0.5; best 0.6; equal is not better: bad 1; bad 2 -> max(0.3, 0.25); ...
        double[] expected = {1, 1, 0.5, 0.5, 0.5, 0.3, 0.3, 0.3};
        for (int e = 0; e < metrics.length; e++) {
            s.observe(e, metrics[e]);
            assertThat(s.rate(e + 1, 0)).as("after epoch %d", e).isEqualTo(expected[e]);
        }
    }

    @Test
    void reduceOnPlateauFollowsTheMinimizeDirectionAndRestoresItsState() {
        ReduceOnPlateau s = LearningRateSchedule.reduceOnPlateau(0.1, 0.1, 0, 0, MetricGoal.MINIMIZE);
        s.observe(0, 5.0);
        s.observe(1, 4.0);
        assertThat(s.rate(2, 0)).isEqualTo(0.1);
        s.observe(2, 4.5);
        assertThat(s.rate(3, 0)).isCloseTo(0.01, within(1e-15));

        ReduceOnPlateau copy = LearningRateSchedule.reduceOnPlateau(0.1, 0.1, 0, 0, MetricGoal.MINIMIZE);
        copy.restoreState(s.state());
        assertThat(copy.rate(3, 0)).isEqualTo(s.rate(3, 0));
        copy.observe(3, 3.9);
        assertThat(copy.rate(4, 0)).isCloseTo(0.01, within(1e-15));
        copy.observe(4, 3.95);
        assertThat(copy.rate(5, 0)).isCloseTo(0.001, within(1e-15));
    }

    @Test
    void cosineHoldsThenAnnealsToTheMinimumAtTheEndOfTheRun() {
        LearningRateSchedule s = LearningRateSchedule.cosineToEnd(0.001, 0.5, 0.0001);
        assertThat(s.rate(0, 0, 0)).isEqualTo(0.001);
        assertThat(s.rate(3, 900, 0.5)).isEqualTo(0.001);
        // halfway through the annealing part: the mean of the two ends
        assertThat(s.rate(5, 1400, 0.75)).isCloseTo(0.00055, within(1e-15));
        assertThat(s.rate(6, 1700, 0.875)).isCloseTo(0.0001 + 0.0009 * 0.5 * (1 + Math.cos(Math.PI * 0.75)),
                within(1e-15));
        assertThat(s.rate(7, 2000, 1.0)).isCloseTo(0.0001, within(1e-15));
        // a fraction past the end (a last batch after the budget) stays at the minimum
        assertThat(s.rate(7, 2001, 1.2)).isCloseTo(0.0001, within(1e-15));
        // without a run fraction it is the constant rate
        assertThat(s.rate(7, 2000)).isEqualTo(0.001);
        // warm-up in front passes the fraction through
        LearningRateSchedule w = LearningRateSchedule.warmup(s, 10);
        assertThat(w.rate(0, 4, 0.0)).isCloseTo(0.001 * 5 / 10, within(1e-15));
        assertThat(w.rate(7, 2000, 1.0)).isCloseTo(0.0001, within(1e-15));
    }

    @Test
    void cosineRefusesAHoldOutsideTheRunAndAMinimumAboveTheRate() {
        assertThatThrownBy(() -> LearningRateSchedule.cosineToEnd(0.001, 1.0, 0)).hasMessageContaining("hold 1.0");
        assertThatThrownBy(() -> LearningRateSchedule.cosineToEnd(0.001, 0.5, 0.01)).hasMessageContaining("minLr 0.01");
    }
}
