package org.seqlab.seq2seq.decode;

/**
 * What one {@link DecoderModel#step} returns.
 *
 * @param state the state after the fed tokens (same rows)
 * @param logProbs {@code [rows][vocabulary]} next-token log-probabilities
 * @param attention {@code [rows][source positions]} the attention weights of the step; {@code null} for a model
 *     without attention (the hypotheses then carry no attention rows)
 * @param <S> the model's state type
 */
public record DecoderStep<S>(S state, float[][] logProbs, float[][] attention) {
}
