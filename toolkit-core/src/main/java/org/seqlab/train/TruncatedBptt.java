package org.seqlab.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Truncated back-propagation through time over one long stream (a language-model corpus, say): the stream is cut
 * into windows of {@code window} steps that start every {@code stride} steps, the recurrent state is carried from one
 * window into the next as a constant, and each window's backward pass stops at the window's first step.
 *
 * <h2>Chunks</h2>
 * Chunk i covers steps {@code [i·stride, min(i·stride + window, length))}; chunks are made until one reaches the end
 * of the stream. With {@code stride == window} they tile the stream. With {@code stride < window} they overlap, and a
 * step is scored (its loss counted, its gradient propagated) only in the first chunk that contains it: chunk i scores
 * {@code [lossFrom, end)} with {@code lossFrom} the previous chunk's end (0 for the first), so every step is scored once
 * and gets at least {@code window - stride + 1} steps of history in its backward pass. With {@code window ≥ length}
 * there is one chunk, and the gradient is the full BPTT gradient.
 *
 * <h2>The contract a recurrent model fulfils ({@link ChunkModel})</h2>
 * <ol>
 * <li>Initial state in: the forward pass of a chunk starts from the given state (the state after step
 * {@code start - 1}; for the first chunk the caller's initial state, usually zeros).</li>
 * <li>No gradient into the carried state: the state is a constant of the chunk; the backward pass computes no gradient
 * for it and propagates nothing past step {@code start}.</li>
 * <li>Loss only on {@code [lossFrom, end)}: earlier steps of the chunk are run (they build the state and carry gradient
 * backwards) but contribute no loss.</li>
 * <li>State out: the model returns the state after step {@code carryAt - 1} (the next chunk's start, or the chunk's end
 * for the last chunk) as a detached copy: values only, not tied to this chunk's caches or buffers, and unchanged by the
 * next chunk's work.</li>
 * <li>Gradients accumulate (+=) into the parameters as in any backward pass; the caller decides when to step the
 * optimizer and zero them ({@link ChunkListener}).</li>
 * </ol>
 */
public final class TruncatedBptt {
    private TruncatedBptt() {
    }

    /**
     * One window of the stream, absolute step indices: run {@code [start, end)}, score {@code [lossFrom, end)}, return
     * the state before step {@code carryAt}.
     */
    public record Chunk(int index, int start, int end, int lossFrom, int carryAt) {
        public int length() {
            return end - start;
        }
    }

    /** What a chunk's forward-backward pass returns: the summed loss over the scored steps, their count, the state out. */
    public record ChunkResult<S>(double loss, long items, S carriedState) {
    }

    /** A recurrent model trainable with truncated BPTT; see the class comment for the contract. */
    public interface ChunkModel<S> {
        ChunkResult<S> forwardBackward(Chunk chunk, S initialState);
    }

    /** Called after each chunk's backward pass: typically clip, step the optimizer and zero the gradients. */
    public interface ChunkListener {
        void afterChunk(Chunk chunk, double loss, long items);
    }

    /** The chunks of a stream of {@code length} steps. */
    public static List<Chunk> chunks(int length, int window, int stride) {
        if (length < 1 || window < 1 || stride < 1 || stride > window) {
            throw new IllegalArgumentException("truncated BPTT needs length ≥ 1, window ≥ 1 and 1 ≤ stride ≤ window: length "
                    + length + ", window " + window + ", stride " + stride);
        }
        List<Chunk> out = new ArrayList<>();
        int lossFrom = 0;
        for (int i = 0;; i++) {
            int start = i * stride;
            int end = Math.min(start + window, length);
            boolean last = end == length;
            out.add(new Chunk(i, start, end, lossFrom, last ? end : start + stride));
            if (last) {
                return out;
            }
            lossFrom = end;
        }
    }

    /**
     * Runs the chunks in order, carrying the state, and returns the summed loss over the whole stream.
     *
     * @param initialState the state before step 0
     * @param listener called after each chunk (may be null)
     */
    public static <S> double run(ChunkModel<S> model, int length, int window, int stride, S initialState,
            ChunkListener listener) {
        double total = 0;
        S state = initialState;
        for (Chunk chunk : chunks(length, window, stride)) {
            ChunkResult<S> r = model.forwardBackward(chunk, state);
            state = r.carriedState();
            total += r.loss();
            if (listener != null) {
                listener.afterChunk(chunk, r.loss(), r.items());
            }
        }
        return total;
    }
}
