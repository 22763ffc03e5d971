package org.seqlab.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.seqlab.SeqlabException;
import org.seqlab.bundle.TensorStorage;
import org.seqlab.seq2seq.ParallelCorpus;
import org.seqlab.seq2seq.Seq2SeqTrainer;
import org.seqlab.seq2seq.TranslationTrainingConfig;
import org.seqlab.train.EpochRecord;
import org.seqlab.train.TrainerConfig;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seqlab translate-train}: trains an attentional translator and writes its bundle. */
@Command(name = "translate-train",
        header = "Train an attentional translator (BPE, BiLSTM, attention).",
        mixinStandardHelpOptions = true,
        description = "Train an encoder-decoder translator with attention on a parallel corpus (one sentence a line,"
                + " line k of --tgt translates line k of --src): joint or separate BPE, bidirectional LSTM/GRU"
                + " encoder, LSTM or GRU decoder with input feeding, label smoothing, optional scheduled sampling;"
                + " early stopping on greedy validation BLEU. Pairs with a blank line on either side are left out."
                + " Checkpoints and the learning curve (CSV, PNG) go to --work-dir; --resume continues an interrupted"
                + " run exactly, with the config it was started with (only training.maxEpochs and --minutes may"
                + " change). The config is JSON: {\"model\": {...TranslatorConfig},"
                + " \"training\": {...TrainerConfig}, \"batchSize\": 64}; every field is optional.",
        footer = "%nExample: seqlab translate-train --config nmt.json --src train.en --tgt train.de "
                + "--valid-src val.en --valid-tgt val.de --out en-de.zip")
public final class TranslateTrainCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "JSON", description = "Config file (default: the built-in defaults).")
    Path config;

    @Option(names = "--src", required = true, paramLabel = "FILE", description = "Training source sentences.")
    Path src;

    @Option(names = "--tgt", required = true, paramLabel = "FILE", description = "Training target sentences.")
    Path tgt;

    @Option(names = "--valid-src", paramLabel = "FILE", description = "Validation source sentences.")
    Path validSrc;

    @Option(names = "--valid-tgt", paramLabel = "FILE", description = "Validation references.")
    Path validTgt;

    @Option(names = "--out", required = true, paramLabel = "ZIP", description = "Model bundle to write.")
    Path out;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Checkpoints and learning curve (default: OUT's name + '.work').")
    Path workDir;

    @Option(names = "--minutes", defaultValue = "0", paramLabel = "M",
            description = "Wall-clock budget for training and validation in minutes; the run ends after the batch"
                    + " that spends it, validating the partial epoch (default: 0, no budget).")
    double minutes;

    @Option(names = "--float16-out", paramLabel = "ZIP",
            description = "Also write the model with float16 weights here (half the size; --out keeps float32).")
    Path float16Out;

    @Option(names = "--resume", description = "Continue from the checkpoint in the work directory.")
    boolean resume;

    @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Show a progress bar per epoch (default: ${DEFAULT-VALUE}).")
    boolean progress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!(minutes >= 0) || Double.isInfinite(minutes)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--minutes must be >= 0 and finite, not " + minutes);
        }
        if ((validSrc == null) != (validTgt == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--valid-src and --valid-tgt go together");
        }
        // the outputs are written after training: a bad one must stop the run before hours are spent on it
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("--src", src);
        inputs.put("--tgt", tgt);
        inputs.put("--valid-src", validSrc);
        inputs.put("--valid-tgt", validTgt);
        inputs.put("--config", config);
        checkOutput("--out", out, inputs);
        if (float16Out != null) {
            inputs.put("--out", out);
            checkOutput("--float16-out", float16Out, inputs);
        }
        TranslationTrainingConfig c = config == null ? TranslationTrainingConfig.defaults()
                : TranslationTrainingConfig.read(config);
        TrainerConfig t = c.training();
        t = new TrainerConfig(t.maxEpochs(), t.patience(), t.clipNorm(), t.clipValue(), t.seed(),
                t.checkpointEverySteps(), progress, t.restoreBest(), t.optimizer(), t.schedule());
        c = c.withTraining(t);
        Path work = workDir != null ? workDir : out.resolveSibling(out.getFileName() + ".work");
        Seq2SeqTrainer.Builder b = Seq2SeqTrainer.builder().setConfig(c).setTrainingData(ParallelCorpus.read(src, tgt))
                .optWorkDir(work).optTimeBudget(minutes * 60);
        if (validSrc != null) {
            b.optValidationData(ParallelCorpus.read(validSrc, validTgt));
        }
        Seq2SeqTrainer trainer = b.build();
        Seq2SeqTrainer.Result r = resume ? trainer.resume() : trainer.train();
        r.translator().save(out, Seq2SeqTrainer.metrics(r));
        if (float16Out != null) {
            r.translator().save(float16Out, Seq2SeqTrainer.metrics(r), TensorStorage.FLOAT16);
        }
        for (EpochRecord e : r.history().history()) {
            System.out.println(String.format(Locale.ROOT, "epoch %d train_loss %.4f %s %.2f", e.epoch(),
                    e.trainLoss(), Seq2SeqTrainer.METRIC, e.devMetric()));
        }
        System.out.println("blank_pairs " + r.blankPairs());
        System.out.println("skipped_pairs " + r.skippedPairs());
        System.out.println("best_epoch " + r.history().bestEpoch());
        System.out.println(String.format(Locale.ROOT, "best_%s %.2f", Seq2SeqTrainer.METRIC, r.history().bestMetric()));
        for (Map.Entry<String, Double> m : r.averagingMetrics().entrySet()) {
            System.out.println(String.format(Locale.ROOT, "%s %.2f", m.getKey(), m.getValue()));
        }
        if (!r.averagingMetrics().isEmpty()) {
            System.out.println("kept " + r.kept());
            System.out.println(String.format(Locale.ROOT, "%s %.2f", Seq2SeqTrainer.METRIC, r.validationBleu()));
        }
        System.err.println("seqlab: wrote " + out);
        return 0;
    }

    /**
     * Refuses an output that would overwrite an input or cannot be written: the same file as one of {@code inputs}
     * (real paths where both exist, so links and other spellings count), a directory, or a place whose directory
     * cannot be created or written in.
     */
    private void checkOutput(String option, Path target, Map<String, Path> inputs) {
        for (Map.Entry<String, Path> in : inputs.entrySet()) {
            if (in.getValue() != null && sameFile(target, in.getValue())) {
                throw new CommandLine.ParameterException(spec.commandLine(), option + " " + target
                        + " is the same file as " + in.getKey() + " " + in.getValue()
                        + ": writing the model there would destroy it");
            }
        }
        if (Files.isDirectory(target)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " " + target
                    + " is a directory; give the file to write the model to, e.g. " + target.resolve("model.zip"));
        }
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SeqlabException(option + " " + target + ": cannot create its directory " + dir + " ("
                    + reason(e) + ")");
        }
        // a trial file shows what a permission check cannot: a read-only file system, or a root-only directory
        try {
            Files.delete(Files.createTempFile(dir, ".seqlab-write-test", ".tmp"));
        } catch (IOException e) {
            throw new SeqlabException(option + " " + target + ": cannot write in its directory " + dir + " ("
                    + reason(e) + ")");
        }
    }

    private static boolean sameFile(Path a, Path b) {
        if (Files.exists(a) && Files.exists(b)) {
            try {
                return Files.isSameFile(a, b);
            } catch (IOException e) {
                // fall through to comparing the paths
            }
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** Why a file operation failed, without the name of the file it tried (which may be a temporary one). */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getClass().getSimpleName();
    }
}
