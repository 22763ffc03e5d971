package org.seqlab.train;

/** Whether a larger or a smaller value of a metric is better (F1 versus perplexity, say). */
public enum MetricGoal {
    MAXIMIZE,
    MINIMIZE;

    /** True when {@code candidate} is strictly better than {@code incumbent}; anything beats NaN, NaN beats nothing. */
    public boolean isBetter(double candidate, double incumbent) {
        if (Double.isNaN(candidate)) {
            return false;
        }
        if (Double.isNaN(incumbent)) {
            return true;
        }
        return this == MAXIMIZE ? candidate > incumbent : candidate < incumbent;
    }
}
