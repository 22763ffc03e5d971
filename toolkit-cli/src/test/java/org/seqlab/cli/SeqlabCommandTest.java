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

    @CommandLine.Command(name = "exhaust")
    static final class ExhaustingCommand implements Runnable {
        @Override
        public void run() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void runningOutOfMemoryIsOneLineAndStatus1() {
        CliRun.Result r = CliRun.capture(() -> SeqlabCommand.execute(new CommandLine(new ExhaustingCommand())));
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("seqlab: out of memory (Java heap space); the launcher's heap is set by"
                + " SEQLAB_JAVA_OPTS (default -Xmx8g)" + System.lineSeparator());
    }

    @Test
    void anOutputThatCannotBeWrittenIsAFailedRun() {
        java.io.PrintStream stdout = System.out;
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new java.io.PrintStream(new java.io.OutputStream() {
                @Override
                public void write(int b) throws java.io.IOException {
                    throw new java.io.IOException("No space left on device");
                }
            }, true));
            System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            rc = SeqlabCommand.execute("tokenize", "--text", "A full disk.");
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("seqlab: cannot write to standard output");
    }

    @Test
    void fileErrorsSayWhatWentWrongInWords() {
        assertThat(SeqlabCommand.describe(new java.nio.file.AccessDeniedException("/data/x.txt")))
                .isEqualTo("/data/x.txt: permission denied");
        assertThat(SeqlabCommand.describe(new java.nio.file.NotDirectoryException("/data/x.txt")))
                .isEqualTo("/data/x.txt: not a directory");
        // a failed move names its target, not the temporary file
        assertThat(SeqlabCommand.describe(new java.io.UncheckedIOException(
                new java.nio.file.FileSystemException("/out/.m.zip.tmp", "/out/m.zip", "Is a directory"))))
                .isEqualTo("/out/m.zip: Is a directory");
    }

    @Test
    void summaryTakesTheFirstSentenceAndCutsAtAWord() {
        assertThat(SeqlabCommand.summary("Reads files. Then more.", 40)).isEqualTo("Reads files.");
        assertThat(SeqlabCommand.summary("one two three four five", 12)).isEqualTo("one two …");
    }
}
