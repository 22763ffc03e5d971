package org.seqlab.nn.kernel;

/**
 * GRU step, float32, gates r, z, n (PyTorch): {@code n = tanh(W_in x + b_in + r*(W_hn h + b_hn))},
 * {@code h' = (1-z)*n + z*h}. Saves r, z, n in the gate rows and {@code W_hn h + b_hn} in {@code aux}.
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
    public boolean separateRecurrentGradient() {
        return true;
    }

    @Override
    public void forward(int rows, int hidden, float[] gates, int gateOffset, float[] recurrent, float[] biasHh,
            float[] h, float[] c, float[] aux, int stateOffset) {
        int width = 3 * hidden;
        for (int r = 0; r < rows; r++) {
            int g = gateOffset + r * width;
            int q = r * width;
            int s = r * hidden;
            int a = stateOffset + r * hidden;
            for (int j = 0; j < hidden; j++) {
                float reset = FastMath.sigmoid(gates[g + j] + recurrent[q + j] + biasHh[j]);
                float update = FastMath.sigmoid(gates[g + hidden + j] + recurrent[q + hidden + j] + biasHh[hidden + j]);
                float hn = recurrent[q + 2 * hidden + j] + biasHh[2 * hidden + j];
                float cand = FastMath.tanh(gates[g + 2 * hidden + j] + reset * hn);
                gates[g + j] = reset;
                gates[g + hidden + j] = update;
                gates[g + 2 * hidden + j] = cand;
                aux[a + j] = hn;
                h[s + j] = cand + update * (h[s + j] - cand);
            }
        }
    }

    @Override
    public void backward(int rows, int hidden, float[] gates, int gateOffset, float[] aux, float[] hPrev,
            float[] cPrev, int stateOffset, float[] dh, float[] dc, float[] gradX, float[] gradH) {
        int width = 3 * hidden;
        for (int r = 0; r < rows; r++) {
            int g = gateOffset + r * width;
            int s = r * hidden;
            int a = stateOffset + r * hidden;
            for (int j = 0; j < hidden; j++) {
                float reset = gates[g + j];
                float update = gates[g + hidden + j];
                float cand = gates[g + 2 * hidden + j];
                float dhj = dh[s + j];
                float dCand = dhj * (1 - update) * (1 - cand * cand);
                float dUpdate = dhj * (hPrev[a + j] - cand) * update * (1 - update);
                float dReset = dCand * aux[a + j] * reset * (1 - reset);
                gradX[g + j] = dReset;
                gradX[g + hidden + j] = dUpdate;
                gradX[g + 2 * hidden + j] = dCand;
                gradH[g + j] = dReset;
                gradH[g + hidden + j] = dUpdate;
                gradH[g + 2 * hidden + j] = dCand * reset;
                dh[s + j] = dhj * update;
            }
        }
    }
}
