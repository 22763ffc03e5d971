package org.seqlab.train;

/**
 * Multiplies the learning rate by {@code factor} (never below {@code minLr}) when the dev metric has not improved for
 * more than {@code patience} epochs in a row, then starts counting again (PyTorch's ReduceLROnPlateau with threshold 0
 * and no cool-down). "Improved" means strictly better than the best value seen so far, in the direction of the goal.
 */
public final class ReduceOnPlateau implements LearningRateSchedule {
    private final double factor;
    private final int patience;
    private final double minLr;
    private final MetricGoal goal;
    private double lr;
    private double best = Double.NaN;
    private int badEpochs;

    ReduceOnPlateau(double lr, double factor, int patience, double minLr, MetricGoal goal) {
        if (!(lr > 0) || !(factor > 0 && factor < 1) || patience < 0 || !(minLr >= 0)) {
            throw new IllegalArgumentException("reduce-on-plateau needs lr > 0, 0 < factor < 1, patience ≥ 0, min lr ≥ 0: "
                    + lr + ", " + factor + ", " + patience + ", " + minLr);
        }
        this.lr = lr;
        this.factor = factor;
        this.patience = patience;
        this.minLr = minLr;
        this.goal = goal;
    }

    @Override
    public double rate(int epoch, long step) {
        return lr;
    }

    @Override
    public void observe(int epoch, double devMetric) {
        if (goal.isBetter(devMetric, best)) {
            best = devMetric;
            badEpochs = 0;
            return;
        }
        badEpochs++;
        if (badEpochs > patience) {
            lr = Math.max(minLr, lr * factor);
            badEpochs = 0;
        }
    }

    @Override
    public double[] state() {
        return new double[] {lr, best, badEpochs};
    }

    @Override
    public void restoreState(double[] state) {
        if (state.length != 3) {
            throw new IllegalArgumentException("reduce-on-plateau state has 3 values, got " + state.length);
        }
        lr = state[0];
        best = state[1];
        badEpochs = (int) state[2];
    }
}
