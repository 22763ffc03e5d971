package org.seqlab.seq2seq.decode;

/**
 * One finished output of a search.
 *
 * @param tokens the emitted token ids; {@code </s>} is the last when it ended the hypothesis ({@link #ended()})
 * @param score log P(tokens | source): the sum of {@code tokenLogProbs}
 * @param normalisedScore {@code score / lp(tokens.length)} with GNMT's length penalty (see {@link DecodeConfig}); the
 *     beam ranks finished hypotheses by it
 * @param tokenLogProbs per emitted token, its log-probability under the model
 * @param attention per emitted token, the model's attention row over the source positions at the step that emitted
 *     it; {@code null} when the model gives no attention
 * @param ended whether {@code </s>} ended it (otherwise the length limit did, or the model left no possible token)
 */
public record Hypothesis(int[] tokens, double score, double normalisedScore, float[] tokenLogProbs,
        float[][] attention, boolean ended) {

    /** The emitted tokens without the final {@code </s>}: the translation proper. */
    public int[] outputTokens() {
        return ended ? java.util.Arrays.copyOf(tokens, tokens.length - 1) : tokens.clone();
    }

    /** Per token of {@link #outputTokens()}, its attention row (null when the model gives none). */
    public float[][] outputAttention() {
        if (attention == null) {
            return null;
        }
        return ended ? java.util.Arrays.copyOf(attention, attention.length - 1) : attention.clone();
    }
}
