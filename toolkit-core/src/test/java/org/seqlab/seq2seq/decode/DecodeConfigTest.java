package org.seqlab.seq2seq.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqlabException;

class DecodeConfigTest {

    @Test
    void theDefaultLimitIsTwiceTheSourcePlusTen() {
        assertThat(DecodeConfig.DEFAULT.maxLength(0)).isEqualTo(10);
        assertThat(DecodeConfig.DEFAULT.maxLength(7)).isEqualTo(24);
        assertThat(DecodeConfig.DEFAULT.withMaxLength(1.5, 3).maxLength(5)).isEqualTo(10); // floor(7.5) + 3
    }

    @Test
    void theLengthPenaltyIsGnmts() {
        DecodeConfig c = DecodeConfig.DEFAULT.withAlpha(0.6);
        assertThat(c.lengthPenalty(1)).isEqualTo(1.0);
        assertThat(c.lengthPenalty(7)).isCloseTo(Math.pow(2, 0.6), within(1e-12)); // (5 + 7) / 6 = 2
        assertThat(c.withAlpha(0).lengthPenalty(30)).isEqualTo(1.0);
    }

    @Test
    void absentJsonFieldsTakeTheDefaults() throws Exception {
        DecodeConfig c = new ObjectMapper().readValue("{\"beamSize\": 3, \"alpha\": 1.0}", DecodeConfig.class);
        assertThat(c).isEqualTo(new DecodeConfig(3, 1, 1.0, 2, 10));
        ObjectMapper mapper = new ObjectMapper();
        assertThat(mapper.readValue(mapper.writeValueAsString(c), DecodeConfig.class)).isEqualTo(c);
    }

    @Test
    void impossibleSettingsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> DecodeConfig.DEFAULT.withBeamSize(0)).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("beamSize");
        assertThatThrownBy(() -> DecodeConfig.DEFAULT.withNBest(6)).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("nBest");
        assertThatThrownBy(() -> DecodeConfig.DEFAULT.withAlpha(-0.1)).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("alpha");
        assertThatThrownBy(() -> DecodeConfig.DEFAULT.withMaxLength(Double.NaN, 1))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("maxLengthRatio");
    }

    @Test
    void beamsAboveTheLimitAreRefusedAlsoFromJson() {
        assertThat(DecodeConfig.DEFAULT.withBeamSize(DecodeConfig.MAX_BEAM_SIZE).beamSize()).isEqualTo(100);
        assertThatThrownBy(() -> DecodeConfig.DEFAULT.withBeamSize(101)).isInstanceOf(SeqlabException.class)
                .hasMessage("beamSize must be in [1, 100], not 101");
        assertThatThrownBy(() -> DecodeConfig.DEFAULT.withBeamSize(Integer.MAX_VALUE))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("beamSize must be in [1, 100]");
        assertThatThrownBy(() -> new ObjectMapper().readValue("{\"beamSize\": 100000000}", DecodeConfig.class))
                .hasRootCauseInstanceOf(SeqlabException.class).hasRootCauseMessage(
                        "beamSize must be in [1, 100], not 100000000");
    }
}
