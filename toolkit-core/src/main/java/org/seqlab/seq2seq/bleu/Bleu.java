package org.seqlab.seq2seq.bleu;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.seqlab.InputFormatException;
import org.seqlab.SeqlabException;

/**
 * Corpus BLEU equal to sacreBLEU 2.6.0 with one reference per segment: the 13a tokenizer, n-grams up to order 4,
 * {@code effective_order} off, mixed case unless {@link Builder#optLowercase lowercased}, and {@link Smoothing#EXP}
 * smoothing unless told otherwise. Counts, totals and lengths are exact; the score is computed in sacreBLEU's order
 * of floating-point operations with correctly rounded exp and log, so it is normally the very same double.
 *
 * <pre>{@code
 * BleuScore s = Bleu.corpusScore(hypotheses, references);         // sacreBLEU defaults
 * BleuScore t = Bleu.builder().optLowercase(true).build().score(hypotheses, references);
 * BleuAccumulator acc = Bleu.defaults().accumulator();            // sentence pairs one by one
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Bleu {
    /** The largest n-gram order (sacreBLEU's default). */
    public static final int MAX_ORDER = 4;
    /** The sacreBLEU version whose results this class reproduces; part of the signature. */
    public static final String SACREBLEU_VERSION = "2.6.0";

    private static final Bleu DEFAULTS = builder().build();
    /** sacreBLEU's log(0): a precision of 0 makes the score exp(-huge) = 0. */
    private static final double LOG_OF_ZERO = -9999999999.0;

    private final boolean lowercase;
    private final Smoothing smoothing;
    private final double smoothValue;
    private final Tokenizer13a tokenizer = new Tokenizer13a();

    private Bleu(Builder b) {
        this.lowercase = b.lowercase;
        this.smoothing = b.smoothing;
        this.smoothValue = Double.isNaN(b.smoothValue) ? b.smoothing.defaultValue() : b.smoothValue;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** sacreBLEU's defaults: mixed case, exp smoothing. */
    public static Bleu defaults() {
        return DEFAULTS;
    }

    /** Corpus BLEU with sacreBLEU's defaults; {@code references.get(i)} is the reference of {@code hypotheses.get(i)}. */
    public static BleuScore corpusScore(List<String> hypotheses, List<String> references) {
        return DEFAULTS.score(hypotheses, references);
    }

    /**
     * Corpus BLEU of parallel lists.
     *
     * @throws IllegalArgumentException if the lists differ in length
     */
    public BleuScore score(List<String> hypotheses, List<String> references) {
        BleuAccumulator acc = accumulator();
        acc.addAll(hypotheses, references);
        return acc.score();
    }

    /**
     * Corpus BLEU of two files of segments (UTF-8, one per line), read as sacreBLEU's command line reads them:
     * reference lines lose trailing whitespace; a blank reference line is scored as a reference of no words.
     *
     * @throws SeqlabException if a file is missing or not UTF-8, the line counts differ, or both files are empty
     */
    public BleuScore scoreFiles(Path hypothesisFile, Path referenceFile) {
        List<String> hyps = SegmentFiles.readLines(hypothesisFile);
        List<String> refs = SegmentFiles.readLines(referenceFile);
        if (hyps.size() != refs.size()) {
            throw new SeqlabException("line counts differ: hypothesis file " + hypothesisFile + " has " + hyps.size()
                    + " lines, reference file " + referenceFile + " has " + refs.size());
        }
        if (hyps.isEmpty()) {
            // sacreBLEU stops with an error on a corpus without sentences; a score of 0 would pass for a real one
            throw new InputFormatException(hypothesisFile.toString(), 0, "empty file, no segment to score (the"
                    + " reference file " + referenceFile + " is empty too; sacreBLEU refuses an empty corpus)");
        }
        BleuAccumulator acc = accumulator();
        for (int i = 0; i < hyps.size(); i++) {
            acc.add(hyps.get(i), PythonText.rstrip(refs.get(i)));
        }
        return acc.score();
    }

    /** A new, empty accumulator for this configuration. */
    public BleuAccumulator accumulator() {
        return new BleuAccumulator(this);
    }

    public boolean lowercase() {
        return lowercase;
    }

    public Smoothing smoothing() {
        return smoothing;
    }

    /** The smoothing value in use (the method's default when none was given); NaN for exp and none. */
    public double smoothValue() {
        return smoothValue;
    }

    /** sacreBLEU's signature, e.g. {@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0}. */
    public String signature() {
        String smooth = smoothing.label() + (smoothing.takesValue() ? "[" + PythonFloat.fixed(smoothValue, 2) + "]" : "");
        return "nrefs:1|case:" + (lowercase ? "lc" : "mixed") + "|eff:no|tok:13a|smooth:" + smooth
                + "|version:" + SACREBLEU_VERSION;
    }

    /** The tokens BLEU counts for one segment: optionally lowercased, trailing whitespace removed, 13a-tokenized. */
    public List<String> tokens(String segment) {
        String s = lowercase ? segment.toLowerCase(Locale.ROOT) : segment;
        return tokenizer.tokens(PythonText.rstrip(s));
    }

    /**
     * One pair's statistics as sacreBLEU lays them out: {@code [hyp_len, ref_len, correct_1..4, total_1..4]}. An empty
     * reference, as in sacreBLEU 2.6.0 with one reference, has length 0 and no n-grams: the hypothesis's n-grams
     * count in the totals and match nothing.
     */
    long[] segmentStatistics(String hypothesis, String reference) {
        List<String> hyp = tokens(hypothesis);
        List<String> ref = tokens(reference);
        // ids for the reference's words; a hypothesis word absent from the reference gets -1 and matches nothing
        Map<String, Integer> ids = new HashMap<>(ref.size() * 2);
        int[] refIds = new int[ref.size()];
        for (int i = 0; i < refIds.length; i++) {
            Integer known = ids.get(ref.get(i));
            if (known == null) {
                known = ids.size();
                ids.put(ref.get(i), known);
            }
            refIds[i] = known;
        }
        int[] hypIds = new int[hyp.size()];
        for (int i = 0; i < hypIds.length; i++) {
            hypIds[i] = ids.getOrDefault(hyp.get(i), -1);
        }
        long[] stats = new long[2 + 2 * MAX_ORDER];
        stats[0] = hypIds.length;
        stats[1] = refIds.length;
        Map<Gram, int[]> unmatched = new HashMap<>(refIds.length * 2);
        for (int n = 1; n <= MAX_ORDER; n++) {
            unmatched.clear();
            for (int i = 0; i + n <= refIds.length; i++) {
                unmatched.computeIfAbsent(new Gram(refIds, i, n), g -> new int[1])[0]++;
            }
            long correct = 0;
            for (int i = 0; i + n <= hypIds.length; i++) {
                if (hasAbsentWord(hypIds, i, n)) {
                    continue;
                }
                // clipping: each reference occurrence matches at most one hypothesis occurrence
                int[] left = unmatched.get(new Gram(hypIds, i, n));
                if (left != null && left[0] > 0) {
                    left[0]--;
                    correct++;
                }
            }
            stats[1 + n] = correct;
            stats[1 + MAX_ORDER + n] = Math.max(0, hypIds.length - n + 1);
        }
        return stats;
    }

    /**
     * The score from corpus statistics, in sacreBLEU's {@code compute_bleu} order of operations.
     *
     * @param counts clipped matches per order 1..4
     * @param totals hypothesis n-grams per order 1..4
     */
    public BleuScore scoreOf(long sysLen, long refLen, long[] counts, long[] totals) {
        if (counts.length != MAX_ORDER || totals.length != MAX_ORDER) {
            throw new IllegalArgumentException("counts and totals need " + MAX_ORDER + " orders");
        }
        double bp = 1.0;
        if (sysLen < refLen) {
            bp = sysLen > 0 ? CorrectlyRounded.exp(1.0 - (double) refLen / (double) sysLen) : 0.0;
        }
        double[] precisions = new double[MAX_ORDER];
        if (Arrays.stream(counts).allMatch(c -> c == 0)) {
            return new BleuScore(0.0, counts, totals, precisions, bp, sysLen, refLen, signature());
        }
        double mtevalFactor = 1.0;
        for (int n = 0; n < MAX_ORDER; n++) {
            double correct = counts[n];
            double total = totals[n];
            if (smoothing == Smoothing.ADD_K && n > 0) {
                correct += smoothValue;
                total += smoothValue;
            }
            if (total == 0) {
                break;
            }
            if (correct == 0) {
                if (smoothing == Smoothing.EXP) {
                    mtevalFactor *= 2;
                    precisions[n] = 100.0 / (mtevalFactor * total);
                } else if (smoothing == Smoothing.FLOOR) {
                    precisions[n] = 100.0 * smoothValue / total;
                }
            } else {
                precisions[n] = 100.0 * correct / total;
            }
        }
        double sumOfLogs = 0.0;
        for (double p : precisions) {
            sumOfLogs += p > 0.0 ? CorrectlyRounded.log(p) : LOG_OF_ZERO;
        }
        double score = bp * CorrectlyRounded.exp(sumOfLogs / MAX_ORDER);
        return new BleuScore(score, counts, totals, precisions, bp, sysLen, refLen, signature());
    }

    private static boolean hasAbsentWord(int[] ids, int from, int length) {
        for (int j = from; j < from + length; j++) {
            if (ids[j] < 0) {
                return true;
            }
        }
        return false;
    }

    /** An n-gram as a slice of word ids, compared by content. */
    private static final class Gram {
        private final int[] ids;
        private final int from;
        private final int length;
        private final int hash;

        Gram(int[] ids, int from, int length) {
            this.ids = ids;
            this.from = from;
            this.length = length;
            int h = length;
            for (int i = from; i < from + length; i++) {
                h = 31 * h + ids[i];
            }
            this.hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Gram g) || g.length != length || g.hash != hash) {
                return false;
            }
            return Arrays.equals(ids, from, from + length, g.ids, g.from, g.from + length);
        }
    }

    /** Options; all optional. */
    public static final class Builder {
        private boolean lowercase;
        private Smoothing smoothing = Smoothing.EXP;
        private double smoothValue = Double.NaN;

        private Builder() {
        }

        /** Lowercase hypotheses and references before tokenizing (sacreBLEU {@code -lc}); default false. */
        public Builder optLowercase(boolean lowercase) {
            this.lowercase = lowercase;
            return this;
        }

        /** The smoothing method; default {@link Smoothing#EXP}. */
        public Builder optSmoothing(Smoothing smoothing) {
            if (smoothing == null) {
                throw new IllegalArgumentException("smoothing is null");
            }
            this.smoothing = smoothing;
            return this;
        }

        /** The value for {@code floor} and {@code add-k} (ignored by the others); default 0.1 and 1 respectively. */
        public Builder optSmoothValue(double value) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("smoothing value must be finite and >= 0, got " + value);
            }
            this.smoothValue = value;
            return this;
        }

        public Bleu build() {
            return new Bleu(this);
        }
    }
}
