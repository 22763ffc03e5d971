package org.seqlab.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.seqlab.SeqlabException;
import org.seqlab.seq2seq.ParallelCorpus;
import org.seqlab.seq2seq.TranslationBenchmark;
import org.seqlab.seq2seq.Translator;
import org.seqlab.seq2seq.TranslatorConfig;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seqlab bench-translate}: translator training speed with the PyTorch peer's architecture. */
@Command(name = "bench-translate",
        header = "Time translator training (peer architecture).",
        mixinStandardHelpOptions = true,
        description = "Train the translator with the architecture of shared/bench/torch_seq2seq.py for a time budget"
                + " and print 'key value' lines (train_sents_per_s is the peer's key). Race it against the peer run"
                + " back to back on the same machine. products_bound_sents_per_s is the speed if a step were"
                + " nothing but its matrix products, the same calls replayed alone, one shape at a time, over two cores"
                + " (the ceiling for these products here; products_share, the part of the training time they explain)."
                + " section_NAME_ms gives each part of a step per batch (encoder_forward, decoder_forward,"
                + " output_forward, loss, output_backward, decoder_backward, encoder_backward, update) beside"
                + " section_NAME_products_alone_ms, its products replayed alone over the same two cores."
                + " With --model, time decoding of --valid-src by that trained model instead (greedy and beam 5, alpha"
                + " 0.6): decode_sents_per_s_* is the steady state (the mean of 3 passes after --warmup-seconds of"
                + " untimed ones), decode_cold_sents_per_s_* the first pass after a warm-up on 100 sentences.",
        footer = "%nExample: seqlab bench-translate --src train.en --tgt train.de --valid-src val.en --seconds 120"
                + "%n         seqlab bench-translate --model en-de --valid-src val.en")
public final class BenchTranslateCommand implements Callable<Integer> {
    @Option(names = "--src", paramLabel = "FILE", description = "Source sentences (training; not with --model).")
    Path src;

    @Option(names = "--tgt", paramLabel = "FILE", description = "Target sentences (training; not with --model).")
    Path tgt;

    @Option(names = "--model", paramLabel = "ZIP|NAME",
            description = "Time decoding by this trained translator (a bundle or a bundled name); needs --valid-src.")
    String model;

    @Option(names = "--valid-src", paramLabel = "FILE",
            description = "Validation sources: after training, time greedy and beam-5 decoding of them.")
    Path validSrc;

    @Option(names = "--seconds", defaultValue = "120", paramLabel = "S",
            description = "Training time budget (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup-seconds", defaultValue = "5", paramLabel = "S",
            description = "Untimed decoding before the timed passes (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--int8", description = "With --model: decode with the products in int8 (needs VNNI).")
    boolean int8;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N", description = "Pairs per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seconds must be a positive number, got "
                    + seconds);
        }
        if (!(warmupSeconds >= 0) || Double.isInfinite(warmupSeconds)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--warmup-seconds must be 0 or more, got " + warmupSeconds);
        }
        if (batchSize < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--batch-size must be at least 1, got "
                    + batchSize);
        }
        var valid = validSrc == null ? java.util.List.<String>of() : ParallelCorpus.lines(validSrc);
        if (validSrc != null && valid.isEmpty()) {
            throw new SeqlabException(validSrc + ": no lines to decode (--valid-src is empty)");
        }
        if (model != null) {
            if (valid.isEmpty() || src != null || tgt != null) {
                throw new SeqlabException("bench-translate --model times decoding: give --valid-src, not --src/--tgt");
            }
            TranslationBenchmark.decode(Translator.load(model).withInt8(int8), valid, warmupSeconds)
                    .forEach((k, v) -> System.out.println(k + " " + String.format(Locale.ROOT, "%.4f", v)));
            return 0;
        }
        if (src == null || tgt == null) {
            throw new SeqlabException("bench-translate needs --src and --tgt (or --model and --valid-src)");
        }
        var r = TranslationBenchmark.run(ParallelCorpus.read(src, tgt), valid, TranslatorConfig.defaults(), batchSize,
                seconds, seed);
        r.forEach((k, v) -> System.out.println(k + " " + String.format(Locale.ROOT, "%.4f", v)));
        return 0;
    }
}
