package org.seqlab.conll;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Times {@link ConllReader} on one file: the first (cold) read and the median of the following ones, per wall-clock
 * and per CPU second of this thread (the steadier figure on a loaded machine). Prints {@code key value} lines. Race it
 * against {@code toolkit-crf/bench/conll_read_peer.py} (the PyTorch BiLSTM-CRF peer's reader) in the same session:
 * <pre>
 * java -cp toolkit-cli/target/seqlab.jar:toolkit-cli/target/lib/'*' org.seqlab.conll.ConllReadBenchmark conll2003 FILE 10
 * </pre>
 */
public final class ConllReadBenchmark {
    private ConllReadBenchmark() {
    }

    /** Arguments: FORMAT FILE [READS]. */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ConllReadBenchmark FORMAT FILE [READS]");
            System.exit(2);
        }
        ConllReader reader = ConllReader.builder().setFormat(ConllFormat.parse(args[0])).build();
        int reads = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        report(new PrintWriter(System.out, true), reader, Path.of(args[1]), Math.max(reads, 2));
    }

    /** Reads {@code file} {@code reads} times and prints the timings. */
    public static void report(PrintWriter out, ConllReader reader, Path file, int reads) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[] wall = new double[reads];
        double[] cpu = new double[reads];
        long tokens = 0;
        int sentences = 0;
        for (int i = 0; i < reads; i++) {
            long w0 = System.nanoTime();
            long c0 = mx.getCurrentThreadCpuTime();
            Dataset d = reader.read(file);
            cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
            wall[i] = (System.nanoTime() - w0) / 1e6;
            tokens = d.tokenCount();
            sentences = d.sentences().size();
        }
        out.printf("sentences %d%n", sentences);
        out.printf("tokens %d%n", tokens);
        out.printf("first_read_ms %.1f%n", wall[0]);
        out.printf("first_read_cpu_ms %.1f%n", cpu[0]);
        out.printf("read_ms %.1f%n", median(wall));
        out.printf("read_cpu_ms %.1f%n", median(cpu));
        out.flush();
    }

    /** Median of all but the first (cold) value. */
    private static double median(double[] values) {
        double[] v = Arrays.copyOfRange(values, 1, values.length);
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
