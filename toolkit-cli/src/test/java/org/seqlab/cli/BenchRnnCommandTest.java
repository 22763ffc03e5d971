package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** bench-rnn's usage: help with an example, and bad values refused as usage errors (exit 2). */
class BenchRnnCommandTest {
    private static int run(StringWriter err, StringWriter out, String... args) {
        CommandLine cl = SeqlabCommand.newCommandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(out, true));
        return cl.execute(args);
    }

    @Test
    void helpShowsAnExample() {
        StringWriter out = new StringWriter();
        assertThat(run(new StringWriter(), out, "bench-rnn", "--help")).isZero();
        assertThat(out.toString()).contains("Example: seqlab bench-rnn").contains("lstm, gru, rnn");
    }

    @Test
    void unknownCellIsAUsageError() {
        StringWriter err = new StringWriter();
        assertThat(run(err, new StringWriter(), "bench-rnn", "--cell", "transformer")).isEqualTo(2);
        assertThat(err.toString()).contains("--cell").contains("transformer");
    }

    @Test
    void zeroRunsIsAUsageError() {
        StringWriter err = new StringWriter();
        assertThat(run(err, new StringWriter(), "bench-rnn", "--runs", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--runs");
    }
}
