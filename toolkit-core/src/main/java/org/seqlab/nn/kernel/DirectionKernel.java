package org.seqlab.nn.kernel;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One direction of one recurrent layer over a packed, time-major batch ({@link org.seqlab.batch.SequenceLayout}): the
 * forward pass keeps in this object what the backward pass needs (it is the cache), so one instance serves one forward
 * and its backward. Implementations exist per data type ({@link DirectionKernelF}, {@link DirectionKernelD}); callers
 * check all shapes before calling.
 *
 * <p>State arrays ({@code h0}, {@code hN}, their gradients) are {@code [S, B, H]} in the caller's sequence order; a
 * kernel reads and writes slice {@code slice} of them. Any of them may be null (zero initial state, no gradient).
 */
public interface DirectionKernel {
    /**
     * Whether the passes may split the batch's sequences over the calling thread and a {@link KernelThreads} thread
     * (for a unidirectional layer: a bidirectional one already runs a direction per thread). The kernel splits only
     * where the batch is large enough to pay for it; results equal the one-thread ones up to rounding.
     */
    void splitRows(boolean allowed);

    /**
     * Hands the kernel W_hh with each gate block {@code [H, H]} transposed, made once for parameters that no longer
     * change (a loaded model): {@link #forward} then uses it instead of transposing W_hh itself on each call. Null
     * (the default) transposes per call.
     */
    void useTransposedRecurrentWeights(INDArray transposed);

    /**
     * Hands the kernel the input pre-activations of its next {@link #forward}, which then skips its own input
     * products and reads no input: gate planes {@code [blocks, N, H]} (plane g, packed row r, unit j at {@code
     * (g·N + r)·H + j}) holding {@code b_ih + W_ih x} plus, for every block but the cell's recurrent-apart one, {@code
     * b_hh}: what the kernel itself would compute, made elsewhere (a tagger's per-word cache). The kernel adds the
     * recurrent products into this array in place, so its values are used up. A dense array of the kernel's data
     * type; null (the default) computes them.
     */
    void usePresetInputGates(INDArray gates);

    /** Runs the direction over input {@code x [N, in]} from initial states {@code h0}, {@code c0} (LSTM) or zero. */
    void forward(INDArray x, DirectionParams params, INDArray h0, INDArray c0, int slice);

    /** Writes the hidden states into columns {@code column .. column+H-1} of {@code out [N, width]}. */
    void writeOutput(INDArray out, int column);

    /** Writes the final states (per sequence, after its last step in this direction's order). */
    void writeFinalState(INDArray hN, INDArray cN, int slice);

    /**
     * Back-propagates {@code dOut}'s columns {@code column .. column+H-1} and the final-state gradients: accumulates
     * into the parameters' gradients, writes (or adds, if {@code accumulateDx}) the input gradient into {@code dx [N, in]}
     * and writes the initial-state gradients into {@code dh0}/{@code dc0}.
     */
    void backward(INDArray dOut, int column, INDArray dhN, INDArray dcN, int slice, INDArray x, DirectionParams params,
            INDArray dx, boolean accumulateDx, INDArray dh0, INDArray dc0);

    /**
     * Gives the cache back for reuse (after the outputs and final states have been written, when no backward will
     * follow: inference). Backward afterwards is an error; a second release does nothing.
     */
    void release();
}
