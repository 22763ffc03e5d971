package org.seqlab.train;

import org.seqlab.nn.ParameterSet;

/**
 * {@code g' = g + decay·w; v = μ·v + g'; w -= lr·(nesterov ? g' + μ·v : v)}; without momentum simply
 * {@code w -= lr·g'} (no velocity is kept then). The velocity starts at zero, as in PyTorch after its first step.
 */
final class Sgd extends Optimizer {
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;

    Sgd(ParameterSet parameters, double momentum, boolean nesterov, double weightDecay) {
        super(parameters, momentum == 0 ? new String[0] : new String[] {"velocity"});
        checkRange("SGD momentum", momentum, 0, 1);
        checkRange("SGD weight decay", weightDecay, 0, Double.MAX_VALUE);
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum needs a momentum > 0");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    protected boolean skipsUntouchedRows() {
        return momentum == 0 && weightDecay == 0;
    }

    @Override
    protected void update32(float[] w, float[] g, float[][] state, int len, double lr, long t) {
        float rate = (float) lr;
        float decay = (float) weightDecay;
        if (momentum == 0) {
            for (int j = 0; j < len; j++) {
                w[j] -= rate * (g[j] + decay * w[j]);
            }
            return;
        }
        float mu = (float) momentum;
        float[] v = state[0];
        if (nesterov) {
            for (int j = 0; j < len; j++) {
                float gj = g[j] + decay * w[j];
                float vj = mu * v[j] + gj;
                v[j] = vj;
                w[j] -= rate * (gj + mu * vj);
            }
        } else {
            for (int j = 0; j < len; j++) {
                float vj = mu * v[j] + g[j] + decay * w[j];
                v[j] = vj;
                w[j] -= rate * vj;
            }
        }
    }

    @Override
    protected void update64(double[] w, double[] g, double[][] state, int len, double lr, long t) {
        double rate = lr;
        double decay = weightDecay;
        if (momentum == 0) {
            for (int j = 0; j < len; j++) {
                w[j] -= rate * (g[j] + decay * w[j]);
            }
            return;
        }
        double mu = momentum;
        double[] v = state[0];
        if (nesterov) {
            for (int j = 0; j < len; j++) {
                double gj = g[j] + decay * w[j];
                double vj = mu * v[j] + gj;
                v[j] = vj;
                w[j] -= rate * (gj + mu * vj);
            }
        } else {
            for (int j = 0; j < len; j++) {
                double vj = mu * v[j] + g[j] + decay * w[j];
                v[j] = vj;
                w[j] -= rate * vj;
            }
        }
    }
}
