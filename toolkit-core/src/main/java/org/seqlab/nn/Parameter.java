package org.seqlab.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A named trainable tensor and its gradient. Layers write into {@link #grad()} in their backward pass by
 * <em>accumulating</em> (+=), so gradients from several uses of one parameter add up; the trainer zeroes them
 * before each step. Both arrays are C-ordered, contiguous and of the same shape and data type.
 */
public final class Parameter {
    private final String name;
    private final INDArray value;
    private final INDArray grad;
    /** Shared with every renamed view of this parameter, so that freezing or row tracking applies to all of them. */
    private final State state;

    private static final class State {
        boolean trainable = true;
        /** Rows of the gradient written since the last zeroGrad, when row tracking is on (see trackTouchedRows). */
        java.util.BitSet touchedRows;
    }

    public Parameter(String name, INDArray value) {
        this(name, value.ordering() == 'c' && !value.isView() ? value : value.dup('c'), null, new State());
    }

    private Parameter(String name, INDArray value, INDArray grad, State state) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a parameter needs a name");
        }
        this.name = name;
        this.value = value;
        this.grad = grad != null ? grad : Nd4j.zeros(value.dataType(), value.shape());
        this.state = state;
    }

    /**
     * The same parameter under another name (used when a component's parameters are nested): value, gradient,
     * trainable flag and row tracking are all shared, whichever of the two is changed.
     */
    static Parameter sharing(String name, Parameter original) {
        return new Parameter(name, original.value, original.grad, original.state);
    }

    /** A zero-filled parameter; an initialiser fills it. */
    public static Parameter zeros(String name, DataType type, long... shape) {
        return new Parameter(name, Nd4j.zeros(type, shape));
    }

    public String name() {
        return name;
    }

    public INDArray value() {
        return value;
    }

    public INDArray grad() {
        return grad;
    }

    public DataType dataType() {
        return value.dataType();
    }

    public long[] shape() {
        return value.shape();
    }

    public long size() {
        return value.length();
    }

    /** Frozen parameters (for example fixed pretrained embeddings) keep their value; optimizers skip them. */
    public boolean trainable() {
        return state.trainable;
    }

    public Parameter setTrainable(boolean trainable) {
        state.trainable = trainable;
        return this;
    }

    public void zeroGrad() {
        if (state.touchedRows == null) {
            if (org.seqlab.nn.kernel.Blas.isDensePrefix(grad)) {
                // one memset: ND4J's assign(0) went through its op executor, a few percent of a translator's step
                (dataType() == DataType.FLOAT ? org.seqlab.nn.kernel.Blas.floats(grad)
                        : org.seqlab.nn.kernel.Blas.doubles(grad)).zero();
            } else {
                grad.assign(0);
            }
            return;
        }
        // only the touched rows can be non-zero: clear those alone (an embedding table is mostly untouched)
        int cols = (int) (size() / Math.max(1, shape()[0]));
        if (dataType() == DataType.FLOAT) {
            java.nio.FloatBuffer g = grad.data().asNioFloat();
            float[] zeros = new float[cols];
            for (int r = state.touchedRows.nextSetBit(0); r >= 0; r = state.touchedRows.nextSetBit(r + 1)) {
                g.put(r * cols, zeros, 0, cols);
            }
        } else {
            java.nio.DoubleBuffer g = grad.data().asNioDouble();
            double[] zeros = new double[cols];
            for (int r = state.touchedRows.nextSetBit(0); r >= 0; r = state.touchedRows.nextSetBit(r + 1)) {
                g.put(r * cols, zeros, 0, cols);
            }
        }
        state.touchedRows.clear();
    }

    /**
     * Turns on row tracking for a parameter whose gradient is usually non-zero in a few rows only (an embedding table):
     * from now on EVERY writer of the gradient must report the rows (along dimension 0) it writes through
     * {@link #markTouchedRows}. Optimizers may then skip untouched rows where that is exact (plain SGD), and
     * {@link #zeroGrad()} clears only the touched rows.
     */
    public Parameter trackTouchedRows() {
        if (value.rank() < 1 || value.dataType() != DataType.FLOAT && value.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException(name + ": row tracking needs a float32/float64 tensor of rank >= 1");
        }
        if (state.touchedRows == null) {
            state.touchedRows = new java.util.BitSet((int) value.shape()[0]);
            grad.assign(0);
        }
        return this;
    }

    /** Records that the gradient rows {@code rows} were written (no effect without row tracking). */
    public void markTouchedRows(int... rows) {
        if (state.touchedRows != null) {
            long n = value.shape()[0];
            for (int r : rows) {
                if (r < 0 || r >= n) {
                    throw new IllegalArgumentException(name + ": row " + r + " outside [0, " + n + ")");
                }
                state.touchedRows.set(r);
            }
        }
    }

    /** The rows written since the last {@link #zeroGrad()} in increasing order, or null when rows are not tracked. */
    public int[] touchedRows() {
        return state.touchedRows == null ? null : state.touchedRows.stream().toArray();
    }

    @Override
    public String toString() {
        return name + java.util.Arrays.toString(value.shape()) + (state.trainable ? "" : " (frozen)");
    }
}
