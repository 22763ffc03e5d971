package org.seqlab.nn.kernel;

/**
 * Elman RNN step, float32: {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)} with act tanh or ReLU. Saves h' in the
 * gate row.
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
    public boolean separateRecurrentGradient() {
        return false;
    }

    @Override
    public void forward(int rows, int hidden, float[] gates, int gateOffset, float[] recurrent, float[] biasHh,
            float[] h, float[] c, float[] aux, int stateOffset) {
        for (int r = 0; r < rows; r++) {
            int g = gateOffset + r * hidden;
            int s = r * hidden;
            // Two loops rather than a branch inside one, so that each vectorises.
            if (relu) {
                for (int j = 0; j < hidden; j++) {
                    float v = Math.max(0, gates[g + j] + recurrent[s + j] + biasHh[j]);
                    gates[g + j] = v;
                    h[s + j] = v;
                }
            } else {
                for (int j = 0; j < hidden; j++) {
                    float v = FastMath.tanh(gates[g + j] + recurrent[s + j] + biasHh[j]);
                    gates[g + j] = v;
                    h[s + j] = v;
                }
            }
        }
    }

    @Override
    public void backward(int rows, int hidden, float[] gates, int gateOffset, float[] aux, float[] hPrev,
            float[] cPrev, int stateOffset, float[] dh, float[] dc, float[] gradX, float[] gradH) {
        for (int r = 0; r < rows; r++) {
            int g = gateOffset + r * hidden;
            int s = r * hidden;
            if (relu) {
                for (int j = 0; j < hidden; j++) {
                    gradX[g + j] = gates[g + j] > 0 ? dh[s + j] : 0;
                    dh[s + j] = 0;
                }
            } else {
                for (int j = 0; j < hidden; j++) {
                    float v = gates[g + j];
                    gradX[g + j] = dh[s + j] * (1 - v * v);
                    dh[s + j] = 0;
                }
            }
        }
    }
}
