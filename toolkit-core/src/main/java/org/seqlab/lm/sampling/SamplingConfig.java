package org.seqlab.lm.sampling;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.seqlab.SeqlabException;

/**
 * How the next token is chosen from one step's logits. The controls apply in this order: repetition penalty,
 * temperature (or greedy), top-k, top-p; the draw is made from what is left, renormalised.
 *
 * @param temperature logits are divided by it before the softmax. Below {@link #GREEDY_BELOW} the choice is greedy
 *     (argmax, lowest index on ties), exactly, and top-k/top-p are moot (the argmax is always kept). 1 leaves the
 *     distribution unchanged. Default 1.
 * @param topK only the {@code topK} highest-scoring tokens may be emitted; ties at the k-th score are broken towards
 *     the lower token id, so exactly {@code min(topK, vocabulary)} tokens are kept. 0 turns it off. Default 0.
 * @param topP nucleus sampling: keep the smallest set of tokens, taken in descending probability (ties: lower id
 *     first), whose probability mass (after top-k, renormalised) reaches {@code topP}; at least one token is always
 *     kept. "Reaches" allows a relative rounding slack of {@link #TOP_P_SLACK}, so that a mass equal to
 *     {@code topP} on paper counts as reaching it. 1 turns it off. Must be in (0, 1]. Default 1.
 * @param repetitionPenalty CTRL-style (Keskar et al. 2019): the logit of every token already in the history (prompt
 *     and generated tokens, each token once however often it occurs) is divided by the penalty when positive and
 *     multiplied by it when negative, before the temperature. 1 turns it off. Must be positive. Default 1.
 * @param seed seed of the {@link org.seqlab.random.Rng} that a {@link Generator} creates when the caller gives none.
 *     Default 0.
 */
public record SamplingConfig(double temperature, int topK, double topP, double repetitionPenalty, long seed) {

    /** Temperatures below this are greedy decoding. */
    public static final double GREEDY_BELOW = 1e-4;

    /** Relative slack in "the kept mass reaches top-p": float logits cannot resolve probability differences this small. */
    public static final double TOP_P_SLACK = 1e-6;

    /** Plain sampling from the model distribution: temperature 1, no top-k, no top-p, no penalty, seed 0. */
    public static final SamplingConfig DEFAULT = new SamplingConfig(1, 0, 1, 1, 0);

    /** Greedy decoding (argmax at every step). */
    public static final SamplingConfig GREEDY = new SamplingConfig(0, 0, 1, 1, 0);

    public SamplingConfig {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new SeqlabException("temperature must be a finite number >= 0, not " + temperature);
        }
        if (topK < 0) {
            throw new SeqlabException("topK must be >= 0 (0 turns it off), not " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new SeqlabException("topP must be in (0, 1] (1 turns it off), not " + topP);
        }
        if (!(repetitionPenalty > 0) || Double.isInfinite(repetitionPenalty)) {
            throw new SeqlabException("repetitionPenalty must be a finite number > 0 (1 turns it off), not "
                    + repetitionPenalty);
        }
    }

    /** Reads a config in which every field is optional, applying the documented defaults to absent ones. */
    @JsonCreator
    static SamplingConfig fromJson(@JsonProperty("temperature") Double temperature,
            @JsonProperty("topK") Integer topK, @JsonProperty("topP") Double topP,
            @JsonProperty("repetitionPenalty") Double repetitionPenalty, @JsonProperty("seed") Long seed) {
        return new SamplingConfig(temperature == null ? DEFAULT.temperature : temperature,
                topK == null ? DEFAULT.topK : topK, topP == null ? DEFAULT.topP : topP,
                repetitionPenalty == null ? DEFAULT.repetitionPenalty : repetitionPenalty,
                seed == null ? DEFAULT.seed : seed);
    }

    /** Whether the temperature is low enough for greedy decoding. */
    @JsonIgnore
    public boolean greedy() {
        return temperature < GREEDY_BELOW;
    }

    public SamplingConfig withTemperature(double t) {
        return new SamplingConfig(t, topK, topP, repetitionPenalty, seed);
    }

    public SamplingConfig withTopK(int k) {
        return new SamplingConfig(temperature, k, topP, repetitionPenalty, seed);
    }

    public SamplingConfig withTopP(double p) {
        return new SamplingConfig(temperature, topK, p, repetitionPenalty, seed);
    }

    public SamplingConfig withRepetitionPenalty(double penalty) {
        return new SamplingConfig(temperature, topK, topP, penalty, seed);
    }

    public SamplingConfig withSeed(long s) {
        return new SamplingConfig(temperature, topK, topP, repetitionPenalty, s);
    }
}
