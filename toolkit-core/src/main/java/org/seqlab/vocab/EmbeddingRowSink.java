package org.seqlab.vocab;

/** Receives the rows of an embedding file from a reader. */
interface EmbeddingRowSink {
    /** Called once before any row. @param declaredCount the header's row count, or -1 without header */
    void start(int dim, long declaredCount);

    /**
     * Whether the row of this word is wanted (a text reader parses its numbers only then). Called from several
     * threads at once, so it must be thread-safe; {@link #start} and {@link #accept} are called from one thread.
     */
    boolean wants(String word);

    /** A wanted row; {@code values} is reused for the next row. */
    void accept(String word, float[] values);
}
