package org.seqlab.seq2seq.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqlabException;

class UnkReplacerTest {
    private final UnkReplacer replacer = new UnkReplacer("<unk>");
    private final List<String> source = List.of("Herr", "Schmidt", "kauft", "Brot");

    @Test
    void eachUnknownTokenBecomesTheSourceWordItsStepAttendedToMost() {
        List<String> output = List.of("Mr", "<unk>", "buys", "<unk>");
        float[][] attention = {
                {0.7f, 0.1f, 0.1f, 0.1f},
                {0.2f, 0.6f, 0.1f, 0.1f}, // Schmidt
                {0.1f, 0.1f, 0.7f, 0.1f},
                {0.1f, 0.2f, 0.3f, 0.4f}, // Brot
        };
        assertThat(replacer.replace(output, source, attention)).containsExactly("Mr", "Schmidt", "buys", "Brot");
        assertThat(output).containsExactly("Mr", "<unk>", "buys", "<unk>");
    }

    @Test
    void tiesGoToTheEarlierSourceWordAndExtraPositionsAreNotCandidates() {
        // position 4 (the source's </s>) has the most weight but is not a word; 1 and 3 tie: the earlier wins
        float[][] attention = {{0.1f, 0.2f, 0.1f, 0.2f, 0.4f}};
        assertThat(replacer.replace(List.of("<unk>"), source, attention)).containsExactly("Schmidt");
    }

    @Test
    void replacesAlongTheHypothesisOfASearch() {
        // the table emits <unk> at the first step, fed <s>: attention one-hot at position 0 % 3 = 0
        float[][] table = TableModel.table(new double[][] {
                {0, 0, 1, 0}, // <s> -> <unk>
                {0, 1, 0, 0},
                {0, 1, 0, 0}, // <unk> -> </s>
                {0, 1, 0, 0},
        });
        Hypothesis h = new GreedySearch<>(new TableModel(table), DecodeConfig.GREEDY)
                .decode(new int[][] {{0, 9, 9}}).get(0).get(0);
        assertThat(h.outputTokens()).containsExactly(TableModel.UNK);
        List<String> words = List.of("<unk>");
        assertThat(replacer.replace(words, List.of("Zürich", "ist", "schön"), h.outputAttention()))
                .containsExactly("Zürich");
    }

    @Test
    void tooFewAttentionRowsIsAnError() {
        assertThatThrownBy(() -> replacer.replace(List.of("a", "<unk>"), source, new float[1][4]))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("2 tokens, 1 rows");
    }
}
