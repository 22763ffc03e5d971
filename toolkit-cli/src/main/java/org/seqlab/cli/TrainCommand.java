package org.seqlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.seqlab.SeqlabException;
import org.seqlab.conll.ConllFormat;
import org.seqlab.tagger.TaggerConfig;
import org.seqlab.tagger.TaggerTrainer;
import org.seqlab.train.EpochRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Trains a BiLSTM-CRF tagger ({@link TaggerTrainer}). */
@Command(name = "train",
        header = "Train a BiLSTM-CRF tagger on CoNLL-style files.",
        mixinStandardHelpOptions = true,
        description = "Train a BiLSTM-CRF tagger (NER, chunking, POS) on CoNLL-style files, with early stopping on "
                + "dev span F1 (accuracy for POS). Checkpoints, the learning curve (CSV and PNG) and the best "
                + "parameters go to OUT.work/; the best tagger is saved to OUT. Without --config the documented "
                + "defaults apply (char CNN, 50-d words, BiLSTM 200, CRF, SGD 0.015 momentum 0.9, 50 epochs, "
                + "patience 8). --train and --embeddings may be repeated: several training files are "
                + "concatenated (train+dev for a final model, with --no-early-stopping and --epochs; --dev is then "
                + "optional); a second vector file fills a second word table (see the config's extraWordTables).",
        footer = {"", "Example: seqlab train --train eng.train --dev eng.testa --format conll2003 "
                + "--embeddings glove.6B.100d.txt.gz --out ner.zip",
                "Distilling an ensemble into one tagger: seqlab train --config ner.json --train eng.train --dev "
                        + "eng.testa --embeddings coref-50d.txt.gz --teacher ner-ensemble.zip --out ner.zip",
                "Self-training on silver sentences: seqlab train --config ner.json --train eng.train --dev eng.testa "
                        + "--embeddings coref-50d.txt.gz --silver wsj.txt --silver-tagger ner-ensemble.zip --out ner.zip",
                "Final model on train+dev: seqlab train --train eng.train --train eng.testa --format conll2003 "
                        + "--embeddings glove.6B.100d.txt.gz --epochs 38 --no-early-stopping --out ner.zip"})
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "C.json", description = "tagger config (JSON; absent fields default)")
    Path config;

    @Option(names = "--train", required = true, paramLabel = "FILE",
            description = "training data; repeat to concatenate several files")
    List<Path> train;

    @Option(names = "--dev", paramLabel = "FILE",
            description = "dev data (early stopping, model selection); required unless --no-early-stopping")
    Path dev;

    @Option(names = "--format", defaultValue = "conll2003", paramLabel = "FORMAT",
            description = "conll2003, conll2002, conll2000, wnut, conllu or columns (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--column", paramLabel = "NAME|N", description = "tag column (default: the format's)")
    String column;

    @Option(names = "--embeddings", paramLabel = "FILE", description = "pretrained word vectors (GloVe, word2vec, "
            + "fastText; gzip or zip); repeat for further word tables (e.g. lowercase, then cased)")
    List<Path> embeddings = List.of();

    @Option(names = "--out", required = true, paramLabel = "MODEL.zip", description = "where to save the tagger")
    Path out;

    @Option(names = "--resume", description = "continue from the checkpoint in OUT.work/")
    boolean resume;

    @Option(names = "--epochs", paramLabel = "N", description = "most epochs (overrides the config)")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "N", description = "random seed (overrides the config)")
    Long seed;

    @Option(names = "--no-early-stopping", description = "run every epoch and keep the last one's parameters "
            + "(or the mean of the last ones with averaging)")
    boolean noEarlyStopping;

    @Option(names = "--teacher", paramLabel = "MODEL.zip", description = "distil: fit the tagger to this trained "
            + "tagger's (or ensemble's) distribution over each training sentence's tags as well as to the gold tags; "
            + "same tag set and scheme")
    Path teacher;

    @Option(names = "--teacher-weight", defaultValue = "0.5", paramLabel = "W", description = "with --teacher: the "
            + "teacher's share of the loss, the gold tags' 1 - W, in (0, 1] (default: ${DEFAULT-VALUE})")
    double teacherWeight;

    @Option(names = "--silver", paramLabel = "FILE", description = "self-training: unlabelled sentences, one "
            + "tokenized sentence a line (tokens separated by spaces), tagged by --silver-tagger and added to the "
            + "training data; repeat for several files")
    List<Path> silver = List.of();

    @Option(names = "--silver-tagger", paramLabel = "MODEL.zip", description = "with --silver: the trained tagger "
            + "(or ensemble) that labels the silver sentences; the same kind of tags")
    Path silverTagger;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ConllFormat f = parseFormat(spec, format);
        if (epochs != null && epochs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--epochs must be at least 1");
        }
        if (column != null) {
            int c;
            try {
                c = f.column(column);
            } catch (SeqlabException e) {
                c = -1; // reported with the data file's name where the data is read
            }
            if (c == f.wordColumn()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--column " + column + ": "
                        + f.describeColumn(c) + " holds the words; name the column to predict");
            }
        }
        if (teacher == null && spec.commandLine().getParseResult().hasMatchedOption("--teacher-weight")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--teacher-weight goes with --teacher");
        }
        if (!(teacherWeight > 0 && teacherWeight <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--teacher-weight must lie in (0, 1]");
        }
        if (teacher != null && !java.nio.file.Files.isRegularFile(teacher)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--teacher " + teacher + ": no such file");
        }
        if (!silver.isEmpty() && silverTagger == null || silver.isEmpty() && silverTagger != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--silver and --silver-tagger go together: the sentences and the tagger that labels them");
        }
        for (Path p : silver) {
            if (!java.nio.file.Files.isRegularFile(p)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--silver " + p + ": no such file");
            }
        }
        if (silverTagger != null && !java.nio.file.Files.isRegularFile(silverTagger)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--silver-tagger " + silverTagger + ": no such file");
        }
        OutputFileOption.check(spec, "--out", out);
        TaggerConfig c = config == null ? TaggerConfig.defaults() : TaggerConfig.read(config);
        if (epochs != null) {
            c = c.withMaxEpochs(epochs);
        }
        if (seed != null) {
            c = c.withSeed(seed);
        }
        if (noEarlyStopping) {
            c = c.withoutEarlyStopping();
        }
        if (dev == null && c.trainer().patience() > 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--dev is required with early stopping (give --no-early-stopping to train without a dev set)");
        }
        TaggerTrainer.Result r = TaggerTrainer.builder().setConfig(c).setTrain(train).setDev(dev).setFormat(f)
                .optColumn(column).optEmbeddings(embeddings).setOutput(out).optResume(resume)
                .optTeacher(teacher, teacherWeight).optSilver(silver, silverTagger)
                .optProvenance("command", "seqlab " + String.join(" ",
                        spec.commandLine().getParseResult().originalArgs()))
                .build().train();
        PrintWriter o = spec.commandLine().getOut();
        for (EpochRecord e : r.training().history()) {
            o.printf(Locale.ROOT, "epoch %d train_loss %.4f", e.epoch(), e.trainLoss());
            if (dev != null) {
                o.printf(Locale.ROOT, " %s %.2f", r.metricName(), e.devMetric());
            }
            o.println();
        }
        if (dev != null) {
            o.printf(Locale.ROOT, "best_epoch %d%n", r.training().bestEpoch());
        }
        for (Map.Entry<String, List<Integer>> a : r.averagedEpochs().entrySet()) {
            Double score = r.metrics().get(r.metricName() + "_average_" + a.getKey());
            o.printf(Locale.ROOT, "average_%s_epochs %s%s%n", a.getKey(), join(a.getValue()),
                    score == null ? "" : String.format(Locale.ROOT, " %s %.2f", r.metricName(), score));
        }
        Double single = r.metrics().get(r.metricName() + "_single");
        if (single != null) {
            o.printf(Locale.ROOT, "%s_single %.2f%n", r.metricName(), single);
        }
        if (dev != null) {
            o.printf(Locale.ROOT, "%s %.2f%n", r.metricName(), r.bestMetric());
        }
        o.printf(Locale.ROOT, "model %s%n", out);
        o.flush();
        return 0;
    }

    private static String join(List<Integer> epochs) {
        StringBuilder sb = new StringBuilder();
        for (int e : epochs) {
            sb.append(sb.length() == 0 ? "" : ",").append(e);
        }
        return sb.toString();
    }

    static ConllFormat parseFormat(CommandLine.Model.CommandSpec spec, String name) {
        try {
            return ConllFormat.parse(name);
        } catch (SeqlabException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
