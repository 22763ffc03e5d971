package org.seqlab.nn.kernel;

/**
 * Elman RNN step, float32: {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)} with act tanh or ReLU. Saves h' in the
 * gate plane.
 */
public final class ElmanKernelF implements CellKernelF {
    private final boolean relu;

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
    public int recurrentApartBlock() {
        return -1;
    }

    @Override
    public boolean directHiddenGradient() {
        return false;
    }

    @Override
    public void forward(int lo, int hi, float[][] gates, float[] aux, float[] hPrev, float[] cPrev, float[] h,
            float[] c) {
        float[] pre = gates[0];
        // Two loops rather than a branch inside one, so that each vectorises.
        if (relu) {
            for (int k = lo; k < hi; k++) {
                pre[k] = Math.max(0, pre[k]);
            }
        } else {
            for (int k = lo; k < hi; k++) {
                pre[k] = FastMath.tanh(pre[k]);
            }
        }
        System.arraycopy(pre, lo, h, lo, hi - lo);
    }

    @Override
    public void backward(int lo, int hi, float[][] gates, float[] aux, float[] hPrev, float[] cPrev, float[] dh,
            float[] dc, float[] recurrentGrad) {
        float[] act = gates[0];
        if (relu) {
            for (int k = lo; k < hi; k++) {
                act[k] = act[k] > 0 ? dh[k] : 0;
            }
        } else {
            for (int k = lo; k < hi; k++) {
                act[k] = dh[k] * (1 - act[k] * act[k]);
            }
        }
    }
}
