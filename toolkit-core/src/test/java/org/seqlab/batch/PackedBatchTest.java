package org.seqlab.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.SeqlabException;

class PackedBatchTest {
    private static final List<int[]> THREE = List.of(
            new int[] {11, 12, 13, 14, 15}, new int[] {21, 22}, new int[] {31, 32, 33, 34});

    @Test
    void packsIdsTimeMajorLongestFirst() {
        PackedBatch b = PackedBatch.of(THREE);
        assertThat(b.packedIds()).containsExactly(11, 31, 21, 12, 32, 22, 13, 33, 14, 34, 15);
        assertThat(b.layout().batchSizes()).containsExactly(3, 3, 2, 2, 1);
        assertThat(b.totalSteps()).isEqualTo(11);
        assertThat(b.packedId(4)).isEqualTo(32);
    }

    @Test
    void padsIdsInCallersOrderWithThePadId() {
        PackedBatch b = PackedBatch.of(THREE, -1);
        assertThat(b.paddedIds()).containsExactly(
                11, 12, 13, 14, 15,
                21, 22, -1, -1, -1,
                31, 32, 33, 34, -1);
        assertThat(b.paddedId(1, 2)).isEqualTo(-1);
        assertThat(b.items()).containsExactly(0, 1, 2);
    }

    @Test
    void masksRealTokensWithOnesAndPaddingWithZeros() {
        PackedBatch b = PackedBatch.of(THREE);
        assertThat(b.mask()).containsExactly(
                1, 1, 1, 1, 1,
                1, 1, 0, 0, 0,
                1, 1, 1, 1, 0);
    }

    @Test
    void givesMaskAndIdsAsNd4jArraysOfShapeBatchByTime() {
        PackedBatch b = PackedBatch.of(THREE);
        INDArray mask = b.maskArray();
        assertThat(mask.shape()).containsExactly(3, 5);
        assertThat(mask.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(mask.getFloat(1, 1)).isEqualTo(1f);
        assertThat(mask.getFloat(1, 2)).isEqualTo(0f);
        assertThat(mask.getFloat(2, 3)).isEqualTo(1f);
        INDArray ids = b.paddedIdsArray();
        assertThat(ids.shape()).containsExactly(3, 5);
        assertThat(ids.dataType()).isEqualTo(DataType.INT32);
        assertThat(ids.getInt(2, 3)).isEqualTo(34);
        assertThat(ids.getInt(1, 4)).isZero();
    }

    @Test
    void packsABatchOfOne() {
        PackedBatch b = PackedBatch.of(List.of(new int[] {7, 8, 9}));
        assertThat(b.batch()).isEqualTo(1);
        assertThat(b.packedIds()).containsExactly(7, 8, 9);
        assertThat(b.paddedIds()).containsExactly(7, 8, 9);
        assertThat(b.layout().batchSizes()).containsExactly(1, 1, 1);
        assertThat(b.mask()).containsExactly(1, 1, 1);
    }

    @Test
    void refusesAnEmptySequenceNamingItsIndex() {
        assertThatThrownBy(() -> PackedBatch.of(List.of(new int[] {1}, new int[] {2, 3}, new int[0])))
                .isInstanceOf(SeqlabException.class)
                .hasMessage("sequence 2 is empty: every sequence needs at least one token");
        assertThatThrownBy(() -> PackedBatch.of(List.of())).isInstanceOf(SeqlabException.class);
    }

    @Test
    void packsPiecesOfDatasetItems() {
        List<int[]> dataset = List.of(new int[] {1, 2, 3, 4, 5, 6, 7}, new int[] {8, 9});
        PackedBatch b = PackedBatch.of(dataset, List.of(new Piece(1, 0, 2), new Piece(0, 3, 3)), 0);
        assertThat(b.items()).containsExactly(1, 0);
        assertThat(b.paddedIds()).containsExactly(8, 9, 0, 4, 5, 6);
        assertThat(b.packedIds()).containsExactly(4, 8, 5, 9, 6);
        assertThat(b.piece(1).start()).isEqualTo(3);
    }

    @Test
    void accessorsReturnCopies() {
        PackedBatch b = PackedBatch.of(THREE);
        b.packedIds()[0] = -5;
        b.paddedIds()[0] = -5;
        assertThat(b.packedId(0)).isEqualTo(11);
        assertThat(b.paddedId(0, 0)).isEqualTo(11);
    }
}
