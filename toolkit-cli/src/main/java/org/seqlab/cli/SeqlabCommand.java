package org.seqlab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Properties;

import org.seqlab.SeqlabException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code seqlab} command: one subcommand class per job. Exit status 0 on success, 2 on bad usage, 1 on a failed run;
 * errors go to standard error as one line naming the problem, without a stack trace (set {@code SEQLAB_DEBUG=1} to
 * see one).
 */
@Command(name = "seqlab",
        mixinStandardHelpOptions = true,
        versionProvider = SeqlabCommand.Version.class,
        description = "Neural sequence labeling and translation on ND4J.",
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
            CommandLine.HelpCommand.class,
            TagCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            ShrinkCommand.class,
            EnsembleCommand.class,
            TranslateCommand.class,
            TranslateTrainCommand.class,
            TokenizeCommand.class,
            BpeCommand.class,
            EmbeddingsCommand.class,
            DataStatsCommand.class,
            ConllevalCommand.class,
            BleuCommand.class,
            LmTrainCommand.class,
            GenerateCommand.class,
            AnomalyTrainCommand.class,
            AnomalyScoreCommand.class,
            BundleInfoCommand.class,
            TensorsCommand.class,
            BenchCommand.class,
            BenchTagMemoryCommand.class,
            BenchTranslateCommand.class,
            BenchRnnCommand.class,
            BenchLayersCommand.class,
            BenchCrfCommand.class,
            BenchOptimizerCommand.class,
            BenchTokenizeCommand.class,
            BenchBpeCommand.class,
            BenchLmCommand.class,
            BenchSampleCommand.class,
            BenchAnomalyCommand.class,
        })
public final class SeqlabCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see seqlab --help)");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit status, without exiting (for tests). */
    public static int execute(String... args) {
        return execute(newCommandLine(), args);
    }

    /** {@link #execute(String...)} on a given command line (tests give one with a command of their own). */
    static int execute(CommandLine cl, String... args) {
        int status;
        try {
            status = cl.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands only Exceptions to the failure handler; an Error would end in a stack trace
            System.err.println("seqlab: out of memory (" + e.getMessage() + "); the launcher's heap is set by"
                    + " SEQLAB_JAVA_OPTS (default -Xmx8g)");
            if (System.getenv("SEQLAB_DEBUG") != null) {
                e.printStackTrace();
            }
            return 1;
        }
        // PrintStream keeps write errors to itself: a full disk or a closed pipe would otherwise end in status 0
        if (status == 0 && System.out.checkError()) {
            System.err.println("seqlab: cannot write to standard output (the disk is full or the reader has gone)");
            return 1;
        }
        return status;
    }

    static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new SeqlabCommand());
        cl.setExecutionExceptionHandler(SeqlabCommand::handleFailure);
        cl.setParameterExceptionHandler(SeqlabCommand::handleUsage);
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
                SeqlabCommand::commandList);
        return cl;
    }

    /**
     * The command list of {@code seqlab --help}: one line a command, its header or else the first sentence of its
     * description, so the list stays a table of contents; each command's own --help has the details.
     */
    private static String commandList(CommandLine.Help help) {
        var subcommands = help.subcommands();
        if (subcommands.isEmpty()) {
            return "";
        }
        int width = 2 + subcommands.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        int textWidth = Math.max(30, help.commandSpec().usageMessage().width() - width);
        StringBuilder out = new StringBuilder();
        for (var e : subcommands.entrySet()) {
            var usage = e.getValue().commandSpec().usageMessage();
            String summary = usage.header().length > 0 ? usage.header()[0]
                    : summary(String.join(" ", usage.description()), textWidth);
            out.append(String.format("  %-" + (width - 2) + "s%s%n", e.getKey(), summary));
        }
        return out.toString();
    }

    /** The first sentence of {@code text}, cut at a word boundary to fit {@code width} characters. */
    static String summary(String text, int width) {
        String t = text.replaceAll("\\s+", " ").trim();
        int end = t.length();
        for (int i = 0; i + 1 < t.length(); i++) {
            char c = t.charAt(i);
            if ((c == '.' || c == ';' || c == ':') && t.charAt(i + 1) == ' ') {
                end = i + (c == '.' ? 1 : 0);
                break;
            }
        }
        t = t.substring(0, end);
        if (t.length() <= width) {
            return t;
        }
        int cut = t.lastIndexOf(' ', width - 2);
        return t.substring(0, cut > 0 ? cut : width - 2) + " …";
    }

    private static int handleUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        cl.getErr().println("seqlab: " + e.getMessage());
        cl.getErr().println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        cl.getErr().flush();
        return 2;
    }

    private static int handleFailure(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        cl.getErr().println("seqlab: " + describe(e));
        if (System.getenv("SEQLAB_DEBUG") != null) {
            e.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
        return 1;
    }

    /** One line for the user: the message of a user error, or the kind and message of anything else. */
    static String describe(Throwable e) {
        Throwable t = e;
        if (t instanceof UncheckedIOException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof NoSuchFileException nsf) {
            return "no such file: " + nsf.getFile();
        }
        if (t instanceof FileSystemException fse && fse.getFile() != null) {
            // their message is the path alone, or the path and the system's reason; a failed move names its target
            return (fse.getOtherFile() != null ? fse.getOtherFile() : fse.getFile()) + ": " + fileProblem(fse);
        }
        if (t instanceof SeqlabException || t instanceof IOException || t instanceof IllegalArgumentException) {
            String m = t.getMessage();
            return m != null ? m.replace('\n', ' ') : t.getClass().getSimpleName();
        }
        return t.getClass().getSimpleName() + (t.getMessage() != null ? ": " + t.getMessage().replace('\n', ' ') : "");
    }

    /** The problem of a failed file operation in words. */
    static String fileProblem(FileSystemException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        return e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
    }

    /** Reads the version Maven wrote into version.properties at build time. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"seqlab " + version()};
        }

        public static String version() {
            try (InputStream in = SeqlabCommand.class.getResourceAsStream("version.properties")) {
                Properties p = new Properties();
                if (in != null) {
                    p.load(in);
                }
                return p.getProperty("version", "unknown");
            } catch (IOException e) {
                return "unknown";
            }
        }
    }
}
