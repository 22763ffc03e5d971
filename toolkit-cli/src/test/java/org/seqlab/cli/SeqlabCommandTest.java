package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class SeqlabCommandTest {

    private static String run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        cl.execute(args);
        return out + err.toString();
    }

    @Test
    void everyCommandHasAOneLineHeaderAndAnExampleInItsHelp() {
        CommandLine root = SeqlabCommand.newCommandLine();
        String list = run(root, "--help");
        assertThat(root.getSubcommands()).hasSizeGreaterThan(5);
        for (var e : root.getSubcommands().entrySet()) {
            if (e.getKey().equals("help")) {
                continue;
            }
            var usage = e.getValue().getCommandSpec().usageMessage();
            assertThat(usage.header()).as("header of %s", e.getKey()).hasSize(1);
            // 80 columns minus the name column: the list line must not wrap.
            assertThat(usage.header()[0].length()).as("header length of %s", e.getKey()).isLessThanOrEqualTo(62);
            assertThat(list).contains(e.getKey());
            // picocli reports a bad format string (a bare %) on System.err and prints the raw text
            java.io.PrintStream stderr = System.err;
            java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
            String help;
            try {
                System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
                help = run(SeqlabCommand.newCommandLine(), e.getKey(), "--help");
            } finally {
                System.setErr(stderr);
            }
            assertThat(help).as("help of %s", e.getKey()).contains("Example");
            assertThat(warnings.toString(java.nio.charset.StandardCharsets.UTF_8)).as("picocli warnings for %s",
                    e.getKey()).doesNotContain("WARN");
        }
    }

    @Test
    void unknownCommandIsAUsageErrorWithExitCode2() {
        assertThat(SeqlabCommand.newCommandLine().setErr(new PrintWriter(new StringWriter())).execute("no-such-command"))
                .isEqualTo(2);
    }

    @Test
    void summaryTakesTheFirstSentenceAndCutsAtAWord() {
        assertThat(SeqlabCommand.summary("Reads files. Then more.", 40)).isEqualTo("Reads files.");
        assertThat(SeqlabCommand.summary("one two three four five", 12)).isEqualTo("one two …");
    }
}
