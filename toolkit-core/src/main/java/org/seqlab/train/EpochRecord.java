package org.seqlab.train;

/**
 * One line of the learning curve.
 *
 * @param epoch 1-based
 * @param trainLoss summed training loss over the epoch divided by the items it covered
 * @param devMetric the evaluator's score after the epoch (NaN without an evaluator)
 * @param learningRate the rate of the epoch's last step
 * @param seconds wall-clock time of the epoch's training and evaluation
 */
public record EpochRecord(int epoch, double trainLoss, double devMetric, double learningRate, double seconds) {
}
