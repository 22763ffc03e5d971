package org.seqlab.tagger;

/**
 * A labelled span: tokens {@code start} (inclusive) to {@code end} (exclusive), its characters {@code begin} to
 * {@code endChar} in the tagged text (-1 when the input was tokens rather than text), the span's text and the
 * model's confidence (the lowest probability of the span's token tags).
 */
public record TaggedSpan(String label, int start, int end, int begin, int endChar, String text, double confidence) {
}
