package org.seqlab.train;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.ParameterSet;
import org.seqlab.random.Rng;

/**
 * Times one optimizer step (and global-norm clipping) over the parameter shapes of a BiLSTM-CRF tagger, the same
 * shapes as the PyTorch peer {@code bench/torch_optimizer.py}, so the two can be raced in one session.
 */
public final class OptimizerBenchmark {
    /** Embeddings 20000×100, char embeddings and CNN, a 2-direction LSTM 200 over 130 inputs, output and CRF. */
    public static final long[][] TAGGER_SHAPES = {
        {20000, 100}, {100, 30}, {30, 90}, {30},
        {800, 130}, {800, 200}, {800}, {800, 130}, {800, 200}, {800},
        {17, 400}, {17}, {17, 17},
    };

    private OptimizerBenchmark() {
    }

    /**
     * @param kind sgd (momentum 0.9), sgd-plain (no momentum), adam or adamw
     * @param touchedRows when positive, the embedding table tracks touched rows and this many (random) rows carry
     *     gradient, as after a batch of that many distinct words
     * @return {@code key value} figures: parameter count, milliseconds per optimizer step and per clip
     */
    public static Map<String, Double> run(String kind, DataType type, int steps, long seed, int touchedRows) {
        if (steps < 1) {
            // no step timed: the per-step figures were infinite
            throw new IllegalArgumentException("optimizer benchmark: steps must be at least 1, got " + steps);
        }
        ParameterSet params = new ParameterSet();
        Rng rng = new Rng(seed);
        for (int i = 0; i < TAGGER_SHAPES.length; i++) {
            Parameter p = params.add(Parameter.zeros("p" + i, type, TAGGER_SHAPES[i]));
            double[] w = new double[(int) p.size()];
            double[] g = new double[w.length];
            for (int j = 0; j < w.length; j++) {
                w[j] = 0.1 * rng.nextGaussian();
                g[j] = 0.01 * rng.nextGaussian();
            }
            p.value().assign(Nd4j.create(w, p.shape(), DataType.DOUBLE).castTo(type));
            p.grad().assign(Nd4j.create(g, p.shape(), DataType.DOUBLE).castTo(type));
        }
        if (touchedRows > 0) {
            Parameter table = params.get("p0");
            INDArray dense = table.grad().dup();
            table.trackTouchedRows();
            int[] rows = new int[Math.min(touchedRows, (int) TAGGER_SHAPES[0][0])];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = rng.nextInt((int) TAGGER_SHAPES[0][0]);
                table.grad().getRow(rows[i]).assign(dense.getRow(rows[i]));
            }
            table.markTouchedRows(rows);
        }
        Optimizer opt = switch (kind) {
            case "sgd" -> Optimizer.sgd(params, 0.9, false, 0);
            case "sgd-plain" -> Optimizer.sgd(params);
            case "adam" -> Optimizer.adam(params);
            case "adamw" -> Optimizer.adamW(params, 0.9, 0.999, 1e-8, 0.01);
            default -> throw new IllegalArgumentException("unknown optimizer '" + kind + "' (sgd, sgd-plain, adam, adamw)");
        };
        int warmup = Math.max(5, steps / 5);
        for (int i = 0; i < warmup; i++) {
            opt.step(1e-3);
            GradientClipping.clipByGlobalNorm(opt.parameters(), 1e9);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            opt.step(1e-3);
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            GradientClipping.clipByGlobalNorm(opt.parameters(), 1e9);
        }
        long t2 = System.nanoTime();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("params", (double) params.numValues());
        out.put("step_ms", (t1 - t0) / 1e6 / steps);
        out.put("clip_norm_ms", (t2 - t1) / 1e6 / steps);
        return out;
    }
}
