package org.seqlab.train;

import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.ParameterSet;
import org.seqlab.random.Rng;

/**
 * A tiny model for the trainer tests, in plain Java: logistic regression with input dropout (so the model's random
 * generator matters for exact resume) over a synthetic, seeded data set. A batch is an array of example indices.
 */
final class LogisticModel implements TrainableModel<int[]> {
    static final int FEATURES = 5;
    private static final double KEEP = 0.8;

    final double[][] x;
    final int[] y;
    final double[][] devX;
    final int[] devY;
    private final ParameterSet params = new ParameterSet();
    private final Parameter w;
    private final Parameter b;
    int calls;
    /** 1-based call on which forwardBackward throws (a simulated crash), 0 for never. */
    int crashAtCall;
    /** 1-based call on which the loss is NaN, 0 for never. */
    int nanLossAtCall;
    /** 1-based call on which a gradient entry is NaN (the loss stays finite), 0 for never. */
    int nanGradAtCall;
    /** 1-based call on which the forward pass finds non-finite values in a layer's input, 0 for never. */
    int nonFiniteInputAtCall;

    LogisticModel(DataType type, int features, long initSeed) {
        Rng data = new Rng(7);
        double[] truth = {1, -2, 0.5, 0, 1.5, -1, 0.7};
        x = new double[96][];
        y = new int[96];
        devX = new double[48][];
        devY = new int[48];
        fill(data, truth, features, x, y);
        fill(data, truth, features, devX, devY);
        Rng init = new Rng(initSeed);
        double[] w0 = new double[features];
        for (int j = 0; j < features; j++) {
            w0[j] = 0.1 * init.nextGaussian();
        }
        w = params.add(new Parameter("w", Nd4j.create(w0, new long[] {features}, DataType.DOUBLE).castTo(type)));
        b = params.add(new Parameter("b", Nd4j.zeros(type, 1)));
    }

    LogisticModel(DataType type) {
        this(type, FEATURES, 3);
    }

    private static void fill(Rng rng, double[] truth, int features, double[][] xs, int[] ys) {
        for (int i = 0; i < xs.length; i++) {
            xs[i] = new double[features];
            double z = 0.3;
            for (int j = 0; j < features; j++) {
                xs[i][j] = rng.nextGaussian();
                z += truth[j] * xs[i][j];
            }
            ys[i] = z + 0.5 * rng.nextGaussian() > 0 ? 1 : 0;
        }
    }

    @Override
    public ParameterSet parameters() {
        return params;
    }

    @Override
    public BatchLoss forwardBackward(int[] batch, Rng rng) {
        calls++;
        if (calls == crashAtCall) {
            throw new IllegalStateException("simulated crash");
        }
        if (calls == nonFiniteInputAtCall) {
            throw new org.seqlab.nn.NonFiniteValuesException("LSTM layer: the input contains NaN");
        }
        double[] wv = w.value().castTo(DataType.DOUBLE).data().asDouble();
        double bv = b.value().getDouble(0);
        double[] gw = new double[wv.length];
        double gb = 0;
        double loss = 0;
        for (int i : batch) {
            double[] xi = new double[wv.length];
            double z = bv;
            for (int j = 0; j < wv.length; j++) {
                xi[j] = rng.nextDouble() < KEEP ? x[i][j] / KEEP : 0;
                z += wv[j] * xi[j];
            }
            // -log p(y|z) = log(1 + exp(-s·z)), s = ±1, computed stably
            double s = y[i] == 1 ? 1 : -1;
            double m = -s * z;
            loss += m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
            double p = 1 / (1 + Math.exp(-z));
            double d = p - y[i];
            for (int j = 0; j < wv.length; j++) {
                gw[j] += d * xi[j];
            }
            gb += d;
        }
        if (calls == nanLossAtCall) {
            loss = Double.NaN;
        }
        if (calls == nanGradAtCall) {
            gw[0] = Double.NaN;
        }
        w.grad().addi(Nd4j.create(gw, new long[] {gw.length}, DataType.DOUBLE).castTo(w.dataType()));
        b.grad().addi(Nd4j.create(new double[] {gb}, new long[] {1}, DataType.DOUBLE).castTo(b.dataType()));
        return new BatchLoss(loss, batch.length);
    }

    /** Mean dev log loss, no dropout. */
    double devLoss() {
        double[] wv = w.value().castTo(DataType.DOUBLE).data().asDouble();
        double bv = b.value().getDouble(0);
        double loss = 0;
        for (int i = 0; i < devX.length; i++) {
            double z = bv;
            for (int j = 0; j < wv.length; j++) {
                z += wv[j] * devX[i][j];
            }
            double m = (devY[i] == 1 ? -1 : 1) * z;
            loss += m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
        }
        return loss / devX.length;
    }

    /** Shuffled batches of 8 examples. */
    static BatchSource<int[]> batches(LogisticModel model) {
        return rng -> {
            int[] order = new int[model.x.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            rng.shuffle(order);
            List<int[]> out = new ArrayList<>();
            for (int from = 0; from < order.length; from += 8) {
                out.add(java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + 8)));
            }
            return out;
        };
    }

    static Evaluator<LogisticModel> devLossEvaluator() {
        return new Evaluator<>() {
            @Override
            public String metricName() {
                return "dev_loss";
            }

            @Override
            public MetricGoal goal() {
                return MetricGoal.MINIMIZE;
            }

            @Override
            public double evaluate(LogisticModel model) {
                return model.devLoss();
            }
        };
    }
}
