package org.seqlab.nn.kernel;

import java.util.Arrays;

/**
 * Elman RNN step, float32: {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)} with act tanh or ReLU. Saves h' in the
 * gate row.
 */
public final class ElmanKernelF implements CellKernelF {
    private final boolean relu;
    // b_ih + b_hh, and one row staged at index 0 (see CellKernelF on vectorisation).
    private float[] bias;
    private float[] pre;
    private float[] rec;

    public ElmanKernelF(boolean relu) {
        this.relu = relu;
    }

    @Override
    public int gateBlocks() {
        return 1;
    }

    @Override
    public boolean hasCellState() {
        return false;
    }

    @Override
    public boolean separateRecurrentGradient() {
        return false;
    }

    @Override
    public void prepare(int size, float[] biasIh, float[] biasHh) {
        bias = new float[size];
        for (int j = 0; j < size; j++) {
            bias[j] = biasIh[j] + biasHh[j];
        }
        ensureScratch(size);
    }

    private void ensureScratch(int size) {
        if (pre == null || pre.length != size) {
            pre = new float[size];
            rec = new float[size];
        }
    }

    @Override
    public void forward(int rows, int size, float[] gates, int gateOffset, float[] recurrent, float[] h, float[] c,
            float[] aux, int stateOffset) {
        for (int r = 0; r < rows; r++) {
            int g = gateOffset + r * size;
            int s = r * size;
            System.arraycopy(gates, g, pre, 0, size);
            System.arraycopy(recurrent, s, rec, 0, size);
            // Two loops rather than a branch inside one, so that each vectorises.
            if (relu) {
                for (int j = 0; j < size; j++) {
                    pre[j] = Math.max(0, pre[j] + rec[j] + bias[j]);
                }
            } else {
                for (int j = 0; j < size; j++) {
                    pre[j] = FastMath.tanh(pre[j] + rec[j] + bias[j]);
                }
            }
            System.arraycopy(pre, 0, gates, g, size);
            System.arraycopy(pre, 0, h, s, size);
        }
    }

    @Override
    public void backward(int rows, int size, float[] gates, int gateOffset, float[] aux, float[] hPrev,
            float[] cPrev, int stateOffset, float[] dh, float[] dc, float[] gradX, float[] gradH) {
        ensureScratch(size);
        // Scratch reuse: pre = h', rec = dL/dh and then the gradient.
        for (int r = 0; r < rows; r++) {
            int g = gateOffset + r * size;
            int s = r * size;
            System.arraycopy(gates, g, pre, 0, size);
            System.arraycopy(dh, s, rec, 0, size);
            if (relu) {
                for (int j = 0; j < size; j++) {
                    rec[j] = pre[j] > 0 ? rec[j] : 0;
                }
            } else {
                for (int j = 0; j < size; j++) {
                    rec[j] = rec[j] * (1 - pre[j] * pre[j]);
                }
            }
            System.arraycopy(rec, 0, gradX, g, size);
            Arrays.fill(dh, s, s + size, 0);
        }
    }
}
