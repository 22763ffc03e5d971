package org.seqlab.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times loading a 20 MB bundle of random float32 tensors (and the same tensors as float16 and int8 rows); prints
 * {@code key value} lines. Arguments: [megabytes (20)] [repeats (7)].
 */
public final class BundleLoadBenchmark {
    private BundleLoadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        SplittableRandom rng = new SplittableRandom(1);
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        int rows = 1024;
        int cols = 1024; // 4 MiB a tensor
        for (int i = 0; i < megabytes / 4; i++) {
            float[] v = new float[rows * cols];
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) rng.nextGaussian();
            }
            tensors.put("t" + i, Nd4j.create(v, new long[] {rows, cols}, DataType.FLOAT));
        }
        Path dir = Files.createTempDirectory("bundle-bench");
        try {
            for (TensorStorage storage : TensorStorage.values()) {
                Path f = dir.resolve(storage.label() + ".zip");
                long t0 = System.nanoTime();
                ModelBundle.writer("lm").setConfig(Map.of("bench", true)).addTensors("weights", tensors, storage)
                        .write(f);
                double writeMs = (System.nanoTime() - t0) / 1e6;
                double[] load = new double[repeats];
                double[] hash = new double[repeats];
                double[] parse = new double[repeats];
                java.io.ByteArrayOutputStream encoded = new java.io.ByteArrayOutputStream();
                TensorFile.write(encoded, Map.of(), tensors, storage);
                byte[] tensorFile = encoded.toByteArray();
                for (int r = 0; r < repeats; r++) {
                    long a = System.nanoTime();
                    ModelBundle b = ModelBundle.read(f);
                    load[r] = (System.nanoTime() - a) / 1e6;
                    if (b.tensors("weights").size() != tensors.size()) {
                        throw new IllegalStateException("lost tensors");
                    }
                    long h = System.nanoTime();
                    ModelBundle.sha256(Files.readAllBytes(f));
                    hash[r] = (System.nanoTime() - h) / 1e6;
                    long p = System.nanoTime();
                    TensorFile.read(new java.io.ByteArrayInputStream(tensorFile), "memory");
                    parse[r] = (System.nanoTime() - p) / 1e6;
                }
                String k = storage.label();
                printError(k, tensors, ModelBundle.read(f).tensors("weights"), cols);
                System.out.println(k + "_bundle_bytes " + Files.size(f));
                System.out.printf("%s_write_ms %.1f%n", k, writeMs);
                System.out.printf("%s_load_ms_median %.1f%n", k, median(load));
                System.out.printf("%s_load_ms_min %.1f%n", k, Arrays.stream(load).min().orElse(0));
                System.out.printf("%s_read_and_sha256_file_ms_median %.1f%n", k, median(hash));
                System.out.printf("%s_tensor_file_decode_from_memory_ms_median %.1f%n", k, median(parse));
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Quantisation error against the originals: worst absolute and relative error, worst error in row-scale units. */
    private static void printError(String k, Map<String, INDArray> original, Map<String, INDArray> loaded, int cols) {
        double maxAbs = 0;
        double maxRel = 0;
        double maxInScale = 0;
        double sumAbs = 0;
        long n = 0;
        for (Map.Entry<String, INDArray> e : original.entrySet()) {
            float[] a = e.getValue().data().asFloat();
            float[] b = loaded.get(e.getKey()).data().asFloat();
            for (int row = 0; row < a.length / cols; row++) {
                double rowMax = 0;
                for (int c = 0; c < cols; c++) {
                    rowMax = Math.max(rowMax, Math.abs(a[row * cols + c]));
                }
                double scale = rowMax / 127;
                for (int c = 0; c < cols; c++) {
                    int i = row * cols + c;
                    double err = Math.abs((double) b[i] - a[i]);
                    maxAbs = Math.max(maxAbs, err);
                    if (Math.abs(a[i]) >= 0x1p-14) {
                        maxRel = Math.max(maxRel, err / Math.abs(a[i]));
                    }
                    maxInScale = Math.max(maxInScale, err / scale);
                    sumAbs += err;
                    n++;
                }
            }
        }
        System.out.printf("%s_max_abs_error %.3g%n", k, maxAbs);
        System.out.printf("%s_mean_abs_error %.3g%n", k, sumAbs / n);
        System.out.printf("%s_max_rel_error_normal_values %.3g%n", k, maxRel);
        System.out.printf("%s_max_error_in_row_scales %.4f%n", k, maxInScale);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
