package org.seqlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.seqlab.bundle.BundledModels;
import org.seqlab.bundle.ModelBundle;
import org.seqlab.conll.ConllSentence;
import org.seqlab.tagger.Tagger;
import org.seqlab.tagger.TaggerEnsemble;
import org.seqlab.tagger.TaggerTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Joins taggers of one task into an ensemble bundle ({@link TaggerEnsemble}). */
@Command(name = "ensemble",
        header = "Join several taggers of one task into one ensemble model.",
        mixinStandardHelpOptions = true,
        description = "Write one bundle holding the given taggers (typically one recipe trained with several seeds); "
                + "loaded like any tagger, it averages the members' tag probabilities per token (CRF marginals, or "
                + "the softmax) and takes the best path the tag scheme allows. Tagging costs one pass per member. "
                + "The members must share their tag set. With dev data (--dev, else the first member's recorded dev "
                + "file when found under ../shared/data), each member and the ensemble are scored and the "
                + "ensemble's score goes into its manifest.",
        footer = {"", "Example: seqlab ensemble --out ner-3.zip ner-s1.zip ner-s2.zip ner-s3.zip"})
public final class EnsembleCommand implements Callable<Integer> {

    @Parameters(arity = "2..*", paramLabel = "MODEL", description = "tagger bundles (files, or bundled names)")
    List<String> models;

    @Option(names = "--out", required = true, paramLabel = "OUT.zip", description = "where to write the ensemble")
    Path out;

    @Option(names = "--dev", paramLabel = "FILE", description = "gold dev data to score the members and the ensemble "
            + "on (default: the first member's dev file, when found)")
    Path dev;

    @Option(names = "--format", paramLabel = "FORMAT", description = "the dev data's format (default: the first "
            + "member's training format)")
    String format;

    @Option(names = "--no-dev", description = "score nothing (no dev metrics in the manifest)")
    boolean noDev;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (format != null) {
            TrainCommand.parseFormat(spec, format);
        }
        OutputFileOption.check(spec, "--out", out);
        for (String m : models) {
            OutputFileOption.checkNotInput(spec, "--out", out, "MODEL", Path.of(m));
        }
        List<ModelBundle> bundles = new ArrayList<>();
        List<Tagger> taggers = new ArrayList<>();
        for (String m : models) {
            ModelBundle b = BundledModels.readTagger(m);
            if (!"tagger".equals(b.kind())) {
                throw new CommandLine.ParameterException(spec.commandLine(), m + ": a " + b.kind()
                        + " bundle; an ensemble is made of single taggers");
            }
            bundles.add(b);
            taggers.add(Tagger.load(b));
        }
        Tagger ensemble = Tagger.ensemble(taggers);
        PrintWriter o = spec.commandLine().getOut();
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("members", String.join(" ", models.stream().map(m -> Path.of(m).getFileName().toString())
                .toList()));
        Tagger first = taggers.get(0);
        for (String key : new String[] {"format", "column"}) {
            String v = first.info().provenance().get(key);
            if (v != null) {
                provenance.put(key, v);
            }
        }
        Path gold = noDev ? null : dev != null ? dev : recordedDevFile(first);
        if (gold != null) {
            String column = format == null ? first.info().provenance().get("column") : null;
            List<ConllSentence> sentences = EvalCommand.readGold(spec, first.info().provenance(), format, column, gold,
                    first.outputScheme()).sentences();
            boolean span = first.spanTask();
            String metric = span ? "dev_f1" : "dev_accuracy";
            o.println("dev " + gold);
            double sum = 0;
            for (int m = 0; m < taggers.size(); m++) {
                double score = TaggerTrainer.score(taggers.get(m), sentences, span);
                sum += score;
                o.printf(Locale.ROOT, "member %d %s %s %.2f%n", m + 1, models.get(m), metric, score);
            }
            double score = TaggerTrainer.score(ensemble, sentences, span);
            o.printf(Locale.ROOT, "members mean %s %.2f%n", metric, sum / taggers.size());
            o.printf(Locale.ROOT, "ensemble %s %.2f%n", metric, score);
            metrics.put(metric, score);
            provenance.put("dev", gold.getFileName().toString());
        }
        TaggerEnsemble.write(out, bundles, metrics, provenance);
        o.println("model " + out);
        o.flush();
        return 0;
    }

    /** The first member's recorded dev file under the shared data folder, or null when it records none. */
    private Path recordedDevFile(Tagger first) {
        if (first.info().file("dev") == null) {
            return null;
        }
        try {
            return EvalCommand.devFile(spec, first.info());
        } catch (org.seqlab.SeqlabException e) {
            throw new org.seqlab.SeqlabException(e.getMessage().replace("give --data FILE", "give --dev FILE")
                    + ", or --no-dev");
        }
    }
}
