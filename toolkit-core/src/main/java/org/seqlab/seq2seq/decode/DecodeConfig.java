package org.seqlab.seq2seq.decode;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.seqlab.SeqlabException;

/**
 * How translations are searched for.
 *
 * @param beamSize hypotheses kept per source at each step; 1 is greedy search (and gives exactly its output). At most
 *     {@link #MAX_BEAM_SIZE}. Default 5.
 * @param nBest how many finished hypotheses to return per source, best first; at most {@code beamSize}. Default 1.
 * @param alpha GNMT's length-penalty exponent (Wu et al. 2016): a finished hypothesis Y scores
 *     {@code log P(Y) / lp(|Y|)} with {@code lp(L) = ((5 + L) / 6)^alpha}, |Y| counting {@code </s>}. 0 ranks by
 *     log-probability alone; larger values favour longer outputs. Must be in [0, {@link #MAX_ALPHA}]. Default 0.6.
 * @param maxLengthRatio with {@code maxLengthOffset}: a source of n tokens (the length of the array given to the
 *     search: the peer counts pieces without the source's {@code </s>}) gets at most
 *     {@code floor(maxLengthRatio * n) + maxLengthOffset} target tokens, {@code </s>} included; a hypothesis still
 *     live at that length is finished as it stands. Must be finite and >= 0. Default 2.
 * @param maxLengthOffset see {@code maxLengthRatio}; must be >= 0. Default 10.
 */
public record DecodeConfig(int beamSize, int nBest, double alpha, double maxLengthRatio, int maxLengthOffset) {

    /**
     * The largest beam. Past a few dozen hypotheses translations get no better (they get shorter and worse: Koehn and
     * Knowles 2017, "Six challenges for NMT") while time and memory grow with the beam: a batch of 64 sources holds 64
     * times beam decoder rows, each with a row of next-token scores over the vocabulary. On 64 Multi30k lines with the
     * bundled en-de model (2 cores) beam 5 takes 7 s, beam 100 55 s and 1.7 GB, beam 200 86 s and 3 GB; beams in the
     * thousands exhaust the heap. 100 leaves room for experiments and still fits the default 8 GB heap.
     */
    public static final int MAX_BEAM_SIZE = 100;

    /**
     * The largest length-penalty exponent: at 10 a 20-token output's log-probability is already divided by 1.6 million,
     * so that larger exponents rank by length alone.
     */
    public static final double MAX_ALPHA = 10;

    /** Beam 5, 1-best, alpha 0.6, at most 2·|source| + 10 tokens (the peer's settings). */
    public static final DecodeConfig DEFAULT = new DecodeConfig(5, 1, 0.6, 2, 10);

    /** Greedy search with the default length limit (alpha only affects the reported normalised score). */
    public static final DecodeConfig GREEDY = DEFAULT.withBeamSize(1);

    public DecodeConfig {
        if (beamSize < 1 || beamSize > MAX_BEAM_SIZE) {
            throw new SeqlabException("beamSize must be in [1, " + MAX_BEAM_SIZE + "], not " + beamSize);
        }
        if (nBest < 1 || nBest > beamSize) {
            throw new SeqlabException("nBest must be in [1, beamSize=" + beamSize + "], not " + nBest);
        }
        if (!(alpha >= 0 && alpha <= MAX_ALPHA)) {
            throw new SeqlabException("alpha must be in [0, " + (int) MAX_ALPHA + "], not " + alpha);
        }
        if (!(maxLengthRatio >= 0) || Double.isInfinite(maxLengthRatio)) {
            throw new SeqlabException("maxLengthRatio must be a finite number >= 0, not " + maxLengthRatio);
        }
        if (maxLengthOffset < 0) {
            throw new SeqlabException("maxLengthOffset must be >= 0, not " + maxLengthOffset);
        }
    }

    /** Reads a config in which every field is optional, applying the documented defaults to absent ones. */
    @JsonCreator
    static DecodeConfig fromJson(@JsonProperty("beamSize") Integer beamSize, @JsonProperty("nBest") Integer nBest,
            @JsonProperty("alpha") Double alpha, @JsonProperty("maxLengthRatio") Double maxLengthRatio,
            @JsonProperty("maxLengthOffset") Integer maxLengthOffset) {
        return new DecodeConfig(beamSize == null ? DEFAULT.beamSize : beamSize, nBest == null ? DEFAULT.nBest : nBest,
                alpha == null ? DEFAULT.alpha : alpha,
                maxLengthRatio == null ? DEFAULT.maxLengthRatio : maxLengthRatio,
                maxLengthOffset == null ? DEFAULT.maxLengthOffset : maxLengthOffset);
    }

    /** The most target tokens ({@code </s>} included) for a source of {@code sourceLength} tokens. */
    public int maxLength(int sourceLength) {
        double limit = Math.floor(maxLengthRatio * sourceLength) + maxLengthOffset;
        return (int) Math.min(limit, Integer.MAX_VALUE - 1);
    }

    /** GNMT's length penalty {@code ((5 + length) / 6)^alpha}. */
    public double lengthPenalty(int length) {
        return Math.pow((5.0 + length) / 6.0, alpha);
    }

    /** This config with beam size {@code k}; nBest is lowered to {@code k} if it was larger. */
    public DecodeConfig withBeamSize(int k) {
        return new DecodeConfig(k, Math.min(nBest, k), alpha, maxLengthRatio, maxLengthOffset);
    }

    public DecodeConfig withNBest(int n) {
        return new DecodeConfig(beamSize, n, alpha, maxLengthRatio, maxLengthOffset);
    }

    public DecodeConfig withAlpha(double a) {
        return new DecodeConfig(beamSize, nBest, a, maxLengthRatio, maxLengthOffset);
    }

    public DecodeConfig withMaxLength(double ratio, int offset) {
        return new DecodeConfig(beamSize, nBest, alpha, ratio, offset);
    }
}
