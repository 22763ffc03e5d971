package org.seqlab.crf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.seqlab.batch.SequenceLayout;

class TokenRowsTest {

    @Test
    void packedRowsFollowTheLengthSortedTimeMajorLayout() {
        // Lengths [2, 3, 1]: sorted order is sentence 1, 0, 2; step 0 rows 0..2, step 1 rows 3..4, step 2 row 5.
        TokenRows r = TokenRows.packed(SequenceLayout.of(2, 3, 1));
        assertThat(r.rowCount()).isEqualTo(6);
        assertThat(r.tokens()).isEqualTo(6);
        assertThat(new int[] {r.row(1, 0), r.row(1, 1), r.row(1, 2)}).containsExactly(0, 3, 5);
        assertThat(new int[] {r.row(0, 0), r.row(0, 1)}).containsExactly(1, 4);
        assertThat(r.row(2, 0)).isEqualTo(2);
        assertThat(r.maxLength()).isEqualTo(3);
    }

    @Test
    void paddedAndContiguousRows() {
        TokenRows p = TokenRows.padded(4, 2, 3);
        assertThat(p.rowCount()).isEqualTo(8);
        assertThat(p.tokens()).isEqualTo(5);
        assertThat(p.row(1, 2)).isEqualTo(6);
        TokenRows c = TokenRows.contiguous(2, 3);
        assertThat(c.rowCount()).isEqualTo(5);
        assertThat(c.row(1, 0)).isEqualTo(2);
    }

    @Test
    void emptySentencesAndOverlongPaddingAreRejected() {
        assertThatThrownBy(() -> TokenRows.contiguous(3, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sentence 1");
        assertThatThrownBy(() -> TokenRows.padded(2, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
