package org.seqlab.train;

import org.seqlab.nn.ParameterSet;
import org.seqlab.random.Rng;

/**
 * What the {@link Trainer} needs from a model: its parameters and one forward-backward pass over a batch.
 *
 * @param <B> the batch type the model's {@link BatchSource} produces
 */
public interface TrainableModel<B> {
    /** All parameters, in a fixed order (checkpoints and optimizer state are keyed by their names). */
    ParameterSet parameters();

    /**
     * Computes the loss of {@code batch} and ACCUMULATES its gradient into the parameters' gradients (the trainer has
     * zeroed them). All randomness (dropout masks, sampling) must come from {@code rng}, so that a run resumed from a
     * checkpoint repeats it exactly.
     *
     * @return the summed (not averaged) loss and the number of items it sums over (sentences, tokens, ...)
     */
    BatchLoss forwardBackward(B batch, Rng rng);

    /** Summed loss of a batch and the number of items (tokens, sentences) it covers; the trainer reports loss/items. */
    record BatchLoss(double loss, long items) {
    }
}
