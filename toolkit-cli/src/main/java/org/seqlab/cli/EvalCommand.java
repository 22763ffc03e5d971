package org.seqlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.seqlab.SeqlabException;
import org.seqlab.conll.ConllFormat;
import org.seqlab.conll.ConllReader;
import org.seqlab.conll.TagScheme;
import org.seqlab.tagger.Tagger;
import org.seqlab.tagger.TaggerEvaluation;
import org.seqlab.tagger.TaggerInfo;
import org.seqlab.tagger.TaggerTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Scores a tagger on gold data ({@link TaggerEvaluation}). */
@Command(name = "eval",
        header = "Score a trained tagger on gold CoNLL-style data.",
        mixinStandardHelpOptions = true,
        description = "Tag gold CoNLL-style data with a tagger (a bundled model: ner, pos; or a file) and score it: "
                + "per-type precision, recall and F1 (conlleval rules) ending with 'F1 <value>' for span tasks, "
                + "per-tag accuracy ending with 'accuracy <value>' for POS (percent). Without --data, the dev file "
                + "named in the model's manifest is looked up under ../shared/data (beside the repository) and "
                + "checked against its recorded SHA-256; without --format, the model's training format is used.",
        footer = {"", "Example: seqlab eval --model ner",
            "         seqlab eval --model pos --data en_ewt-ud-dev.conllu",
            "         seqlab eval --model my-ner.zip --data eng.testb --format conll2003"})
public final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "ner", paramLabel = "NAME|PATH",
            description = "a bundled model (ner, pos) or a tagger bundle file (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--data", paramLabel = "FILE", description = "gold data (default: the model's dev file, found "
            + "under ../shared/data)")
    Path data;

    @Option(names = "--format", paramLabel = "FORMAT", description = "conll2003, conll2002, conll2000, wnut, conllu "
            + "or columns (default: the model's training format, else conll2003)")
    String format;

    @Option(names = "--column", paramLabel = "NAME|N", description = "gold tag column (default: the model's, else "
            + "the format's)")
    String column;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (format != null) {
            TrainCommand.parseFormat(spec, format);
        }
        Tagger tagger = Tagger.load(model);
        TaggerInfo info = tagger.info();
        Path gold = data != null ? data : devFile(info);
        String col = column != null ? column : format == null ? info.provenance().get("column") : null;
        TaggerEvaluation e = TaggerEvaluation.evaluate(tagger, readGold(spec, info.provenance(), format, col, gold,
                tagger.outputScheme()));
        PrintWriter out = spec.commandLine().getOut();
        if (data == null) {
            out.println("data " + gold);
        }
        out.print(e.report());
        out.println(e.headline());
        out.flush();
        return 0;
    }

    /**
     * Gold data in {@code format}, else the training format a model's provenance records (else conll2003), its tags
     * from {@code column} (null: the format's own). A column whose format gives it no tag scheme ({@code columns},
     * or a plain-label column) is read in {@code spanScheme} when that is not null (a span tagger's output scheme),
     * so that its spans can be scored.
     */
    static org.seqlab.conll.Dataset readGold(CommandLine.Model.CommandSpec spec, java.util.Map<String, String> provenance,
            String format, String column, Path gold, TagScheme spanScheme) {
        ConllFormat f = TrainCommand.parseFormat(spec, format != null ? format
                : provenance.getOrDefault("format", "conll2003"));
        ConllReader reader = TaggerTrainer.reader(f, column);
        if (reader.scheme() == null && spanScheme != null) {
            ConllReader.Builder b = ConllReader.builder().setFormat(f).optScheme(spanScheme);
            if (column != null) {
                b.optColumn(column);
            }
            reader = b.build();
        }
        return reader.read(gold);
    }

    /**
     * The shared data folder: {@code seqlab.shared}/data when that property is set (the build sets it for tests), else
     * {@code ../shared/data} beside the repository the launcher runs from, else beside the working directory.
     */
    static Path sharedData() {
        String shared = System.getProperty("seqlab.shared");
        if (shared != null) {
            return Path.of(shared).resolve("data").toAbsolutePath().normalize();
        }
        String home = System.getProperty("seqlab.home");
        Path base = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        return base.resolveSibling("shared").resolve("data").normalize();
    }

    /** The model's dev file under the shared data folder, with the content it was trained against. */
    private Path devFile(TaggerInfo info) {
        return devFile(spec, info);
    }

    /** As {@link #devFile(TaggerInfo)}, for any command. */
    static Path devFile(CommandLine.Model.CommandSpec spec, TaggerInfo info) {
        TaggerInfo.DataFile dev = info.file("dev");
        if (dev == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "the model records no dev file: give --data FILE");
        }
        Path root = sharedData();
        if (!Files.isDirectory(root)) {
            throw new SeqlabException(root + ": no shared data folder to find the dev file " + dev.name()
                    + " in: give --data FILE");
        }
        List<Path> found;
        try (Stream<Path> s = Files.walk(root, 3)) {
            found = s.filter(p -> p.getFileName().toString().equals(dev.name()) && Files.isRegularFile(p)).toList();
        } catch (IOException e) {
            throw new SeqlabException(root + ": cannot search for " + dev.name() + ": " + e.getMessage());
        }
        for (Path p : found) {
            if (dev.sha256() == null || dev.sha256().isEmpty() || dev.sha256().equals(TaggerTrainer.sha256(p))) {
                return p;
            }
        }
        throw new SeqlabException(root + ": " + (found.isEmpty() ? "no file named " + dev.name()
                : found.get(0) + " differs from the dev file the model was scored on (SHA-256)") + ": give --data FILE");
    }
}
