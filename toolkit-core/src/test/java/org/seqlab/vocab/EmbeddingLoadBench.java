package org.seqlab.vocab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Times {@link EmbeddingLoader#load} on a gzip text file against the textbook Java loader (BufferedReader, split,
 * Float.parseFloat) in the same JVM, alternating, and prints {@code key value} lines with medians; {@code _cpu_s} is the
 * CPU time of the whole process during the load. Run from
 * toolkit-core: {@code java -cp target/classes:target/test-classes:$(deps) org.seqlab.vocab.EmbeddingLoadBench FILE [REPEAT]}.
 */
public final class EmbeddingLoadBench {
    private EmbeddingLoadBench() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "../../shared/data/embeddings/corenlp-coref-50d.txt.gz");
        int repeat = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        // Process CPU (all threads: read-ahead, parse workers, JIT, GC), comparable between the two loaders.
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        long t0 = System.nanoTime();
        long c00 = os.getProcessCpuTime();
        PretrainedEmbeddings first = EmbeddingLoader.builder().setFile(file).build().load();
        double cold = (System.nanoTime() - t0) / 1e9;
        double coldCpu = (os.getProcessCpuTime() - c00) / 1e9;
        double[] ours = new double[repeat];
        double[] oursCpu = new double[repeat];
        double[] naive = new double[repeat];
        double[] naiveCpu = new double[repeat];
        double[] inflate = new double[repeat];
        long check = 0;
        for (int r = 0; r < repeat; r++) {
            long c0 = os.getProcessCpuTime();
            t0 = System.nanoTime();
            PretrainedEmbeddings e = EmbeddingLoader.builder().setFile(file).build().load();
            ours[r] = (System.nanoTime() - t0) / 1e9;
            oursCpu[r] = (os.getProcessCpuTime() - c0) / 1e9;
            c0 = os.getProcessCpuTime();
            t0 = System.nanoTime();
            float[] v = naiveLoad(file);
            naive[r] = (System.nanoTime() - t0) / 1e9;
            naiveCpu[r] = (os.getProcessCpuTime() - c0) / 1e9;
            c0 = os.getProcessCpuTime();
            inflateOnly(file);
            inflate[r] = (os.getProcessCpuTime() - c0) / 1e9;
            if (!Arrays.equals(v, e.toFloatArray())) {
                throw new AssertionError("naive and fast loaders disagree");
            }
            check += e.size();
        }
        System.out.println("file " + file.getFileName());
        System.out.println("rows " + first.size());
        System.out.println("dim " + first.dim());
        System.out.printf("load_cold_s %.3f%n", cold);
        System.out.printf("load_cold_cpu_s %.3f%n", coldCpu);
        if (repeat == 0) {
            return;
        }
        System.out.printf("load_s %.3f%n", median(ours));
        System.out.printf("load_cpu_s %.3f%n", median(oursCpu));
        System.out.printf("naive_java_load_s %.3f%n", median(naive));
        System.out.printf("naive_java_load_cpu_s %.3f%n", median(naiveCpu));
        System.out.printf("gunzip_only_cpu_s %.3f%n", median(inflate));
        System.out.printf("cpu_speedup_vs_naive_java %.2f%n", median(naiveCpu) / median(oursCpu));
        System.out.printf("speedup_vs_naive_java %.2f%n", median(naive) / median(ours));
        System.out.println("rows_checked " + check);
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static long inflateOnly(Path file) throws IOException {
        long n = 0;
        byte[] buf = new byte[1 << 20];
        try (var in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            int r;
            while ((r = in.read(buf)) > 0) {
                n += r;
            }
        }
        return n;
    }

    /** The usual way: decode every line to a String, split, Float.parseFloat. */
    static float[] naiveLoad(Path file) throws IOException {
        List<float[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] parts = line.split(" ");
                float[] v = new float[parts.length - 1];
                for (int i = 1; i < parts.length; i++) {
                    v[i - 1] = Float.parseFloat(parts[i]);
                }
                rows.add(v);
            }
        }
        int dim = rows.get(0).length;
        float[] out = new float[rows.size() * dim];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, out, i * dim, dim);
        }
        return out;
    }
}
