package org.seqlab.nn.recurrent;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.nn.kernel.DirectionKernel;

/**
 * The result of {@link RecurrentStack#forward}: the packed output {@code [N, directions*H]} (row
 * {@code layout.offset(t)+s} is step t of the sequence at sorted position s), the final states, and the cache that
 * {@link RecurrentStack#backward} consumes. One backward per forward.
 */
public final class RecurrentForward {
    private final SequenceLayout layout;
    private final INDArray output;
    private final RecurrentState finalState;
    final DirectionKernel[][] kernels;
    final INDArray[] layerInputs;

    RecurrentForward(SequenceLayout layout, INDArray output, RecurrentState finalState, DirectionKernel[][] kernels,
            INDArray[] layerInputs) {
        this.layout = layout;
        this.output = output;
        this.finalState = finalState;
        this.kernels = kernels;
        this.layerInputs = layerInputs;
    }

    public SequenceLayout layout() {
        return layout;
    }

    /** Packed output of the last layer, {@code [N, directions*H]}. */
    public INDArray output() {
        return output;
    }

    /** Final states {@code [layers*directions, B, H]}, sequences in the caller's order. */
    public RecurrentState finalState() {
        return finalState;
    }
}
