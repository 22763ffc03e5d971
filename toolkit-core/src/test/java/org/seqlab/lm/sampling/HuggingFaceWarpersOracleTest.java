package org.seqlab.lm.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Holds the sampler's temperature, top-k and top-p against the Hugging Face logits warpers, as computed with torch by
 * {@code gen_hf_warpers.py} beside the fixture (random rows with distinct values, no boundary within rounding).
 */
class HuggingFaceWarpersOracleTest {

    @Test
    void keptTokensAndFinalProbabilitiesMatchTheHuggingFaceWarpers() throws Exception {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("hf_warpers.json")) {
            cases = new ObjectMapper().readTree(in).get("cases");
        }
        assertThat(cases.size()).isEqualTo(40);
        for (JsonNode c : cases) {
            float[] logits = new float[c.get("logits").size()];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) c.get("logits").get(i).asDouble();
            }
            SamplingConfig config = new SamplingConfig(c.get("temperature").asDouble(), c.get("topK").asInt(),
                    c.get("topP").asDouble(), 1, 0);
            double[] actual = new Sampler(config).distribution(logits, null, 0, new double[logits.length]);
            int[] expectedKept = new int[c.get("kept").size()];
            for (int i = 0; i < expectedKept.length; i++) {
                expectedKept[i] = c.get("kept").get(i).asInt();
            }
            assertThat(IntStream.range(0, actual.length).filter(i -> actual[i] > 0).toArray()).as("%s", config)
                    .containsExactly(expectedKept);
            for (int i = 0; i < actual.length; i++) {
                assertThat(actual[i]).as("%s token %d", config, i)
                        .isCloseTo(c.get("probabilities").get(i).asDouble(), within(1e-9));
            }
        }
    }
}
