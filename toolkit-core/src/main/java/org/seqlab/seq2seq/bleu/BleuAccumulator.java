package org.seqlab.seq2seq.bleu;

import java.util.List;

/**
 * Collects BLEU's sufficient statistics sentence pair by sentence pair (for a translator's validation, which decodes
 * in batches), then scores the corpus; the result equals {@link Bleu#score} on the same pairs. Thread-safe: pairs may
 * be added from several threads (each pair is tokenized and counted outside the lock), and the score does not depend
 * on the order in which they arrive.
 */
public final class BleuAccumulator {
    private final Bleu bleu;
    private final long[] counts = new long[Bleu.MAX_ORDER];
    private final long[] totals = new long[Bleu.MAX_ORDER];
    private long sysLen;
    private long refLen;
    private long segments;

    BleuAccumulator(Bleu bleu) {
        this.bleu = bleu;
    }

    /** Adds one hypothesis and its reference (an empty reference counts as one of no words, as in sacreBLEU). */
    public void add(String hypothesis, String reference) {
        long[] stats = bleu.segmentStatistics(hypothesis, reference);
        synchronized (this) {
            sysLen += stats[0];
            refLen += stats[1];
            for (int n = 0; n < Bleu.MAX_ORDER; n++) {
                counts[n] += stats[2 + n];
                totals[n] += stats[2 + Bleu.MAX_ORDER + n];
            }
            segments++;
        }
    }

    /** Adds parallel lists of hypotheses and references. */
    public void addAll(List<String> hypotheses, List<String> references) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException(
                    hypotheses.size() + " hypotheses but " + references.size() + " references");
        }
        for (int i = 0; i < hypotheses.size(); i++) {
            add(hypotheses.get(i), references.get(i));
        }
    }

    /** How many pairs were added. */
    public synchronized long segments() {
        return segments;
    }

    /** The corpus score of the pairs added so far (0 with no pairs, never NaN). */
    public synchronized BleuScore score() {
        return bleu.scoreOf(sysLen, refLen, counts, totals);
    }
}
