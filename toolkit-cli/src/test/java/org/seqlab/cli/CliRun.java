package org.seqlab.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs the {@code seqlab} command line in-process for tests and captures what it writes: the exit status, standard
 * output and standard error (through {@code System.out}/{@code err}, so output printed outside picocli is caught too).
 */
final class CliRun {
    private CliRun() {
    }

    /** What one run returned and printed. */
    record Result(int rc, String out, String err) {
    }

    static Result run(String... args) {
        return runWithInput(null, args);
    }

    /** Runs {@code body} (which returns an exit status) with standard output and error captured. */
    static synchronized Result capture(java.util.function.IntSupplier body) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int rc = body.getAsInt();
            return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** As {@link #run}, with {@code stdin} (UTF-8) as standard input when it is not null. */
    static synchronized Result runWithInput(String stdin, String... args) {
        InputStream oldIn = System.in;
        try {
            if (stdin != null) {
                System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            }
            return capture(() -> SeqlabCommand.execute(args));
        } finally {
            System.setIn(oldIn);
        }
    }
}
