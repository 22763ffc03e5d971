package org.seqlab.nn.kernel;

/**
 * LSTM step, float32, gates i, f, g, o (PyTorch): {@code c' = f*c + i*g}, {@code h' = o*tanh(c')}. Saves the four
 * activations in the gate planes and tanh(c') in {@code aux}. One simple loop per quantity (see {@link CellKernelF}).
 */
public final class LstmKernelF implements CellKernelF {
    @Override
    public int gateBlocks() {
        return 4;
    }

    @Override
    public boolean hasCellState() {
        return true;
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
        float[] in = gates[0];
        float[] forget = gates[1];
        float[] cand = gates[2];
        float[] out = gates[3];
        for (int k = lo; k < hi; k++) {
            in[k] = FastMath.sigmoid(in[k]);
        }
        for (int k = lo; k < hi; k++) {
            forget[k] = FastMath.sigmoid(forget[k]);
        }
        for (int k = lo; k < hi; k++) {
            cand[k] = FastMath.tanh(cand[k]);
        }
        for (int k = lo; k < hi; k++) {
            out[k] = FastMath.sigmoid(out[k]);
        }
        for (int k = lo; k < hi; k++) {
            c[k] = forget[k] * cPrev[k] + in[k] * cand[k];
        }
        for (int k = lo; k < hi; k++) {
            aux[k] = FastMath.tanh(c[k]);
        }
        for (int k = lo; k < hi; k++) {
            h[k] = out[k] * aux[k];
        }
    }

    @Override
    public void backward(int lo, int hi, float[][] gates, float[] aux, float[] hPrev, float[] cPrev, float[] dh,
            float[] dc, float[] recurrentGrad) {
        float[] in = gates[0];
        float[] forget = gates[1];
        float[] cand = gates[2];
        float[] out = gates[3];
        // Order matters: each loop overwrites a plane that no later loop reads (dh and aux serve as temporaries).
        for (int k = lo; k < hi; k++) {
            dc[k] += dh[k] * out[k] * (1 - aux[k] * aux[k]);
        }
        for (int k = lo; k < hi; k++) {
            out[k] = dh[k] * aux[k] * out[k] * (1 - out[k]);
        }
        for (int k = lo; k < hi; k++) {
            dh[k] = dc[k] * cand[k] * in[k] * (1 - in[k]);
        }
        for (int k = lo; k < hi; k++) {
            cand[k] = dc[k] * in[k] * (1 - cand[k] * cand[k]);
        }
        System.arraycopy(dh, lo, in, lo, hi - lo);
        for (int k = lo; k < hi; k++) {
            aux[k] = dc[k] * cPrev[k] * forget[k] * (1 - forget[k]);
        }
        for (int k = lo; k < hi; k++) {
            dc[k] *= forget[k];
        }
        System.arraycopy(aux, lo, forget, lo, hi - lo);
    }
}
