/**
 * Anomaly scoring from a language model's surprisals, as statistics on plain arrays: per-sequence scores,
 * threshold calibration to a false-positive rate, ROC-AUC and ROC curves, result writers, and the constructions of
 * anomalous sentences (shuffled words, corrupted characters) with the Tatoeba pair reader the benchmark draws
 * normal sentences from.
 *
 * <p>Units: surprisal is −ln p, in <b>nats</b>, everywhere in this package ({@link
 * org.seqlab.lm.anomaly.SequenceScore#bits} converts). Direction: a higher score is more anomalous; a sequence is
 * flagged when its score is strictly greater than the threshold.
 */
package org.seqlab.lm.anomaly;
