package org.seqlab.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.seqlab.SeqlabException;
import org.seqlab.lm.sampling.SamplingBenchmark;
import org.seqlab.lm.sampling.SamplingConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-sample",
        header = "Time sampling controls for one generation step.",
        mixinStandardHelpOptions = true,
        description = {
            "Times one generation step's sampling (repetition penalty, temperature, top-k, top-p, draw) on random "
                    + "logit rows of the given vocabulary size.",
            "Prints sample_us_per_step (median of the timed passes); with --peer, bench/torch_sample.py's "
                    + "torch_us_per_step measured right after, and speedup (peer time over ours)."},
        footer = {"", "Example: seqlab bench-sample --vocab 10000 --peer",
            "         seqlab bench-sample --vocab 32000 --top-k 0 --top-p 0.95"})
public final class BenchSampleCommand implements Callable<Integer> {

    @Option(names = "--vocab", paramLabel = "V", defaultValue = "10000", description = "Vocabulary size (default: ${DEFAULT-VALUE}).")
    int vocab;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "2000", description = "Steps per pass (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "5", description = "Untimed passes (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--passes", paramLabel = "N", defaultValue = "7", description = "Timed passes (default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.8", description = "Temperature (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "50", description = "Top-k, 0 for none (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "0.9", description = "Top-p, 1 for none (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--penalty", paramLabel = "R", defaultValue = "1.2", description = "Repetition penalty, 1 for none (default: ${DEFAULT-VALUE}).")
    double penalty;

    @Option(names = "--peer", description = "Also run bench/torch_sample.py with /usr/bin/python3 (Debian's torch) "
            + "on the same settings, one thread.")
    boolean peer;

    @Override
    public Integer call() throws Exception {
        SamplingConfig config = new SamplingConfig(temperature, topK, topP, penalty, 0);
        SamplingBenchmark.Result r = SamplingBenchmark.run(config, vocab, steps, warmup, passes);
        System.out.printf("vocab %d%n", vocab);
        System.out.printf("sample_us_per_step %.2f%n", r.microsPerStep());
        System.out.flush();
        if (peer) {
            Path home = Path.of(System.getProperty("seqlab.home", "."));
            Map<String, String> figures = runPeer(home.resolve("bench/torch_sample.py"));
            for (Map.Entry<String, String> e : figures.entrySet()) {
                System.out.println(e.getKey() + " " + e.getValue());
            }
            String torch = figures.get("torch_us_per_step");
            if (torch != null) {
                System.out.printf("speedup %.2f%n", Double.parseDouble(torch) / r.microsPerStep());
            }
        }
        return 0;
    }

    private Map<String, String> runPeer(Path script) throws Exception {
        if (!Files.isRegularFile(script)) {
            throw new SeqlabException("no peer script at " + script);
        }
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString(), "--vocab", "" + vocab,
                "--steps", "" + steps, "--passes", "" + passes, "--temperature", "" + temperature,
                "--top-k", "" + topK, "--top-p", "" + topP, "--penalty", "" + penalty)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
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
        if (p.waitFor() != 0) {
            throw new SeqlabException(script + " failed with exit status " + p.exitValue());
        }
        return figures;
    }
}
