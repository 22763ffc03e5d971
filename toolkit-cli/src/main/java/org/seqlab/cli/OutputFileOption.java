package org.seqlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine;

/**
 * Checks an output file option before the work that ends in writing it, so that a long run does not fail at its last
 * step (and so that the message names the option and the path, not the temporary file the write goes through).
 */
final class OutputFileOption {
    private OutputFileOption() {
    }

    /**
     * Refuses, as a usage error, an {@code out} that is a directory or whose folder is neither a directory nor
     * creatable (a file stands where a folder of its path should be).
     */
    static void check(CommandLine.Model.CommandSpec spec, String option, Path out) {
        if (Files.isDirectory(out)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " " + out + ": is a directory");
        }
        Path folder = out.toAbsolutePath().getParent();
        while (folder != null && !Files.exists(folder)) {
            folder = folder.getParent();
        }
        if (folder != null && !Files.isDirectory(folder)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " " + out + ": " + folder + " is not a directory");
        }
        if (folder != null && !Files.isWritable(folder)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " " + out + ": " + folder + " is not writable");
        }
    }

    /** Refuses, as a usage error, an {@code out} that is the same file as the input {@code in} (links resolved). */
    static void checkNotInput(CommandLine.Model.CommandSpec spec, String option, Path out, String inOption, Path in) {
        try {
            if (Files.exists(out) && Files.exists(in) && Files.isSameFile(out, in)) {
                throw new CommandLine.ParameterException(spec.commandLine(), option + " " + out + " is the "
                        + inOption + " file: writing it would replace the input; choose another " + option);
            }
        } catch (IOException e) {
            // the file could not be compared (unreadable); the read or the write reports the real problem
        }
    }

    /**
     * Refuses, as a usage error, an {@code out} that names the same file as another output {@code other}: the later
     * write would replace the earlier. Neither need exist yet, so paths are compared with their folders' links resolved.
     */
    static void checkNotOutput(CommandLine.Model.CommandSpec spec, String option, Path out, String otherOption,
            Path other) {
        if (sameFile(out, other)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " " + out + " is also the "
                    + otherOption + " file: one would overwrite the other; choose another " + option);
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // not comparable as files (unreadable): compare the paths
        }
        return resolvedPath(a).equals(resolvedPath(b));
    }

    /** The absolute path with its folder's links resolved where the folder exists (the file itself may not). */
    private static Path resolvedPath(Path p) {
        Path absolute = p.toAbsolutePath().normalize();
        Path folder = absolute.getParent();
        if (folder != null && absolute.getFileName() != null) {
            try {
                return folder.toRealPath().resolve(absolute.getFileName());
            } catch (IOException e) {
                // the folder does not exist yet: nothing to resolve
            }
        }
        return absolute;
    }
}
