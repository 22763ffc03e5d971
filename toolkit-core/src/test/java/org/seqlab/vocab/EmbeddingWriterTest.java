package org.seqlab.vocab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingWriterTest {
    @TempDir
    Path dir;

    private static final List<String> WORDS = List.of("the", "été", "x");
    private static final float[] VALUES = {0.5f, -1.25f, 1e-7f, -0f, Float.MIN_VALUE, 3.4028235e38f};

    @Test
    void glove_text_is_word_then_values_without_header() throws IOException {
        Path f = dir.resolve("g.txt");
        EmbeddingWriter.write(f, EmbeddingFormat.GLOVE_TEXT, WORDS, VALUES, 2);
        assertThat(Files.readAllLines(f, StandardCharsets.UTF_8)).containsExactly("the 0.5 -1.25", "été 1.0E-7 -0.0",
                "x 1.4E-45 3.4028235E38");
    }

    @Test
    void word2vec_text_has_count_dim_header() throws IOException {
        Path f = dir.resolve("w.vec");
        EmbeddingWriter.write(f, EmbeddingFormat.WORD2VEC_TEXT, WORDS, VALUES, 2);
        assertThat(Files.readAllLines(f, StandardCharsets.UTF_8)).containsExactly("3 2", "the 0.5 -1.25",
                "été 1.0E-7 -0.0", "x 1.4E-45 3.4028235E38");
    }

    @Test
    void word2vec_binary_bytes_are_header_word_space_little_endian_floats_newline() throws IOException {
        Path f = dir.resolve("w.bin");
        EmbeddingWriter.write(f, EmbeddingFormat.WORD2VEC_BINARY, List.of("ab"), new float[] {1f, -2f}, 2);
        byte[] expected = {'1', ' ', '2', '\n', 'a', 'b', ' ', 0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0xc0, '\n'};
        assertThat(Files.readAllBytes(f)).containsExactly(expected);
    }

    @Test
    void every_format_plain_and_gzip_reads_back_bit_for_bit() {
        for (EmbeddingFormat format : EmbeddingFormat.values()) {
            for (String name : List.of("e.out", "e.out.gz")) {
                Path f = dir.resolve(format + name);
                EmbeddingWriter.write(f, format, WORDS, VALUES, 2);
                PretrainedEmbeddings back = EmbeddingLoader.builder().setFile(f).build().load();
                assertThat(back.format()).as("%s %s", format, name).isEqualTo(format);
                assertThat(back.words()).isEqualTo(WORDS);
                float[] got = back.toFloatArray();
                for (int i = 0; i < VALUES.length; i++) {
                    assertThat(Float.floatToRawIntBits(got[i])).as("%s %s value %d", format, name, i)
                            .isEqualTo(Float.floatToRawIntBits(VALUES[i]));
                }
            }
        }
    }

    @Test
    void an_aligned_matrix_is_written_under_its_vocabulary_tokens() throws IOException {
        Path src = dir.resolve("src.txt");
        Files.writeString(src, "cat 1 2\ndog 3 4\n");
        Vocabulary v = Vocabulary.builder().optSpecials(List.of()).add("dog", 2).add("cat").build();
        EmbeddingMatrix m = EmbeddingLoader.builder().setFile(src).build().loadFor(v);
        Path out = dir.resolve("small.txt");
        EmbeddingWriter.write(out, EmbeddingFormat.GLOVE_TEXT, m);
        assertThat(Files.readAllLines(out)).containsExactly("dog 3.0 4.0", "cat 1.0 2.0");
    }

    @Test
    void words_the_formats_cannot_carry_are_refused() {
        Path f = dir.resolve("bad.txt");
        for (String w : new String[] {"", "a b", "a\tb", "a\nb"}) {
            assertThatThrownBy(() -> EmbeddingWriter.write(f, EmbeddingFormat.GLOVE_TEXT, List.of(w), new float[] {1},
                    1)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> EmbeddingWriter.write(f, EmbeddingFormat.GLOVE_TEXT, List.of("a"), new float[] {1, 2},
                1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need 1 values, not 2");
    }
}
