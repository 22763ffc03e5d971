package org.seqlab.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import org.seqlab.nn.LayerBenchmark;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the median forward+backward times of the non-recurrent layers as {@code key value} lines. */
@Command(name = "bench-layers",
        header = "Time the non-recurrent layers.",
        description = "Time Linear, Embedding, dropout, char CNN and softmax cross-entropy (forward + backward, "
                + "float32, batch of 32x40 rows); prints 'key value' lines (median thread CPU milliseconds), like bench/torch_layers.py.",
        mixinStandardHelpOptions = true,
        footer = "Example: seqlab bench-layers --repeats 30")
public final class BenchLayersCommand implements Callable<Integer> {

    @Option(names = "--warmup", description = "untimed runs per layer first (default ${DEFAULT-VALUE})")
    int warmup = 20;

    @Option(names = "--repeats", description = "timed runs per layer; the median is printed (default ${DEFAULT-VALUE})")
    int repeats = 30;

    @Override
    public Integer call() {
        if (warmup < 0 || repeats < 1) {
            throw new IllegalArgumentException("--warmup must be >= 0 and --repeats >= 1");
        }
        for (Map.Entry<String, Double> e : LayerBenchmark.run(warmup, repeats).entrySet()) {
            System.out.printf("%s %.3f%n", e.getKey(), e.getValue());
        }
        return 0;
    }
}
