package org.seqlab.batch;

/**
 * A span of one dataset item: the whole item, or one of the consecutive pieces a too-long item was split into.
 *
 * @param item index of the item in the dataset
 * @param start first step of the piece within the item
 * @param length number of steps, at least 1
 */
public record Piece(int item, int start, int length) {
    public Piece {
        if (item < 0 || start < 0 || length < 1) {
            throw new IllegalArgumentException("bad piece: item " + item + ", start " + start + ", length " + length);
        }
    }

    /** One past the last step of the piece within the item. */
    public int end() {
        return start + length;
    }
}
