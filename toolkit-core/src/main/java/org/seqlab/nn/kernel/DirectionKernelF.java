package org.seqlab.nn.kernel;

import java.nio.FloatBuffer;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.nn.kernel.Workspace.Slot;

/**
 * One direction of one recurrent layer, float32 (see {@link DirectionKernel}). Forward: one GEMM projects the inputs of
 * all steps; each step then runs one GEMM on the live-row prefix of the state and the cell's element-wise loop.
 * Backward: each step runs the cell's backward loop and one GEMM for the recurrent gradient; after the time loop one
 * GEMM each gives dW_ih, dW_hh and dx. The state buffers are indexed by sorted position, so rows whose sequence has not
 * started yet (reverse direction) still hold their initial state and rows that have ended hold their final state.
 *
 * <p>{@code DirectionKernelD} is its float64 twin, generated mechanically from this file by
 * {@code make-float64-twins.sh}; edit this file and regenerate.
 */
public final class DirectionKernelF implements DirectionKernel {
    private final CellKernelF cell;
    private final SequenceLayout layout;
    private final int inputSize;
    private final int hidden;
    private final int width;
    private final int batch;
    private final int total;
    private final boolean reverse;

    // The cache: what the forward pass leaves for the backward pass, packed rows [total, hidden or width].
    private float[] gates;
    private float[] aux;
    private float[] hPrev;
    private float[] cPrev;
    private float[] h;
    private float[] hState;
    private float[] cState;

    public DirectionKernelF(CellKernelF cell, SequenceLayout layout, int inputSize, int hidden, boolean reverse) {
        Blas.init();
        this.cell = cell;
        this.layout = layout;
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.width = cell.gateBlocks() * hidden;
        this.batch = layout.batch();
        this.total = layout.totalSteps();
        this.reverse = reverse;
    }

    private int step(int k, boolean forwardOrder) {
        int steps = layout.maxLength();
        return reverse == forwardOrder ? steps - 1 - k : k;
    }

    @Override
    public void forward(INDArray x, DirectionParams params, INDArray h0, INDArray c0, int slice) {
        Workspace ws = Workspace.get();
        FloatPointer xp = Blas.floats(x);
        FloatPointer wih = Blas.floats(params.weightIh().value());
        FloatPointer whh = Blas.floats(params.weightHh().value());
        float[] biasIh = params.biasIh().value().toFloatVector();
        float[] biasHh = params.biasHh().value().toFloatVector();

        FloatPointer projected = ws.floats(Slot.INPUT_GATES, (long) total * width);
        Blas.gemm(false, true, total, width, inputSize, 1, xp, 0, inputSize, wih, 0, inputSize, 0, projected, 0, width);
        gates = CacheArrays.floats(total * width);
        ws.floatView(Slot.INPUT_GATES).get(0, gates, 0, total * width);

        cell.prepare(hidden, biasIh, biasHh);
        hState = readState(h0, slice);
        cState = cell.hasCellState() ? readState(c0, slice) : null;
        hPrev = CacheArrays.floats(total * hidden);
        cPrev = cell.hasCellState() ? CacheArrays.floats(total * hidden) : null;
        aux = CacheArrays.floats(total * hidden);
        h = CacheArrays.floats(total * hidden);
        FloatPointer state = ws.floats(Slot.STATE, (long) batch * hidden);
        FloatBuffer stateView = ws.floatView(Slot.STATE);
        FloatPointer recurrentNative = ws.floats(Slot.RECURRENT_GATES, (long) batch * width);
        FloatBuffer recurrentView = ws.floatView(Slot.RECURRENT_GATES);
        float[] recurrent = new float[batch * width];
        for (int k = 0; k < layout.maxLength(); k++) {
            int t = step(k, true);
            int rows = layout.batchSize(t);
            int row0 = layout.offset(t);
            stateView.put(0, hState, 0, rows * hidden);
            Blas.gemm(false, true, rows, width, hidden, 1, state, 0, hidden, whh, 0, hidden, 0, recurrentNative, 0, width);
            recurrentView.get(0, recurrent, 0, rows * width);
            System.arraycopy(hState, 0, hPrev, row0 * hidden, rows * hidden);
            if (cPrev != null) {
                System.arraycopy(cState, 0, cPrev, row0 * hidden, rows * hidden);
            }
            cell.forward(rows, hidden, gates, row0 * width, recurrent, hState, cState, aux, row0 * hidden);
            System.arraycopy(hState, 0, h, row0 * hidden, rows * hidden);
        }
    }

    /** A state slice in sorted order, or zeros. */
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
        for (int r = 0; r < total; r++) {
            view.put(r * outWidth + column, h, r * hidden, hidden);
        }
    }

    @Override
    public void writeFinalState(INDArray hN, INDArray cN, int slice) {
        writeState(hState, hN, slice);
        if (cN != null && cState != null) {
            writeState(cState, cN, slice);
        }
    }

    @Override
    public void backward(INDArray dOut, int column, INDArray dhN, INDArray dcN, int slice, INDArray x,
            DirectionParams params, INDArray dx, boolean accumulateDx, INDArray dh0, INDArray dc0) {
        if (gates == null) {
            throw new IllegalStateException("backward before forward, or a second backward on the same forward pass");
        }
        Workspace ws = Workspace.get();
        FloatPointer whh = Blas.floats(params.weightHh().value());
        float[] dh = readState(dhN, slice);
        float[] dc = cell.hasCellState() ? readState(dcN, slice) : null;
        FloatBuffer dOutView = Blas.floats(dOut).asBuffer();
        int outWidth = (int) dOut.size(1);
        float[] dy = new float[batch * hidden];
        float[] gradX = CacheArrays.floats(total * width);
        float[] gradH = cell.separateRecurrentGradient() ? CacheArrays.floats(total * width) : gradX;
        FloatPointer gradHNative = ws.floats(Slot.GATE_GRAD_H, (long) total * width);
        FloatBuffer gradHView = ws.floatView(Slot.GATE_GRAD_H);
        FloatPointer dhNative = ws.floats(Slot.STATE, (long) batch * hidden);
        FloatBuffer dhView = ws.floatView(Slot.STATE);
        float[] dhRecurrent = new float[batch * hidden];
        for (int k = 0; k < layout.maxLength(); k++) {
            int t = step(k, false);
            int rows = layout.batchSize(t);
            int row0 = layout.offset(t);
            for (int i = 0; i < rows; i++) {
                dOutView.get((row0 + i) * outWidth + column, dy, i * hidden, hidden);
            }
            for (int i = 0; i < rows * hidden; i++) {
                dh[i] += dy[i];
            }
            cell.backward(rows, hidden, gates, row0 * width, aux, hPrev, cPrev, row0 * hidden, dh, dc, gradX, gradH);
            gradHView.put(row0 * width, gradH, row0 * width, rows * width);
            Blas.gemm(false, false, rows, hidden, width, 1, gradHNative, (long) row0 * width, width, whh, 0, hidden, 0,
                    dhNative, 0, hidden);
            dhView.get(0, dhRecurrent, 0, rows * hidden);
            for (int i = 0; i < rows * hidden; i++) {
                dh[i] += dhRecurrent[i];
            }
        }
        if (dh0 != null) {
            writeState(dh, dh0, slice);
        }
        if (dc0 != null && dc != null) {
            writeState(dc, dc0, slice);
        }

        FloatPointer gradXNative = gradHNative;
        if (gradX != gradH) {
            gradXNative = ws.floats(Slot.GATE_GRAD_X, (long) total * width);
            ws.floatView(Slot.GATE_GRAD_X).put(0, gradX, 0, total * width);
        }
        FloatPointer previous = ws.floats(Slot.PREVIOUS_H, (long) total * hidden);
        ws.floatView(Slot.PREVIOUS_H).put(0, hPrev, 0, total * hidden);
        FloatPointer xp = Blas.floats(x);
        FloatPointer wih = Blas.floats(params.weightIh().value());
        Blas.gemm(true, false, width, inputSize, total, 1, gradXNative, 0, width, xp, 0, inputSize, 1,
                Blas.floats(params.weightIh().grad()), 0, inputSize);
        Blas.gemm(true, false, width, hidden, total, 1, gradHNative, 0, width, previous, 0, hidden, 1,
                Blas.floats(params.weightHh().grad()), 0, hidden);
        // Bias gradients are column sums of the gate gradients: [N, G*H]^T times ones[N].
        FloatPointer ones = ws.floats(Slot.ONES, total);
        FloatBuffer onesView = ws.floatView(Slot.ONES);
        for (int i = 0; i < total; i++) {
            onesView.put(i, 1);
        }
        Blas.addTransposedProduct(total, width, gradXNative, 0, ones, Blas.floats(params.biasIh().grad()));
        Blas.addTransposedProduct(total, width, gradHNative, 0, ones, Blas.floats(params.biasHh().grad()));
        Blas.gemm(false, false, total, inputSize, width, 1, gradXNative, 0, width, wih, 0, inputSize,
                accumulateDx ? 1 : 0, Blas.floats(dx), 0, inputSize);
        // The cache is consumed: give its arrays back for the next batch (a second backward on it is an error).
        CacheArrays.release(gradX);
        if (gradH != gradX) {
            CacheArrays.release(gradH);
        }
        CacheArrays.release(gates);
        CacheArrays.release(aux);
        CacheArrays.release(hPrev);
        CacheArrays.release(cPrev);
        CacheArrays.release(h);
        gates = null;
        aux = null;
        hPrev = null;
        cPrev = null;
        h = null;
    }
}
