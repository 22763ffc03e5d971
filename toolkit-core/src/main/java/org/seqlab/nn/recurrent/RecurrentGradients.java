package org.seqlab.nn.recurrent;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What {@link RecurrentStack#backward} returns besides the parameter gradients it accumulates: dL/d input, packed
 * {@code [N, in]}, and dL/d initial states in {@link RecurrentState}'s layout.
 */
public record RecurrentGradients(INDArray input, RecurrentState initialState) {
}
