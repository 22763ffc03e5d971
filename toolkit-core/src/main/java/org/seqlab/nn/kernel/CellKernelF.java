package org.seqlab.nn.kernel;

/**
 * The element-wise part of one time step of one cell type, float32. All arrays are "planes" {@code [N*H]} indexed
 * by packed position {@code k = packedRow*H + j}, and one step covers the contiguous range {@code lo .. hi-1} (its live
 * rows), so every loop reads and writes all its arrays at the same index {@code k}.
 *
 * <p>Why this shape: the JIT (C2, Java 17) vectorises a loop only when all float-array accesses share one index
 * expression and the body is small enough to unroll. Loops here therefore each do one simple thing (one tanh at most)
 * over the whole step; a fused loop with five tanh, or one over run-time row offsets, runs scalar and was 5 times
 * slower (22 µs against 104 µs per 32×200 LSTM step).
 */
public interface CellKernelF {
    /** Number of gate blocks G (rows of weight_ih are G*H). */
    int gateBlocks();

    /** Whether the cell has a memory cell state besides h (LSTM). */
    boolean hasCellState();

    /**
     * The gate block whose recurrent part {@code W_hh h + b_hh} is kept apart in {@code aux} instead of being added
     * to its pre-activation (GRU's candidate, which the reset gate multiplies), or -1.
     */
    int recurrentApartBlock();

    /** Whether {@link #backward} leaves a part of dL/dh_{t-1} in {@code dh} that bypasses W_hh (GRU's z*dh). */
    boolean directHiddenGradient();

    /**
     * One step forward over {@code lo .. hi-1}.
     *
     * @param gates G planes: on entry the full pre-activations (biases included; for the apart block only
     *        {@code W_ih x + b_ih}); on exit the gate activations that backward needs
     * @param aux on entry the apart block's {@code W_hh h + b_hh} (GRU); on exit what backward needs (LSTM tanh(c))
     * @param hPrev previous hidden state, {@code cPrev} previous cell state (LSTM)
     * @param h out: new hidden state; {@code c} out: new cell state (LSTM)
     */
    void forward(int lo, int hi, float[][] gates, float[] aux, float[] hPrev, float[] cPrev, float[] h, float[] c);

    /**
     * One step backward over {@code lo .. hi-1}; consumes what forward saved.
     *
     * @param gates on entry the activations; on exit the gradients of the pre-activations (for the apart block, of
     *        {@code W_ih x + b_ih})
     * @param dh dL/dh_t on entry; on exit, if {@link #directHiddenGradient()}, the part of dL/dh_{t-1} bypassing
     *        W_hh, else undefined
     * @param dc dL/dc_t on entry, dL/dc_{t-1} on exit (LSTM)
     * @param recurrentGrad out: the gradient of the apart block's {@code W_hh h + b_hh} (GRU)
     */
    void backward(int lo, int hi, float[][] gates, float[] aux, float[] hPrev, float[] cPrev, float[] dh, float[] dc,
            float[] recurrentGrad);
}
