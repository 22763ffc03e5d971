package org.seqlab.seq2seq.bleu;

/**
 * A corpus BLEU score with sacreBLEU's figures: the score and n-gram precisions in percent, the brevity penalty, the
 * length ratio and lengths, the clipped n-gram matches ({@link #counts}) and hypothesis n-grams ({@link #totals}) per
 * order, and the signature that says how it was computed. Immutable; the array getters return copies.
 */
public final class BleuScore {
    private final double score;
    private final long[] counts;
    private final long[] totals;
    private final double[] precisions;
    private final double bp;
    private final long sysLen;
    private final long refLen;
    private final String signature;

    BleuScore(double score, long[] counts, long[] totals, double[] precisions, double bp, long sysLen, long refLen,
            String signature) {
        this.score = score;
        this.counts = counts.clone();
        this.totals = totals.clone();
        this.precisions = precisions.clone();
        this.bp = bp;
        this.sysLen = sysLen;
        this.refLen = refLen;
        this.signature = signature;
    }

    /** BLEU in percent (0..100). */
    public double score() {
        return score;
    }

    /** Clipped n-gram matches for orders 1..4 (index 0 is unigrams), summed over the corpus. */
    public long[] counts() {
        return counts.clone();
    }

    /** Hypothesis n-grams for orders 1..4, summed over the corpus. */
    public long[] totals() {
        return totals.clone();
    }

    /** n-gram precisions in percent for orders 1..4, after smoothing. */
    public double[] precisions() {
        return precisions.clone();
    }

    /** Brevity penalty: 1 when the hypotheses are at least as long as the references, else exp(1 - ref/sys). */
    public double bp() {
        return bp;
    }

    /** sys_len / ref_len, 0 when there are no reference tokens. */
    public double ratio() {
        return refLen == 0 ? 0.0 : (double) sysLen / (double) refLen;
    }

    /** Hypothesis tokens. */
    public long sysLen() {
        return sysLen;
    }

    /** Reference tokens. */
    public long refLen() {
        return refLen;
    }

    /** sacreBLEU's signature, e.g. {@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0}. */
    public String signature() {
        return signature;
    }

    /** sacreBLEU's line without signature: {@code BLEU = 77.73 91.2/81.0/72.6/65.9 (BP = 1.000 ratio = ...)}. */
    public String format() {
        return "BLEU = " + scoreAndDetails();
    }

    /** sacreBLEU's text output, signature included: {@code BLEU|nrefs:1|...|version:2.6.0 = 77.73 ...}. */
    public String formatWithSignature() {
        return "BLEU|" + signature + " = " + scoreAndDetails();
    }

    private String scoreAndDetails() {
        StringBuilder s = new StringBuilder(PythonFloat.fixed(score, 2)).append(' ');
        for (int n = 0; n < precisions.length; n++) {
            s.append(n > 0 ? "/" : "").append(PythonFloat.fixed(precisions[n], 1));
        }
        return s.append(" (BP = ").append(PythonFloat.fixed(bp, 3))
                .append(" ratio = ").append(PythonFloat.fixed(ratio(), 3))
                .append(" hyp_len = ").append(sysLen)
                .append(" ref_len = ").append(refLen).append(')').toString();
    }

    /** The score as Python's {@code repr} prints it: the shortest decimal that reads back as the same double. */
    public String scoreText() {
        return PythonFloat.repr(score);
    }

    @Override
    public String toString() {
        return format();
    }
}
