package org.seqlab.nn.recurrent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.SeqlabException;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.random.Rng;

/**
 * The recurrent-layer micro-benchmark, with the shapes and protocol of {@code ../shared/bench/torch_lstm.py}: batch
 * 32, length 40, input 100, hidden 200 per direction, bidirectional, float32; packed lengths random in [5, 40) with
 * the first 40; each figure the median milliseconds of {@code runs} timed runs after {@code warmups}. Every run
 * starts from the padded batch-major input and ends with padded outputs (and input gradients), as the peer does.
 */
public final class RecurrentBenchmark {
    public static final int BATCH = 32;
    public static final int LENGTH = 40;
    public static final int INPUT = 100;
    public static final int HIDDEN = 200;

    /** Median milliseconds: inference ({@code infer}) on full-length padded input; forward+backward padded; packed. */
    public record Result(CellType cell, double forwardMs, double forwardBackwardMs, double forwardBackwardPackedMs) {
    }

    private RecurrentBenchmark() {
    }

    public static Result run(CellType cell, int warmups, int runs) {
        RecurrentStack rnn = RecurrentStack.builder().setCell(cell).setInputSize(INPUT).setHiddenSize(HIDDEN)
                .optBidirectional(true).build(new Rng(0));
        Random random = new Random(0);
        INDArray x = gaussian(random, BATCH, LENGTH, INPUT);
        INDArray r = gaussian(random, BATCH, LENGTH, 2 * HIDDEN);
        int[] full = new int[BATCH];
        Arrays.fill(full, LENGTH);
        int[] lengths = new int[BATCH];
        for (int b = 0; b < BATCH; b++) {
            lengths[b] = b == 0 ? LENGTH : 5 + random.nextInt(LENGTH - 5);
        }
        SequenceLayout fullLayout = SequenceLayout.of(full);
        SequenceLayout packedLayout = SequenceLayout.of(lengths);
        double fwd = median(warmups, runs, () -> {
            // Inference, as the peer's fwd runs under torch.no_grad().
            RecurrentForward f = rnn.infer(PaddedSequences.pack(x, fullLayout), fullLayout, null);
            PaddedSequences.unpack(f.output(), fullLayout, LENGTH);
        });
        double fwdBwd = median(warmups, runs, () -> forwardBackward(rnn, x, r, fullLayout));
        double fwdBwdPacked = median(warmups, runs, () -> forwardBackward(rnn, x, r, packedLayout));
        return new Result(cell, fwd, fwdBwd, fwdBwdPacked);
    }

    /**
     * Runs the PyTorch peer ({@code torch_lstm.py}) once with the given Python, single-threaded BLAS as ours, and
     * returns its {@code key value} lines as a {@link Result}.
     *
     * @throws SeqlabException if the peer cannot be run or prints no figures
     */
    public static Result runPeer(String python, Path script, CellType cell, int threads) {
        String torchCell = switch (cell) {
            case LSTM -> "LSTM";
            case GRU -> "GRU";
            case RNN_TANH -> "RNN";
            case RNN_RELU -> throw new SeqlabException("the PyTorch peer benchmarks tanh RNNs only");
        };
        if (!Files.isRegularFile(script)) {
            throw new SeqlabException(script + ": peer benchmark script not found");
        }
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), "--cell", torchCell, "--threads",
                Integer.toString(threads)).redirectErrorStream(true);
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Map<String, Double> figures = new HashMap<>();
        StringBuilder log = new StringBuilder();
        try {
            Process p = pb.start();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null;) {
                    log.append(line).append('\n');
                    String[] kv = line.trim().split("\\s+");
                    if (kv.length == 2 && kv[0].endsWith("_ms")) {
                        figures.put(kv[0], Double.parseDouble(kv[1]));
                    }
                }
            }
            int status = p.waitFor();
            if (status != 0 || figures.size() < 3) {
                throw new SeqlabException(script + ": peer exited with status " + status + ": " + log.toString().trim());
            }
        } catch (IOException e) {
            throw new SeqlabException(script + ": cannot run the peer with " + python + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SeqlabException("interrupted while the peer ran", e);
        }
        return new Result(cell, figures.get("fwd_ms"), figures.get("fwdbwd_ms"), figures.get("fwdbwd_packed_ms"));
    }

    private static void forwardBackward(RecurrentStack rnn, INDArray x, INDArray r, SequenceLayout layout) {
        rnn.parameters().zeroGrads();
        RecurrentForward f = rnn.forward(PaddedSequences.pack(x, layout), layout);
        PaddedSequences.unpack(f.output(), layout, LENGTH);
        // L = sum(output * R), so dL/d output = R at the live positions.
        RecurrentGradients g = rnn.backward(f, PaddedSequences.pack(r, layout), null);
        PaddedSequences.unpack(g.input(), layout, LENGTH);
    }

    private static INDArray gaussian(Random random, int... shape) {
        float[] v = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Nd4j.create(v, Arrays.stream(shape).asLongStream().toArray(), DataType.FLOAT);
    }

    private static double median(int warmups, int runs, Runnable body) {
        for (int i = 0; i < warmups; i++) {
            body.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            body.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }
}
