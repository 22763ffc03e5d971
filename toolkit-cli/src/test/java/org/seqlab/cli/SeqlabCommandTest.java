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
            String help = run(SeqlabCommand.newCommandLine(), e.getKey(), "--help");
            assertThat(help).as("help of %s", e.getKey()).contains("Example");
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
