package org.seqlab.seq2seq.bleu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.seqlab.JsonArrays.doubles;
import static org.seqlab.JsonArrays.longs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.seqlab.SharedData;

/**
 * Holds Bleu against sacreBLEU 2.6.0's own output on the shared fixtures ({@code ../shared/fixtures/bleu}, see its
 * README): every case's counts, totals and lengths exactly, the score and figures as the same doubles, the formatted
 * line and signature character for character, and the 13a tokenization of every listed line.
 */
class SacreBleuFixtureTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dir() {
        return SharedData.fixture("bleu/expected.json").getParent();
    }

    private static JsonNode expected() throws IOException {
        return JSON.readTree(dir().resolve("expected.json").toFile());
    }

    /** The fixture's options as our builder (the non-default runs: lowercase, other smoothing). */
    private static Bleu bleuWith(JsonNode options) {
        Bleu.Builder b = Bleu.builder();
        if (options != null) {
            if (options.has("lowercase")) {
                b.optLowercase(options.get("lowercase").asBoolean());
            }
            if (options.has("smooth_method")) {
                b.optSmoothing(Smoothing.fromLabel(options.get("smooth_method").asText()));
            }
            if (options.has("smooth_value") && !options.get("smooth_value").isNull()) {
                b.optSmoothValue(options.get("smooth_value").asDouble());
            }
        }
        return b.build();
    }

    static Stream<Arguments> results() throws IOException {
        JsonNode results = expected().get("results");
        List<Arguments> out = new ArrayList<>();
        results.fieldNames().forEachRemaining(name -> out.add(Arguments.of(name, results.get(name))));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("results")
    void everyResultMatchesSacreBleuExactly(String name, JsonNode want) {
        Bleu bleu = bleuWith(want.get("options"));
        BleuScore got = bleu.scoreFiles(dir().resolve(want.get("hyp_file").asText()),
                dir().resolve(want.get("ref_file").asText()));

        assertThat(got.sysLen()).as("sys_len").isEqualTo(want.get("sys_len").asLong());
        assertThat(got.refLen()).as("ref_len").isEqualTo(want.get("ref_len").asLong());
        assertThat(got.counts()).as("counts").containsExactly(longs(want.get("counts")));
        assertThat(got.totals()).as("totals").containsExactly(longs(want.get("totals")));
        assertThat(got.precisions()).as("precisions").containsExactly(doubles(want.get("precisions")));
        assertThat(got.bp()).as("bp").isEqualTo(want.get("bp").asDouble());
        assertThat(got.ratio()).as("ratio").isEqualTo(want.get("ratio").asDouble());
        double score = want.get("score").asDouble();
        assertThat(got.score()).as("score within 1e-12 relative").isCloseTo(score, within(1e-12 * Math.abs(score)));
        assertThat(got.score()).as("score, the same double").isEqualTo(score);
        assertThat(got.signature()).isEqualTo(want.get("signature").asText());
        assertThat(got.formatWithSignature()).isEqualTo(want.get("formatted").asText());
        String withoutSignature = want.get("formatted").asText()
                .replace("BLEU|" + want.get("signature").asText() + " = ", "BLEU = ");
        assertThat(got.format()).isEqualTo(withoutSignature)
                .endsWith(want.get("cli_json").get("verbose_score").asText());
    }

    @Test
    void defaultCasesListScoresWithDefaultOptions() throws IOException {
        JsonNode cases = expected().get("cases");
        assertThat(cases.size()).isEqualTo(6);
        for (JsonNode c : cases) {
            BleuScore got = Bleu.corpusScore(SegmentFiles.readLines(dir().resolve(c.get("hyp").asText())),
                    SegmentFiles.readLines(dir().resolve(c.get("ref").asText())));
            assertThat(got.score()).as(c.get("name").asText()).isEqualTo(c.get("score").asDouble());
            assertThat(got.signature()).isEqualTo(c.get("signature").asText());
        }
    }

    @Test
    void tokenizes13aLikeSacreBleuOnEveryListedLine() throws IOException {
        JsonNode data = expected();
        Tokenizer13a tok = new Tokenizer13a();
        int checked = 0;
        for (JsonNode t : data.get("tokenization_13a")) {
            assertThat(tok.tokenize(t.get("ref").asText())).as("ref of line " + t.get("val_de_line"))
                    .isEqualTo(t.get("ref_13a").asText());
            assertThat(tok.tokenize(t.get("hyp").asText())).as("hyp of line " + t.get("val_de_line"))
                    .isEqualTo(t.get("hyp_13a").asText());
            checked += 2;
        }
        for (JsonNode t : data.get("ref_special_lines_13a")) {
            assertThat(tok.tokenize(t.get("ref").asText())).as("val.de line " + t.get("val_de_line"))
                    .isEqualTo(t.get("ref_13a").asText());
            checked++;
        }
        assertThat(checked).isEqualTo(2 * 12 + 4);
    }
}
