package org.seqlab.tagger;

import java.util.List;

/**
 * A tagged sentence: its tokens, one tag per token (in the tagger's output scheme: the training data's scheme for
 * span tasks, the plain label otherwise), the probability of each chosen tag, and the labelled spans (empty for
 * plain-label taggers).
 */
public record TaggedSentence(List<String> tokens, List<String> tags, double[] confidences, List<TaggedSpan> spans) {
}
