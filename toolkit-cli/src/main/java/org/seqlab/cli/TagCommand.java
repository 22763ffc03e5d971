package org.seqlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.seqlab.SeqlabException;
import org.seqlab.Terminal;
import org.seqlab.tagger.Tagger;
import org.seqlab.tagger.TaggerIo;
import org.seqlab.text.TextInput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Tags text or CoNLL files with a trained tagger ({@link TaggerIo}). */
@Command(name = "tag",
        header = "Tag text or CoNLL files with a trained tagger.",
        mixinStandardHelpOptions = true,
        description = "Tag with a bundled model (ner: English NER, the default; pos: English UPOS) or a trained "
                + "tagger file. Formats: text (raw text in; out, for span models each sentence on a line with its "
                + "entities in brackets, '[Paris LOC]', for POS models 'token<TAB>label' lines), json (raw text "
                + "in, one JSON object per sentence: tokens and spans with character offsets, labels and "
                + "confidences; see the README), conll (one token per line in, the prediction appended as a last "
                + "column), conllu (CoNLL-U in, UPOS replaced or NER=TAG added to MISC). Reads the FILES, else "
                + "--text, else standard input, as strict UTF-8 (a leading byte-order mark is dropped, so json offsets "
                + "count from the character after it, as tokenize --offsets does); writes standard output; a progress "
                + "bar on standard error for CoNLL files where it is a terminal.",
        footer = {"", "Example: seqlab tag --text \"Angela Merkel met Emmanuel Macron in Paris.\"",
            "         seqlab tag --model pos --text \"The cat sat on the mat.\"",
            "         seqlab tag --model ner --format json --text \"Alice moved to Paris.\"",
            "         seqlab tag --model my-ner.zip --format conll eng.testb > predicted.txt"})
public final class TagCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "ner", paramLabel = "NAME|PATH",
            description = "a bundled model (ner, pos) or a tagger bundle file (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "conll, conllu, json or text (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--text", paramLabel = "TEXT", description = "text to tag (instead of files)")
    String text;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "files to tag (default: standard input)")
    List<Path> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        TaggerIo.Format f;
        try {
            f = TaggerIo.Format.parse(format);
        } catch (SeqlabException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (text != null && files != null && !files.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --text or files, not both");
        }
        if (text != null && (f == TaggerIo.Format.CONLL || f == TaggerIo.Format.CONLLU)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--text is raw text: use --format text or json");
        }
        TaggerIo io = new TaggerIo(Tagger.load(model));
        PrintWriter out = spec.commandLine().getOut();
        if (text != null) {
            io.tagText(text, f, out);
        } else if (files == null || files.isEmpty()) {
            tagInput(io, TextInput.readUtf8(System.in, "<stdin>"), f, "<stdin>", out, false);
        } else {
            for (Path file : files) {
                String input;
                try {
                    input = TextInput.readUtf8(file);
                } catch (NoSuchFileException e) {
                    throw new SeqlabException(file + ": no such file");
                }
                tagInput(io, input, f, file.toString(), out, Terminal.stderrIsTerminal());
            }
        }
        out.flush();
        return 0;
    }

    /**
     * Tags one input's text (read strictly, its byte-order mark dropped); a progress bar for CoNLL files where
     * standard error is a terminal (in a log its updates are clutter).
     */
    private static void tagInput(TaggerIo io, String input, TaggerIo.Format f, String source, PrintWriter out,
            boolean progressBar) {
        if (f == TaggerIo.Format.TEXT || f == TaggerIo.Format.JSON) {
            io.tagText(input, f, out);
            return;
        }
        List<String> lines = input.lines().toList();
        if (!progressBar) {
            io.tagConll(lines, f, source, out, null);
            return;
        }
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(Path.of(source).getFileName().toString())
                .setInitialMax(TaggerIo.countSentences(lines, f, source)).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" sentences", 1).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(500).build()) {
            io.tagConll(lines, f, source, out, bar::stepBy);
        }
    }
}
