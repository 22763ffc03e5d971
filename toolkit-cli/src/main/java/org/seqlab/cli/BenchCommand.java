package org.seqlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.seqlab.conll.ConllFormat;
import org.seqlab.tagger.TaggerBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The tagger's speed, with the protocol of the PyTorch peer ({@link TaggerBenchmark}). */
@Command(name = "bench",
        header = "Time tagger training and tagging (PyTorch peer protocol).",
        mixinStandardHelpOptions = true,
        description = "Time the BiLSTM-CRF tagger with the protocol of ../shared/bench/torch_bilstm_crf.py (char CNN "
                + "30/50/3, the embeddings' 50-d vectors, BiLSTM 200, CRF, batch 32, SGD): training passes over "
                + "the first N training sentences, tagging the dev set at batch 32 and its first 300 sentences at "
                + "batch 1. Prints train_sents_per_s, tag_tokens_per_s, tag1_tokens_per_s and tag_full_tokens_per_s "
                + "in the steady state (after 5 s of warm-up, the JIT's compiling done: the mean over timed passes "
                + "filling 5 s, at least 3), each *_cold_* figure beside it (an early pass, JIT still compiling), "
                + "then tag_cached_words (the "
                + "loaded tagger's word cache) and tag_uncached_tokens_per_s (batch 32 with that cache off); run "
                + "the peer in the same session and compare.",
        footer = {"", "Example: seqlab bench --train eng.train --dev eng.testa --embeddings corenlp-coref-50d.txt.gz"})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "training data")
    Path train;

    @Option(names = "--dev", required = true, paramLabel = "FILE", description = "dev data")
    Path dev;

    @Option(names = "--embeddings", paramLabel = "FILE", description = "pretrained word vectors")
    Path embeddings;

    @Option(names = "--format", defaultValue = "conll2003", paramLabel = "FORMAT",
            description = "data format (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--timing-sents", defaultValue = "3000", paramLabel = "N",
            description = "training sentences timed (default: ${DEFAULT-VALUE})")
    int timingSentences;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ConllFormat f = TrainCommand.parseFormat(spec, format);
        if (timingSentences < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timing-sents must be at least 1");
        }
        TaggerBenchmark.run(train, dev, embeddings, f, timingSentences, spec.commandLine().getOut());
        return 0;
    }
}
