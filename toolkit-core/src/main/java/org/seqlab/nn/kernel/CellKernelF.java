package org.seqlab.nn.kernel;

/**
 * The element-wise part of one time step of one cell type, float32, over the live rows {@code 0 .. rows-1} (a prefix in
 * sorted order). Plain loops over Java arrays, simple enough for the JIT to vectorise. Row-major layouts: gate blocks
 * of width {@code H}, {@code G} blocks per row.
 *
 * <p>Implementations copy each row's blocks into scratch arrays (one per gate) and run their loops over those at index
 * {@code j}: the JIT (C2, Java 17) vectorises {@code a[j] = f(b[j], c[j])} but not loops over run-time offsets such
 * as {@code a[g + j]}, a factor of 5 on these loops. The scratch lives in the kernel object, which belongs to one
 * forward call and its backward.
 */
public interface CellKernelF {
    /** Number of gate blocks G (rows of weight_ih are G*H). */
    int gateBlocks();

    /** Whether the cell has a memory cell state besides h (LSTM). */
    boolean hasCellState();

    /**
     * Whether the gradient reaching {@code W_hh h + b_hh} differs from the one reaching {@code W_ih x + b_ih} (GRU,
     * whose reset gate multiplies the recurrent part of the candidate).
     */
    boolean separateRecurrentGradient();

    /** Called once before the forward steps, with the direction's biases ({@code [G*H]} each). */
    void prepare(int hidden, float[] biasIh, float[] biasHh);

    /**
     * One step forward.
     *
     * @param gates on entry {@code W_ih x} (no bias) of the step's rows from {@code gateOffset}; on exit the gate
     *        activations that backward needs
     * @param recurrent {@code W_hh h_prev} (no bias) of the rows, from 0
     * @param h previous hidden state on entry, new one on exit (rows from 0)
     * @param c previous cell state on entry, new one on exit (LSTM; else unused)
     * @param aux per-cell saved values for backward from {@code stateOffset} (LSTM tanh(c); GRU W_hn h + b_hn)
     */
    void forward(int rows, int hidden, float[] gates, int gateOffset, float[] recurrent, float[] h, float[] c,
            float[] aux, int stateOffset);

    /**
     * One step backward.
     *
     * @param dh dL/dh_t on entry; on exit the part of dL/dh_{t-1} that does not pass through W_hh
     * @param dc dL/dc_t on entry, dL/dc_{t-1} on exit (LSTM)
     * @param gradX gate pre-activation gradients reaching {@code W_ih x + b_ih}, written from {@code gateOffset}
     * @param gradH the same for {@code W_hh h + b_hh} (the same array unless {@link #separateRecurrentGradient()})
     */
    void backward(int rows, int hidden, float[] gates, int gateOffset, float[] aux, float[] hPrev, float[] cPrev,
            int stateOffset, float[] dh, float[] dc, float[] gradX, float[] gradH);
}
