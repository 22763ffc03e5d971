package org.seqlab.batch;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.SeqlabException;

/**
 * The characters of every word of a {@link PackedBatch}, in the same packed row order as its words: packed word row
 * {@code r} owns char row {@code r}, {@link #maxWordLength()} ids long, padded with the pad id past the word's
 * {@link #wordLength(int) length}. A char encoder runs over the {@code [rows(), maxWordLength()]} matrix and its
 * output rows line up with the packed word rows. The nested batch-major view {@code [batch, maxLength, maxWordLength]}
 * in the caller's order is also available.
 *
 * <p>Immutable: accessors return copies.
 */
public final class CharBatch {
    private final SequenceLayout layout;
    private final int maxChars;
    private final int padId;
    private final int[] packedChars;
    private final int[] wordLengths;

    private CharBatch(SequenceLayout layout, int maxChars, int padId, int[] packedChars, int[] wordLengths) {
        this.layout = layout;
        this.maxChars = maxChars;
        this.padId = padId;
        this.packedChars = packedChars;
        this.wordLengths = wordLengths;
    }

    /**
     * @param words the word batch whose rows to follow
     * @param charsOfItems per dataset item (indexed as the batch's {@link Piece#item()}), per token, its char ids
     * @param padId id written past the end of each word
     * @throws SeqlabException if a word has no characters, naming the item and the token
     * @throws IllegalArgumentException if an item's token count differs from its length in the batch's pieces
     */
    public static CharBatch of(PackedBatch words, List<int[][]> charsOfItems, int padId) {
        return of(words, charsOfItems, padId, Integer.MAX_VALUE);
    }

    /** As {@link #of(PackedBatch, List, int)}, keeping at most the first {@code maxWordLength} chars of each word. */
    public static CharBatch of(PackedBatch words, List<int[][]> charsOfItems, int padId, int maxWordLength) {
        if (maxWordLength < 1) {
            throw new IllegalArgumentException("maxWordLength must be at least 1, got " + maxWordLength);
        }
        SequenceLayout layout = words.layout();
        int rows = layout.totalSteps();
        int[][] wordChars = new int[rows][];
        int[] lengths = new int[rows];
        int longest = 0;
        for (int s = 0; s < layout.batch(); s++) {
            int i = layout.originalIndex(s);
            Piece piece = words.piece(i);
            if (piece.item() >= charsOfItems.size() || charsOfItems.get(piece.item()).length < piece.end()) {
                throw new IllegalArgumentException("item " + piece.item() + " has fewer char sequences than its "
                        + piece.end() + " tokens");
            }
            int[][] tokens = charsOfItems.get(piece.item());
            for (int t = 0; t < piece.length(); t++) {
                int[] chars = tokens[piece.start() + t];
                if (chars == null || chars.length == 0) {
                    throw new SeqlabException("sequence " + piece.item() + ", token " + (piece.start() + t)
                            + " has no characters");
                }
                int r = layout.offset(t) + s;
                wordChars[r] = chars;
                lengths[r] = Math.min(chars.length, maxWordLength);
                longest = Math.max(longest, lengths[r]);
            }
        }
        int[] packed = new int[rows * longest];
        Arrays.fill(packed, padId);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(wordChars[r], 0, packed, r * longest, lengths[r]);
        }
        return new CharBatch(layout, longest, padId, packed, lengths);
    }

    /** The word layout these chars follow. */
    public SequenceLayout layout() {
        return layout;
    }

    /** Number of char rows: one per packed word row. */
    public int rows() {
        return wordLengths.length;
    }

    /** Width of a char row: the longest (possibly truncated) word of the batch. */
    public int maxWordLength() {
        return maxChars;
    }

    public int padId() {
        return padId;
    }

    /** Char {@code c} of packed word row {@code r}; the pad id past the word's end. */
    public int charId(int r, int c) {
        return packedChars[r * maxChars + c];
    }

    /** Char ids {@code [rows(), maxWordLength()]}, row-major, in packed word order (a copy). */
    public int[] packedCharIds() {
        return packedChars.clone();
    }

    /** The packed char ids as a new INT32 array {@code [rows(), maxWordLength()]}. */
    public INDArray packedCharIdsArray() {
        return Nd4j.create(packedChars.clone(), new long[] {rows(), maxChars}, DataType.INT32);
    }

    /** Number of chars of the word at packed row {@code r}. */
    public int wordLength(int r) {
        return wordLengths[r];
    }

    /** Word lengths in packed word order (a copy). */
    public int[] wordLengths() {
        return wordLengths.clone();
    }

    /** Char mask {@code [rows(), maxWordLength()]}: 1 on real chars, 0 on padding. */
    public float[] mask() {
        float[] mask = new float[packedChars.length];
        for (int r = 0; r < wordLengths.length; r++) {
            Arrays.fill(mask, r * maxChars, r * maxChars + wordLengths[r], 1f);
        }
        return mask;
    }

    /**
     * Char ids nested batch-major, {@code [batch, maxLength, maxWordLength]} row-major in the caller's order; positions
     * past a sequence's end are all pad ids.
     */
    public int[] paddedCharIds() {
        int steps = layout.maxLength();
        int[] padded = new int[layout.batch() * steps * maxChars];
        Arrays.fill(padded, padId);
        for (int t = 0; t < steps; t++) {
            for (int s = 0; s < layout.batchSize(t); s++) {
                int r = layout.offset(t) + s;
                System.arraycopy(packedChars, r * maxChars, padded,
                        (layout.originalIndex(s) * steps + t) * maxChars, maxChars);
            }
        }
        return padded;
    }

    /** Word lengths batch-major, {@code [batch, maxLength]} in the caller's order; 0 past a sequence's end. */
    public int[] paddedWordLengths() {
        int steps = layout.maxLength();
        int[] padded = new int[layout.batch() * steps];
        for (int t = 0; t < steps; t++) {
            for (int s = 0; s < layout.batchSize(t); s++) {
                padded[layout.originalIndex(s) * steps + t] = wordLengths[layout.offset(t) + s];
            }
        }
        return padded;
    }

    @Override
    public String toString() {
        return "CharBatch[" + rows() + " words x " + maxChars + " chars]";
    }
}
