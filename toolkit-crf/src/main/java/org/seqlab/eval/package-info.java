/**
 * Scoring of labelled sequences: chunk precision/recall/F1 with conlleval's rules
 * ({@link org.seqlab.eval.SpanEvaluator}), token accuracy and label confusion ({@link org.seqlab.eval.TokenAccuracy}).
 */
package org.seqlab.eval;
