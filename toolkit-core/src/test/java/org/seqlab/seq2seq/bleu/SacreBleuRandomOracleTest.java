package org.seqlab.seq2seq.bleu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds Bleu against sacreBLEU 2.6.0 on seeded random adversarial corpora ({@code sacrebleu_random.json}, written by
 * {@code src/test/python/gen_sacrebleu_random.py} with the real sacreBLEU): 13a corner cases, every Python whitespace
 * character and some that Python does not count (U+200B, U+180E), entities, newlines inside segments, non-BMP
 * characters, lowercasing of İ and final sigma, every smoothing method, empty hypotheses, whitespace-only references.
 */
class SacreBleuRandomOracleTest {
    private static JsonNode oracle;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = SacreBleuRandomOracleTest.class.getResourceAsStream("sacrebleu_random.json")) {
            oracle = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void everyRandomCorpusScoresLikeSacreBleu() {
        int checked = 0;
        for (JsonNode c : oracle.get("corpora")) {
            JsonNode options = c.get("options");
            Bleu.Builder b = Bleu.builder();
            if (options.has("lowercase")) {
                b.optLowercase(options.get("lowercase").asBoolean());
            }
            if (options.has("smooth_method")) {
                b.optSmoothing(Smoothing.fromLabel(options.get("smooth_method").asText()));
            }
            if (options.has("smooth_value")) {
                b.optSmoothValue(options.get("smooth_value").asDouble());
            }
            Bleu bleu = b.build();
            BleuScore got = bleu.score(strings(c.get("hyps")), strings(c.get("refs")));
            String what = "corpus " + checked + " " + options;

            assertThat(got.sysLen()).as(what).isEqualTo(c.get("sys_len").asLong());
            assertThat(got.refLen()).as(what).isEqualTo(c.get("ref_len").asLong());
            // sacreBLEU's add-k adds k to its counts and totals of orders 2..4 in place; ours stay raw
            boolean addK = bleu.smoothing() == Smoothing.ADD_K && anyMatch(got.counts());
            for (int n = 0; n < Bleu.MAX_ORDER; n++) {
                double added = addK && n > 0 ? bleu.smoothValue() : 0.0;
                assertThat(got.counts()[n] + added).as(what + " counts").isEqualTo(c.get("counts").get(n).asDouble());
                assertThat(got.totals()[n] + added).as(what + " totals").isEqualTo(c.get("totals").get(n).asDouble());
                assertThat(got.precisions()[n]).as(what + " precisions")
                        .isEqualTo(c.get("precisions").get(n).asDouble());
            }
            assertThat(got.bp()).as(what).isEqualTo(c.get("bp").asDouble());
            assertThat(got.ratio()).as(what).isEqualTo(c.get("ratio").asDouble());
            assertThat(got.score()).as(what + " score").isEqualTo(c.get("score").asDouble());
            assertThat(got.formatWithSignature()).as(what).isEqualTo(c.get("formatted").asText());
            checked++;
        }
        assertThat(checked).isEqualTo(64);
    }

    @Test
    void tokenizes13aLikeSacreBleuOnRandomLines() {
        Tokenizer13a tok = new Tokenizer13a();
        int checked = 0;
        for (JsonNode t : oracle.get("tokenization_13a")) {
            assertThat(tok.tokenize(t.get("line").asText())).as("line %s", t.get("line")).isEqualTo(t.get("13a").asText());
            checked++;
        }
        assertThat(checked).isEqualTo(400);
    }

    private static boolean anyMatch(long[] counts) {
        for (long c : counts) {
            if (c != 0) {
                return true;
            }
        }
        return false;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(s -> out.add(s.asText()));
        return out;
    }
}
