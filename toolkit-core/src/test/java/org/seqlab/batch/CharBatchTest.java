package org.seqlab.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqlabException;

class CharBatchTest {
    // Item 0 = "ab c" (chars a=1 b=2 c=3), item 1 = "def" (d=4 e=5 f=6).
    private static final List<int[][]> CHARS = List.of(new int[][] {{1, 2}, {3}}, new int[][] {{4, 5, 6}});
    private static final PackedBatch WORDS = PackedBatch.of(List.of(new int[] {100, 101}, new int[] {102}));

    @Test
    void charRowsFollowThePackedWordRows() {
        // Packed word rows: 0 = (item 0, "ab"), 1 = (item 1, "def"), 2 = (item 0, "c").
        CharBatch c = CharBatch.of(WORDS, CHARS, 0);
        assertThat(c.rows()).isEqualTo(3);
        assertThat(c.maxWordLength()).isEqualTo(3);
        assertThat(c.packedCharIds()).containsExactly(1, 2, 0, 4, 5, 6, 3, 0, 0);
        assertThat(c.wordLengths()).containsExactly(2, 3, 1);
        assertThat(c.mask()).containsExactly(1, 1, 0, 1, 1, 1, 1, 0, 0);
        assertThat(c.charId(1, 2)).isEqualTo(6);
    }

    @Test
    void nestedViewIsBatchMajorInCallersOrder() {
        CharBatch c = CharBatch.of(WORDS, CHARS, -1);
        assertThat(c.paddedCharIds()).containsExactly(
                1, 2, -1, 3, -1, -1, // item 0: "ab", "c"
                4, 5, 6, -1, -1, -1); // item 1: "def", padding
        assertThat(c.paddedWordLengths()).containsExactly(2, 1, 3, 0);
        assertThat(c.packedCharIdsArray().shape()).containsExactly(3, 3);
    }

    @Test
    void truncatesWordsLongerThanTheLimit() {
        CharBatch c = CharBatch.of(WORDS, CHARS, 0, 2);
        assertThat(c.packedCharIds()).containsExactly(1, 2, 4, 5, 3, 0);
        assertThat(c.wordLengths()).containsExactly(2, 2, 1);
    }

    @Test
    void followsPiecesOfSplitItems() {
        List<int[]> words = List.of(new int[] {7, 8, 9});
        List<int[][]> chars = List.<int[][]>of(new int[][] {{1}, {2, 2}, {3, 3, 3}});
        PackedBatch b = PackedBatch.of(words, List.of(new Piece(0, 0, 2), new Piece(0, 2, 1)), 0);
        CharBatch c = CharBatch.of(b, chars, 0);
        // Rows: (piece 0, t0) = {1}, (piece 1, t0) = {3,3,3}, (piece 0, t1) = {2,2}.
        assertThat(c.packedCharIds()).containsExactly(1, 0, 0, 3, 3, 3, 2, 2, 0);
    }

    @Test
    void refusesAWordWithoutCharacters() {
        List<int[][]> chars = List.of(new int[][] {{1, 2}, {}}, new int[][] {{4, 5, 6}});
        assertThatThrownBy(() -> CharBatch.of(WORDS, chars, 0))
                .isInstanceOf(SeqlabException.class)
                .hasMessage("sequence 0, token 1 has no characters");
    }

    @Test
    void refusesCharsThatDoNotCoverTheWords() {
        List<int[][]> chars = List.of(new int[][] {{1, 2}}, new int[][] {{4, 5, 6}});
        assertThatThrownBy(() -> CharBatch.of(WORDS, chars, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
