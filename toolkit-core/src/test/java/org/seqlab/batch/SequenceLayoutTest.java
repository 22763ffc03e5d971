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
}
