package org.seqlab.nn.kernel;

/**
 * GRU step, float32, gates r, z, n (PyTorch): {@code n = tanh(W_in x + b_in + r*(W_hn h + b_hn))},
 * {@code h' = (1-z)*n + z*h}. Saves r, z, n in the gate planes; {@code aux} holds {@code W_hn h + b_hn}. One simple
 * loop per quantity (see {@link CellKernelF}).
 */
public final class GruKernelF implements CellKernelF {
    @Override
    public int gateBlocks() {
        return 3;
    }

    @Override
    public boolean hasCellState() {
        return false;
    }

    @Override
    public int recurrentApartBlock() {
        return 2;
    }

    @Override
    public boolean directHiddenGradient() {
        return true;
    }

    @Override
    public void forward(int lo, int hi, float[][] gates, float[] aux, float[] hPrev, float[] cPrev, float[] h,
            float[] c) {
        float[] reset = gates[0];
        float[] update = gates[1];
        float[] cand = gates[2];
        for (int k = lo; k < hi; k++) {
            reset[k] = FastMath.sigmoid(reset[k]);
        }
        for (int k = lo; k < hi; k++) {
            update[k] = FastMath.sigmoid(update[k]);
        }
        for (int k = lo; k < hi; k++) {
            cand[k] = FastMath.tanh(cand[k] + reset[k] * aux[k]);
        }
        for (int k = lo; k < hi; k++) {
            h[k] = cand[k] + update[k] * (hPrev[k] - cand[k]);
        }
    }

    @Override
    public void backward(int lo, int hi, float[][] gates, float[] aux, float[] hPrev, float[] cPrev, float[] dh,
            float[] dc, float[] recurrentGrad) {
        float[] reset = gates[0];
        float[] update = gates[1];
        float[] cand = gates[2];
        // Order matters: each loop overwrites a plane that no later loop reads; recurrentGrad first holds dL/dn_pre.
        for (int k = lo; k < hi; k++) {
            recurrentGrad[k] = dh[k] * (1 - update[k]) * (1 - cand[k] * cand[k]);
        }
        for (int k = lo; k < hi; k++) {
            cand[k] = dh[k] * (hPrev[k] - cand[k]) * update[k] * (1 - update[k]);
        }
        for (int k = lo; k < hi; k++) {
            dh[k] *= update[k];
        }
        System.arraycopy(cand, lo, update, lo, hi - lo);
        System.arraycopy(recurrentGrad, lo, cand, lo, hi - lo);
        for (int k = lo; k < hi; k++) {
            recurrentGrad[k] *= reset[k];
        }
        for (int k = lo; k < hi; k++) {
            reset[k] = cand[k] * aux[k] * reset[k] * (1 - reset[k]);
        }
    }
}
