package org.seqlab.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenAccuracyTest {

    @Test
    void countsAgreeingPosTagsAndTheirConfusion() {
        TokenAccuracy a = new TokenAccuracy();
        a.add(List.of("DET", "NOUN", "VERB", "NOUN"), List.of("DET", "VERB", "VERB", "PROPN"));
        a.add(List.of("NOUN"), List.of("VERB"));
        assertThat(a.tokens()).isEqualTo(5);
        assertThat(a.correct()).isEqualTo(2);
        assertThat(a.accuracy()).isEqualTo(40.0);
        assertThat(a.confusion().count("NOUN", "VERB")).isEqualTo(2);
        assertThat(a.confusion().topErrors(1)).containsExactly(new Confusion.Entry("NOUN", "VERB", 2));
    }

    @Test
    void noTokensMeansZeroAccuracyAndMismatchedLengthsAreRejected() {
        TokenAccuracy a = new TokenAccuracy();
        assertThat(a.accuracy()).isEqualTo(0.0);
        assertThatThrownBy(() -> a.add(List.of("A"), List.of("A", "B")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
