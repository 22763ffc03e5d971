package org.seqlab.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.seqlab.SeqlabException;
import org.seqlab.lm.LmBenchmark;
import org.seqlab.lm.LmConfig;
import org.seqlab.lm.LmTrainer;
import org.seqlab.nn.recurrent.CellType;
import org.seqlab.train.OptimizerConfig;
import org.seqlab.train.ScheduleConfig;
import org.seqlab.train.TrainerConfig;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-lm",
        mixinStandardHelpOptions = true,
        header = "Time character-LM training against PyTorch.",
        description = {
            "Times character-LM training (LSTM, truncated BPTT, Adam, gradient-norm clipping) on the first windows of a "
                    + "text, then scores the validation text.",
            "Prints train_chars_per_s and valid_bpc (medians over --runs); with --peer, bench/torch_char_lm.py's figures "
                    + "on the same settings as torch_train_chars_per_s and torch_valid_bpc, the runs alternating "
                    + "ours/peer back to back, and speedup (our median chars/s over the peer's).",
            "With --minutes M, each side instead trains for M minutes, passing over the whole text again and again "
                    + "(the state reset at its start), and reports its characters per second over the M minutes and "
                    + "the validation bits per character it reached: the time-budget comparison."},
        footer = {"", "Example: seqlab bench-lm --train ../shared/data/multi30k/train.en "
                + "--valid ../shared/data/multi30k/val.en --peer --runs 3"})
public final class BenchLmCommand implements Callable<Integer> {

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training text (UTF-8).")
    Path train;

    @Option(names = "--valid", required = true, paramLabel = "FILE", description = "Validation text (UTF-8).")
    Path valid;

    @Option(names = "--embedding", paramLabel = "E", defaultValue = "64", description = "Embedding size (default: ${DEFAULT-VALUE}).")
    int embedding;

    @Option(names = "--hidden", paramLabel = "H", defaultValue = "256",
            description = "LSTM size (default: ${DEFAULT-VALUE}, lm-train's default).")
    int hidden;

    @Option(names = "--layers", paramLabel = "L", defaultValue = "1", description = "LSTM layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--window", paramLabel = "K", defaultValue = "100", description = "Truncated-BPTT window (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--streams", paramLabel = "B", defaultValue = "32", description = "Parallel streams, the batch (default: ${DEFAULT-VALUE}).")
    int streams;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "10",
            description = "Untimed windows first, both sides (default: ${DEFAULT-VALUE}: the JIT compiles our loops in"
                    + " about the first second).")
    int warmup;

    @Option(names = "--chunks", paramLabel = "N", defaultValue = "50", description = "Timed windows (default: ${DEFAULT-VALUE}).")
    int chunks;

    @Option(names = "--minutes", paramLabel = "M", defaultValue = "0",
            description = "Train each side for M minutes over the whole text instead of timing --chunks windows.")
    double minutes;

    @Option(names = "--runs", paramLabel = "R", defaultValue = "1", description = "Runs of each (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--peer", description = "Also run bench/torch_char_lm.py with /usr/bin/python3, one thread.")
    boolean peer;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // NaN slipped past "minutes < 0" (and timed windows instead), Infinity never ended: usage errors, as in the
        // other bench commands
        if (runs < 1 || chunks < 1 || warmup < 0 || !(minutes >= 0) || Double.isInfinite(minutes)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runs and --chunks must be at least 1, "
                    + "--warmup at least 0 and --minutes a number at least 0, got " + runs + ", " + chunks + ", "
                    + warmup + " and " + minutes);
        }
        TrainerConfig t = TrainerConfig.builder().optClipNorm(1).optOptimizer(OptimizerConfig.adam())
                .optSchedule(ScheduleConfig.constant(1e-3)).build();
        LmConfig config = new LmConfig(CellType.LSTM, embedding, hidden, layers, window, window, streams, 10, t);
        String trainText = LmTrainer.readText(train);
        String validText = LmTrainer.readText(valid);
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        double bpc = Double.NaN;
        String peerBpc = null;
        for (int run = 0; run < runs; run++) {
            LmBenchmark.Result r = minutes > 0 ? LmBenchmark.runFor(trainText, validText, config, minutes * 60)
                    : LmBenchmark.run(trainText, validText, config, warmup, chunks);
            ours.add(r.trainCharsPerSecond());
            bpc = r.validBitsPerChar();
            System.out.printf(Locale.ROOT, "run %d train_chars_per_s %.1f%n", run + 1, r.trainCharsPerSecond());
            if (peer) {
                Map<String, String> f = runPeer();
                theirs.add(Double.parseDouble(f.get("train_chars_per_s")));
                peerBpc = f.get("valid_bpc");
                System.out.printf(Locale.ROOT, "run %d torch_train_chars_per_s %s%n", run + 1, f.get("train_chars_per_s"));
            }
            System.out.flush();
        }
        double median = median(ours);
        System.out.printf(Locale.ROOT, "train_chars_per_s %.1f%n", median);
        System.out.printf(Locale.ROOT, "valid_bpc %.4f%n", bpc);
        if (peer) {
            System.out.printf(Locale.ROOT, "torch_train_chars_per_s %.1f%n", median(theirs));
            System.out.println("torch_valid_bpc " + peerBpc);
            System.out.printf(Locale.ROOT, "speedup %.2f%n", median / median(theirs));
        }
        return 0;
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private Map<String, String> runPeer() throws Exception {
        Path script = Path.of(System.getProperty("seqlab.home", ".")).resolve("bench/torch_char_lm.py");
        if (!Files.isRegularFile(script)) {
            throw new SeqlabException("no peer script at " + script);
        }
        List<String> cmd = new ArrayList<>(Arrays.asList("/usr/bin/python3", script.toString(), "--train", train.toString(),
                "--valid", valid.toString(), "--embedding", "" + embedding, "--hidden", "" + hidden, "--layers",
                "" + layers, "--window", "" + window, "--streams", "" + streams, "--warmup", "" + warmup, "--chunks",
                "" + chunks, "--minutes", "" + minutes, "--lr", "0.001", "--clip", "1"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        Map<String, String> figures = new LinkedHashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] kv = line.trim().split("\\s+");
                if (kv.length == 2) {
                    figures.put(kv[0], kv[1]);
                }
            }
        }
        if (p.waitFor() != 0 || !figures.containsKey("train_chars_per_s")) {
            throw new SeqlabException(script + " failed (exit status " + p.exitValue() + ")");
        }
        return figures;
    }
}
