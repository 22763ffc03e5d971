package org.seqlab.nn;

import org.seqlab.random.Rng;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.batch.SequenceLayout;

/**
 * Times the non-recurrent layers (median thread CPU milliseconds), forward plus backward, in float32 on workloads the size of one tagger or
 * translator batch (32 sentences of 40 tokens). The PyTorch peer {@code bench/torch_layers.py} runs the same shapes
 * and prints the same keys, so the two are compared as ratios measured back to back.
 */
public final class LayerBenchmark {
    /** Rows in a batch: 32 sequences × 40 steps. */
    public static final int ROWS = 1280;

    private LayerBenchmark() {
    }

    /** {@code key → median milliseconds} of {@code repeats} timed runs after {@code warmup} untimed ones. */
    public static Map<String, Double> run(int warmup, int repeats) {
        Map<String, Double> out = new LinkedHashMap<>();
        Rng rng = new Rng(1);

        Linear linear = Linear.builder().setInputSize(400).setOutputSize(200).setRng(rng).build();
        INDArray x = gaussian(rng, ROWS, 400);
        INDArray gy = gaussian(rng, ROWS, 200);
        out.put("linear_fwdbwd_ms", time(warmup, repeats, () -> linear.backward(linear.forward(x), gy)));

        Embedding embedding = Embedding.builder().setVocabularySize(20000).setDimension(100).setRng(rng)
                .optPaddingId(0).build();
        int[] ids = new int[ROWS];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rng.nextInt(20000);
        }
        INDArray ge = gaussian(rng, ROWS, 100);
        out.put("embedding_fwdbwd_ms", time(warmup, repeats, () -> embedding.backward(embedding.forward(ids), ge)));

        Dropout dropout = new Dropout(0.5);
        Rng dropRng = new Rng(2);
        out.put("dropout_fwdbwd_ms",
                time(warmup, repeats, () -> dropout.backward(dropout.forward(x, true, dropRng), x)));

        int[] lengths = new int[32];
        Arrays.fill(lengths, 40);
        SequenceLayout layout = SequenceLayout.of(lengths);
        LockedDropout locked = new LockedDropout(0.5);
        out.put("locked_dropout_fwdbwd_ms",
                time(warmup, repeats, () -> locked.backward(locked.forward(x, layout, true, dropRng), x)));

        // Char CNN as in the BiLSTM-CRF peer: 30-d characters, 50 filters of width 3, words of 1 to 12 characters.
        CharCnnEncoder cnn = CharCnnEncoder.builder().setAlphabetSize(100).setCharDimension(30).setFilters(50)
                .setRng(rng).build();
        int maxChars = 12;
        int[] wordLengths = new int[ROWS];
        int[] chars = new int[ROWS * maxChars];
        for (int w = 0; w < ROWS; w++) {
            wordLengths[w] = 1 + rng.nextInt(maxChars);
            for (int c = 0; c < wordLengths[w]; c++) {
                chars[w * maxChars + c] = 1 + rng.nextInt(99);
            }
        }
        INDArray gc = gaussian(rng, ROWS, 50);
        out.put("charcnn_fwd_ms", time(warmup, repeats, () -> cnn.forward(chars, maxChars, wordLengths)));
        out.put("charcnn_fwdbwd_ms",
                time(warmup, repeats, () -> cnn.backward(cnn.forward(chars, maxChars, wordLengths), gc)));

        // Output layer of the translator: 8000 classes, label smoothing 0.1.
        SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.builder().optLabelSmoothing(0.1).build();
        INDArray logits = gaussian(rng, ROWS, 8000);
        int[] targets = new int[ROWS];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = rng.nextInt(8000);
        }
        out.put("softmax_ce_fwdbwd_ms", time(warmup, repeats, () -> ce.compute(logits, targets)));
        return out;
    }

    private static INDArray gaussian(Rng rng, long rows, long cols) {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, rows, cols);
        double[] v = new double[(int) (rows * cols)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        NativeArrays.write(a, v);
        return a;
    }

    /**
     * Median CPU time of the calling thread: every layer here runs on it (single-threaded BLAS, OMP_NUM_THREADS=1),
     * and on a shared, loaded machine CPU time is far steadier than wall time. The peer measures the same way.
     */
    private static double time(int warmup, int repeats, Runnable work) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = threads.getCurrentThreadCpuTime();
            work.run();
            ms[i] = (threads.getCurrentThreadCpuTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[repeats / 2];
    }
}
