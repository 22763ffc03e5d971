package org.seqlab.nn.kernel;

/**
 * LSTM step, float32, gates i, f, g, o (PyTorch): {@code c' = f*c + i*g}, {@code h' = o*tanh(c')}. Saves the four
 * activations in the gate rows and tanh(c') in {@code aux}.
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
    public boolean separateRecurrentGradient() {
        return false;
    }

    @Override
    public void forward(int rows, int hidden, float[] gates, int gateOffset, float[] recurrent, float[] biasHh,
            float[] h, float[] c, float[] aux, int stateOffset) {
        int width = 4 * hidden;
        for (int r = 0; r < rows; r++) {
            int g = gateOffset + r * width;
            int q = r * width;
            int s = r * hidden;
            int a = stateOffset + r * hidden;
            for (int j = 0; j < hidden; j++) {
                float in = FastMath.sigmoid(gates[g + j] + recurrent[q + j] + biasHh[j]);
                float forget = FastMath.sigmoid(gates[g + hidden + j] + recurrent[q + hidden + j] + biasHh[hidden + j]);
                float cand = FastMath.tanh(gates[g + 2 * hidden + j] + recurrent[q + 2 * hidden + j]
                        + biasHh[2 * hidden + j]);
                float out = FastMath.sigmoid(gates[g + 3 * hidden + j] + recurrent[q + 3 * hidden + j]
                        + biasHh[3 * hidden + j]);
                float cell = forget * c[s + j] + in * cand;
                float tc = FastMath.tanh(cell);
                gates[g + j] = in;
                gates[g + hidden + j] = forget;
                gates[g + 2 * hidden + j] = cand;
                gates[g + 3 * hidden + j] = out;
                aux[a + j] = tc;
                c[s + j] = cell;
                h[s + j] = out * tc;
            }
        }
    }

    @Override
    public void backward(int rows, int hidden, float[] gates, int gateOffset, float[] aux, float[] hPrev,
            float[] cPrev, int stateOffset, float[] dh, float[] dc, float[] gradX, float[] gradH) {
        int width = 4 * hidden;
        for (int r = 0; r < rows; r++) {
            int g = gateOffset + r * width;
            int s = r * hidden;
            int a = stateOffset + r * hidden;
            for (int j = 0; j < hidden; j++) {
                float in = gates[g + j];
                float forget = gates[g + hidden + j];
                float cand = gates[g + 2 * hidden + j];
                float out = gates[g + 3 * hidden + j];
                float tc = aux[a + j];
                float dhj = dh[s + j];
                float dcTotal = dc[s + j] + dhj * out * (1 - tc * tc);
                gradX[g + j] = dcTotal * cand * in * (1 - in);
                gradX[g + hidden + j] = dcTotal * cPrev[a + j] * forget * (1 - forget);
                gradX[g + 2 * hidden + j] = dcTotal * in * (1 - cand * cand);
                gradX[g + 3 * hidden + j] = dhj * tc * out * (1 - out);
                dc[s + j] = dcTotal * forget;
                dh[s + j] = 0;
            }
        }
    }
}
