package org.seqlab.eval;

/**
 * Chunk counts of one type (or overall): {@code gold} chunks in the reference, {@code predicted} chunks in the
 * output, {@code correct} ones found with the same span and type. Precision, recall and F1 are in percent, and 0
 * when their denominator is 0 (conlleval's convention).
 */
public record SpanCounts(long gold, long predicted, long correct) {

    /** True positives. */
    public long truePositives() {
        return correct;
    }

    /** Predicted chunks that are not in the reference. */
    public long falsePositives() {
        return predicted - correct;
    }

    /** Reference chunks that were not found. */
    public long falseNegatives() {
        return gold - correct;
    }

    public double precision() {
        return predicted > 0 ? 100.0 * correct / predicted : 0.0;
    }

    public double recall() {
        return gold > 0 ? 100.0 * correct / gold : 0.0;
    }

    /** F1 as conlleval computes it: from the percent precision and recall. */
    public double f1() {
        double p = precision();
        double r = recall();
        return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    }
}
