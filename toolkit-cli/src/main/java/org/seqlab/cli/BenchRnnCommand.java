package org.seqlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

import org.seqlab.nn.recurrent.CellType;
import org.seqlab.nn.recurrent.RecurrentBenchmark;
import org.seqlab.nn.recurrent.RecurrentBenchmark.Result;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seqlab bench-rnn}: times our recurrent layers on the PyTorch peer's shapes, optionally racing the peer. */
@Command(name = "bench-rnn", mixinStandardHelpOptions = true,
        header = "Time packed bidirectional LSTM/GRU/RNN layers.",
        description = {"Times a bidirectional recurrent layer (batch 32, length 40, input 100, hidden 200, float32) "
                + "forward, forward+backward, and forward+backward on packed random lengths, as "
                + "../shared/bench/torch_lstm.py does, and prints 'key value' lines (median milliseconds).",
            "With --peer, runs the PyTorch script and ours alternately --rounds times and prints the medians of both "
                + "and our time as a ratio of theirs."},
        footer = {"", "Example: seqlab bench-rnn --cell lstm --peer ../shared/bench/torch_lstm.py --rounds 3"})
public final class BenchRnnCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The cells the peer script knows ({@code rnn} is the tanh Elman RNN). */
    enum Cell { lstm, gru, rnn }

    @Option(names = "--cell", defaultValue = "lstm",
            description = "${COMPLETION-CANDIDATES} (rnn: tanh Elman); default ${DEFAULT-VALUE}")
    Cell cell;

    @Option(names = "--warmups", defaultValue = "5", description = "untimed runs first; default ${DEFAULT-VALUE}")
    int warmups;

    @Option(names = "--runs", defaultValue = "21", description = "timed runs (median reported); default ${DEFAULT-VALUE}")
    int runs;

    @Option(names = "--peer", description = "the PyTorch peer script (torch_lstm.py) to race in the same run")
    Path peer;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python for the peer; default ${DEFAULT-VALUE}")
    String python;

    @Option(names = "--peer-threads", defaultValue = "2", description = "the peer's torch threads; default ${DEFAULT-VALUE}")
    int peerThreads;

    @Option(names = "--rounds", defaultValue = "1", description = "alternating rounds of ours and the peer's; default ${DEFAULT-VALUE}")
    int rounds;

    @Override
    public Integer call() {
        CellType type = switch (cell) {
            case lstm -> CellType.LSTM;
            case gru -> CellType.GRU;
            case rnn -> CellType.RNN_TANH;
        };
        if (warmups < 0 || runs < 1 || rounds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--warmups must be >= 0, --runs and --rounds >= 1");
        }
        List<Result> ours = new ArrayList<>();
        List<Result> theirs = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            ours.add(RecurrentBenchmark.run(type, warmups, runs));
            printRound(round, "", ours.get(round));
            if (peer != null) {
                theirs.add(RecurrentBenchmark.runPeer(python, peer, type, peerThreads));
                printRound(round, "torch_", theirs.get(round));
            }
        }
        System.out.println("cell " + cell);
        print("", ours);
        if (peer != null) {
            print("torch_", theirs);
            ratio("fwd", ours, theirs, Result::forwardMs);
            ratio("fwdbwd", ours, theirs, Result::forwardBackwardMs);
            ratio("fwdbwd_packed", ours, theirs, Result::forwardBackwardPackedMs);
        }
        return 0;
    }

    /** One round's figures as they come (the medians follow at the end). */
    private static void printRound(int round, String prefix, Result r) {
        System.out.printf("round%d_%sfwd_ms %.2f%nround%d_%sfwdbwd_ms %.2f%nround%d_%sfwdbwd_packed_ms %.2f%n", round,
                prefix, r.forwardMs(), round, prefix, r.forwardBackwardMs(), round, prefix, r.forwardBackwardPackedMs());
        System.out.flush();
    }

    private static void print(String prefix, List<Result> results) {
        System.out.printf("%sfwd_ms %.2f%n", prefix, median(results, Result::forwardMs));
        System.out.printf("%sfwdbwd_ms %.2f%n", prefix, median(results, Result::forwardBackwardMs));
        System.out.printf("%sfwdbwd_packed_ms %.2f%n", prefix, median(results, Result::forwardBackwardPackedMs));
    }

    private static void ratio(String key, List<Result> ours, List<Result> theirs, ToDoubleFunction<Result> f) {
        System.out.printf("ratio_%s %.3f%n", key, median(ours, f) / median(theirs, f));
    }

    private static double median(List<Result> results, ToDoubleFunction<Result> f) {
        double[] v = results.stream().mapToDouble(f).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
