package org.seqlab.cli;

import java.util.Map;
import java.util.concurrent.Callable;

import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.train.OptimizerBenchmark;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints {@code key value} timings of an optimizer step over a tagger's parameter shapes. */
@Command(name = "bench-optimizer", mixinStandardHelpOptions = true,
        header = "Time optimizer steps and gradient clipping.",
        description = "Time one optimizer step and global-norm clipping over BiLSTM-CRF-sized parameters"
                + " (race it against bench/torch_optimizer.py).",
        footer = "%nExample: seqlab bench-optimizer --optimizer adam --steps 200")
public final class BenchOptimizerCommand implements Callable<Integer> {
    @Option(names = "--optimizer", defaultValue = "adam", description = "sgd (momentum 0.9), sgd-plain, adam or adamw (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--steps", defaultValue = "200", description = "timed steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--touched-rows", defaultValue = "0",
            description = "track touched rows of the embedding table and give gradient to this many (0: dense)")
    int touchedRows;

    @Option(names = "--float64", description = "float64 parameters instead of float32")
    boolean float64;

    @Override
    public Integer call() {
        Map<String, Double> r = OptimizerBenchmark.run(optimizer, float64 ? DataType.DOUBLE : DataType.FLOAT, steps, 1, touchedRows);
        r.forEach((k, v) -> System.out.println(k + " " + (k.equals("params") ? String.valueOf(v.longValue())
                : String.format(java.util.Locale.ROOT, "%.4f", v))));
        return 0;
    }
}
