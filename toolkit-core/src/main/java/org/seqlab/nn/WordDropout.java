package org.seqlab.nn;

import org.seqlab.random.Rng;

/**
 * Word dropout (Iyyer et al. 2015; Lample et al. 2016 for the {@code <unk>} form): at train time each token id is
 * replaced by the unknown-word id with probability p, so the model learns a useful {@code <unk>} vector. Ids equal
 * to the padding id are never replaced. One Rng draw per non-padding token, in order.
 */
public final class WordDropout {
    private final double p;
    private final int unknownId;
    private final int paddingId;

    /**
     * @param unknownId the id that replaces dropped tokens
     * @param paddingId an id never replaced (-1 for none)
     */
    public WordDropout(double p, int unknownId, int paddingId) {
        this.p = Dropout.checkProbability("word dropout", p);
        if (unknownId < 0) {
            throw new IllegalArgumentException("word dropout: the unknown-word id must be >= 0, got " + unknownId);
        }
        this.unknownId = unknownId;
        this.paddingId = paddingId;
    }

    /** A new array with dropped tokens replaced; at inference (or p = 0) a copy of {@code ids}. */
    public int[] apply(int[] ids, boolean training, Rng rng) {
        int[] out = ids.clone();
        if (!training || p == 0) {
            return out;
        }
        if (rng == null) {
            throw new IllegalArgumentException("word dropout: training needs an Rng");
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] != paddingId && rng.nextDouble() < p) {
                out[i] = unknownId;
            }
        }
        return out;
    }

    public double probability() {
        return p;
    }

    public int unknownId() {
        return unknownId;
    }
}
