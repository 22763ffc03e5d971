package org.seqlab.text.bpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.InputFormatException;

class BpeVocabularyTest {

    @Test
    void countsTheSubwordsOfAnEncodedFileMostFrequentFirst(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("t.txt"), "lowest low\nlowest\n");
        BpeEncoder e = BpeEncoder.builder().setCodes(BpeEncoderTest.tenLineCodes()).build();
        BpeVocabulary v = BpeVocabulary.count(e, text);
        // lo@@ west low / lo@@ west: lo@@ 2, west 2 (first seen first), low 1
        Path out = dir.resolve("vocab");
        v.write(out);
        assertThat(Files.readAllLines(out)).containsExactly("lo@@ 2", "west 2", "low 1");
        assertThat(BpeVocabulary.read(out).counts()).isEqualTo(v.counts());
        assertThat(v.atLeast(2)).containsExactlyInAnyOrder("lo@@", "west");
    }

    @Test
    void malformedLinesNameTheFileAndLine(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("bad.vocab"), "a 1\nb\n");
        assertThatThrownBy(() -> BpeVocabulary.read(f)).isInstanceOf(InputFormatException.class)
                .hasMessage(f + ":2: expected 'subword count', found 'b'");
        Path g = Files.writeString(dir.resolve("nan.vocab"), "a x\n");
        assertThatThrownBy(() -> BpeVocabulary.read(g)).hasMessage(g + ":1: the count 'x' is not an integer");
    }

    @Test
    void joinedLearningWritesOneVocabularyPerFile(@TempDir Path dir) throws Exception {
        Path en = Files.writeString(dir.resolve("en"), String.join("\n", BpeLearnerTest.TEN_LINES.subList(0, 4)) + "\n");
        Path de = Files.writeString(dir.resolve("de"), String.join("\n", BpeLearnerTest.TEN_LINES.subList(4, 10)) + "\n");
        BpeCodes codes = BpeLearner.builder().setMerges(50).build().learn(WordCounts.ofFiles(List.of(en, de)));
        BpeEncoder e = BpeEncoder.builder().setCodes(codes).build();
        // Every word is one subword after all thirteen merges; ties keep the order words first appear in each file.
        assertThat(BpeVocabulary.count(e, en).counts()).containsExactly(
                java.util.Map.entry("low", 3L), java.util.Map.entry("newest", 3L),
                java.util.Map.entry("lower", 1L), java.util.Map.entry("widest", 1L));
        assertThat(BpeVocabulary.count(e, de).counts()).containsExactly(
                java.util.Map.entry("newest", 3L), java.util.Map.entry("low", 2L),
                java.util.Map.entry("widest", 2L), java.util.Map.entry("lower", 1L));
    }
}
