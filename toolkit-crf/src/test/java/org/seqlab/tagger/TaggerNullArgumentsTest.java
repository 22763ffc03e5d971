package org.seqlab.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Null arguments are refused with messages that name them, not NPEs deep in tokenizing or encoding. */
class TaggerNullArgumentsTest {
    @Test
    void nullTextSentencesAndTokensAreNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny-ner.zip");
        try (InputStream in = getClass().getResourceAsStream("tiny-ner.zip")) {
            Files.copy(in, file);
        }
        Tagger tagger = Tagger.load(file);
        assertThatThrownBy(() -> tagger.tag((String) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("tag: the text is null");
        assertThatThrownBy(() -> tagger.tag((List<String>) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("tag: the token list is null");
        assertThatThrownBy(() -> tagger.tagAll(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("tag: the list of sentences is null");
        assertThatThrownBy(() -> tagger.tagAll(Arrays.asList(List.of("a"), null)))
                .isInstanceOf(NullPointerException.class).hasMessage("sentence 2 is null");
        assertThatThrownBy(() -> tagger.tag(Arrays.asList("a", null))).isInstanceOf(NullPointerException.class)
                .hasMessage("sentence 1, token 2 is null");
        assertThatThrownBy(() -> tagger.bestTags(List.of(Arrays.asList((String) null))))
                .isInstanceOf(NullPointerException.class).hasMessage("sentence 1, token 1 is null");
        assertThatThrownBy(() -> Tagger.load((Path) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("Tagger.load: the path is null");
        assertThatThrownBy(() -> Tagger.ensemble(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("ensemble: the member list is null");
        assertThatThrownBy(() -> Tagger.ensemble(Arrays.asList(tagger, null))).isInstanceOf(NullPointerException.class)
                .hasMessage("ensemble: member 2 is null");
        assertThatThrownBy(() -> tagger.save(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("Tagger.save: the path is null");
        assertThat(tagger.tag(List.of("a", "b")).tags()).hasSize(2);
    }
}
