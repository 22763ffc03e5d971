package org.seqlab.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.seqlab.SeqlabException;

class BpeTokensTest {
    private static final String TEXT = "the lower newest widest\nthe low new wide\nlowest newer wider\n";

    @Test
    void linesBecomePiecesAndALineEndTokenAndDecodeBack() {
        BpeTokens t = BpeTokens.learn(TEXT, 10);
        assertThat(t.display(0)).isEqualTo(BpeTokens.UNKNOWN);
        assertThat(t.display(t.lineEnd())).isEqualTo(BpeTokens.LINE_END);
        int[] ids = t.encode("the lowest\nnew wide");
        assertThat(ids).contains(t.lineEnd());
        assertThat(ids).doesNotContain(0);
        assertThat(t.decode(ids)).isEqualTo("the lowest\nnew wide");
        // A word made of pieces: every piece but the last carries the continuation mark.
        int[] lowest = t.encode("lowest");
        assertThat(lowest.length).isGreaterThan(1);
        assertThat(t.display(lowest[0])).endsWith("@@");
        int[] the = t.encode("the");
        int[] theLine = t.encode("the\n");
        assertThat(theLine).hasSize(the.length + 1).endsWith(t.lineEnd()).startsWith(the);
    }

    @Test
    void unseenCharactersAreTheUnknownId() {
        BpeTokens t = BpeTokens.learn(TEXT, 10);
        assertThat(t.encode("zq")).contains(0);
    }

    @Test
    void theTextsRebuildTheSameIdsAndBrokenOnesAreClearErrors() {
        BpeTokens t = BpeTokens.learn(TEXT, 10);
        LmTokens back = LmTokens.fromTexts(LmUnit.BPE, t.toTexts(), "m.zip");
        assertThat(back.size()).isEqualTo(t.size());
        assertThat(back.encode(TEXT)).isEqualTo(t.encode(TEXT));
        Map<String, String> broken = new LinkedHashMap<>(t.toTexts());
        broken.put(BpeTokens.VOCABULARY_NAME, "the\n</s>\n");
        assertThatThrownBy(() -> LmTokens.fromTexts(LmUnit.BPE, broken, "m.zip")).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("m.zip").hasMessageContaining(BpeTokens.VOCABULARY_NAME);
        broken.remove(BpeTokens.CODES_NAME);
        assertThatThrownBy(() -> LmTokens.fromTexts(LmUnit.BPE, broken, "m.zip")).hasMessageContaining("missing "
                + BpeTokens.CODES_NAME);
    }
}
