package org.seqlab.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.InputFormatException;
import org.seqlab.SeqlabException;

/**
 * A pre-tokenised token that is white space only is refused as an empty one is, naming its sentence and position
 * (such tokens were tagged O, silently); raw text, whose tokenizer never makes one, is tagged as before.
 */
class TaggerBlankTokensTest {
    @TempDir
    static Path dir;
    static Tagger tagger;

    @BeforeAll
    static void load() throws Exception {
        Path file = dir.resolve("tiny-ner.zip");
        try (InputStream in = TaggerBlankTokensTest.class.getResourceAsStream("tiny-ner.zip")) {
            Files.copy(in, file);
        }
        tagger = Tagger.load(file);
    }

    @Test
    void aTokenOfWhiteSpaceOnlyIsRefusedAsAnEmptyOneIs() {
        assertThatThrownBy(() -> tagger.tag(List.of(""))).isInstanceOf(SeqlabException.class)
                .hasMessage("sentence 1, token 1 is empty");
        assertThatThrownBy(() -> tagger.tag(List.of(" "))).isInstanceOf(SeqlabException.class)
                .hasMessage("sentence 1, token 1 is white space only (U+0020)");
        assertThatThrownBy(() -> tagger.tag(List.of("Alice", "\t"))).isInstanceOf(SeqlabException.class)
                .hasMessage("sentence 1, token 2 is white space only (U+0009)");
        // a no-break space is no white space to Character.isWhitespace, but is to isSpaceChar
        assertThatThrownBy(() -> tagger.tag(List.of("Alice", "saw", "\u00A0"))).isInstanceOf(SeqlabException.class)
                .hasMessage("sentence 1, token 3 is white space only (U+00A0)");
        assertThatThrownBy(() -> tagger.tag(List.of("\r\n\u2003"))).isInstanceOf(SeqlabException.class)
                .hasMessage("sentence 1, token 1 is white space only (U+000D U+000A U+2003)");
        assertThatThrownBy(() -> tagger.tag(List.of(" ".repeat(20)))).isInstanceOf(SeqlabException.class)
                .hasMessage("sentence 1, token 1 is white space only (U+0020 U+0020 U+0020 U+0020 U+0020 U+0020 "
                        + "U+0020 U+0020 ... 20 characters)");
    }

    @Test
    void everyEntryPointForTokenizedSentencesNamesTheSentenceAndToken() {
        List<List<String>> sentences = List.of(List.of("Alice"), List.of("Bob", "\u00A0", "Rome"));
        String message = "sentence 2, token 2 is white space only (U+00A0)";
        assertThatThrownBy(() -> tagger.tagAll(sentences)).isInstanceOf(SeqlabException.class).hasMessage(message);
        assertThatThrownBy(() -> tagger.bestTags(sentences)).isInstanceOf(SeqlabException.class).hasMessage(message);
        assertThatThrownBy(() -> tagger.internalTags(sentences)).isInstanceOf(SeqlabException.class)
                .hasMessage(message);
        Tagger ensemble = Tagger.ensemble(List.of(tagger, tagger));
        assertThatThrownBy(() -> ensemble.tagAll(sentences)).isInstanceOf(SeqlabException.class).hasMessage(message);
    }

    @Test
    void tokensWithWhiteSpaceInsideAndRawTextAreTaggedAsBefore() {
        assertThat(tagger.tag(List.of("New\u00A0York", " Alice ")).tags()).hasSize(2);
        assertThat(tagger.tagAll(List.of(List.of(), List.of("Bob")))).extracting(s -> s.tags().size())
                .containsExactly(0, 1);
        List<TaggedSentence> raw = tagger.tag("Alice \u00A0\t saw\u2003Rome .");
        assertThat(raw).hasSize(1);
        assertThat(raw.get(0).tokens()).containsExactly("Alice", "saw", "Rome", ".");
    }

    @Test
    void conllInputNamesTheFileAndLineOfAWhiteSpaceWord() {
        TaggerIo io = new TaggerIo(tagger);
        StringBuilder out = new StringBuilder();
        assertThatThrownBy(() -> io.tagConll(List.of("Alice x", "\u00A0 x"), TaggerIo.Format.CONLL, "in.conll", out,
                null)).isInstanceOf(InputFormatException.class)
                .hasMessage("in.conll:2: the word (column 1) is white space only (U+00A0)");
        assertThatThrownBy(() -> io.tagConll(List.of("1\tAlice\t_\t_\t_\t_\t_\t_\t_\t_", "",
                "1\t \t_\t_\t_\t_\t_\t_\t_\t_"), TaggerIo.Format.CONLLU, "in.conllu", out, null))
                .isInstanceOf(InputFormatException.class)
                .hasMessage("in.conllu:3: the word (column 2) is white space only (U+0020)");
        assertThatThrownBy(() -> io.tagConll(List.of("1\t\t_\t_\t_\t_\t_\t_\t_\t_"), TaggerIo.Format.CONLLU,
                "in.conllu", out, null)).isInstanceOf(InputFormatException.class)
                .hasMessage("in.conllu:1: the word (column 2) is empty");
        assertThat(out).isEmpty();
    }
}
