package org.seqlab.text.bpe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our learn/apply/vocabulary against subword-nmt's output on text written for the test (see the fixture's README). */
class SubwordNmtFixtureTest {

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(SubwordNmtFixtureTest.class.getResource("subword-nmt/" + name).toURI());
    }

    private static String encode(BpeEncoder e, Path text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(text)) {
            e.encode(in, out, text.toString(), 1);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void learnsSubwordNmtsCodes(@TempDir Path dir) throws Exception {
        BpeCodes codes = BpeLearner.builder().setMerges(150).build().learn(WordCounts.ofFiles(List.of(fixture("train.txt"))));
        Path written = dir.resolve("codes");
        codes.write(written);
        assertThat(Files.readString(written)).isEqualTo(Files.readString(fixture("train.codes")));
    }

    @Test
    void segmentsAsSubwordNmtWithItsCodes() throws Exception {
        BpeEncoder e = BpeEncoder.builder().setCodes(BpeCodes.read(fixture("train.codes"))).build();
        assertThat(encode(e, fixture("probe.txt"))).isEqualTo(Files.readString(fixture("probe.bpe")));
    }

    @Test
    void writesSubwordNmtsVocabularyAndAppliesItsThreshold(@TempDir Path dir) throws Exception {
        BpeCodes codes = BpeCodes.read(fixture("train.codes"));
        Path vocab = dir.resolve("vocab");
        BpeVocabulary.count(BpeEncoder.builder().setCodes(codes).build(), fixture("train.txt")).write(vocab);
        assertThat(Files.readString(vocab)).isEqualTo(Files.readString(fixture("train.vocab")));

        BpeEncoder e = BpeEncoder.builder().setCodes(codes)
                .optVocabulary(BpeVocabulary.read(fixture("train.vocab")), 2).build();
        assertThat(encode(e, fixture("probe.txt"))).isEqualTo(Files.readString(fixture("probe.threshold2.bpe")));
    }
}
