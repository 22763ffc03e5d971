package org.seqlab.lm;

import java.util.Arrays;
import java.util.Objects;

import org.seqlab.nn.recurrent.RecurrentState;

/**
 * Streaming use of a {@link LanguageModel}: {@link #feed} takes the next piece of a text, returns the log-probability
 * of each of its tokens given everything fed before, and keeps the recurrent state for the next piece, so a service can
 * score or extend a stream piece by piece. Feeding pieces gives the same log-probabilities as feeding their
 * concatenation at once (for BPE models, pieces must split at whitespace, where the word segmentation is the same).
 * A session starts, and {@link #reset} returns it, at the state after a line end, the context in which lines are
 * scored by {@link LanguageModel#logProbabilities}.
 *
 * <p>One session is one stream: not for concurrent use. The model may be shared by many sessions.
 */
public final class LmSession {
    private final LanguageModel model;
    private final int classes;
    private RecurrentState state;
    /** The logits of the next token. */
    private float[] next;
    private long fed;

    /** The logits of every step of a run and the state after it. */
    record Run(float[] logits, RecurrentState state) {
    }

    LmSession(LanguageModel model) {
        this.model = model;
        this.classes = model.tokens().size();
        reset();
    }

    /** Back to the state after a line end, as a new session. */
    public void reset() {
        Run r = model.run(new int[] {model.tokens().lineEnd()}, null);
        state = r.state();
        next = r.logits();
        fed = 0;
    }

    /** Encodes {@code text} with the model's tokens and feeds it; see {@link #feedIds}. */
    public double[] feed(String text) {
        Objects.requireNonNull(text, "feed: the text is null");
        return feedIds(model.tokens().encode(text));
    }

    /**
     * Feeds token ids and carries the state past them.
     *
     * @return for each token, its natural-log probability given every token fed before it in this session
     */
    public double[] feedIds(int[] ids) {
        Objects.requireNonNull(ids, "feedIds: the ids are null");
        // checked before the state moves: an id outside the vocabulary failed as an index error in the softmax
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= classes) {
                throw new IllegalArgumentException("feedIds: id " + ids[i] + " at position " + i
                        + " is outside the vocabulary of size " + classes);
            }
        }
        double[] lp = new double[ids.length];
        if (ids.length == 0) {
            return lp;
        }
        lp[0] = LanguageModel.logSoftmax(next, 0, classes, ids[0]);
        Run r = model.run(ids, state);
        for (int i = 1; i < ids.length; i++) {
            lp[i] = LanguageModel.logSoftmax(r.logits(), (i - 1) * classes, classes, ids[i]);
        }
        next = Arrays.copyOfRange(r.logits(), (ids.length - 1) * classes, ids.length * classes);
        state = r.state();
        fed += ids.length;
        return lp;
    }

    /** The logits of the token that would come next (a copy). */
    public float[] nextLogits() {
        return next.clone();
    }

    /** The state after everything fed (the model never modifies a state it is given). */
    public RecurrentState state() {
        return state;
    }

    /** Tokens fed since the session started or was reset. */
    public long tokensFed() {
        return fed;
    }
}
