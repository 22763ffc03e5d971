package org.seqlab.lm.sampling;

/**
 * A model that generates one token at a time: fed the previous token and its state, it returns the logits of the next
 * token and the state after that token. The state is opaque to the {@link Generator} (an LSTM's hidden and cell rows,
 * or nothing for a Markov chain); a step must not modify the state it is given, so a state may be reused.
 *
 * @param <S> the model's state type
 */
public interface StepModel<S> {

    /** The state before the first token. */
    S initialState();

    /**
     * Feeds one token.
     *
     * @param previousToken the token just emitted (or the next prompt token)
     * @param state the state before {@code previousToken}
     * @return the logits of the token that follows and the state after {@code previousToken}
     */
    Step<S> step(int previousToken, S state);

    /**
     * One step's output. The logits row may be reused by the model on its next step; the generator reads it before
     * calling {@link StepModel#step} again.
     */
    record Step<S>(float[] logits, S state) {
    }
}
