package org.seqlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.seqlab.SeqlabException;
import org.seqlab.nn.attention.AttentionHeatmap;
import org.seqlab.seq2seq.ParallelCorpus;
import org.seqlab.seq2seq.Translator;
import org.seqlab.seq2seq.decode.DecodeConfig;
import org.seqlab.text.TextInput;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seqlab translate}: translates text with a trained translator bundle. */
@Command(name = "translate",
        header = "Translate text with a trained translator bundle.",
        mixinStandardHelpOptions = true,
        description = "Translate --text, the lines of FILES, or standard input, one translation per line on standard"
                + " output (detokenised: BPE undone). Empty lines stay empty. A line longer than the model's maximum"
                + " source length is translated in pieces (--long-lines split) or refused (--long-lines refuse).",
        footer = "%nExample: seqlab translate --model en-de --beam 5 --heatmap attn/ --text \"A man is riding a bike.\"")
public final class TranslateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "ZIP|NAME",
            description = "Translator bundle, or the name of a bundled model (en-de: resources/models/en-de.zip).")
    String model;

    @Option(names = "--beam", defaultValue = "1", paramLabel = "K",
            description = "Beam size; 1 is greedy decoding (default: ${DEFAULT-VALUE}); beams rank by GNMT's length"
                    + " penalty, alpha --alpha.")
    int beam;

    @Option(names = "--alpha", defaultValue = "0.6", paramLabel = "A",
            description = "Length-penalty exponent for beam search (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--int8", description = "The decoder's products in int8 (needs a CPU with VNNI): 1.8 times as"
            + " fast, a little less exact (docs/translator.md).")
    boolean int8;

    @Option(names = "--text", paramLabel = "TEXT", description = "Translate this text instead of files or stdin.")
    String text;

    @Option(names = "--heatmap", paramLabel = "DIR", description = "Write an attention heatmap PNG per sentence here.")
    Path heatmap;

    @Option(names = "--long-lines", defaultValue = "split", paramLabel = "split|refuse",
            description = "Lines over the maximum source length: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String longLines;

    @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Progress bar on stderr when translating files (default: ${DEFAULT-VALUE}).")
    boolean progress;

    @Parameters(arity = "0..*", paramLabel = "FILES", description = "Text files, one sentence a line.")
    List<Path> files = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (beam < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--beam must be at least 1, not " + beam);
        }
        Translator.LongLines policy = switch (longLines) {
            case "split" -> Translator.LongLines.SPLIT;
            case "refuse" -> Translator.LongLines.REFUSE;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--long-lines must be split or refuse, not '" + longLines + "'");
        };
        if (text != null && !files.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --text or FILES, not both");
        }
        Translator translator = Translator.load(model).withLongLines(policy)
                .withDecoding(DecodeConfig.DEFAULT.withBeamSize(beam).withAlpha(alpha)).withInt8(int8);
        if (heatmap != null) {
            Files.createDirectories(heatmap);
        }
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        int[] sentence = {0};
        if (text != null) {
            emit(translator, ParallelCorpus.splitLines(text), out, sentence, null);
        } else if (files.isEmpty()) {
            emit(translator, ParallelCorpus.splitLines(TextInput.readUtf8(System.in, "<stdin>")), out, sentence, null);
        } else {
            for (Path f : files) {
                List<String> lines = ParallelCorpus.lines(f);
                emit(translator, lines, out, sentence, progress ? f.getFileName().toString() : null);
            }
        }
        out.flush();
        return 0;
    }

    private void emit(Translator translator, List<String> lines, PrintStream out, int[] sentence, String barName) {
        ProgressBar bar = barName == null ? null : new ProgressBarBuilder().setTaskName(barName)
                .setInitialMax(lines.size()).setStyle(ProgressBarStyle.ASCII).setUnit(" lines", 1)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(500).build();
        try {
            List<Translator.Translation> ts = translator.translateWithAttention(lines, heatmap != null,
                    n -> {
                        if (bar != null) {
                            bar.stepTo(n);
                        }
                    });
            for (Translator.Translation t : ts) {
                sentence[0]++;
                out.println(t.text());
                if (heatmap != null && t.attention() != null && t.attention().length > 0) {
                    AttentionHeatmap.write(heatmap.resolve(String.format("sentence-%05d.png", sentence[0])),
                            t.sourcePieces(), t.targetPieces(), t.attention(), "sentence " + sentence[0]);
                }
            }
        } catch (SeqlabException e) {
            throw e;
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
