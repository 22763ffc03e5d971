package org.seqlab.nn.kernel;

import java.util.Arrays;

/**
 * LSTM step, float32, gates i, f, g, o (PyTorch): {@code c' = f*c + i*g}, {@code h' = o*tanh(c')}. Saves the four
 * activations in the gate rows and tanh(c') in {@code aux}.
 */
public final class LstmKernelF implements CellKernelF {
    // Per-gate biases b_ih + b_hh, and one row's blocks staged at index 0 (see CellKernelF on vectorisation).
    private float[] biasI;
    private float[] biasF;
    private float[] biasG;
    private float[] biasO;
    private float[] in;
    private float[] forget;
    private float[] cand;
    private float[] out;
    private float[] recI;
    private float[] recF;
    private float[] recG;
    private float[] recO;
    private float[] cell;
    private float[] tanhCell;
    private float[] hidden;

    @Override
    public int gateBlocks() {
        return 4;
    }

    @Override
    public boolean hasCellState() {
        return true;
    }

    @Override
    public boolean separateRecurrentGradient() {
        return false;
    }

    @Override
    public void prepare(int size, float[] biasIh, float[] biasHh) {
        biasI = new float[size];
        biasF = new float[size];
        biasG = new float[size];
        biasO = new float[size];
        for (int j = 0; j < size; j++) {
            biasI[j] = biasIh[j] + biasHh[j];
            biasF[j] = biasIh[size + j] + biasHh[size + j];
            biasG[j] = biasIh[2 * size + j] + biasHh[2 * size + j];
            biasO[j] = biasIh[3 * size + j] + biasHh[3 * size + j];
        }
        ensureScratch(size);
    }

    private void ensureScratch(int size) {
        if (in == null || in.length != size) {
            in = new float[size];
            forget = new float[size];
            cand = new float[size];
            out = new float[size];
            recI = new float[size];
            recF = new float[size];
            recG = new float[size];
            recO = new float[size];
            cell = new float[size];
            tanhCell = new float[size];
            hidden = new float[size];
        }
    }

    @Override
    public void forward(int rows, int size, float[] gates, int gateOffset, float[] recurrent, float[] h, float[] c,
            float[] aux, int stateOffset) {
        int width = 4 * size;
        for (int r = 0; r < rows; r++) {
            int g = gateOffset + r * width;
            int q = r * width;
            int s = r * size;
            System.arraycopy(gates, g, in, 0, size);
            System.arraycopy(gates, g + size, forget, 0, size);
            System.arraycopy(gates, g + 2 * size, cand, 0, size);
            System.arraycopy(gates, g + 3 * size, out, 0, size);
            System.arraycopy(recurrent, q, recI, 0, size);
            System.arraycopy(recurrent, q + size, recF, 0, size);
            System.arraycopy(recurrent, q + 2 * size, recG, 0, size);
            System.arraycopy(recurrent, q + 3 * size, recO, 0, size);
            System.arraycopy(c, s, cell, 0, size);
            for (int j = 0; j < size; j++) {
                in[j] = FastMath.sigmoid(in[j] + recI[j] + biasI[j]);
            }
            for (int j = 0; j < size; j++) {
                forget[j] = FastMath.sigmoid(forget[j] + recF[j] + biasF[j]);
            }
            for (int j = 0; j < size; j++) {
                cand[j] = FastMath.tanh(cand[j] + recG[j] + biasG[j]);
            }
            for (int j = 0; j < size; j++) {
                out[j] = FastMath.sigmoid(out[j] + recO[j] + biasO[j]);
            }
            for (int j = 0; j < size; j++) {
                float next = forget[j] * cell[j] + in[j] * cand[j];
                float tc = FastMath.tanh(next);
                cell[j] = next;
                tanhCell[j] = tc;
                hidden[j] = out[j] * tc;
            }
            System.arraycopy(in, 0, gates, g, size);
            System.arraycopy(forget, 0, gates, g + size, size);
            System.arraycopy(cand, 0, gates, g + 2 * size, size);
            System.arraycopy(out, 0, gates, g + 3 * size, size);
            System.arraycopy(cell, 0, c, s, size);
            System.arraycopy(tanhCell, 0, aux, stateOffset + s, size);
            System.arraycopy(hidden, 0, h, s, size);
        }
    }

    @Override
    public void backward(int rows, int size, float[] gates, int gateOffset, float[] aux, float[] hPrev,
            float[] cPrev, int stateOffset, float[] dh, float[] dc, float[] gradX, float[] gradH) {
        ensureScratch(size);
        int width = 4 * size;
        // Scratch reuse: recI = dL/dh, recF = dL/dc, recG = c_prev.
        for (int r = 0; r < rows; r++) {
            int g = gateOffset + r * width;
            int s = r * size;
            int a = stateOffset + s;
            System.arraycopy(gates, g, in, 0, size);
            System.arraycopy(gates, g + size, forget, 0, size);
            System.arraycopy(gates, g + 2 * size, cand, 0, size);
            System.arraycopy(gates, g + 3 * size, out, 0, size);
            System.arraycopy(aux, a, tanhCell, 0, size);
            System.arraycopy(cPrev, a, recG, 0, size);
            System.arraycopy(dh, s, recI, 0, size);
            System.arraycopy(dc, s, recF, 0, size);
            for (int j = 0; j < size; j++) {
                float i = in[j];
                float f = forget[j];
                float n = cand[j];
                float o = out[j];
                float tc = tanhCell[j];
                float dhj = recI[j];
                float dcTotal = recF[j] + dhj * o * (1 - tc * tc);
                in[j] = dcTotal * n * i * (1 - i);
                forget[j] = dcTotal * recG[j] * f * (1 - f);
                cand[j] = dcTotal * i * (1 - n * n);
                out[j] = dhj * tc * o * (1 - o);
                recF[j] = dcTotal * f;
            }
            System.arraycopy(in, 0, gradX, g, size);
            System.arraycopy(forget, 0, gradX, g + size, size);
            System.arraycopy(cand, 0, gradX, g + 2 * size, size);
            System.arraycopy(out, 0, gradX, g + 3 * size, size);
            System.arraycopy(recF, 0, dc, s, size);
            Arrays.fill(dh, s, s + size, 0);
        }
    }
}
