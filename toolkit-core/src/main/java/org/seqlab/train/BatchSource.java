package org.seqlab.train;

import java.util.List;

import org.seqlab.random.Rng;

/**
 * The training batches of one epoch, in the order to train on them. The order must depend on nothing but the training
 * data and {@code rng} (shuffle with it, bucket deterministically): the trainer replays an epoch from a saved
 * {@link Rng} state when it resumes in the middle of that epoch.
 */
public interface BatchSource<B> {
    List<B> epoch(Rng rng);
}
