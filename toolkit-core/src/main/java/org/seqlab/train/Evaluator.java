package org.seqlab.train;

/**
 * Scores a model on held-out data after each epoch (span F1, accuracy, perplexity...). It must not change the
 * parameters. The score decides early stopping, the best model kept, and reduce-on-plateau schedules.
 */
public interface Evaluator<M> {
    /** A short name for logs and the learning curve, e.g. {@code dev_f1}. */
    String metricName();

    MetricGoal goal();

    double evaluate(M model);
}
