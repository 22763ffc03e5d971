package org.seqlab.seq2seq.bleu;

import java.util.Locale;

/**
 * sacreBLEU's smoothing methods for n-gram orders without matches (Chen and Cherry, WMT 2014). The default is
 * {@link #EXP}, as in sacreBLEU's {@code BLEU()}, {@code corpus_bleu()} and command line.
 */
public enum Smoothing {
    /** No smoothing: an order without matches makes the score 0. */
    NONE("none", Double.NaN),
    /** Method 1: an order without matches gets {@code value} matches (default 0.1). */
    FLOOR("floor", 0.1),
    /** Method 2: orders 2 and up get {@code value} added to matches and totals (default 1). */
    ADD_K("add-k", 1.0),
    /**
     * Method 3 (NIST, mteval-v13a.pl): the k-th order without matches, counting from order 1, gets precision
     * {@code 100 / (2^k * total)}.
     */
    EXP("exp", Double.NaN);

    private final String label;
    private final double defaultValue;

    Smoothing(String label, double defaultValue) {
        this.label = label;
        this.defaultValue = defaultValue;
    }

    /** sacreBLEU's name: {@code none}, {@code floor}, {@code add-k}, {@code exp}. */
    public String label() {
        return label;
    }

    /** Whether the method takes a value ({@code floor}, {@code add-k}). */
    public boolean takesValue() {
        return !Double.isNaN(defaultValue);
    }

    /** The value used when none is given: 0.1 for {@code floor}, 1 for {@code add-k}; NaN for the others. */
    public double defaultValue() {
        return defaultValue;
    }

    /** The method with sacreBLEU's name {@code label}. */
    public static Smoothing fromLabel(String label) {
        for (Smoothing s : values()) {
            if (s.label.equals(label.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown smoothing '" + label + "' (expected exp, none, floor or add-k)");
    }

    @Override
    public String toString() {
        return label;
    }
}
