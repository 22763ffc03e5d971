package org.seqlab.train;

/**
 * The learning rate for each optimizer step. {@code epoch} counts from 0; {@code step} is the number of optimizer steps
 * taken before this one in the whole run (0 for the very first). A schedule that reacts to the dev metric
 * (reduce-on-plateau) hears it through {@link #observe}; its state is saved in checkpoints via {@link #state()}.
 */
public interface LearningRateSchedule {
    double rate(int epoch, long step);

    /** Called once at the end of each epoch with the dev metric (NaN without a dev set). */
    default void observe(int epoch, double devMetric) {
    }

    /** The mutable state, for checkpoints (empty for pure functions of epoch and step). */
    default double[] state() {
        return new double[0];
    }

    default void restoreState(double[] state) {
        if (state.length != 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no state, got " + state.length + " values");
        }
    }

    static LearningRateSchedule constant(double lr) {
        checkRate(lr);
        return (epoch, step) -> lr;
    }

    /** {@code lr·gamma^floor(epoch/everyEpochs)}. */
    static LearningRateSchedule stepDecay(double lr, double gamma, int everyEpochs) {
        checkRate(lr);
        if (everyEpochs <= 0 || !(gamma > 0)) {
            throw new IllegalArgumentException("step decay needs gamma > 0 and a period ≥ 1 epoch: " + gamma + ", " + everyEpochs);
        }
        return (epoch, step) -> lr * Math.pow(gamma, epoch / everyEpochs);
    }

    /** {@code lr / (1 + decay·epoch)} (the schedule of Lample et al. and Ma and Hovy for SGD taggers). */
    static LearningRateSchedule inverseDecay(double lr, double decay) {
        checkRate(lr);
        if (!(decay >= 0)) {
            throw new IllegalArgumentException("decay must be ≥ 0: " + decay);
        }
        return (epoch, step) -> lr / (1 + decay * epoch);
    }

    /**
     * Linear warm-up over the first {@code steps} optimizer steps in front of another schedule: step s (from 0) gets
     * {@code inner·(s+1)/steps} until s+1 reaches {@code steps}, then the inner schedule alone.
     */
    static LearningRateSchedule warmup(LearningRateSchedule inner, long steps) {
        if (steps <= 0) {
            throw new IllegalArgumentException("warm-up needs at least one step: " + steps);
        }
        return new LearningRateSchedule() {
            @Override
            public double rate(int epoch, long step) {
                double r = inner.rate(epoch, step);
                return step + 1 >= steps ? r : r * (step + 1) / steps;
            }

            @Override
            public void observe(int epoch, double devMetric) {
                inner.observe(epoch, devMetric);
            }

            @Override
            public double[] state() {
                return inner.state();
            }

            @Override
            public void restoreState(double[] state) {
                inner.restoreState(state);
            }
        };
    }

    static ReduceOnPlateau reduceOnPlateau(double lr, double factor, int patience, double minLr, MetricGoal goal) {
        return new ReduceOnPlateau(lr, factor, patience, minLr, goal);
    }

    private static void checkRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be positive and finite: " + lr);
        }
    }
}
