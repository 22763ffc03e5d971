package org.seqlab.nn.recurrent;

/**
 * The textbook form of PyTorch's recurrent layers, for tests: float64, one sequence, one step, one unit at a time,
 * straight from the equations, over padded batch-major arrays in the caller's order. No packing, no BLAS, no
 * approximations; the fast kernels are held against it.
 */
final class TextbookRecurrent {
    /** Weights of one direction, PyTorch layout: wIh[G*H][in], wHh[G*H][H], bIh[G*H], bHh[G*H]. */
    record Weights(double[][] wIh, double[][] wHh, double[] bIh, double[] bHh) {
    }

    /** out[b][t][D*H] (0 at padding); hN[l*D+d][b][H]; cN likewise (LSTM). */
    record Result(double[][][] out, double[][][] hN, double[][][] cN) {
    }

    private TextbookRecurrent() {
    }

    static Result run(CellType cell, Weights[][] weights, boolean residual, double[][][] x, int[] lengths,
            double[][][] h0, double[][][] c0) {
        int layers = weights.length;
        int dirs = weights[0].length;
        int hidden = weights[0][0].wHh()[0].length;
        int batch = x.length;
        int steps = x[0].length;
        double[][][] hN = new double[layers * dirs][batch][hidden];
        double[][][] cN = new double[layers * dirs][batch][hidden];
        double[][][] in = x;
        for (int l = 0; l < layers; l++) {
            double[][][] out = new double[batch][steps][dirs * hidden];
            for (int d = 0; d < dirs; d++) {
                Weights w = weights[l][d];
                int slice = l * dirs + d;
                for (int b = 0; b < batch; b++) {
                    double[] h = h0 == null ? new double[hidden] : h0[slice][b].clone();
                    double[] c = c0 == null ? new double[hidden] : c0[slice][b].clone();
                    for (int k = 0; k < lengths[b]; k++) {
                        int t = d == 0 ? k : lengths[b] - 1 - k;
                        double[] xt = in[b][t];
                        double[] hNew = new double[hidden];
                        for (int j = 0; j < hidden; j++) {
                            switch (cell) {
                                case RNN_TANH -> hNew[j] = Math.tanh(pre(w, 0, hidden, j, xt, h));
                                case RNN_RELU -> hNew[j] = Math.max(0, pre(w, 0, hidden, j, xt, h));
                                case LSTM -> {
                                    double i = sigmoid(pre(w, 0, hidden, j, xt, h));
                                    double f = sigmoid(pre(w, 1, hidden, j, xt, h));
                                    double g = Math.tanh(pre(w, 2, hidden, j, xt, h));
                                    double o = sigmoid(pre(w, 3, hidden, j, xt, h));
                                    c[j] = f * c[j] + i * g;
                                    hNew[j] = o * Math.tanh(c[j]);
                                }
                                case GRU -> {
                                    double r = sigmoid(pre(w, 0, hidden, j, xt, h));
                                    double z = sigmoid(pre(w, 1, hidden, j, xt, h));
                                    int row = 2 * hidden + j;
                                    double n = Math.tanh(dot(w.wIh()[row], xt) + w.bIh()[row]
                                            + r * (dot(w.wHh()[row], h) + w.bHh()[row]));
                                    hNew[j] = (1 - z) * n + z * h[j];
                                }
                            }
                        }
                        h = hNew;
                        System.arraycopy(h, 0, out[b][t], d * hidden, hidden);
                    }
                    hN[slice][b] = h;
                    cN[slice][b] = c;
                }
            }
            if (residual && l > 0) {
                for (int b = 0; b < batch; b++) {
                    for (int t = 0; t < lengths[b]; t++) {
                        for (int j = 0; j < dirs * hidden; j++) {
                            out[b][t][j] += in[b][t][j];
                        }
                    }
                }
            }
            in = out;
        }
        return new Result(in, hN, cell == CellType.LSTM ? cN : null);
    }

    /** Pre-activation of unit j of gate block g: W_ih x + b_ih + W_hh h + b_hh. */
    private static double pre(Weights w, int g, int hidden, int j, double[] x, double[] h) {
        int row = g * hidden + j;
        return dot(w.wIh()[row], x) + w.bIh()[row] + dot(w.wHh()[row], h) + w.bHh()[row];
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
