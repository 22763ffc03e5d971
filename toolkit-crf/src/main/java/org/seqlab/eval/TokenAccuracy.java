package org.seqlab.eval;

import java.util.List;

/**
 * Token-level agreement of predicted and gold labels (the figure for POS tagging), with a {@link Confusion} of the
 * label pairs. Mutable accumulator; not thread-safe.
 */
public final class TokenAccuracy {
    private long tokens;
    private long correct;
    private final Confusion confusion = new Confusion();

    /**
     * Adds one sentence.
     *
     * @throws IllegalArgumentException when the two sequences differ in length
     */
    public void add(List<String> gold, List<String> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException("gold has " + gold.size() + " labels, the prediction "
                    + predicted.size());
        }
        for (int i = 0; i < gold.size(); i++) {
            add(gold.get(i), predicted.get(i));
        }
    }

    /** Adds one token. */
    public void add(String gold, String predicted) {
        tokens++;
        if (gold.equals(predicted)) {
            correct++;
        }
        confusion.add(gold, predicted);
    }

    public long tokens() {
        return tokens;
    }

    public long correct() {
        return correct;
    }

    /** Percent of tokens labelled correctly; 0 when there are none. */
    public double accuracy() {
        return tokens > 0 ? 100.0 * correct / tokens : 0.0;
    }

    public Confusion confusion() {
        return confusion;
    }
}
