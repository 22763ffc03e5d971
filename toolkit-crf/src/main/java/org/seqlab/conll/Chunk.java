package org.seqlab.conll;

/**
 * One labelled span of a tag sequence: tokens {@code start} (inclusive) to {@code end} (exclusive) form a chunk of
 * {@code type} (e.g. {@code PER}).
 */
public record Chunk(String type, int start, int end) {
    public Chunk {
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("a chunk needs a type");
        }
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad chunk bounds [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }
}
