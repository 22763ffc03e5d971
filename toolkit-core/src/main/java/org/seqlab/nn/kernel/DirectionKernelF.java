package org.seqlab.nn.kernel;

import java.nio.FloatBuffer;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.nn.kernel.Workspace.Slot;

/**
 * One direction of one recurrent layer, float32 (see {@link DirectionKernel}).
 *
 * <p>Layout: every per-position quantity is a "plane" {@code [N*H]} in packed order (one per gate, and h, c, ...),
 * so one step's live rows are one contiguous range and the cell's loops run over it at a single index (see
 * {@link CellKernelF}). The native side mirrors the gate planes: biases and {@code W_ih x} for all steps come from
 * one GEMM per gate before the time loop; each step adds {@code W_hh h} to its own rows (beta = 1) and copies the
 * finished pre-activations into the Java planes once. Backward overwrites the gate planes with the gate gradients,
 * copies them to native memory step by step for the recurrent GEMMs, and after the time loop computes dW_ih, dW_hh,
 * the bias gradients and dx with one GEMM (or GEMV) per gate.
 *
 * <p>Between steps, the rows that continue are moved with one array copy per step: the live rows of a step are a
 * prefix of the sorted batch, so a step's "previous" rows (t-1 forward, t+1 reverse) are a prefix of one of the two.
 * Rows without a previous step take the initial state.
 *
 * <p>{@code DirectionKernelD} is its float64 twin, generated mechanically from this file by
 * {@code make-float64-twins.sh}; edit this file and regenerate.
 */
public final class DirectionKernelF implements DirectionKernel {
    private final CellKernelF cell;
    private final SequenceLayout layout;
    private final int inputSize;
    private final int hidden;
    private final int blocks;
    private final int apart;
    /** The smallest batch for which the forward pass transposes W_hh first (see {@link #transposedBlocks}). */
    private static final int TRANSPOSE_MIN_BATCH = 8;

    private final int batch;
    private final int total;
    private final boolean reverse;

    // The cache: what the forward pass leaves for the backward pass, planes [N*H] (from CacheArrays).
    private float[][] gates;
    private float[] aux;
    private float[] hPrev;
    private float[] cPrev;
    private float[] h;
    private float[] c;

    public DirectionKernelF(CellKernelF cell, SequenceLayout layout, int inputSize, int hidden, boolean reverse) {
        Blas.init();
        this.cell = cell;
        this.layout = layout;
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.blocks = cell.gateBlocks();
        this.apart = cell.recurrentApartBlock();
        this.batch = layout.batch();
        this.total = layout.totalSteps();
        this.reverse = reverse;
    }

    /** The time step processed k-th, in forward order ({@code forwardOrder}) or in backward order. */
    private int step(int k, boolean forwardOrder) {
        int steps = layout.maxLength();
        return reverse == forwardOrder ? steps - 1 - k : k;
    }

    /** The step whose state step {@code t} starts from (t-1 forward, t+1 reverse), or -1. */
    private int previousStep(int t) {
        int p = reverse ? t + 1 : t - 1;
        return p >= 0 && p < layout.maxLength() ? p : -1;
    }

    /** The step that starts from step {@code t}'s state, or -1. */
    private int nextStep(int t) {
        int n = reverse ? t - 1 : t + 1;
        return n >= 0 && n < layout.maxLength() ? n : -1;
    }

    /** Live rows of step {@code t} that continue from (or into) step {@code other}: a prefix of both. */
    private int sharedRows(int t, int other) {
        return other < 0 ? 0 : Math.min(layout.batchSize(t), layout.batchSize(other));
    }

    @Override
    public void forward(INDArray x, DirectionParams params, INDArray h0, INDArray c0, int slice) {
        Workspace ws = Workspace.get();
        int plane = total * hidden;
        FloatPointer xp = Blas.floats(x);
        FloatPointer wih = Blas.floats(params.weightIh().value());
        // Transposing W_hh pays for itself only over many few-row products; a batch of a few sequences (batch-1
        // tagging) runs its handful of products on W_hh as it is.
        boolean transposed = batch >= TRANSPOSE_MIN_BATCH;
        FloatPointer whh = transposed ? transposedBlocks(ws, params.weightHh().value())
                : Blas.floats(params.weightHh().value());
        FloatPointer bih = Blas.floats(params.biasIh().value());
        FloatPointer bhh = Blas.floats(params.biasHh().value());
        FloatPointer ones = ones(ws);

        // Native pre-activations, gate planes one after the other: biases (rank-1 products) plus W_ih x.
        FloatPointer pre = ws.floats(Slot.INPUT_GATES, (long) blocks * plane);
        FloatPointer preAux = apart >= 0 ? ws.floats(Slot.RECURRENT_GATES, plane) : null;
        for (int g = 0; g < blocks; g++) {
            long at = (long) g * plane;
            Blas.gemm(false, false, total, hidden, 1, 1, ones, 0, 1, bih, (long) g * hidden, hidden, 0, pre, at, hidden);
            if (g == apart) {
                Blas.gemm(false, false, total, hidden, 1, 1, ones, 0, 1, bhh, (long) g * hidden, hidden, 0, preAux, 0,
                        hidden);
            } else {
                Blas.gemm(false, false, total, hidden, 1, 1, ones, 0, 1, bhh, (long) g * hidden, hidden, 1, pre, at,
                        hidden);
            }
            Blas.gemm(false, true, total, hidden, inputSize, 1, xp, 0, inputSize, wih, (long) g * hidden * inputSize,
                    inputSize, 1, pre, at, hidden);
        }
        FloatBuffer preView = ws.floatView(Slot.INPUT_GATES);
        FloatBuffer preAuxView = apart >= 0 ? ws.floatView(Slot.RECURRENT_GATES) : null;
        FloatPointer state = ws.floats(Slot.STATE, (long) batch * hidden);
        FloatBuffer stateView = ws.floatView(Slot.STATE);

        gates = new float[blocks][];
        for (int g = 0; g < blocks; g++) {
            gates[g] = CacheArrays.floats(plane);
        }
        aux = CacheArrays.floats(plane);
        hPrev = CacheArrays.floats(plane);
        h = CacheArrays.floats(plane);
        boolean cellState = cell.hasCellState();
        cPrev = cellState ? CacheArrays.floats(plane) : null;
        c = cellState ? CacheArrays.floats(plane) : null;
        float[] hInitial = readState(h0, slice);
        float[] cInitial = cellState ? readState(c0, slice) : null;
        int chunk = Blas.smallProductRows(hidden, hidden);

        for (int k = 0; k < layout.maxLength(); k++) {
            int t = step(k, true);
            int rows = layout.batchSize(t);
            int lo = layout.offset(t) * hidden;
            int size = rows * hidden;
            int p = previousStep(t);
            int shared = sharedRows(t, p) * hidden;
            int from = p < 0 ? 0 : layout.offset(p) * hidden;
            System.arraycopy(h, from, hPrev, lo, shared);
            System.arraycopy(hInitial, shared, hPrev, lo + shared, size - shared);
            if (cellState) {
                System.arraycopy(c, from, cPrev, lo, shared);
                System.arraycopy(cInitial, shared, cPrev, lo + shared, size - shared);
            }
            stateView.put(0, hPrev, lo, size);
            for (int g = 0; g < blocks; g++) {
                FloatPointer target = g == apart ? preAux : pre;
                long at = g == apart ? lo : (long) g * plane + lo;
                if (rows == 1) {
                    // one live row (batch-1 tagging, the tail of a batch's longest sentence): a matrix-vector
                    // product, which reads W_hh once instead of packing it as GEMM does on every call
                    Blas.gemv(transposed, hidden, hidden, 1, whh, (long) g * hidden * hidden, hidden, state, 0, 1,
                            target, at);
                } else {
                    for (int r = 0; r < rows; r += chunk) {
                        Blas.gemm(false, !transposed, Math.min(chunk, rows - r), hidden, hidden, 1, state,
                                (long) r * hidden, hidden, whh, (long) g * hidden * hidden, hidden, 1, target,
                                at + (long) r * hidden, hidden);
                    }
                }
                preView.get(g * plane + lo, gates[g], lo, size);
            }
            if (apart >= 0) {
                preAuxView.get(lo, aux, lo, size);
            }
            cell.forward(lo, lo + size, gates, aux, hPrev, cPrev, h, c);
        }
    }

    /**
     * W_hh with each gate block {@code [H, H]} transposed, in native scratch: the per-step products then need no
     * transposed operand, which OpenBLAS runs 1.7-3 times faster for the few-row products of a packed batch's late
     * steps (8-20 rows).
     */
    private FloatPointer transposedBlocks(Workspace ws, INDArray weight) {
        int n = blocks * hidden * hidden;
        float[] w = CacheArrays.floats(n);
        float[] wt = CacheArrays.floats(n);
        Blas.floats(weight).asBuffer().get(0, w, 0, n);
        for (int g = 0; g < blocks; g++) {
            int base = g * hidden * hidden;
            for (int i = 0; i < hidden; i++) {
                for (int j = 0; j < hidden; j++) {
                    wt[base + j * hidden + i] = w[base + i * hidden + j];
                }
            }
        }
        FloatPointer transposed = ws.floats(Slot.WEIGHTS_T, n);
        ws.floatView(Slot.WEIGHTS_T).put(0, wt, 0, n);
        CacheArrays.release(w);
        CacheArrays.release(wt);
        return transposed;
    }

    /** A native vector of at least {@code total} ones (for bias broadcasts and column sums). */
    private FloatPointer ones(Workspace ws) {
        FloatPointer ones = ws.floats(Slot.ONES, total);
        FloatBuffer view = ws.floatView(Slot.ONES);
        for (int i = 0; i < total; i++) {
            view.put(i, 1);
        }
        return ones;
    }

    /** A state slice {@code [B*H]} in sorted order, or zeros. */
    private float[] readState(INDArray states, int slice) {
        float[] out = new float[batch * hidden];
        if (states != null) {
            FloatBuffer view = Blas.floats(states).asBuffer();
            for (int s = 0; s < batch; s++) {
                view.get((slice * batch + layout.originalIndex(s)) * hidden, out, s * hidden, hidden);
            }
        }
        return out;
    }

    private void writeState(float[] state, INDArray states, int slice) {
        FloatBuffer view = Blas.floats(states).asBuffer();
        for (int s = 0; s < batch; s++) {
            view.put((slice * batch + layout.originalIndex(s)) * hidden, state, s * hidden, hidden);
        }
    }

    @Override
    public void writeOutput(INDArray out, int column) {
        FloatBuffer view = Blas.floats(out).asBuffer();
        int outWidth = (int) out.size(1);
        if (outWidth == hidden) {
            view.put(0, h, 0, total * hidden);
            return;
        }
        for (int r = 0; r < total; r++) {
            view.put(r * outWidth + column, h, r * hidden, hidden);
        }
    }

    @Override
    public void writeFinalState(INDArray hN, INDArray cN, int slice) {
        writeFinal(h, hN, slice);
        if (cN != null && c != null) {
            writeFinal(c, cN, slice);
        }
    }

    /** Writes each sequence's state after its last step in this direction's order (step 0 when reversed). */
    private void writeFinal(float[] states, INDArray target, int slice) {
        FloatBuffer view = Blas.floats(target).asBuffer();
        for (int s = 0; s < batch; s++) {
            int last = reverse ? 0 : layout.sortedLength(s) - 1;
            view.put((slice * batch + layout.originalIndex(s)) * hidden, states, (layout.offset(last) + s) * hidden,
                    hidden);
        }
    }

    @Override
    public void backward(INDArray dOut, int column, INDArray dhN, INDArray dcN, int slice, INDArray x,
            DirectionParams params, INDArray dx, boolean accumulateDx, INDArray dh0, INDArray dc0) {
        if (gates == null) {
            throw new IllegalStateException("backward needs a forward pass that kept its cache: a second backward on"
                    + " one forward pass, or one after inference (infer), is refused");
        }
        Workspace ws = Workspace.get();
        int plane = total * hidden;
        boolean cellState = cell.hasCellState();
        FloatPointer whh = Blas.floats(params.weightHh().value());
        float[] dhFinal = readState(dhN, slice);
        float[] dcFinal = cellState ? readState(dcN, slice) : null;
        float[] dhInitial = new float[batch * hidden];
        float[] dcInitial = cellState ? new float[batch * hidden] : null;

        // dH: dL/dh per position, starting from the output gradient; dRecurrent: what reaches h through the next
        // step (or from the final-state gradient); dC: dL/dc per position (LSTM).
        float[] dH = CacheArrays.floats(plane);
        float[] dRecurrent = CacheArrays.floats(plane);
        float[] dC = cellState ? CacheArrays.floats(plane) : null;
        float[] recurrentGrad = apart >= 0 ? CacheArrays.floats(plane) : null;
        FloatBuffer dOutView = Blas.floats(dOut).asBuffer();
        int outWidth = (int) dOut.size(1);
        if (outWidth == hidden) {
            dOutView.get(0, dH, 0, plane);
        } else {
            for (int r = 0; r < total; r++) {
                dOutView.get(r * outWidth + column, dH, r * hidden, hidden);
            }
        }

        // Native gate gradients: G planes, plus the apart block's recurrent-side gradient in its own plane.
        FloatPointer grad = ws.floats(Slot.GATE_GRAD_X, (long) blocks * plane);
        FloatBuffer gradView = ws.floatView(Slot.GATE_GRAD_X);
        FloatPointer gradApart = apart >= 0 ? ws.floats(Slot.GATE_GRAD_H, plane) : null;
        FloatBuffer gradApartView = apart >= 0 ? ws.floatView(Slot.GATE_GRAD_H) : null;
        FloatPointer dhNative = ws.floats(Slot.STATE, (long) batch * hidden);
        FloatBuffer dhView = ws.floatView(Slot.STATE);
        int chunk = Blas.smallProductRows(hidden, hidden);

        for (int k = 0; k < layout.maxLength(); k++) {
            int t = step(k, false);
            int rows = layout.batchSize(t);
            int lo = layout.offset(t) * hidden;
            int size = rows * hidden;
            int hi = lo + size;
            // Rows that end at this step (in this direction's order) take the final-state gradients.
            int continuing = sharedRows(t, nextStep(t)) * hidden;
            System.arraycopy(dhFinal, continuing, dRecurrent, lo + continuing, size - continuing);
            if (cellState) {
                System.arraycopy(dcFinal, continuing, dC, lo + continuing, size - continuing);
            }
            for (int i = lo; i < hi; i++) {
                dH[i] += dRecurrent[i];
            }
            cell.backward(lo, hi, gates, aux, hPrev, cPrev, dH, dC, recurrentGrad);

            for (int g = 0; g < blocks; g++) {
                gradView.put(g * plane + lo, gates[g], lo, size);
            }
            if (apart >= 0) {
                gradApartView.put(lo, recurrentGrad, lo, size);
            }
            // dL/dh_prev = sum over gates of gradient · W_hh block (plus the cell's direct part).
            boolean direct = cell.directHiddenGradient();
            if (direct) {
                dhView.put(0, dH, lo, size);
            }
            for (int g = 0; g < blocks; g++) {
                FloatPointer source = g == apart ? gradApart : grad;
                long at = g == apart ? lo : (long) g * plane + lo;
                for (int r = 0; r < rows; r += chunk) {
                    long row = (long) r * hidden;
                    Blas.gemm(false, false, Math.min(chunk, rows - r), hidden, hidden, 1, source, at + row, hidden,
                            whh, (long) g * hidden * hidden, hidden, direct || g > 0 ? 1 : 0, dhNative, row, hidden);
                }
            }
            // Hand the state gradients to the previous step's rows, or to the initial state.
            int p = previousStep(t);
            int shared = sharedRows(t, p) * hidden;
            int to = p < 0 ? 0 : layout.offset(p) * hidden;
            dhView.get(0, dRecurrent, to, shared);
            dhView.get(shared, dhInitial, shared, size - shared);
            if (cellState) {
                System.arraycopy(dC, lo, dC, to, shared);
                System.arraycopy(dC, lo + shared, dcInitial, shared, size - shared);
            }
        }
        if (dh0 != null) {
            writeState(dhInitial, dh0, slice);
        }
        if (dc0 != null && dcInitial != null) {
            writeState(dcInitial, dc0, slice);
        }

        FloatPointer previous = ws.floats(Slot.PREVIOUS_H, plane);
        ws.floatView(Slot.PREVIOUS_H).put(0, hPrev, 0, plane);
        FloatPointer ones = ones(ws);
        FloatPointer xp = Blas.floats(x);
        FloatPointer wih = Blas.floats(params.weightIh().value());
        FloatPointer dWih = Blas.floats(params.weightIh().grad());
        FloatPointer dWhh = Blas.floats(params.weightHh().grad());
        FloatPointer dBih = Blas.floats(params.biasIh().grad());
        FloatPointer dBhh = Blas.floats(params.biasHh().grad());
        FloatPointer dxp = Blas.floats(dx);
        for (int g = 0; g < blocks; g++) {
            long at = (long) g * plane;
            FloatPointer recurrentSource = g == apart ? gradApart : grad;
            long recurrentAt = g == apart ? 0 : at;
            Blas.gemm(true, false, hidden, inputSize, total, 1, grad, at, hidden, xp, 0, inputSize, 1, dWih,
                    (long) g * hidden * inputSize, inputSize);
            Blas.gemm(true, false, hidden, hidden, total, 1, recurrentSource, recurrentAt, hidden, previous, 0, hidden,
                    1, dWhh, (long) g * hidden * hidden, hidden);
            // Bias gradients are column sums of the gate gradients: [N, H]^T times ones[N].
            Blas.addTransposedProduct(total, hidden, grad, at, ones, dBih, (long) g * hidden);
            Blas.addTransposedProduct(total, hidden, recurrentSource, recurrentAt, ones, dBhh, (long) g * hidden);
            Blas.gemm(false, false, total, inputSize, hidden, 1, grad, at, hidden, wih, (long) g * hidden * inputSize,
                    inputSize, accumulateDx || g > 0 ? 1 : 0, dxp, 0, inputSize);
        }

        CacheArrays.release(dH);
        CacheArrays.release(dRecurrent);
        CacheArrays.release(dC);
        CacheArrays.release(recurrentGrad);
        // The cache is consumed: give its arrays back for the next batch (a second backward on it is an error).
        release();
    }

    @Override
    public void release() {
        if (gates == null) {
            return;
        }
        for (float[] gate : gates) {
            CacheArrays.release(gate);
        }
        CacheArrays.release(aux);
        CacheArrays.release(hPrev);
        CacheArrays.release(cPrev);
        CacheArrays.release(h);
        CacheArrays.release(c);
        gates = null;
        aux = null;
        hPrev = null;
        cPrev = null;
        h = null;
        c = null;
    }
}
