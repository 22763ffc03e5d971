package org.seqlab.nn.recurrent;

/**
 * The shape of a recurrent network.
 *
 * @param cell the cell type
 * @param inputSize width of each input step
 * @param hiddenSize H, per direction
 * @param layers stacked layers (default 1); layer k reads layer k-1's output of width directions*H
 * @param bidirectional whether each layer also runs a reverse direction (default false)
 * @param residual whether layers after the first add their input to their output (default false; sizes always match)
 * @param maxLength the longest sequence accepted (default 100000); longer ones are refused with a clear error
 */
public record RecurrentConfig(CellType cell, int inputSize, int hiddenSize, int layers, boolean bidirectional,
        boolean residual, int maxLength) {
    public static final int DEFAULT_MAX_LENGTH = 100_000;

    public RecurrentConfig {
        if (cell == null) {
            throw new IllegalArgumentException("recurrent layer: a cell type is required");
        }
        if (inputSize < 1 || hiddenSize < 1 || layers < 1 || maxLength < 1) {
            throw new IllegalArgumentException("recurrent layer: input size, hidden size, layers and max length must be"
                    + " at least 1, got " + inputSize + ", " + hiddenSize + ", " + layers + ", " + maxLength);
        }
    }

    /** 1 or 2. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** Width of the output: directions * H. */
    public int outputSize() {
        return directions() * hiddenSize;
    }

    /** Input width of layer {@code layer}. */
    public int layerInputSize(int layer) {
        return layer == 0 ? inputSize : outputSize();
    }
}
