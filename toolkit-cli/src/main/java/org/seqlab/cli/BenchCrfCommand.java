package org.seqlab.cli;

import java.util.concurrent.Callable;
import org.seqlab.crf.CrfBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Throughput of the CRF kernels, as key-value lines. */
@Command(name = "bench-crf",
        header = "Time CRF loss+gradient and Viterbi.",
        mixinStandardHelpOptions = true,
        description = "Time the CRF on one thread: NLL with full gradient, and Viterbi, for 9 and 20 tags over "
                + "batches of 32 sentences of length 8-20. Prints 'key value' lines (tokens per second, median "
                + "of the rounds). Race it against toolkit-crf/bench/torch_crf_peer.py in the same session.",
        footer = {"", "Example: seqlab bench-crf --round-seconds 1 --rounds 5"})
public final class BenchCrfCommand implements Callable<Integer> {

    @Option(names = "--round-seconds", paramLabel = "S", defaultValue = "0.5",
            description = "length of each timed round (default: ${DEFAULT-VALUE})")
    double roundSeconds;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
            description = "timed rounds; the median is printed (default: ${DEFAULT-VALUE})")
    int rounds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (roundSeconds <= 0 || rounds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--round-seconds must be positive and --rounds at least 1");
        }
        CrfBenchmark.report(spec.commandLine().getOut(), roundSeconds, rounds);
        return 0;
    }
}
