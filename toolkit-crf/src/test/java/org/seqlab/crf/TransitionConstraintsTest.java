package org.seqlab.crf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.conll.InvalidTagException;
import org.seqlab.conll.TagScheme;

class TransitionConstraintsTest {

    @Test
    void iob2LabelSetForbidsIAfterOOrAnotherTypeAndAtTheStart() {
        List<String> labels = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");
        TransitionConstraints c = TransitionConstraints.forScheme(TagScheme.IOB2, labels);
        assertThat(c.allowed(0, 2)).isFalse();  // O -> I-PER
        assertThat(c.allowed(3, 2)).isFalse();  // B-LOC -> I-PER
        assertThat(c.allowed(4, 2)).isFalse();  // I-LOC -> I-PER
        assertThat(c.allowed(1, 2)).isTrue();   // B-PER -> I-PER
        assertThat(c.allowed(2, 2)).isTrue();   // I-PER -> I-PER
        assertThat(c.allowsStart(2)).isFalse();
        assertThat(c.allowsStart(1)).isTrue();
        assertThat(c.allowsEnd(2)).isTrue();
        assertThat(c.isUnconstrained()).isFalse();
        assertThat(c.allowsPath(new int[] {1, 2, 0, 3, 4})).isTrue();
        assertThat(c.allowsPath(new int[] {1, 4})).isFalse();
    }

    @Test
    void iobesLabelSetForbidsEndingInsideAChunk() {
        List<String> labels = List.of("O", "B-PER", "I-PER", "E-PER", "S-PER");
        TransitionConstraints c = TransitionConstraints.forScheme(TagScheme.IOBES, labels);
        assertThat(c.allowsEnd(1)).isFalse();
        assertThat(c.allowsEnd(2)).isFalse();
        assertThat(c.allowsEnd(3)).isTrue();
        assertThat(c.allowsStart(3)).isFalse();
        assertThat(c.allowed(3, 1)).isTrue();   // E -> B
        assertThat(c.allowed(1, 0)).isFalse();  // B -> O
    }

    @Test
    void labelOutsideTheSchemeIsRejectedByName() {
        assertThatThrownBy(() -> TransitionConstraints.forScheme(TagScheme.IOB2, List.of("O", "S-PER")))
                .isInstanceOf(InvalidTagException.class)
                .hasMessageContaining("label 1")
                .hasMessageContaining("S-PER");
    }

    @Test
    void noneAllowsEverything() {
        assertThat(TransitionConstraints.none(3).isUnconstrained()).isTrue();
    }
}
