package org.seqlab.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.seqlab.seq2seq.ParallelCorpus;
import org.seqlab.seq2seq.TranslationBenchmark;
import org.seqlab.seq2seq.TranslatorConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seqlab bench-translate}: translator training speed with the PyTorch peer's architecture. */
@Command(name = "bench-translate",
        header = "Time translator training (peer architecture).",
        mixinStandardHelpOptions = true,
        description = "Train the translator with the architecture of shared/bench/torch_seq2seq.py for a time budget"
                + " and print 'key value' lines (train_sents_per_s is the peer's key). Race it against the peer run"
                + " back to back on the same machine.",
        footer = "%nExample: seqlab bench-translate --src train.en --tgt train.de --valid-src val.en --seconds 120")
public final class BenchTranslateCommand implements Callable<Integer> {
    @Option(names = "--src", required = true, paramLabel = "FILE", description = "Source sentences.")
    Path src;

    @Option(names = "--tgt", required = true, paramLabel = "FILE", description = "Target sentences.")
    Path tgt;

    @Option(names = "--valid-src", paramLabel = "FILE",
            description = "Validation sources: after training, time greedy and beam-5 decoding of them.")
    Path validSrc;

    @Option(names = "--seconds", defaultValue = "120", paramLabel = "S",
            description = "Training time budget (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N", description = "Pairs per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        var valid = validSrc == null ? java.util.List.<String>of() : ParallelCorpus.lines(validSrc);
        var r = TranslationBenchmark.run(ParallelCorpus.read(src, tgt), valid, TranslatorConfig.defaults(), batchSize,
                seconds, seed);
        r.forEach((k, v) -> System.out.println(k + " " + String.format(Locale.ROOT, "%.4f", v)));
        return 0;
    }
}
