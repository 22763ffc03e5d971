package org.seqlab.tagger;

import java.util.List;

/**
 * A tagged sentence: its tokens, one tag per token (in the tagger's output scheme: the training data's scheme for
 * span tasks, the plain label otherwise), the probability of each chosen tag, the labelled spans (empty for
 * plain-label taggers), and, when it was tagged from text ({@link Tagger#tag(String)}), each token's character
 * offsets into that text ({@code begins[i]} inclusive, {@code ends[i]} exclusive; null when tagged from tokens).
 */
public record TaggedSentence(List<String> tokens, List<String> tags, double[] confidences, List<TaggedSpan> spans,
        int[] begins, int[] ends) {

    /** A sentence tagged from tokens, without character offsets. */
    public TaggedSentence(List<String> tokens, List<String> tags, double[] confidences, List<TaggedSpan> spans) {
        this(tokens, tags, confidences, spans, null, null);
    }

    /** Whether the tokens carry character offsets into a text. */
    public boolean hasOffsets() {
        return begins != null;
    }
}
