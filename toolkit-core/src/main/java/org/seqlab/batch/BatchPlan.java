package org.seqlab.batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A dataset cut into batches by a {@link Batcher}: which pieces of which items each batch holds. It holds lengths only,
 * so one plan serves any per-token data of the same items (word ids, char ids, labels). It also joins the per-batch
 * outputs of a model back into one output per dataset item, in dataset order, gluing split items together.
 *
 * <p>Every item appears exactly once: whole, or as consecutive pieces in several batches. Immutable.
 */
public final class BatchPlan {
    private final int[] itemLengths;
    private final Piece[][] batches;
    private final SequenceLayout[] layouts;
    private final int pieceCount;

    BatchPlan(int[] itemLengths, List<Piece[]> batches) {
        this.itemLengths = itemLengths.clone();
        this.batches = batches.toArray(new Piece[0][]);
        this.layouts = new SequenceLayout[this.batches.length];
        int pieces = 0;
        for (int k = 0; k < this.batches.length; k++) {
            Piece[] batch = this.batches[k];
            int[] lengths = new int[batch.length];
            for (int i = 0; i < batch.length; i++) {
                lengths[i] = batch[i].length();
            }
            layouts[k] = SequenceLayout.of(lengths);
            pieces += batch.length;
        }
        this.pieceCount = pieces;
    }

    /** Number of batches. */
    public int size() {
        return batches.length;
    }

    /** The pieces of batch {@code k}, in row order (an unmodifiable list). */
    public List<Piece> batch(int k) {
        return List.of(batches[k]);
    }

    /** The layout of batch {@code k}: the same as {@code pack(k, ...).layout()}. */
    public SequenceLayout layout(int k) {
        return layouts[k];
    }

    /** Real tokens in batch {@code k}. */
    public int tokens(int k) {
        return layouts[k].totalSteps();
    }

    /** Padded tokens in batch {@code k}: longest row × rows, what the token budget limits. */
    public int paddedTokens(int k) {
        return layouts[k].maxLength() * layouts[k].batch();
    }

    /** Number of dataset items. */
    public int itemCount() {
        return itemLengths.length;
    }

    /** Length of dataset item {@code item}. */
    public int itemLength(int item) {
        return itemLengths[item];
    }

    /** Total number of rows over all batches; more than {@link #itemCount()} when items were split. */
    public int pieceCount() {
        return pieceCount;
    }

    /** Packs batch {@code k} from the dataset the plan was made for, with padding id 0. */
    public PackedBatch pack(int k, List<int[]> dataset) {
        return pack(k, dataset, 0);
    }

    /** Packs batch {@code k} from the dataset the plan was made for. */
    public PackedBatch pack(int k, List<int[]> dataset, int padId) {
        checkDataset(dataset, batches[k]);
        return PackedBatch.of(dataset, List.of(batches[k]), padId);
    }

    /** Packs every batch, in plan order. */
    public List<PackedBatch> packAll(List<int[]> dataset, int padId) {
        List<PackedBatch> packed = new ArrayList<>(batches.length);
        for (Piece[] batch : batches) {
            checkDataset(dataset, batch);
            packed.add(PackedBatch.of(dataset, List.of(batch), padId));
        }
        return packed;
    }

    /**
     * Joins per-row int outputs (e.g. predicted labels) into one array per dataset item, in dataset order.
     *
     * @param rowsPerBatch for each batch in plan order, one array per row in the batch's row order, as long as the row
     * @throws IllegalArgumentException if the shapes do not match the plan
     */
    public int[][] joinRows(List<int[][]> rowsPerBatch) {
        checkBatchCount(rowsPerBatch.size());
        int[][] joined = new int[itemLengths.length][];
        for (int i = 0; i < joined.length; i++) {
            joined[i] = new int[itemLengths[i]];
        }
        for (int k = 0; k < batches.length; k++) {
            int[][] rows = rowsPerBatch.get(k);
            checkRowCount(k, rows.length);
            for (int i = 0; i < rows.length; i++) {
                Piece p = batches[k][i];
                checkRowSize(k, i, rows[i].length, p.length());
                System.arraycopy(rows[i], 0, joined[p.item()], p.start(), p.length());
            }
        }
        return joined;
    }

    /**
     * Joins packed time-major int outputs (one per packed row, e.g. labels decoded per step) into one array per
     * dataset item, in dataset order.
     */
    public int[][] joinPacked(List<int[]> packedPerBatch) {
        checkBatchCount(packedPerBatch.size());
        List<int[][]> rows = new ArrayList<>(batches.length);
        for (int k = 0; k < batches.length; k++) {
            rows.add(layouts[k].unpack(packedPerBatch.get(k)));
        }
        return joinRows(rows);
    }

    /**
     * Joins padded float outputs into one array per dataset item, in dataset order: item {@code j} gets
     * {@code itemLength(j) × dim} floats, step-major.
     *
     * @param paddedPerBatch for each batch in plan order, a buffer {@code [rows, maxLength, dim]} in the batch's row
     *     order, as {@link SequenceLayout#toPadded(float[], int)} returns
     */
    public float[][] joinPadded(List<float[]> paddedPerBatch, int dim) {
        checkBatchCount(paddedPerBatch.size());
        float[][] joined = new float[itemLengths.length][];
        for (int i = 0; i < joined.length; i++) {
            joined[i] = new float[itemLengths[i] * dim];
        }
        for (int k = 0; k < batches.length; k++) {
            float[] padded = paddedPerBatch.get(k);
            int steps = layouts[k].maxLength();
            int rows = batches[k].length;
            if (padded.length != rows * steps * dim) {
                throw new IllegalArgumentException("batch " + k + ": expected " + rows + " x " + steps + " x " + dim
                        + " floats, got " + padded.length);
            }
            for (int i = 0; i < rows; i++) {
                Piece p = batches[k][i];
                System.arraycopy(padded, i * steps * dim, joined[p.item()], p.start() * dim, p.length() * dim);
            }
        }
        return joined;
    }

    /** Checks that the dataset is the one the plan was made for, as far as the given batch can tell. */
    private void checkDataset(List<int[]> dataset, Piece[] batch) {
        if (dataset.size() != itemLengths.length) {
            throw new IllegalArgumentException(
                    "the plan is for " + itemLengths.length + " items, the dataset has " + dataset.size());
        }
        for (Piece p : batch) {
            int length = dataset.get(p.item()).length;
            if (length != itemLengths[p.item()]) {
                throw new IllegalArgumentException("item " + p.item() + " has length " + length
                        + " but the plan was made for length " + itemLengths[p.item()]);
            }
        }
    }

    private void checkBatchCount(int got) {
        if (got != batches.length) {
            throw new IllegalArgumentException("the plan has " + batches.length + " batches, got outputs for " + got);
        }
    }

    private void checkRowCount(int k, int got) {
        if (got != batches[k].length) {
            throw new IllegalArgumentException(
                    "batch " + k + " has " + batches[k].length + " rows, got outputs for " + got);
        }
    }

    private static void checkRowSize(int k, int i, int got, int expected) {
        if (got != expected) {
            throw new IllegalArgumentException(
                    "batch " + k + ", row " + i + ": expected " + expected + " values, got " + got);
        }
    }

    /** Plans are equal when they hold the same pieces in the same batches and rows, for the same item lengths. */
    @Override
    public boolean equals(Object o) {
        return o instanceof BatchPlan other && Arrays.equals(itemLengths, other.itemLengths)
                && Arrays.deepEquals(batches, other.batches);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(itemLengths) + Arrays.deepHashCode(batches);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("BatchPlan[");
        for (int k = 0; k < batches.length; k++) {
            sb.append(k == 0 ? "" : ", ").append(Arrays.toString(layouts[k].lengths()));
        }
        return sb.append(']').toString();
    }
}
