package org.seqlab.crf;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Micro-benchmark of the CRF kernels on one thread: negative log-likelihood with its full gradient, and Viterbi, over
 * batches of 32 sentences of length 8-20 (mean 14) with float emissions. Prints {@code key value} lines; meant to
 * become a {@code seqlab bench-crf} command. Race it against {@code toolkit-crf/bench/torch_crf_peer.py} in the same
 * session and report the ratio.
 */
public final class CrfBenchmark {
    /**
     * Throughput of one configuration, in tokens per second (median of the timed rounds), per wall-clock second and
     * per second of this thread's CPU time (the steadier figure on a shared, loaded machine).
     */
    public record Result(int tags, double nllGradTokensPerSecond, double viterbiTokensPerSecond,
                         double nllGradTokensPerCpuSecond, double viterbiTokensPerCpuSecond) {
    }

    private CrfBenchmark() {
    }

    /**
     * @param tags          number of labels
     * @param batches       distinct random batches cycled through
     * @param roundSeconds  length of each timed round
     * @param rounds        timed rounds (the median is reported)
     */
    public static Result run(int tags, int batches, double roundSeconds, int rounds, long seed) {
        Random rnd = new Random(seed);
        CrfScores scores = new CrfScores(tags);
        for (int k = 0; k < tags * tags; k++) {
            scores.transitions()[k] = rnd.nextGaussian() * 0.5;
        }
        for (int j = 0; j < tags; j++) {
            scores.start()[j] = rnd.nextGaussian() * 0.5;
            scores.end()[j] = rnd.nextGaussian() * 0.5;
        }
        List<TokenRows> rows = new ArrayList<>();
        List<float[]> emissions = new ArrayList<>();
        List<int[]> gold = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            int[] lengths = new int[32];
            for (int i = 0; i < lengths.length; i++) {
                lengths[i] = 8 + rnd.nextInt(13);
            }
            TokenRows r = TokenRows.contiguous(lengths);
            float[] em = new float[r.rowCount() * tags];
            for (int k = 0; k < em.length; k++) {
                em[k] = (float) (rnd.nextGaussian() * 3);
            }
            int[] g = new int[r.rowCount()];
            for (int k = 0; k < g.length; k++) {
                g[k] = rnd.nextInt(tags);
            }
            rows.add(r);
            emissions.add(em);
            gold.add(g);
        }
        LinearChainCrf crf = new LinearChainCrf(tags);
        int maxValues = emissions.stream().mapToInt(e -> e.length).max().orElse(0);
        float[] emGrad = new float[maxValues];
        int[] decoded = new int[maxValues / tags];
        CrfScores grad = new CrfScores(tags);

        Task nll = i -> {
            int k = i % batches;
            crf.negLogLikelihood(scores, emissions.get(k), rows.get(k), gold.get(k), emGrad, grad);
            return rows.get(k).tokens();
        };
        Task viterbi = i -> {
            int k = i % batches;
            crf.viterbi(scores, emissions.get(k), rows.get(k), decoded);
            return rows.get(k).tokens();
        };
        double[] n = measure(nll, roundSeconds, rounds);
        double[] v = measure(viterbi, roundSeconds, rounds);
        return new Result(tags, n[0], v[0], n[1], v[1]);
    }

    private interface Task {
        /** Runs iteration i, returns the tokens processed. */
        long run(int i);
    }

    /** @return {median wall-clock rate, median CPU-time rate} in tokens per second */
    private static double[] measure(Task task, double roundSeconds, int rounds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // Warm-up: one round's worth of CPU time (wall time may be mostly waiting on a loaded machine), so the JIT
        // has compiled the kernels before timing starts.
        long cpuStart = threads.getCurrentThreadCpuTime();
        long wallLimit = System.nanoTime() + (long) (20 * roundSeconds * 1e9);
        int i = 0;
        while (threads.getCurrentThreadCpuTime() - cpuStart < (long) (roundSeconds * 1e9)
                && System.nanoTime() < wallLimit) {
            task.run(i++);
        }
        double[] wall = new double[rounds];
        double[] cpu = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long tokens = 0;
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long end = t0 + (long) (roundSeconds * 1e9);
            long now;
            do {
                tokens += task.run(i++);
                now = System.nanoTime();
            } while (now < end);
            long c1 = threads.getCurrentThreadCpuTime();
            wall[r] = tokens / ((now - t0) / 1e9);
            cpu[r] = tokens / (Math.max(1, c1 - c0) / 1e9);
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new double[] {wall[rounds / 2], cpu[rounds / 2]};
    }

    /**
     * Runs 9 and 20 tags and prints {@code crf_nll_grad_tokens_per_s_<T>tags} and {@code viterbi_tokens_per_s_<T>tags}
     * lines to {@code out}.
     */
    public static void report(PrintWriter out, double roundSeconds, int rounds) {
        for (int tags : new int[] {9, 20}) {
            Result r = run(tags, 16, roundSeconds, rounds, 1234);
            out.printf("crf_nll_grad_tokens_per_s_%dtags %.0f%n", tags, r.nllGradTokensPerSecond());
            out.printf("viterbi_tokens_per_s_%dtags %.0f%n", tags, r.viterbiTokensPerSecond());
            out.printf("crf_nll_grad_tokens_per_cpu_s_%dtags %.0f%n", tags, r.nllGradTokensPerCpuSecond());
            out.printf("viterbi_tokens_per_cpu_s_%dtags %.0f%n", tags, r.viterbiTokensPerCpuSecond());
            out.flush();
        }
    }

    /** Arguments: [round seconds (0.5)] [rounds (5)]. */
    public static void main(String[] args) {
        double roundSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 0.5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        report(new PrintWriter(System.out, true), roundSeconds, rounds);
    }
}
