package org.seqlab.nn.kernel;

/**
 * GRU step, float32, gates r, z, n (PyTorch): {@code n = tanh(W_in x + b_in + r*(W_hn h + b_hn))},
 * {@code h' = (1-z)*n + z*h}. Saves r, z, n in the gate rows and {@code W_hn h + b_hn} in {@code aux}.
 */
public final class GruKernelF implements CellKernelF {
    // Biases (r and z combined; n kept apart because r multiplies only the recurrent part) and one row's blocks
    // staged at index 0 (see CellKernelF on vectorisation).
    private float[] biasR;
    private float[] biasZ;
    private float[] biasInN;
    private float[] biasHnN;
    private float[] reset;
    private float[] update;
    private float[] cand;
    private float[] recR;
    private float[] recZ;
    private float[] recN;
    private float[] hidden;
    private float[] hPrevRow;

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
    public void prepare(int size, float[] biasIh, float[] biasHh) {
        biasR = new float[size];
        biasZ = new float[size];
        biasInN = new float[size];
        biasHnN = new float[size];
        for (int j = 0; j < size; j++) {
            biasR[j] = biasIh[j] + biasHh[j];
            biasZ[j] = biasIh[size + j] + biasHh[size + j];
            biasInN[j] = biasIh[2 * size + j];
            biasHnN[j] = biasHh[2 * size + j];
        }
        ensureScratch(size);
    }

    private void ensureScratch(int size) {
        if (reset == null || reset.length != size) {
            reset = new float[size];
            update = new float[size];
            cand = new float[size];
            recR = new float[size];
            recZ = new float[size];
            recN = new float[size];
            hidden = new float[size];
            hPrevRow = new float[size];
        }
    }

    @Override
    public void forward(int rows, int size, float[] gates, int gateOffset, float[] recurrent, float[] h, float[] c,
            float[] aux, int stateOffset) {
        int width = 3 * size;
        for (int r = 0; r < rows; r++) {
            int g = gateOffset + r * width;
            int q = r * width;
            int s = r * size;
            System.arraycopy(gates, g, reset, 0, size);
            System.arraycopy(gates, g + size, update, 0, size);
            System.arraycopy(gates, g + 2 * size, cand, 0, size);
            System.arraycopy(recurrent, q, recR, 0, size);
            System.arraycopy(recurrent, q + size, recZ, 0, size);
            System.arraycopy(recurrent, q + 2 * size, recN, 0, size);
            System.arraycopy(h, s, hidden, 0, size);
            for (int j = 0; j < size; j++) {
                reset[j] = FastMath.sigmoid(reset[j] + recR[j] + biasR[j]);
            }
            for (int j = 0; j < size; j++) {
                update[j] = FastMath.sigmoid(update[j] + recZ[j] + biasZ[j]);
            }
            for (int j = 0; j < size; j++) {
                float hn = recN[j] + biasHnN[j];
                float n = FastMath.tanh(cand[j] + biasInN[j] + reset[j] * hn);
                recN[j] = hn;
                cand[j] = n;
                hidden[j] = n + update[j] * (hidden[j] - n);
            }
            System.arraycopy(reset, 0, gates, g, size);
            System.arraycopy(update, 0, gates, g + size, size);
            System.arraycopy(cand, 0, gates, g + 2 * size, size);
            System.arraycopy(recN, 0, aux, stateOffset + s, size);
            System.arraycopy(hidden, 0, h, s, size);
        }
    }

    @Override
    public void backward(int rows, int size, float[] gates, int gateOffset, float[] aux, float[] hPrev,
            float[] cPrev, int stateOffset, float[] dh, float[] dc, float[] gradX, float[] gradH) {
        ensureScratch(size);
        int width = 3 * size;
        // Scratch reuse: recN = W_hn h + b_hn, hidden = dL/dh, recR = the candidate's recurrent-side gradient.
        for (int r = 0; r < rows; r++) {
            int g = gateOffset + r * width;
            int s = r * size;
            int a = stateOffset + s;
            System.arraycopy(gates, g, reset, 0, size);
            System.arraycopy(gates, g + size, update, 0, size);
            System.arraycopy(gates, g + 2 * size, cand, 0, size);
            System.arraycopy(aux, a, recN, 0, size);
            System.arraycopy(hPrev, a, hPrevRow, 0, size);
            System.arraycopy(dh, s, hidden, 0, size);
            for (int j = 0; j < size; j++) {
                float rj = reset[j];
                float z = update[j];
                float n = cand[j];
                float dhj = hidden[j];
                float dCand = dhj * (1 - z) * (1 - n * n);
                reset[j] = dCand * recN[j] * rj * (1 - rj);
                update[j] = dhj * (hPrevRow[j] - n) * z * (1 - z);
                cand[j] = dCand;
                recR[j] = dCand * rj;
                hidden[j] = dhj * z;
            }
            System.arraycopy(reset, 0, gradX, g, size);
            System.arraycopy(update, 0, gradX, g + size, size);
            System.arraycopy(cand, 0, gradX, g + 2 * size, size);
            System.arraycopy(reset, 0, gradH, g, size);
            System.arraycopy(update, 0, gradH, g + size, size);
            System.arraycopy(recR, 0, gradH, g + 2 * size, size);
            System.arraycopy(hidden, 0, dh, s, size);
        }
    }
}
