package org.seqlab.train;

/**
 * The learning rate for each optimizer step. {@code epoch} counts from 0; {@code step} is the number of optimizer steps
 * taken before this one in the whole run (0 for the very first). A schedule that reacts to the dev metric
 * (reduce-on-plateau) hears it through {@link #observe}; its state is saved in checkpoints via {@link #state()}.
 */
public interface LearningRateSchedule {
    double rate(int epoch, long step);

    /**
     * The rate when the trainer also knows how far the run has come: {@code runFraction} in [0, 1] is the larger of
     * the time budget spent and the epochs done (with the current one's batches) over the maximum epochs. Schedules
     * that do not anneal towards the end of the run ignore it.
     */
    default double rate(int epoch, long step, double runFraction) {
        return rate(epoch, step);
    }

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
                return rate(epoch, step, 0);
            }

            @Override
            public double rate(int epoch, long step, double runFraction) {
                double r = inner.rate(epoch, step, runFraction);
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

    /**
     * {@code lr} for the first {@code hold} of the run, then half a cosine down to {@code minLr} at its end (the run
     * fraction of {@link #rate(int, long, double)}). Made for training within a time budget, where the number of
     * epochs is not known in advance: the rate anneals over whatever the budget allows. Without a run fraction
     * (the two-argument {@code rate}) it is the constant {@code lr}.
     */
    static LearningRateSchedule cosineToEnd(double lr, double hold, double minLr) {
        checkRate(lr);
        if (!(hold >= 0 && hold < 1) || !(minLr >= 0 && minLr <= lr)) {
            throw new IllegalArgumentException("cosine schedule needs 0 <= hold < 1 and 0 <= minLr <= learningRate: hold "
                    + hold + ", minLr " + minLr + ", learningRate " + lr);
        }
        return new LearningRateSchedule() {
            @Override
            public double rate(int epoch, long step) {
                return lr;
            }

            @Override
            public double rate(int epoch, long step, double runFraction) {
                double p = Math.min(1, Math.max(0, runFraction));
                if (p <= hold) {
                    return lr;
                }
                double t = (p - hold) / (1 - hold);
                return minLr + (lr - minLr) * 0.5 * (1 + Math.cos(Math.PI * t));
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
