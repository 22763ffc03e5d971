package org.seqlab.nn.recurrent;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Hidden states (and LSTM cell states) of every layer and direction, PyTorch's layout {@code [layers*directions, B, H]}
 * with index {@code layer*directions + direction} (0 forward, 1 reverse), sequences in the caller's order. Used for
 * initial states, final states and their gradients; {@code cell} is null for cells without a cell state.
 */
public record RecurrentState(INDArray hidden, INDArray cell) {
}
