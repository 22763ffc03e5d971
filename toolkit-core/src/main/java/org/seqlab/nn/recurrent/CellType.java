package org.seqlab.nn.recurrent;

import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.nn.kernel.DirectionKernel;
import org.seqlab.nn.kernel.DirectionKernelD;
import org.seqlab.nn.kernel.DirectionKernelF;
import org.seqlab.nn.kernel.ElmanKernelD;
import org.seqlab.nn.kernel.ElmanKernelF;
import org.seqlab.nn.kernel.GruKernelD;
import org.seqlab.nn.kernel.GruKernelF;
import org.seqlab.nn.kernel.LstmKernelD;
import org.seqlab.nn.kernel.LstmKernelF;

/** The recurrent cells, with PyTorch's equations and gate orders (LSTM i,f,g,o; GRU r,z,n). */
public enum CellType {
    /** Elman RNN, {@code h' = tanh(W_ih x + b_ih + W_hh h + b_hh)}. */
    RNN_TANH(1),
    /** Elman RNN with ReLU instead of tanh. */
    RNN_RELU(1),
    LSTM(4),
    GRU(3);

    private final int gateBlocks;

    CellType(int gateBlocks) {
        this.gateBlocks = gateBlocks;
    }

    /** G: weight_ih has G*H rows. */
    public int gateBlocks() {
        return gateBlocks;
    }

    public boolean hasCellState() {
        return this == LSTM;
    }

    /**
     * The gate block whose recurrent bias stays apart from its input pre-activation (GRU's candidate, {@code
     * n = tanh(W_in x + b_in + r * (W_hn h + b_hn))}), or -1 where both biases simply add. The cell kernels' {@code
     * recurrentApartBlock()} agrees ({@code CellTypeTest}).
     */
    public int recurrentApartBlock() {
        return this == GRU ? 2 : -1;
    }

    DirectionKernel kernel(DataType type, SequenceLayout layout, int inputSize, int hidden, boolean reverse) {
        if (type == DataType.DOUBLE) {
            return new DirectionKernelD(switch (this) {
                case RNN_TANH -> new ElmanKernelD(false);
                case RNN_RELU -> new ElmanKernelD(true);
                case LSTM -> new LstmKernelD();
                case GRU -> new GruKernelD();
            }, layout, inputSize, hidden, reverse);
        }
        return new DirectionKernelF(switch (this) {
            case RNN_TANH -> new ElmanKernelF(false);
            case RNN_RELU -> new ElmanKernelF(true);
            case LSTM -> new LstmKernelF();
            case GRU -> new GruKernelF();
        }, layout, inputSize, hidden, reverse);
    }
}
