package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DataStatsCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = SeqlabCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void printsTheSummaryOfEachFile() throws IOException {
        Path f = dir.resolve("a.conll");
        Files.writeString(f, "New\tB-location\nYork\tI-location\n\t\nhi\tO\n");
        assertThat(run("data-stats", "--format", "wnut", f.toString(), f.toString())).isZero();
        String one = String.join("\n", "file " + f, "format wnut", "tags_from ner (column 2)", "scheme IOB2",
                "documents 1", "sentences 2", "tokens 3", "longest_sentence 2", "tags 3", "  B-location 1",
                "  I-location 1", "  O 1", "chunks 1", "  location 1", "ill_formed_sentences 0", "");
        assertThat(out.toString()).isEqualTo(one + "\n" + one);
    }

    @Test
    void malformedFileFailsWithFileAndLineAndBadOptionsAreUsageErrors() throws IOException {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, "EU NNP I-NP I-ORG\nrejects VBZ\n");
        assertThat(run("data-stats", "--format", "conll2003", f.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("seqlab: " + f + ":2: expected 4 columns (word pos chunk ner), found 2"
                + System.lineSeparator());
        assertThat(run("data-stats", "--format", "conll2003", "--column", "upos", f.toString())).isEqualTo(2);
        assertThat(run("data-stats", "--format", "conll2003", "--scheme", "iob3", f.toString())).isEqualTo(2);
        assertThat(run("data-stats", "--format", "conll2003", "--encoding", "no-such", f.toString())).isEqualTo(2);
    }
}
