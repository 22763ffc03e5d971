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
    private static final int TRANSPOSE_TILE = 32;

    private final int batch;
    private final int total;
    private final boolean reverse;
    /** Sorted sequences {@code 0 .. splitRow-1} run on the calling thread, the rest on a kernel thread; 0: one thread. */
    private int splitRow;
    /** W_hh with its gate blocks transposed, made once by the caller ({@link #useTransposedRecurrentWeights}), or null. */
    private INDArray presetTransposed;
    /** The next forward pass's input pre-activations, made by the caller ({@link #usePresetInputGates}), or null. */
    private INDArray presetInputGates;

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
    public void splitRows(boolean allowed) {
        splitRow = allowed ? KernelThreads.balancedSplit(layout, (long) blocks * hidden * (hidden + inputSize)) : 0;
    }

    @Override
    public void useTransposedRecurrentWeights(INDArray transposed) {
        if (transposed != null && (transposed.length() != (long) blocks * hidden * hidden
                || !Blas.isDensePrefix(transposed))) {
            throw new IllegalArgumentException("transposed W_hh: " + transposed.length() + " values, expected "
                    + (long) blocks * hidden * hidden + " in a dense array");
        }
        presetTransposed = transposed;
    }

    @Override
    public void usePresetInputGates(INDArray gates) {
        if (gates != null && (gates.dataType() != org.nd4j.linalg.api.buffer.DataType.FLOAT
                || gates.length() < (long) blocks * total * hidden || !Blas.isDensePrefix(gates))) {
            throw new IllegalArgumentException("preset input gates: " + gates.length() + " " + gates.dataType()
                    + " values, expected " + (long) blocks * total * hidden + " float in a dense array");
        }
        presetInputGates = gates;
    }

    @Override
    public void forward(INDArray x, DirectionParams params, INDArray h0, INDArray c0, int slice) {
        Workspace ws = Workspace.get();
        int plane = total * hidden;
        INDArray preset = presetInputGates;
        presetInputGates = null;
        // Transposing W_hh pays for itself only over many few-row products; a batch of a few sequences (batch-1
        // tagging) runs its handful of products on W_hh as it is.
        boolean transposed = batch >= TRANSPOSE_MIN_BATCH;
        FloatPointer whh = !transposed ? Blas.floats(params.weightHh().value())
                : presetTransposed != null ? Blas.floats(presetTransposed)
                : transposedBlocks(ws, params.weightHh().value());

        // Native pre-activations, gate planes one after the other: biases (row copies) plus W_ih x, or the caller's.
        FloatPointer pre = preset != null ? Blas.floats(preset) : ws.floats(Slot.INPUT_GATES, (long) blocks * plane);
        FloatPointer preAux = apart >= 0 ? ws.floats(Slot.RECURRENT_GATES, plane) : null;
        FloatBuffer preView = preset != null ? Blas.floats(preset).asBuffer() : ws.floatView(Slot.INPUT_GATES);
        FloatBuffer preAuxView = apart >= 0 ? ws.floatView(Slot.RECURRENT_GATES) : null;

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

        if (preset != null) {
            recurrentBiasApart(0, total, params, preAux);
        } else if (splitRow == 0) {
            inputProjection(0, total, x, params, pre, preAux);
        }
        if (splitRow == 0) {
            forwardRows(0, batch, whh, transposed, pre, preAux, preView, preAuxView, hInitial, cInitial);
            return;
        }
        // Two threads: the input products by halves of the packed rows, then the time loop by halves of the
        // sequences (rows never interact, so each half runs its whole loop without waiting for the other). Each
        // thread moves its own pointer objects: a pointer's position is per object.
        int half = total / 2;
        FloatPointer pre2 = new FloatPointer(pre);
        FloatPointer preAux2 = preAux == null ? null : new FloatPointer(preAux);
        if (preset == null) {
            KernelThreads.runBoth(() -> inputProjection(0, half, x, params, pre, preAux),
                    () -> inputProjection(half, total, x, params, pre2, preAux2));
        }
        FloatPointer whh2 = new FloatPointer(whh);
        KernelThreads.runBoth(
                () -> forwardRows(0, splitRow, whh, transposed, pre, preAux, preView, preAuxView, hInitial, cInitial),
                () -> forwardRows(splitRow, batch, whh2, transposed, pre2, preAux2, preView, preAuxView, hInitial,
                        cInitial));
    }

    /** Biases and {@code W_ih x} into the native pre-activation planes, packed rows {@code r0 .. r1-1}. */
    private void inputProjection(int r0, int r1, INDArray x, DirectionParams params, FloatPointer pre,
            FloatPointer preAux) {
        int m = r1 - r0;
        if (m <= 0) {
            return;
        }
        int plane = total * hidden;
        FloatPointer xp = Blas.floats(x);
        FloatPointer wih = Blas.floats(params.weightIh().value());
        FloatBuffer bih = Blas.floats(params.biasIh().value()).asBuffer();
        FloatBuffer bhh = Blas.floats(params.biasHh().value()).asBuffer();
        float[] bias = new float[hidden];
        float[] recurrentBias = new float[hidden];
        long row = (long) r0 * hidden;
        for (int g = 0; g < blocks; g++) {
            long at = (long) g * plane + row;
            bih.get(g * hidden, bias, 0, hidden);
            bhh.get(g * hidden, recurrentBias, 0, hidden);
            if (g == apart) {
                Blas.fillRows(preAux, row, m, hidden, hidden, recurrentBias);
            } else {
                for (int j = 0; j < hidden; j++) {
                    bias[j] += recurrentBias[j];
                }
            }
            Blas.fillRows(pre, at, m, hidden, hidden, bias);
            Blas.gemm(false, true, m, hidden, inputSize, 1, xp, (long) r0 * inputSize, inputSize, wih,
                    (long) g * hidden * inputSize, inputSize, 1, pre, at, hidden);
        }
    }

    /** With preset input gates: the recurrent-apart block's bias {@code b_hh} into its plane, packed rows r0 .. r1-1. */
    private void recurrentBiasApart(int r0, int r1, DirectionParams params, FloatPointer preAux) {
        if (apart < 0 || r1 <= r0) {
            return;
        }
        float[] recurrentBias = new float[hidden];
        Blas.floats(params.biasHh().value()).asBuffer().get(apart * hidden, recurrentBias, 0, hidden);
        Blas.fillRows(preAux, (long) r0 * hidden, r1 - r0, hidden, hidden, recurrentBias);
    }

    /** The time loop over sorted sequences {@code r0 .. r1-1} (each step's live rows among them). */
    private void forwardRows(int r0, int r1, FloatPointer whh, boolean transposed, FloatPointer pre,
            FloatPointer preAux, FloatBuffer preView, FloatBuffer preAuxView, float[] hInitial, float[] cInitial) {
        int plane = total * hidden;
        boolean cellState = cell.hasCellState();
        Workspace ws = Workspace.get();
        FloatPointer state = ws.floats(Slot.STATE, (long) (r1 - r0) * hidden);
        FloatBuffer stateView = ws.floatView(Slot.STATE);
        int chunk = Blas.smallProductRows(hidden, hidden);
        for (int k = 0; k < layout.maxLength(); k++) {
            int t = step(k, true);
            int rows = Math.min(layout.batchSize(t), r1) - r0;
            if (rows <= 0) {
                continue;
            }
            int lo = (layout.offset(t) + r0) * hidden;
            int size = rows * hidden;
            int p = previousStep(t);
            int shared = continuingRows(t, p, r0, rows) * hidden;
            int from = p < 0 ? 0 : (layout.offset(p) + r0) * hidden;
            int initialAt = r0 * hidden + shared;
            System.arraycopy(h, from, hPrev, lo, shared);
            System.arraycopy(hInitial, initialAt, hPrev, lo + shared, size - shared);
            if (cellState) {
                System.arraycopy(c, from, cPrev, lo, shared);
                System.arraycopy(cInitial, initialAt, cPrev, lo + shared, size - shared);
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
     * Of the {@code rows} live rows from sorted sequence {@code r0} on at step {@code t}, how many continue from (or
     * into) step {@code other}: they come first.
     */
    private int continuingRows(int t, int other, int r0, int rows) {
        return Math.max(0, Math.min(sharedRows(t, other) - r0, rows));
    }

    /**
     * W_hh with each gate block {@code [H, H]} transposed, in native scratch: the per-step products then need no
     * transposed operand, which OpenBLAS runs 1.7-3 times faster for the few-row products of a packed batch's late
     * steps (8-20 rows).
     */
    private FloatPointer transposedBlocks(Workspace ws, INDArray weight) {
        int n = blocks * hidden * hidden;
        FloatPointer transposed = ws.floats(Slot.WEIGHTS_T, n);
        FloatBuffer target = ws.floatView(Slot.WEIGHTS_T);
        FloatBuffer source = Blas.floats(weight).asBuffer();
        if (splitRow > 0 && blocks > 1) {
            int half = blocks / 2;
            KernelThreads.runBoth(() -> transposeBlocks(0, half, source, target),
                    () -> transposeBlocks(half, blocks, source, target));
        } else {
            transposeBlocks(0, blocks, source, target);
        }
        return transposed;
    }

    /** Gate blocks {@code g0 .. g1-1} of {@link #transposedBlocks} (absolute buffer reads and writes only). */
    private void transposeBlocks(int g0, int g1, FloatBuffer source, FloatBuffer target) {
        int size = hidden * hidden;
        int n = (g1 - g0) * size;
        float[] w = CacheArrays.floats(n);
        float[] wt = CacheArrays.floats(n);
        source.get(g0 * size, w, 0, n);
        // In 32×32 tiles: a row-by-row transposition writes with a stride of H floats, a cache miss a value once
        // the matrix outgrows the cache (4 × 256 × 256: 0.85 ms a call, tiled 0.22).
        for (int g = 0; g < g1 - g0; g++) {
            int base = g * size;
            for (int i0 = 0; i0 < hidden; i0 += TRANSPOSE_TILE) {
                int i1 = Math.min(i0 + TRANSPOSE_TILE, hidden);
                for (int j0 = 0; j0 < hidden; j0 += TRANSPOSE_TILE) {
                    int j1 = Math.min(j0 + TRANSPOSE_TILE, hidden);
                    for (int i = i0; i < i1; i++) {
                        int from = base + i * hidden;
                        for (int j = j0; j < j1; j++) {
                            wt[base + j * hidden + i] = w[from + j];
                        }
                    }
                }
            }
        }
        target.put(g0 * size, wt, 0, n);
        CacheArrays.release(w);
        CacheArrays.release(wt);
    }

    /** A native vector of at least {@code total} ones (the bias gradients are column sums). */
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
            if (splitRow > 0) {
                // a copy of megabytes: each core copies half
                int half = total / 2 * hidden;
                int all = total * hidden;
                KernelThreads.runBoth(() -> view.put(0, h, 0, half), () -> view.put(half, h, half, all - half));
            } else {
                view.put(0, h, 0, total * hidden);
            }
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
        FloatPointer previous = ws.floats(Slot.PREVIOUS_H, plane);
        FloatBuffer previousView = ws.floatView(Slot.PREVIOUS_H);
        BackwardPlanes planes = new BackwardPlanes(dH, dRecurrent, dC, recurrentGrad, dhFinal, dcFinal, dhInitial,
                dcInitial, gradView, gradApartView);

        if (splitRow == 0) {
            backwardRows(0, batch, params, grad, gradApart, planes);
            previousView.put(0, hPrev, 0, plane);
            weightGradients(0, blocks, 0, hidden, x, params, grad, gradApart, previous);
            inputGradient(0, total, params, grad, dx, accumulateDx);
        } else {
            // Two threads as in forward: the time loop by halves of the sequences; then the weight gradients by
            // halves of each gate's units (each thread its own rows of dW) and the input gradient by halves of the
            // packed rows.
            FloatPointer grad2 = new FloatPointer(grad);
            FloatPointer gradApart2 = gradApart == null ? null : new FloatPointer(gradApart);
            KernelThreads.runBoth(() -> backwardRows(0, splitRow, params, grad, gradApart, planes),
                    () -> backwardRows(splitRow, batch, params, grad2, gradApart2, planes));
            previousView.put(0, hPrev, 0, plane);
            FloatPointer previous2 = new FloatPointer(previous);
            // An even number of gate blocks (LSTM) splits by blocks: whole-block products run 15 % faster than
            // half-block ones (OpenBLAS, 256 × 256 × 3200); otherwise each thread takes half of every block's units.
            boolean byBlocks = blocks % 2 == 0;
            int halfBlocks = byBlocks ? blocks / 2 : blocks;
            int halfUnits = byBlocks ? hidden : hidden / 2;
            int halfRows = total / 2;
            KernelThreads.runBoth(() -> {
                weightGradients(0, halfBlocks, 0, halfUnits, x, params, grad, gradApart, previous);
                inputGradient(0, halfRows, params, grad, dx, accumulateDx);
            }, () -> {
                weightGradients(byBlocks ? halfBlocks : 0, blocks, byBlocks ? 0 : halfUnits, hidden, x, params, grad2,
                        gradApart2, previous2);
                inputGradient(halfRows, total, params, grad2, dx, accumulateDx);
            });
        }
        if (dh0 != null) {
            writeState(dhInitial, dh0, slice);
        }
        if (dc0 != null && dcInitial != null) {
            writeState(dcInitial, dc0, slice);
        }

        CacheArrays.release(dH);
        CacheArrays.release(dRecurrent);
        CacheArrays.release(dC);
        CacheArrays.release(recurrentGrad);
        // The cache is consumed: give its arrays back for the next batch (a second backward on it is an error).
        release();
    }

    /** The Java planes and native views a backward pass's time loop works on (each thread on its own rows). */
    private record BackwardPlanes(float[] dH, float[] dRecurrent, float[] dC, float[] recurrentGrad,
            float[] dhFinal, float[] dcFinal, float[] dhInitial, float[] dcInitial, FloatBuffer gradView,
            FloatBuffer gradApartView) {
    }

    /** The backward time loop over sorted sequences {@code r0 .. r1-1}. */
    private void backwardRows(int r0, int r1, DirectionParams params, FloatPointer grad, FloatPointer gradApart,
            BackwardPlanes b) {
        int plane = total * hidden;
        boolean cellState = cell.hasCellState();
        FloatPointer whh = Blas.floats(params.weightHh().value());
        Workspace ws = Workspace.get();
        FloatPointer dhNative = ws.floats(Slot.STATE, (long) (r1 - r0) * hidden);
        FloatBuffer dhView = ws.floatView(Slot.STATE);
        int chunk = Blas.smallProductRows(hidden, hidden);
        float[] dH = b.dH();
        float[] dRecurrent = b.dRecurrent();
        float[] dC = b.dC();
        for (int k = 0; k < layout.maxLength(); k++) {
            int t = step(k, false);
            int rows = Math.min(layout.batchSize(t), r1) - r0;
            if (rows <= 0) {
                continue;
            }
            int lo = (layout.offset(t) + r0) * hidden;
            int size = rows * hidden;
            int hi = lo + size;
            // Rows that end at this step (in this direction's order) take the final-state gradients.
            int continuing = continuingRows(t, nextStep(t), r0, rows) * hidden;
            System.arraycopy(b.dhFinal(), r0 * hidden + continuing, dRecurrent, lo + continuing, size - continuing);
            if (cellState) {
                System.arraycopy(b.dcFinal(), r0 * hidden + continuing, dC, lo + continuing, size - continuing);
            }
            for (int i = lo; i < hi; i++) {
                dH[i] += dRecurrent[i];
            }
            cell.backward(lo, hi, gates, aux, hPrev, cPrev, dH, dC, b.recurrentGrad());

            for (int g = 0; g < blocks; g++) {
                b.gradView().put(g * plane + lo, gates[g], lo, size);
            }
            if (apart >= 0) {
                b.gradApartView().put(lo, b.recurrentGrad(), lo, size);
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
            int shared = continuingRows(t, p, r0, rows) * hidden;
            int to = p < 0 ? 0 : (layout.offset(p) + r0) * hidden;
            int initialAt = r0 * hidden + shared;
            dhView.get(0, dRecurrent, to, shared);
            dhView.get(shared, b.dhInitial(), initialAt, size - shared);
            if (cellState) {
                System.arraycopy(dC, lo, dC, to, shared);
                System.arraycopy(dC, lo + shared, b.dcInitial(), initialAt, size - shared);
            }
        }
    }

    /**
     * Rows {@code u0 .. u1-1} of gate blocks {@code g0 .. g1-1} of dW_ih and dW_hh and the same entries of the bias
     * gradients: one product over all packed positions per block.
     */
    private void weightGradients(int g0, int g1, int u0, int u1, INDArray x, DirectionParams params,
            FloatPointer grad, FloatPointer gradApart, FloatPointer previous) {
        int m = u1 - u0;
        if (m <= 0) {
            return;
        }
        int plane = total * hidden;
        FloatPointer ones = ones(Workspace.get());
        FloatPointer xp = Blas.floats(x);
        FloatPointer dWih = Blas.floats(params.weightIh().grad());
        FloatPointer dWhh = Blas.floats(params.weightHh().grad());
        FloatPointer dBih = Blas.floats(params.biasIh().grad());
        FloatPointer dBhh = Blas.floats(params.biasHh().grad());
        for (int g = g0; g < g1; g++) {
            long at = (long) g * plane + u0;
            FloatPointer recurrentSource = g == apart ? gradApart : grad;
            long recurrentAt = g == apart ? u0 : at;
            Blas.gemm(true, false, m, inputSize, total, 1, grad, at, hidden, xp, 0, inputSize, 1, dWih,
                    ((long) g * hidden + u0) * inputSize, inputSize);
            Blas.gemm(true, false, m, hidden, total, 1, recurrentSource, recurrentAt, hidden, previous, 0, hidden,
                    1, dWhh, ((long) g * hidden + u0) * hidden, hidden);
            // Bias gradients are column sums of the gate gradients: [N, m]^T times ones[N].
            Blas.addTransposedProduct(total, m, grad, at, hidden, ones, dBih, (long) g * hidden + u0);
            Blas.addTransposedProduct(total, m, recurrentSource, recurrentAt, hidden, ones, dBhh,
                    (long) g * hidden + u0);
        }
    }

    /** Rows {@code r0 .. r1-1} of dx: the sum over gates of gradient · W_ih block. */
    private void inputGradient(int r0, int r1, DirectionParams params, FloatPointer grad, INDArray dx,
            boolean accumulateDx) {
        int m = r1 - r0;
        if (m <= 0) {
            return;
        }
        int plane = total * hidden;
        FloatPointer wih = Blas.floats(params.weightIh().value());
        FloatPointer dxp = Blas.floats(dx);
        for (int g = 0; g < blocks; g++) {
            Blas.gemm(false, false, m, inputSize, hidden, 1, grad, (long) g * plane + (long) r0 * hidden, hidden, wih,
                    (long) g * hidden * inputSize, inputSize, accumulateDx || g > 0 ? 1 : 0, dxp,
                    (long) r0 * inputSize, inputSize);
        }
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
