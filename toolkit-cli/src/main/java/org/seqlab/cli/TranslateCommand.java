package org.seqlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.seqlab.InputFormatException;
import org.seqlab.Terminal;
import org.seqlab.nn.attention.AttentionHeatmap;
import org.seqlab.seq2seq.ParallelCorpus;
import org.seqlab.seq2seq.Translator;
import org.seqlab.seq2seq.decode.DecodeConfig;

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
                + " output (detokenised: BPE undone). Standard input is translated as it arrives: the lines already"
                + " there go together, each batch is written when done. Lines with nothing to translate (empty, or"
                + " only white space, control and format characters) stay empty. A line longer than the model's"
                + " maximum source length is translated in pieces (--long-lines split) or refused (--long-lines"
                + " refuse). With --n-best N each input line gives up to N lines 'RANK<TAB>SCORE<TAB>TRANSLATION',"
                + " best first (RANK from 1; SCORE: log-probability over GNMT's length penalty, the score the beam"
                + " ranks by, higher is better), then an empty line; an empty input line gives '1<TAB>0.0000<TAB>',"
                + " a line translated in pieces one entry.",
        footer = {"", "Examples:", "  seqlab translate --model en-de --beam 5 --heatmap attn/ --text \"A dog runs.\"",
            "  seqlab translate --model en-de --beam 5 --n-best 3 --replace-unk val.en",
            "  seqlab translate --model en-de --beam 5 < captions.en > captions.de"})
public final class TranslateCommand implements Callable<Integer> {
    /**
     * The most lines of standard input translated together: enough for full batches of 64 on both decoding threads
     * when the input comes faster than it is translated, few enough that output follows input within seconds.
     */
    static final int STDIN_BATCH = 256;

    @Option(names = "--model", required = true, paramLabel = "ZIP|NAME",
            description = "Translator bundle, or the name of a bundled model (en-de: resources/models/en-de.zip).")
    String model;

    @Option(names = "--beam", defaultValue = "1", paramLabel = "K",
            description = "Beam size, 1 to " + DecodeConfig.MAX_BEAM_SIZE + "; 1 is greedy decoding (default:"
                    + " ${DEFAULT-VALUE}); beams rank by GNMT's length penalty, alpha --alpha.")
    int beam;

    @Option(names = "--alpha", defaultValue = "0.6", paramLabel = "A",
            description = "Length-penalty exponent for beam search, 0 to 10 (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--n-best", paramLabel = "N",
            description = "Write the N best translations of each line with their scores (N at most --beam; format"
                    + " above).")
    Integer nBest;

    @Option(names = "--replace-unk", description = "Replace each <unk> of a translation by the source piece (a word or"
            + " a BPE piece of one) that the model attended to most when writing it.")
    boolean replaceUnk;

    @Option(names = "--int8", description = "The decoder's products in int8 (needs a CPU with VNNI): 1.8 times as"
            + " fast, a little less exact (docs/translator.md).")
    boolean int8;

    @Option(names = "--text", paramLabel = "TEXT", description = "Translate this text instead of files or stdin.")
    String text;

    @Option(names = "--heatmap", paramLabel = "DIR", description = "Write an attention heatmap PNG per sentence here"
            + " (sentence-00001.png...; a line translated in pieces one per piece: sentence-00001-part1.png...).")
    Path heatmap;

    @Option(names = "--long-lines", defaultValue = "split", paramLabel = "split|refuse",
            description = "Lines over the model's maximum source length: split (translate them in pieces cut between"
                    + " words) or refuse (stop with an error naming the line) (default: ${DEFAULT-VALUE}).")
    String longLines;

    @Option(names = "--progress", negatable = true,
            description = "Progress bar on stderr when translating files; by default only where stderr is a"
                    + " terminal (--progress: also into a pipe or log; --no-progress: never).")
    Boolean progress;

    @Parameters(arity = "0..*", paramLabel = "FILES", description = "Text files, one sentence a line.")
    List<Path> files = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (beam < 1 || beam > DecodeConfig.MAX_BEAM_SIZE) {
            throw usage("--beam must be in [1, " + DecodeConfig.MAX_BEAM_SIZE + "], not " + beam);
        }
        if (!(alpha >= 0 && alpha <= DecodeConfig.MAX_ALPHA)) {
            throw usage("--alpha must be in [0, " + (int) DecodeConfig.MAX_ALPHA + "], not " + alpha);
        }
        if (nBest != null && nBest < 1) {
            throw usage("--n-best must be at least 1, not " + nBest);
        }
        if (nBest != null && nBest > beam) {
            throw usage("--n-best " + nBest + " is more than --beam " + beam + ": a beam of K finds at most K");
        }
        Translator.LongLines policy = switch (longLines) {
            case "split" -> Translator.LongLines.SPLIT;
            case "refuse" -> Translator.LongLines.REFUSE;
            default -> throw usage("--long-lines must be split or refuse, not '" + longLines + "'");
        };
        if (text != null && !files.isEmpty()) {
            throw usage("give --text or FILES, not both");
        }
        DecodeConfig decoding = DecodeConfig.DEFAULT.withBeamSize(beam).withAlpha(alpha)
                .withNBest(nBest == null ? 1 : nBest);
        Translator translator = Translator.load(model).withLongLines(policy).withDecoding(decoding).withInt8(int8)
                .withUnkReplacement(replaceUnk);
        if (heatmap != null) {
            Files.createDirectories(heatmap);
        }
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        int[] sentence = {0};
        if (text != null) {
            // an empty --text is one empty line, as "   " is (splitLines gives no line for it)
            List<String> lines = text.isEmpty() ? List.of("") : ParallelCorpus.splitLines(text);
            emit(translator, lines, "--text", 0, out, sentence, null);
        } else if (files.isEmpty()) {
            LineBatchReader in = new LineBatchReader(System.in, "<stdin>");
            long linesBefore = 0;
            for (List<String> batch = in.next(STDIN_BATCH); !batch.isEmpty(); batch = in.next(STDIN_BATCH)) {
                emit(translator, batch, "<stdin>", linesBefore, out, sentence, null);
                out.flush(); // the reader of a pipe gets each batch as it is done
                linesBefore += batch.size();
            }
        } else {
            boolean bar = progress == null ? Terminal.stderrIsTerminal() : progress;
            for (Path f : files) {
                List<String> lines = ParallelCorpus.lines(f);
                emit(translator, lines, f.toString(), 0, out, sentence, bar ? f.getFileName().toString() : null);
            }
        }
        out.flush();
        return 0;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /**
     * Translates {@code lines} (of {@code source}, after {@code linesBefore} of its lines) and writes them; a progress
     * bar named {@code barName} counts the lines unless that is null.
     */
    private void emit(Translator translator, List<String> lines, String source, long linesBefore, PrintStream out,
            int[] sentence, String barName) {
        ProgressBar bar = barName == null ? null : new ProgressBarBuilder().setTaskName(barName)
                .setInitialMax(lines.size()).setStyle(ProgressBarStyle.ASCII).setUnit(" lines", 1)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(500).build();
        List<List<Translator.Translation>> translations;
        try {
            translations = translator.translateNBest(lines, heatmap != null, n -> {
                if (bar != null) {
                    bar.stepTo(n);
                }
            });
        } catch (Translator.LineTooLongException e) {
            throw new InputFormatException(source, linesBefore + e.line(), "the line has " + e.pieces()
                    + " BPE pieces, more than the model's maximum source length " + e.maxSourceLength()
                    + " (--long-lines split translates it in pieces)");
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        for (List<Translator.Translation> alternatives : translations) {
            sentence[0]++;
            if (nBest == null) {
                out.println(alternatives.get(0).text());
            } else {
                for (int k = 0; k < alternatives.size(); k++) {
                    Translator.Translation t = alternatives.get(k);
                    out.println((k + 1) + "\t" + String.format(Locale.ROOT, "%.4f", t.score()) + "\t" + t.text());
                }
                out.println();
            }
            if (heatmap != null) {
                writeHeatmaps(alternatives.get(0), sentence[0]);
            }
        }
    }

    /** The sentence's heatmap, or for a line translated in pieces one per piece. */
    private void writeHeatmaps(Translator.Translation t, int sentence) {
        if (!t.parts().isEmpty()) {
            for (int p = 0; p < t.parts().size(); p++) {
                Translator.Translation part = t.parts().get(p);
                if (part.attention().length > 0) {
                    AttentionHeatmap.write(heatmap.resolve(String.format("sentence-%05d-part%d.png", sentence, p + 1)),
                            part.sourcePieces(), part.targetPieces(), part.attention(),
                            "sentence " + sentence + ", part " + (p + 1));
                }
            }
        } else if (t.attention() != null && t.attention().length > 0) {
            AttentionHeatmap.write(heatmap.resolve(String.format("sentence-%05d.png", sentence)), t.sourcePieces(),
                    t.targetPieces(), t.attention(), "sentence " + sentence);
        }
    }
}
