package org.seqlab.conll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.SeqlabException;
import org.seqlab.eval.ConllevalFile;
import org.seqlab.eval.SpanCounts;
import org.seqlab.eval.SpanEvaluation;

class ConllWriterTest {
    @TempDir
    Path dir;

    private static final ConllWriter APPEND =
            ConllWriter.builder().setMode(ConllWriter.Mode.APPEND_PREDICTION).build();
    private static final ConllWriter REPLACE = ConllWriter.builder().setMode(ConllWriter.Mode.REPLACE_TAG).build();

    private Dataset read(ConllFormat format, String text) throws IOException {
        Path f = dir.resolve("in.txt");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return ConllReader.builder().setFormat(format).build().read(f);
    }

    @Test
    void appendWritesConllevalInputThatScoresAsExpected() throws IOException {
        Dataset d = read(ConllFormat.CONLL2003,
                "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\n\nPeter NNP I-NP I-PER\n");
        String out = APPEND.writeToString(d.sentences(), List.of(List.of("I-ORG", "O"), List.of("I-LOC")));
        assertThat(out).isEqualTo("-DOCSTART- -X- O O O\n\nEU NNP I-NP I-ORG I-ORG\nrejects VBZ I-VP O O\n\n"
                + "Peter NNP I-NP I-PER I-LOC\n\n");
        Path pred = dir.resolve("pred.txt");
        APPEND.write(pred, d.sentences(), List.of(List.of("I-ORG", "O"), List.of("I-LOC")));
        SpanEvaluation r = ConllevalFile.evaluate(pred, TagScheme.IOB1);
        // gold ORG, PER; predicted ORG, LOC: one of two right.
        assertThat(r.overall()).isEqualTo(new SpanCounts(2, 2, 1));
    }

    @Test
    void replaceWritesTheTagColumnWithThePredictionAndTabsForWnut() throws IOException {
        Dataset d = read(ConllFormat.WNUT, "New\tB-location\nYork\tI-location\n\t\nhi\tO");
        String out = REPLACE.writeToString(d.sentences(), List.of(List.of("B-person", "O"), List.of("O")));
        assertThat(out).isEqualTo("New\tB-person\nYork\tO\n\nhi\tO\n\n");
    }

    @Test
    void iobesPredictionsGoBackToTheSentencesScheme() throws IOException {
        Dataset d = read(ConllFormat.CONLL2003, "a X X I-PER\nb X X I-PER\nc X X B-PER\nd X X O\ne X X I-LOC\n");
        ConllSentence s = d.sentences().get(0);
        // Chunks PER[0,2) PER[2,3) LOC[4,5): IOBES B-PER E-PER S-PER O S-LOC, and back to IOB1 by hand.
        assertThat(s.tagsAsIobes()).containsExactly("B-PER", "E-PER", "S-PER", "O", "S-LOC");
        assertThat(s.fromIobes(List.of("S-PER", "S-PER", "B-PER", "E-PER", "O")))
                .containsExactly("I-PER", "B-PER", "B-PER", "I-PER", "O");
        Dataset pos = ConllReader.builder().setFormat(ConllFormat.CONLL2003).optColumn("pos").build()
                .read(dir.resolve("in.txt"));
        Dataset wnut = read(ConllFormat.WNUT, "a\tO\nb\tB-group\n");
        assertThat(wnut.sentences().get(0).fromIobes(List.of("S-group", "S-group")))
                .containsExactly("B-group", "B-group");
        assertThatThrownBy(() -> s.fromIobes(List.of("O")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pos.sentences().get(0).tagsAsIobes())
                .isInstanceOf(SeqlabException.class)
                .hasMessageContaining("the tags of pos (column 2) are plain labels");
    }

    @Test
    void conlluReadThenWrittenIsTheSameFileWithOnlyThePredictedColumnChanged() throws IOException {
        Dataset d = read(ConllFormat.CONLLU, ConllReaderTest.CONLLU);
        List<List<String>> gold = new ArrayList<>();
        List<List<String>> allX = new ArrayList<>();
        for (ConllSentence s : d.sentences()) {
            gold.add(s.tags());
            allX.add(java.util.Collections.nCopies(s.size(), "X"));
        }
        assertThat(REPLACE.writeToString(d.sentences(), gold)).isEqualTo(ConllReaderTest.CONLLU);
        String[] in = ConllReaderTest.CONLLU.split("\n", -1);
        String[] out = REPLACE.writeToString(d.sentences(), allX).split("\n", -1);
        assertThat(out).hasSameSizeAs(in);
        for (int i = 0; i < in.length; i++) {
            String[] a = in[i].split("\t", -1);
            String[] b = out[i].split("\t", -1);
            boolean word = a.length == 10 && a[0].chars().allMatch(Character::isDigit);
            if (word) {
                a[3] = "X";
            }
            assertThat(b).as("line %d", i + 1).containsExactly(a);
        }
        assertThatThrownBy(() -> APPEND.writeToString(d.sentences(), gold))
                .isInstanceOf(SeqlabException.class)
                .hasMessageStartingWith("CoNLL-U has exactly 10 columns");
    }

    @Test
    void devSetPredictionsRoundTrippedThroughIobesScoreAsAPerfectConllevalFile() throws IOException {
        Dataset dev = ConllReader.builder().setFormat(ConllFormat.CONLL2003).build()
                .read(CoNLL2003SchemesTest.sharedData("conll2003/eng.testa"));
        List<List<String>> predicted = new ArrayList<>();
        for (ConllSentence s : dev.sentences()) {
            List<String> back = s.fromIobes(s.tagsAsIobes());
            assertThat(back).isEqualTo(s.tags()); // eng.testa is well-formed IOB1 (CoNLL2003SchemesTest)
            predicted.add(back);
        }
        Path pred = dir.resolve("dev.pred");
        APPEND.write(pred, dev.sentences(), predicted);
        SpanEvaluation r = ConllevalFile.evaluate(pred, TagScheme.IOB1);
        // 5942 entities (published); conlleval also counts the 216 -DOCSTART- lines as tokens.
        assertThat(r.overall()).isEqualTo(new SpanCounts(5942, 5942, 5942));
        assertThat(r.tokens()).isEqualTo(51362 + 216);
    }

    @Test
    void mismatchedCountsAndTagsWithSeparatorsAreRejected() throws IOException {
        Dataset d = read(ConllFormat.CONLL2000, "a X B-NP\nb X I-NP\n");
        assertThatThrownBy(() -> APPEND.writeToString(d.sentences(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("got 0 predicted sequences for 1 sentences");
        assertThatThrownBy(() -> APPEND.writeToString(d.sentences(), List.of(List.of("O"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 2 words but 1 predicted tags");
        assertThatThrownBy(() -> APPEND.writeToString(d.sentences(), List.of(List.of("O", "B NP"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("predicted tag 'B NP'");
    }
}
