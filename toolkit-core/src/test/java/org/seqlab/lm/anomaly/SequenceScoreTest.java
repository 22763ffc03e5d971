package org.seqlab.lm.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SequenceScoreTest {

    @Test
    void theScoreIsTheMeanSurprisalBesideTheMax() {
        SequenceScore s = SequenceScore.of(new double[] {1, 2, 6});
        assertThat(s.mean()).isEqualTo(3.0);
        assertThat(s.max()).isEqualTo(6.0);
        assertThat(s.tokens()).isEqualTo(3);
    }

    @Test
    void surprisalsAreNegatedNaturalLogProbabilitiesAndConvertToBits() {
        assertThat(SequenceScore.surprisalsFromLogProbabilities(new double[] {Math.log(0.5), Math.log(0.25)}))
                .containsExactly(new double[] {Math.log(2), Math.log(4)}, within(1e-12));
        assertThat(SequenceScore.bits(Math.log(8))).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void anEmptySequenceOrANegativeSurprisalIsRefused() {
        assertThatThrownBy(() -> SequenceScore.of(new double[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SequenceScore.of(new double[] {1, -0.5})).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("-0.5");
    }
}
