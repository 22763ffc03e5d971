package org.seqlab.lm.sampling;

/**
 * The result of one {@link Generator} run.
 *
 * @param tokens the generated token ids, without the prompt; the stop token, when one ended the run, is the last
 * @param logProbabilities for each generated token, its natural-log probability under the model's unmodified
 *     distribution (softmax of the raw logits, before penalty, temperature or truncation)
 * @param stoppedByToken whether a stop token ended the run (otherwise the length limit did)
 */
public record Generation(int[] tokens, double[] logProbabilities, boolean stoppedByToken) {

    /** The sum of the log-probabilities: the log-probability of the generated continuation given the prompt. */
    public double totalLogProbability() {
        double sum = 0;
        for (double lp : logProbabilities) {
            sum += lp;
        }
        return sum;
    }
}
