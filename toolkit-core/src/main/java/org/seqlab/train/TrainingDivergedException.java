package org.seqlab.train;

import org.seqlab.SeqlabException;

/** The loss or the gradient became NaN or infinite; names where, so the run can be repeated with other settings. */
public class TrainingDivergedException extends SeqlabException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;
    private final long step;

    /**
     * @param epoch 1-based epoch
     * @param batch 1-based batch within the epoch
     * @param step 1-based optimizer step in the whole run
     */
    public TrainingDivergedException(String what, int epoch, int batch, int batchesInEpoch, long step) {
        super("training diverged: " + what + " at epoch " + epoch + ", batch " + batch + " of " + batchesInEpoch
                + " (step " + step + "); lower the learning rate or clip gradients (the last checkpoint is intact)");
        this.epoch = epoch;
        this.batch = batch;
        this.step = step;
    }

    public int epoch() {
        return epoch;
    }

    public int batch() {
        return batch;
    }

    public long step() {
        return step;
    }
}
