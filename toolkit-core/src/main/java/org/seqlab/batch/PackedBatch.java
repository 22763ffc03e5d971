package org.seqlab.batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.SeqlabException;

/**
 * A batch of id sequences ready for a model: the {@link SequenceLayout}, which dataset item (and which piece of it)
 * each row is, and the ids in both shapes layers need. "Rows" {@code i = 0 .. batch()-1} are in the caller's order.
 *
 * <ul>
 *   <li>padded, batch-major {@code [batch(), maxLength()]} in the caller's order, padding filled with the pad id, and
 *       the float mask of the same shape (1 on real tokens, 0 on padding);
 *   <li>packed, time-major: packed row {@code layout().offset(t) + s} holds step {@code t} of the sequence at sorted
 *       position {@code s}, for {@code s < layout().batchSize(t)}.
 * </ul>
 *
 * <p>Outputs go back to the caller's order with {@link SequenceLayout#toPadded(float[], int)} and
 * {@link SequenceLayout#unpack(int[])}, or per dataset item with {@link BatchPlan#joinRows}.
 *
 * <p>Immutable: accessors return copies (or new {@link INDArray}s), and the ids are copied in at construction.
 */
public final class PackedBatch {
    private final SequenceLayout layout;
    private final Piece[] pieces;
    private final int padId;
    private final int[] paddedIds;
    private final int[] packedIds;

    private PackedBatch(SequenceLayout layout, Piece[] pieces, int padId, int[] paddedIds, int[] packedIds) {
        this.layout = layout;
        this.pieces = pieces;
        this.padId = padId;
        this.paddedIds = paddedIds;
        this.packedIds = packedIds;
    }

    /**
     * Packs whole sequences as one batch; row {@code i} is item {@code i}; padding id 0.
     *
     * @throws SeqlabException if the list is empty or a sequence is empty, naming its index
     */
    public static PackedBatch of(List<int[]> sequences) {
        return of(sequences, 0);
    }

    /** As {@link #of(List)} with the given padding id. */
    public static PackedBatch of(List<int[]> sequences, int padId) {
        if (sequences.isEmpty()) {
            throw new SeqlabException("a batch needs at least one sequence");
        }
        List<Piece> pieces = new ArrayList<>(sequences.size());
        for (int i = 0; i < sequences.size(); i++) {
            int[] ids = sequences.get(i);
            if (ids == null || ids.length == 0) {
                throw new SeqlabException("sequence " + i + " is empty: every sequence needs at least one token");
            }
            pieces.add(new Piece(i, 0, ids.length));
        }
        return of(sequences, pieces, padId);
    }

    /**
     * Packs the given pieces of a dataset, usually one batch of a {@link BatchPlan}; row {@code i} is
     * {@code pieces.get(i)}.
     *
     * @throws IllegalArgumentException if a piece reaches past the end of its item
     */
    public static PackedBatch of(List<int[]> dataset, List<Piece> pieces, int padId) {
        if (pieces.isEmpty()) {
            throw new SeqlabException("a batch needs at least one sequence");
        }
        Piece[] rows = pieces.toArray(new Piece[0]);
        int[] lengths = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            Piece p = rows[i];
            if (p.item() >= dataset.size() || p.end() > dataset.get(p.item()).length) {
                throw new IllegalArgumentException("piece " + p + " lies outside the dataset");
            }
            lengths[i] = p.length();
        }
        SequenceLayout layout = SequenceLayout.of(lengths);
        int steps = layout.maxLength();
        int[] padded = new int[rows.length * steps];
        Arrays.fill(padded, padId);
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(dataset.get(rows[i].item()), rows[i].start(), padded, i * steps, rows[i].length());
        }
        int[] packed = new int[layout.totalSteps()];
        for (int t = 0; t < steps; t++) {
            int base = layout.offset(t);
            int live = layout.batchSize(t);
            for (int s = 0; s < live; s++) {
                packed[base + s] = padded[layout.originalIndex(s) * steps + t];
            }
        }
        return new PackedBatch(layout, rows, padId, padded, packed);
    }

    public SequenceLayout layout() {
        return layout;
    }

    /** Number of rows (sequences or pieces). */
    public int batch() {
        return pieces.length;
    }

    /** Number of time steps: the longest row. */
    public int maxLength() {
        return layout.maxLength();
    }

    /** Number of real tokens: the number of packed rows. */
    public int totalSteps() {
        return layout.totalSteps();
    }

    public int padId() {
        return padId;
    }

    /** The dataset span of row {@code i}. */
    public Piece piece(int i) {
        return pieces[i];
    }

    /** The dataset spans of all rows, in the caller's order (an unmodifiable list). */
    public List<Piece> pieces() {
        return List.of(pieces);
    }

    /** Dataset item index of row {@code i}. */
    public int item(int i) {
        return pieces[i].item();
    }

    /** Dataset item indices of the rows, in the caller's order (a copy). */
    public int[] items() {
        int[] items = new int[pieces.length];
        for (int i = 0; i < items.length; i++) {
            items[i] = pieces[i].item();
        }
        return items;
    }

    /** Id at (row {@code i}, step {@code t}) of the padded matrix: the pad id past the row's end. */
    public int paddedId(int i, int t) {
        return paddedIds[i * layout.maxLength() + t];
    }

    /** Padded ids {@code [batch(), maxLength()]}, row-major, in the caller's order (a copy). */
    public int[] paddedIds() {
        return paddedIds.clone();
    }

    /** Padded ids as a new INT32 array of shape {@code [batch(), maxLength()]}. */
    public INDArray paddedIdsArray() {
        return Nd4j.create(paddedIds.clone(), new long[] {batch(), maxLength()}, DataType.INT32);
    }

    /** Id of packed row {@code r}. */
    public int packedId(int r) {
        return packedIds[r];
    }

    /** Ids in packed time-major order, one per packed row (a copy). */
    public int[] packedIds() {
        return packedIds.clone();
    }

    /** Mask {@code [batch(), maxLength()]}, row-major in the caller's order: 1 on real tokens, 0 on padding. */
    public float[] mask() {
        int steps = layout.maxLength();
        float[] mask = new float[pieces.length * steps];
        for (int i = 0; i < pieces.length; i++) {
            Arrays.fill(mask, i * steps, i * steps + pieces[i].length(), 1f);
        }
        return mask;
    }

    /** The mask as a new FLOAT array of shape {@code [batch(), maxLength()]}. */
    public INDArray maskArray() {
        return Nd4j.create(mask(), new long[] {batch(), maxLength()}, DataType.FLOAT);
    }

    @Override
    public String toString() {
        return "PackedBatch[" + pieces.length + " rows, lengths " + Arrays.toString(layout.lengths()) + "]";
    }
}
