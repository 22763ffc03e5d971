package org.seqlab.text.bpe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class BpeDecoderTest {

    @Test
    void joinsSubwordsAtTheSeparator() {
        BpeDecoder d = new BpeDecoder();
        assertThat(d.decode("lo@@ west ne@@ wer")).isEqualTo("lowest newer");
        assertThat(d.decode("dangling@@")).isEqualTo("dangling");
        assertThat(d.decode("")).isEmpty();
        assertThat(d.decodeTokens(List.of("lo@@", "west", "a"))).containsExactly("lowest", "a");
    }

    @Test
    void usesTheGivenSeparator() {
        assertThat(new BpeDecoder("##").decode("lo## west a@@ b")).isEqualTo("lowest a@@ b");
    }
}
