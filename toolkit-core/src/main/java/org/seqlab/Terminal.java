package org.seqlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the process's standard streams are connected to, for output that only makes sense on a screen. */
public final class Terminal {
    private Terminal() {
    }

    /**
     * Whether standard error is a terminal, where a progress bar's carriage-return updates belong (in a log they are
     * clutter). On Linux, where file descriptor 2 leads; elsewhere {@link System#console()}, which (Java 17) also
     * needs standard input and output to be terminals, so that it hides a bar from {@code seqlab ... > out} too.
     */
    public static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
