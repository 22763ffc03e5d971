package org.seqlab.train;

import org.seqlab.nn.ParameterSet;

/**
 * Adam with bias correction: {@code m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²;
 * w -= lr·(m/(1-β1^t)) / (sqrt(v/(1-β2^t)) + ε)}. With {@code decoupled} (AdamW) the weights first shrink by
 * {@code w -= lr·decay·w} and the gradient is left alone; otherwise {@code decay·w} is added to the gradient (L2).
 * The bias corrections are folded into a step size and an ε per step, computed once in double precision.
 */
final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final boolean decoupled;

    Adam(ParameterSet parameters, double beta1, double beta2, double epsilon, double weightDecay, boolean decoupled) {
        super(parameters, "m", "v");
        checkRange("Adam beta1", beta1, 0, 1 - 1e-12);
        checkRange("Adam beta2", beta2, 0, 1 - 1e-12);
        checkRange("Adam epsilon", epsilon, 0, 1);
        checkRange("Adam weight decay", weightDecay, 0, Double.MAX_VALUE);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    @Override
    protected void update32(float[] w, float[] g, float[][] state, int len, double lr, long t) {
        float[] m = state[0];
        float[] v = state[1];
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        // lr·m̂/(sqrt(v̂)+ε) = (lr/bc1)·m / (sqrt(v)/sqrt(bc2) + ε)
        double bc1 = 1 - Math.pow(beta1, t);
        double sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, t));
        float stepSize = (float) (lr / bc1);
        float invSqrtBc2 = (float) (1 / sqrtBc2);
        float eps = (float) epsilon;
        float shrink = decoupled ? (float) (1 - lr * weightDecay) : 1f;
        float l2 = decoupled ? 0f : (float) weightDecay;
        for (int j = 0; j < len; j++) {
            float wj = w[j];
            float gj = g[j] + l2 * wj;
            float mj = b1 * m[j] + c1 * gj;
            float vj = b2 * v[j] + c2 * gj * gj;
            m[j] = mj;
            v[j] = vj;
            w[j] = wj * shrink - stepSize * mj / ((float) Math.sqrt(vj) * invSqrtBc2 + eps);
        }
    }

    @Override
    protected void update64(double[] w, double[] g, double[][] state, int len, double lr, long t) {
        double[] m = state[0];
        double[] v = state[1];
        double b1 = beta1;
        double b2 = beta2;
        double c1 = 1 - beta1;
        double c2 = 1 - beta2;
        double bc1 = 1 - Math.pow(beta1, t);
        double sqrtBc2 = Math.sqrt(1 - Math.pow(beta2, t));
        double stepSize = lr / bc1;
        double invSqrtBc2 = 1 / sqrtBc2;
        double eps = epsilon;
        double shrink = decoupled ? 1 - lr * weightDecay : 1;
        double l2 = decoupled ? 0 : weightDecay;
        for (int j = 0; j < len; j++) {
            double wj = w[j];
            double gj = g[j] + l2 * wj;
            double mj = b1 * m[j] + c1 * gj;
            double vj = b2 * v[j] + c2 * gj * gj;
            m[j] = mj;
            v[j] = vj;
            w[j] = wj * shrink - stepSize * mj / (Math.sqrt(vj) * invSqrtBc2 + eps);
        }
    }
}
