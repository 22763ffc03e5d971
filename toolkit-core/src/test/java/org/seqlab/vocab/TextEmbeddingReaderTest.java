package org.seqlab.vocab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The block-parallel text reader with tiny blocks, so that rows, empty lines and errors fall in many blocks. */
class TextEmbeddingReaderTest {
    @TempDir
    Path dir;

    private PretrainedEmbeddings readInBlocks(Path f, int blockBytes, int threads) throws IOException {
        PretrainedEmbeddings.Collector sink = new PretrainedEmbeddings.Collector();
        try (EmbeddingInput in = EmbeddingInput.open(f)) {
            in.sniff(null);
            TextEmbeddingReader.read(in, sink, true, false, blockBytes, threads);
            return sink.finish(in.format);
        }
    }

    private Path rows(int count, String extra) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append('w').append(i).append(' ').append(i).append(".5 -").append(i).append("e-1\r\n");
            if (i % 7 == 3) {
                sb.append('\n'); // empty lines are skipped but counted
            }
        }
        sb.append(extra);
        Path f = dir.resolve("rows.txt");
        Files.writeString(f, sb, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void rows_spread_over_many_blocks_come_back_in_file_order() throws IOException {
        Path f = rows(300, "long " + "1 ".repeat(1) + "2\n");
        for (int threads : new int[] {1, 3}) {
            for (int block : new int[] {7, 16, 100, 1 << 20}) {
                PretrainedEmbeddings e = readInBlocks(f, block, threads);
                assertThat(e.size()).as("block %d threads %d", block, threads).isEqualTo(301);
                assertThat(e.dim()).isEqualTo(2);
                for (int i = 0; i < 300; i++) {
                    assertThat(e.word(i)).isEqualTo("w" + i);
                    assertThat(e.get(i, 0)).isEqualTo(Float.parseFloat(i + ".5"));
                    assertThat(e.get(i, 1)).isEqualTo(Float.parseFloat("-" + i + "e-1"));
                }
                assertThat(e.vector(300)).containsExactly(1f, 2f);
            }
        }
    }

    @Test
    void the_first_error_in_file_order_is_reported_with_its_absolute_line() throws IOException {
        // 300 rows take 300 + 43 lines (an empty line after each row i with i % 7 == 3): the bad rows are lines 344, 345
        Path f = rows(300, "bad 1\nworse x y\n");
        for (int threads : new int[] {1, 3}) {
            for (int block : new int[] {7, 64, 1 << 20}) {
                assertThatThrownBy(() -> readInBlocks(f, block, threads)).isInstanceOf(EmbeddingFormatException.class)
                        .hasMessage(f + ":344: word 'bad' has 1 values, expected 2 (as in the first row)");
            }
        }
    }

    @Test
    void filtering_through_many_blocks_keeps_the_wanted_rows() throws IOException {
        Path f = rows(300, "");
        Vocabulary v = Vocabulary.builder().optSpecials(java.util.List.of()).add("w7").add("W250").add("nope").build();
        EmbeddingMatrix.Aligner sink = new EmbeddingMatrix.Aligner(v, true);
        try (EmbeddingInput in = EmbeddingInput.open(f)) {
            in.sniff(null);
            TextEmbeddingReader.read(in, sink, true, false, 16, 3);
            EmbeddingMatrix m = sink.finish(in.format, Double.NaN, 1);
            assertThat(m.vector(v.find("w7"))).containsExactly(7.5f, -0.7f);
            assertThat(m.vector(v.find("W250"))).containsExactly(250.5f, -25f);
            assertThat(m.exactCount()).isEqualTo(1);
            assertThat(m.lowercaseCount()).isEqualTo(1);
            assertThat(m.missingCount()).isEqualTo(1);
        }
    }
}
