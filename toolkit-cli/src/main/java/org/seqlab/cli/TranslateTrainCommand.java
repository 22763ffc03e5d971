package org.seqlab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.seqlab.SeqlabException;
import org.seqlab.bundle.TensorStorage;
import org.seqlab.seq2seq.ParallelCorpus;
import org.seqlab.seq2seq.Seq2SeqTrainer;
import org.seqlab.seq2seq.TranslationTrainingConfig;
import org.seqlab.train.EpochRecord;
import org.seqlab.train.TrainerConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seqlab translate-train}: trains an attentional translator and writes its bundle. */
@Command(name = "translate-train",
        header = "Train an attentional translator (BPE, BiLSTM, attention).",
        mixinStandardHelpOptions = true,
        description = "Train an encoder-decoder translator with attention on a parallel corpus (one sentence a line,"
                + " line k of --tgt translates line k of --src): joint or separate BPE, bidirectional LSTM/GRU"
                + " encoder, LSTM or GRU decoder with input feeding, label smoothing, optional scheduled sampling;"
                + " early stopping on greedy validation BLEU. Checkpoints and the learning curve (CSV, PNG) go to --work-dir;"
                + " --resume continues an interrupted run exactly. The config is JSON: {\"model\": {...TranslatorConfig},"
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

    @Override
    public Integer call() throws IOException {
        if (!(minutes >= 0)) {
            throw new SeqlabException("--minutes must be >= 0, not " + minutes);
        }
        if ((validSrc == null) != (validTgt == null)) {
            throw new SeqlabException("--valid-src and --valid-tgt go together");
        }
        TranslationTrainingConfig c = config == null ? TranslationTrainingConfig.defaults() : read(config);
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

    private static TranslationTrainingConfig read(Path file) {
        try {
            return new ObjectMapper().readValue(file.toFile(), TranslationTrainingConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new SeqlabException(file + ": bad translator config: " + msg);
        }
    }
}
