package org.seqlab.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SequenceLayoutTest {

    @Test
    void sortsLongestFirstAndCountsLiveRowsPerStep() {
        // The fixtures' batch: lengths [5, 2, 4] in the caller's order.
        SequenceLayout l = SequenceLayout.of(5, 2, 4);
        assertThat(l.sortedLengths()).containsExactly(5, 4, 2);
        assertThat(l.originalIndex(0)).isEqualTo(0);
        assertThat(l.originalIndex(1)).isEqualTo(2);
        assertThat(l.originalIndex(2)).isEqualTo(1);
        assertThat(l.sortedIndex(1)).isEqualTo(2);
        assertThat(l.batchSizes()).containsExactly(3, 3, 2, 2, 1);
        assertThat(l.offset(0)).isZero();
        assertThat(l.offset(2)).isEqualTo(6);
        assertThat(l.totalSteps()).isEqualTo(11);
        assertThat(l.packedRow(1, 1)).isEqualTo(3 + 2);
        assertThat(l.packedRow(2, 1)).isEqualTo(-1);
    }

    @Test
    void equalLengthsKeepTheirOrder() {
        SequenceLayout l = SequenceLayout.of(3, 3, 1, 3);
        assertThat(l.originalIndex(0)).isEqualTo(0);
        assertThat(l.originalIndex(1)).isEqualTo(1);
        assertThat(l.originalIndex(2)).isEqualTo(3);
        assertThat(l.originalIndex(3)).isEqualTo(2);
    }

    @Test
    void refusesEmptySequencesAndEmptyBatches() {
        assertThatThrownBy(() -> SequenceLayout.of(3, 0)).hasMessageContaining("sequence 1 has length 0");
        assertThatThrownBy(SequenceLayout::of).hasMessageContaining("at least one");
    }

    // Lengths [5, 2, 4]: sorted order is (original) 0, 2, 1, so the packed rows are
    // t0: 0,2,1 | t1: 0,2,1 | t2: 0,2 | t3: 0,2 | t4: 0. Packed row r holds (10r, 10r+1).
    private static final float[] PACKED_5_2_4 = {
        0, 1, 10, 11, 20, 21, 30, 31, 40, 41, 50, 51, 60, 61, 70, 71, 80, 81, 90, 91, 100, 101};
    private static final float[] PADDED_5_2_4 = {
        0, 1, 30, 31, 60, 61, 80, 81, 100, 101, // sequence 0: rows 0, 3, 6, 8, 10
        20, 21, 50, 51, 0, 0, 0, 0, 0, 0, // sequence 1: rows 2, 5, then padding
        10, 11, 40, 41, 70, 71, 90, 91, 0, 0}; // sequence 2: rows 1, 4, 7, 9, then padding

    @Test
    void scattersPackedRowsIntoPaddedBatchInCallersOrder() {
        SequenceLayout l = SequenceLayout.of(5, 2, 4);
        assertThat(l.toPadded(PACKED_5_2_4, 2)).containsExactly(PADDED_5_2_4);
    }

    @Test
    void scatterIntoBufferOverwritesStalePaddingWithZeros() {
        SequenceLayout l = SequenceLayout.of(5, 2, 4);
        float[] out = new float[30];
        java.util.Arrays.fill(out, -7f);
        l.toPadded(PACKED_5_2_4, 2, out);
        assertThat(out).containsExactly(PADDED_5_2_4);
    }

    @Test
    void gathersPaddedBatchIntoPackedRowsWithoutReadingPadding() {
        SequenceLayout l = SequenceLayout.of(5, 2, 4);
        float[] padded = PADDED_5_2_4.clone();
        for (int k : new int[] {14, 15, 16, 17, 18, 19, 28, 29}) {
            padded[k] = 999f;
        }
        assertThat(l.toPacked(padded, 2)).containsExactly(PACKED_5_2_4);
    }

    @Test
    void doubleBuffersScatterAndGatherLikeFloatOnes() {
        SequenceLayout l = SequenceLayout.of(5, 2, 4);
        double[] packed = new double[PACKED_5_2_4.length];
        double[] padded = new double[PADDED_5_2_4.length];
        for (int k = 0; k < packed.length; k++) {
            packed[k] = PACKED_5_2_4[k];
        }
        for (int k = 0; k < padded.length; k++) {
            padded[k] = PADDED_5_2_4[k];
        }
        assertThat(l.toPadded(packed, 2)).containsExactly(padded);
        assertThat(l.toPacked(padded, 2)).containsExactly(packed);
    }

    @Test
    void packsAndUnpacksPerStepIntsTimeMajor() {
        SequenceLayout l = SequenceLayout.of(5, 2, 4);
        int[][] labels = {{1, 2, 3, 4, 5}, {6, 7}, {8, 9, 10, 11}};
        int[] packed = {1, 8, 6, 2, 9, 7, 3, 10, 4, 11, 5};
        assertThat(l.pack(labels)).containsExactly(packed);
        assertThat(l.unpack(packed)).isDeepEqualTo(labels);
    }

    @Test
    void scattersPackedIntsIntoPaddedMatrixWithPadValue() {
        SequenceLayout l = SequenceLayout.of(5, 2, 4);
        assertThat(l.toPadded(new int[] {1, 8, 6, 2, 9, 7, 3, 10, 4, 11, 5}, -1)).containsExactly(
                1, 2, 3, 4, 5,
                6, 7, -1, -1, -1,
                8, 9, 10, 11, -1);
    }

    @Test
    void refusesBuffersOfTheWrongSize() {
        SequenceLayout l = SequenceLayout.of(5, 2, 4);
        assertThatThrownBy(() -> l.toPadded(new float[21], 2)).hasMessageContaining("expected 11 x 2");
        assertThatThrownBy(() -> l.toPacked(new float[29], 2)).hasMessageContaining("expected 3 x 5 x 2");
        assertThatThrownBy(() -> l.pack(new int[][] {{1, 2, 3, 4, 5}, {6}, {8, 9, 10, 11}}))
                .hasMessageContaining("sequence 1 has length 1 but the layout says 2");
        assertThatThrownBy(() -> l.unpack(new int[10])).hasMessageContaining("expected 11 packed rows");
    }

    @Test
    void layoutsWithEqualLengthsAreEqual() {
        assertThat(SequenceLayout.of(2, 3)).isEqualTo(SequenceLayout.of(2, 3)).isNotEqualTo(SequenceLayout.of(3, 2));
    }
}
