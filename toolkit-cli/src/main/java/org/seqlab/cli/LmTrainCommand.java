package org.seqlab.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.seqlab.lm.LanguageModel;
import org.seqlab.lm.LmConfig;
import org.seqlab.lm.LmTrainer;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "lm-train",
        mixinStandardHelpOptions = true,
        header = "Train a character or BPE language model (truncated BPTT).",
        description = {
            "Trains a character or BPE language model (embedding, LSTM/GRU layers, softmax) on a text with truncated "
                    + "back-propagation through time, checkpointing every epoch into the output directory.",
            "Prints one line per epoch (train_nats_per_char, valid_bpc, valid_perplexity, seconds) and at the end the "
                    + "best epoch's valid_cross_entropy, valid_perplexity and valid_bpc; the best model goes to OUT/model."},
        footer = {"", "Example: seqlab lm-train --train train.txt --valid valid.txt --out runs/charlm --epochs 10",
            "         seqlab lm-train --train train.txt --valid valid.txt --out runs/charlm --resume --epochs 20",
            "", "Config (JSON, every field optional): {\"cell\": \"LSTM\", \"embeddingSize\": 64, \"hiddenSize\": 256,",
            "  \"layers\": 1, \"window\": 100, \"stride\": 100, \"streams\": 32, \"validStreams\": 10,",
            "  \"unit\": \"CHAR\" (or \"BPE\"), \"bpeMerges\": 8000, \"tieEmbeddings\": false,",
            "  \"trainer\": {\"maxEpochs\": 10, \"patience\": 0, \"clipNorm\": 5, \"seed\": 1, \"progressBar\": false,",
            "  \"optimizer\": {\"kind\": \"ADAM\"}, \"schedule\": {\"kind\": \"CONSTANT\", \"learningRate\": 0.001}}}"})
public final class LmTrainCommand implements Callable<Integer> {

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training text (UTF-8).")
    Path train;

    @Option(names = "--valid", required = true, paramLabel = "FILE", description = "Validation text (UTF-8).")
    Path valid;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Output directory: config, alphabet, checkpoint, learning curve, model.zip (the best model, a seqlab bundle).")
    Path out;

    @Option(names = "--config", paramLabel = "FILE", description = "Model and training config (JSON); ignored with "
            + "--resume, which reads OUT/config.json.")
    Path config;

    @Option(names = "--resume", description = "Continue from OUT/checkpoint.sqlt.")
    boolean resume;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "0",
            description = "Train to N epochs in all (default: the config's trainer.maxEpochs).")
    int epochs;

    @Option(names = "--minutes", paramLabel = "M", defaultValue = "0",
            description = "Stop after the first epoch that ends past M minutes (default: no limit).")
    double minutes;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // bad usage, not a failed run (the trainer's own checks ended with status 1)
        if (epochs < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--epochs must be at least 0, got " + epochs);
        }
        if (!(minutes >= 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--minutes must be a number at least 0, got "
                    + minutes);
        }
        LmConfig c = config == null ? LmConfig.defaults() : LanguageModel.readConfig(config);
        LmTrainer.Result r = LmTrainer.builder()
                .setTrainText(LmTrainer.readText(train), train.toString())
                .setValidText(LmTrainer.readText(valid), valid.toString())
                .setConfig(c).setOutDir(out).optResume(resume).optMaxEpochs(epochs).optMinutes(minutes)
                .optEpochListener(e -> {
                    System.out.printf(Locale.ROOT, "epoch %d train_nats_per_char %.5f valid_bpc %.5f "
                            + "valid_perplexity %.4f seconds %.1f%n", e.epoch(), e.trainCrossEntropy(),
                            e.validBitsPerChar(), e.validPerplexity(), e.seconds());
                    System.out.flush();
                }).build().run();
        LmTrainer.EpochReport best = r.best();
        System.out.printf(Locale.ROOT, "best_epoch %d%n", r.bestEpoch());
        System.out.printf(Locale.ROOT, "valid_cross_entropy %.5f%n", best.validCrossEntropy());
        System.out.printf(Locale.ROOT, "valid_perplexity %.4f%n", best.validPerplexity());
        System.out.printf(Locale.ROOT, "valid_bpc %.5f%n", best.validBitsPerChar());
        System.out.println("model " + out.resolve(LmTrainer.MODEL_FILE));
        return 0;
    }
}
