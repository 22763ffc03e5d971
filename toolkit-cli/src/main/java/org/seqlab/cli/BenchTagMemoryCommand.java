package org.seqlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.seqlab.conll.ConllFormat;
import org.seqlab.conll.Dataset;
import org.seqlab.tagger.Tagger;
import org.seqlab.tagger.TaggerMemoryBenchmark;
import org.seqlab.tagger.TaggerTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Whether tagging many sentences keeps the resident size flat ({@link TaggerMemoryBenchmark}). */
@Command(name = "bench-tag-memory",
        header = "Check that tagging keeps resident memory flat.",
        mixinStandardHelpOptions = true,
        description = "Tag N sentences in one process, cycling through the sentences of a CoNLL-style file in chunks "
                + "of --chunk, and sample the resident size (VmRSS: heap and off-heap) after --warmup sentences and "
                + "at 20 points after. Prints rss_* lines in MiB, rss_growth_percent (largest later sample over the "
                + "one after warm-up), within_10_percent and tag_tokens_per_s, with the Java heap and off-heap "
                + "(JavaCPP) sizes beside each sample. The JVM grows its heap towards -Xmx as it likes, which shows "
                + "as resident growth without any leak: to see leaks alone, fix and pre-touch the heap, "
                + "SEQLAB_JAVA_OPTS='-Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseParallelGC'. Linux only.",
        footer = {"", "Example: seqlab bench-tag-memory --model ner --data eng.testa --sentences 1000000"})
public final class BenchTagMemoryCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "NAME|MODEL.zip",
            description = "a bundled tagger's name (ner, pos) or a tagger bundle")
    String model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "sentences to cycle through")
    Path data;

    @Option(names = "--format", defaultValue = "conll2003", paramLabel = "FORMAT",
            description = "data format (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--sentences", defaultValue = "1000000", paramLabel = "N",
            description = "sentences tagged in all (default: ${DEFAULT-VALUE})")
    long sentences;

    @Option(names = "--warmup", paramLabel = "N",
            description = "sentences before the baseline sample (default: a tenth of N, at most 50000)")
    Long warmup;

    @Option(names = "--chunk", defaultValue = "1000", paramLabel = "N",
            description = "sentences per tagAll call (default: ${DEFAULT-VALUE})")
    int chunk;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ConllFormat f = TrainCommand.parseFormat(spec, format);
        long w = warmup != null ? warmup : Math.min(50_000, sentences / 10);
        if (sentences < 2 || chunk < 1 || w < 1 || w >= sentences) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "need --sentences >= 2, --chunk >= 1 and 1 <= --warmup < --sentences");
        }
        Tagger tagger = Tagger.load(model);
        Dataset d = TaggerTrainer.reader(f, null).read(data);
        TaggerMemoryBenchmark.run(tagger, d, sentences, w, chunk, spec.commandLine().getOut());
        return 0;
    }
}
