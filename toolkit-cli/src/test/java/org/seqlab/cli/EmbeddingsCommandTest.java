package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingsCommandTest {
    @TempDir
    Path dir;

    private String run(int expectedStatus, String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            assertThat(SeqlabCommand.execute(args)).isEqualTo(expectedStatus);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void reports_format_rows_and_dim_then_shrinks_to_a_vocabulary() throws IOException {
        Path emb = dir.resolve("e.txt");
        Files.writeString(emb, "the 1 2\nparis 3 4\ndog 5 6\n");
        String out = run(0, "embeddings", emb.toString());
        assertThat(out).contains("format GLOVE_TEXT\n", "rows 3\n", "dim 2\n", "load_s ");

        Path vocab = dir.resolve("v.txt");
        Files.writeString(vocab, "#seqlab-vocabulary\tv1\tspecials=2\tlowercase-fallback=false\n<pad>\t0\n<unk>\t0\n"
                + "Paris\t2\nthe\t1\ncat\t1\n");
        Path small = dir.resolve("small.vec");
        out = run(0, "embeddings", emb.toString(), "--vocab", vocab.toString(), "--out", small.toString());
        assertThat(out).contains("rows 5\n", "exact 1\n", "lowercase 1\n", "missing 2\n", "written 2\n");
        assertThat(Files.readAllLines(small)).containsExactly("2 2", "Paris 3.0 4.0", "the 1.0 2.0");
    }

    @Test
    void a_malformed_file_is_one_line_naming_file_and_line_with_status_1() throws IOException {
        Path emb = dir.resolve("bad.txt");
        Files.writeString(emb, "the 1 2\nparis 3\n");
        String out = run(1, "embeddings", emb.toString());
        assertThat(out).isEqualTo("seqlab: " + emb + ":2: word 'paris' has 1 values, expected 2 (as in the first row)"
                + System.lineSeparator());
    }

    @Test
    void an_out_that_is_the_input_is_refused_before_the_load() throws IOException {
        // --out FILE replaced the embeddings with their word2vec-text copy (a header line more), exit 0
        Path emb = dir.resolve("e.txt");
        Files.writeString(emb, "the 1 2\nparis 3 4\n");
        String out = run(2, "embeddings", emb.toString(), "--out", emb.toString());
        assertThat(out).contains("--out " + emb + " is the FILE file").doesNotContain("format ");
        assertThat(Files.readString(emb)).isEqualTo("the 1 2\nparis 3 4\n");
    }

    @Test
    void an_out_in_folders_not_made_yet_is_written_there_and_one_under_a_file_is_refused_before_the_load()
            throws IOException {
        // the missing folder failed the write after the load ("no such file"), exit 1
        Path emb = dir.resolve("e.txt");
        Files.writeString(emb, "the 1 2\nparis 3 4\n");
        Path nested = dir.resolve("new/sub/small.vec");
        String out = run(0, "embeddings", emb.toString(), "--out", nested.toString());
        assertThat(out).contains("written 2\n");
        assertThat(Files.readAllLines(nested)).containsExactly("2 2", "the 1.0 2.0", "paris 3.0 4.0");

        Path underFile = emb.resolve("small.vec");
        out = run(2, "embeddings", emb.toString(), "--out", underFile.toString());
        assertThat(out).contains("--out " + underFile + ": " + emb + " is not a directory").doesNotContain("format ");
    }
}
