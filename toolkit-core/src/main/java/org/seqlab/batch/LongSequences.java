package org.seqlab.batch;

/** What to do with a sequence longer than the configured maximum length. */
public enum LongSequences {
    /** Refuse it with an error naming the sequence (and its source and line where known). */
    REFUSE,
    /** Cut it into consecutive pieces of at most the maximum; a {@link BatchPlan} joins their outputs back. */
    SPLIT
}
