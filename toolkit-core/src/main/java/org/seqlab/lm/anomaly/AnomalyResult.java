package org.seqlab.lm.anomaly;

/**
 * The verdict on one sequence.
 *
 * @param line the 1-based line number of the sequence in its input
 * @param score the primary score: mean per-token surprisal, nats
 * @param max the largest per-token surprisal, nats
 * @param flagged whether the score exceeds the threshold
 * @param surprisals the per-token surprisals (nats), or null when not kept
 */
public record AnomalyResult(long line, double score, double max, boolean flagged, double[] surprisals) {

    /** Scores one sequence's surprisals and decides it with {@code threshold}; keeps the surprisals if asked. */
    public static AnomalyResult of(long line, double[] surprisals, Threshold threshold, boolean keepSurprisals) {
        SequenceScore s = SequenceScore.of(surprisals);
        return new AnomalyResult(line, s.mean(), s.max(), threshold.flags(s.mean()),
                keepSurprisals ? surprisals.clone() : null);
    }
}
