package org.seqlab.nn.attention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.random.Rng;

/**
 * Times one decoded batch through an attention layer (prepare, T steps forward, T steps backward, finish) in float32
 * and prints {@code key value} lines with medians, to race {@code src/test/python/torch_attention_step.py} with the same
 * arguments in the same session. Run from toolkit-core:
 * {@code OMP_NUM_THREADS=1 java -cp target/classes:target/test-classes:$(deps) org.seqlab.nn.attention.AttentionStepBench
 * general 64 20 512 512 256 20 30} (kind, batch, source length, key dim, query dim, attention dim, steps, repeats).
 */
public final class AttentionStepBench {
    private AttentionStepBench() {
    }

    public static void main(String[] args) {
        String kind = args.length > 0 ? args[0] : "general";
        int b = arg(args, 1, 64);
        int s = arg(args, 2, 20);
        int k = arg(args, 3, 512);
        int q = arg(args, 4, 512);
        int a = arg(args, 5, 256);
        int steps = arg(args, 6, 20);
        int repeats = arg(args, 7, 30);
        Rng rng = new Rng(1);
        Attention attention = switch (kind) {
            case "additive" -> AdditiveAttention.create(q, k, a, DataType.FLOAT, rng);
            case "general" -> GeneralAttention.create(q, k, DataType.FLOAT, rng);
            case "dot" -> new DotAttention(k);
            default -> throw new IllegalArgumentException("kind must be additive, general or dot: " + kind);
        };
        int qd = attention.queryDim();
        INDArray enc = AttentionGradientTest.randn(rng, b, s, k).castTo(DataType.FLOAT);
        int[] lengths = new int[b];
        for (int i = 0; i < b; i++) {
            lengths[i] = Math.max(1, s - (i * s) / (2 * b)); // s down to about s/2
        }
        List<INDArray> queries = new ArrayList<>();
        List<INDArray> grads = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            queries.add(AttentionGradientTest.randn(rng, b, qd).castTo(DataType.FLOAT));
            grads.add(AttentionGradientTest.randn(rng, b, k).castTo(DataType.FLOAT));
        }
        double[] fwd = new double[repeats];
        double[] total = new double[repeats];
        for (int r = 0; r < repeats + 5; r++) { // the first 5 warm the JIT up
            long t0 = System.nanoTime();
            AttentionMemory m = attention.prepare(enc, lengths);
            AttentionStep[] st = new AttentionStep[steps];
            for (int t = 0; t < steps; t++) {
                st[t] = attention.step(m, queries.get(t));
            }
            long t1 = System.nanoTime();
            for (int t = steps - 1; t >= 0; t--) {
                attention.backwardStep(st[t], grads.get(t));
            }
            attention.finishBackward(m);
            long t2 = System.nanoTime();
            if (r >= 5) {
                fwd[r - 5] = (t1 - t0) / 1e6;
                total[r - 5] = (t2 - t0) / 1e6;
            }
        }
        System.out.printf("kind %s%nshape B%d_S%d_K%d_Q%d_A%d_T%d%n", kind, b, s, k, qd, a, steps);
        System.out.printf("fwd_ms %.3f%nfwdbwd_ms %.3f%nfwdbwd_ms_per_step %.4f%n", median(fwd), median(total),
                median(total) / steps);
    }

    private static int arg(String[] args, int i, int fallback) {
        return args.length > i ? Integer.parseInt(args[i]) : fallback;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
