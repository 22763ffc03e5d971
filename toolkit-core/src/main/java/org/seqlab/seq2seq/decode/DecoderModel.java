package org.seqlab.seq2seq.decode;

/**
 * A sequence-to-sequence model seen one target step at a time over a batch of rows, which is all that
 * {@link GreedySearch} and {@link BeamSearch} need. A row is one live hypothesis: at first one row per source, then
 * the searches select and duplicate rows with {@link #reorder} (a beam keeps up to k rows per source) and drop the
 * rows of finished sources. The model keeps, per row, whatever it needs (hidden and cell states, the input-feeding
 * vector, which source's attention memory the row reads); the searches never look inside the state.
 *
 * <p>A model may be shared between threads if these methods are; the searches hold the per-call scratch.
 *
 * @param <S> the model's state type
 */
public interface DecoderModel<S> {

    /** The token fed at the first step (the start token, {@code <s>}). */
    int startToken();

    /** The token that ends a hypothesis ({@code </s>}). */
    int endToken();

    /**
     * Encodes a batch of sources.
     *
     * @param sources the source token ids, one array per source
     * @return the state before the first target token, with row {@code i} for source {@code i}
     */
    S init(int[][] sources);

    /**
     * Feeds one token per row.
     *
     * @param state the state; its rows match {@code previousTokens}
     * @param previousTokens the token each row emitted last ({@link #startToken()} at the first step)
     * @return per row the log-probabilities of the next token (each at most 0: the searches' early stop relies on it;
     *     -infinity for tokens that must never be emitted, such as the start token) and the attention row over its
     *     source positions, and the state after {@code previousTokens}. The arrays may be the model's reused scratch:
     *     the searches read them before the next call and copy what they keep.
     */
    DecoderStep<S> step(S state, int[] previousTokens);

    /**
     * Selects rows: the returned state's row {@code j} is row {@code parentRows[j]} of {@code state}. Rows may be
     * repeated (a hypothesis with two surviving continuations) or left out (hypotheses that ended or fell off the beam).
     * {@code parentRows} may be the searches' scratch: the model must not keep it.
     */
    S reorder(S state, int[] parentRows);
}
