package org.seqlab.lm.anomaly;

/**
 * One point of an ROC curve: flagging the scores strictly greater than {@code threshold} gives these rates.
 *
 * @param threshold the threshold: the first point uses the largest score (nothing flagged), the last
 *     {@code -infinity} (everything flagged)
 * @param falsePositiveRate fraction of normal sequences flagged
 * @param truePositiveRate fraction of anomalous sequences flagged
 */
public record RocPoint(double threshold, double falsePositiveRate, double truePositiveRate) {
}
