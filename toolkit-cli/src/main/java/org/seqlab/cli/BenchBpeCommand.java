package org.seqlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.seqlab.text.bpe.BpeBenchmark;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Times BPE learning and encoding with the keys of shared/bench/sentencepiece_bpe.sh, to run beside it. */
@Command(name = "bench-bpe",
        header = "Time BPE learning and encoding.",
        mixinStandardHelpOptions = true,
        description = "Time BPE learning on FILES (jointly) and encoding them; prints learn_s, encode_s, words, "
                + "encode_words_per_s, as ../shared/bench/sentencepiece_bpe.sh does.",
        footer = "%nExample: seqlab bench-bpe --merges 10000 ../shared/data/multi30k/train.en ../shared/data/multi30k/train.de"
                + "%n         (peer: ../shared/bench/sentencepiece_bpe.sh 10000 <same files>)")
public final class BenchBpeCommand implements Callable<Integer> {
    @Option(names = "--merges", required = true, paramLabel = "N", description = "Merge operations to learn.")
    int merges;

    // One thread by default: spm_encode, the peer, encodes on one.
    @Option(names = "--threads", defaultValue = "1", paramLabel = "T",
            description = "Encoding threads (default: ${DEFAULT-VALUE}, as spm_encode).")
    int threads;

    @Parameters(arity = "1..*", paramLabel = "FILES", description = "Text files, one sentence a line, words split by spaces.")
    List<Path> files;

    @Override
    public Integer call() {
        BpeBenchmark.Result r = BpeBenchmark.run(files, merges, threads);
        System.out.printf(Locale.ROOT, "learn_s %.2f%nencode_s %.2f%nwords %d%nencode_words_per_s %.0f%nmerges %d%nthreads %d%n",
                r.learnSeconds(), r.encodeSeconds(), r.words(), r.encodeWordsPerSecond(), r.merges(), r.threads());
        return 0;
    }
}
