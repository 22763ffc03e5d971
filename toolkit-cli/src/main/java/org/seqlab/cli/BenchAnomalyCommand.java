package org.seqlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.seqlab.lm.LmConfig;
import org.seqlab.lm.LmTrainer;
import org.seqlab.lm.LmUnit;
import org.seqlab.lm.anomaly.AnomalyBenchmark;
import org.seqlab.lm.anomaly.TatoebaPairs;
import org.seqlab.nn.recurrent.CellType;
import org.seqlab.train.OptimizerConfig;
import org.seqlab.train.ScheduleConfig;
import org.seqlab.train.TrainerConfig;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-anomaly",
        mixinStandardHelpOptions = true,
        header = "ROC-AUC of LM anomaly scores on Multi30k and Tatoeba.",
        description = {
            "Trains a language model on normal lines for a fixed time, then scores the held-out normal lines against "
                    + "three kinds of anomaly: the same lines word-shuffled, with 10%% of characters replaced at "
                    + "random, and the French side of the Tatoeba pairs.",
            "Prints trained_tokens, train_seconds, valid_bits_per_token, then auc_shuffled, auc_corrupted, "
                    + "auc_french, auc_tatoeba_english (Tatoeba's English side as if anomalous: high means the score also "
                    + "detects the change of source) and auc_french_vs_tatoeba_english (French against Tatoeba's English)."},
        footer = {"", "Example: seqlab bench-anomaly --train ../shared/data/multi30k/train.en "
                + "--valid ../shared/data/multi30k/val.en --tatoeba ../shared/data/tatoeba/eng-fra.head5000.txt --minutes 4"})
public final class BenchAnomalyCommand implements Callable<Integer> {

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Normal training lines.")
    Path train;

    @Option(names = "--valid", required = true, paramLabel = "FILE", description = "Held-out normal lines.")
    Path valid;

    @Option(names = "--tatoeba", required = true, paramLabel = "FILE", description = "Tatoeba English-French pairs (TSV).")
    Path tatoeba;

    @Option(names = "--minutes", defaultValue = "4", paramLabel = "M", description = "Training time (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--unit", defaultValue = "CHAR", paramLabel = "U", description = "CHAR or BPE (default: ${DEFAULT-VALUE}).")
    LmUnit unit;

    @Option(names = "--hidden", defaultValue = "128", paramLabel = "H",
            description = "LSTM size (default: ${DEFAULT-VALUE}; small learns most in a short budget).")
    int hidden;

    @Option(names = "--embedding", defaultValue = "32", paramLabel = "E", description = "Embedding size (default: ${DEFAULT-VALUE}).")
    int embedding;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the anomalies (default: ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!(minutes > 0) || Double.isInfinite(minutes)) {
            // 0 or less trained nothing and scored the anomalies with an untrained model
            throw new CommandLine.ParameterException(spec.commandLine(), "--minutes must be a positive number, got "
                    + minutes);
        }
        TrainerConfig t = TrainerConfig.builder().optClipNorm(1).optOptimizer(OptimizerConfig.adam())
                .optSchedule(ScheduleConfig.constant(2e-3)).build();
        LmConfig config = new LmConfig(CellType.LSTM, embedding, hidden, 1, 50, 50, 32, 10, t, unit,
                LmConfig.DEFAULT_BPE_MERGES, false);
        List<String> normal = LmTrainer.readText(valid).lines().filter(l -> !l.isBlank()).toList();
        AnomalyBenchmark.Result r = AnomalyBenchmark.run(LmTrainer.readText(train), normal, TatoebaPairs.read(tatoeba),
                config, minutes * 60, seed);
        System.out.printf(Locale.ROOT, "trained_tokens %d%ntrain_seconds %.1f%nvalid_bits_per_token %.4f%n",
                r.trainedTokens(), r.trainSeconds(), r.validBitsPerToken());
        r.aucs().forEach((k, v) -> System.out.printf(Locale.ROOT, "auc_%s %.4f%n", k, v));
        return 0;
    }
}
