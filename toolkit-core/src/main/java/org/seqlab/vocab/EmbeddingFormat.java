package org.seqlab.vocab;

/**
 * The layouts of pretrained-embedding files. Each may be stored plain, gzip-compressed, or as the single file of a zip
 * archive; {@link EmbeddingLoader} tells them apart from the content (see {@link EmbeddingLoader#detect}).
 */
public enum EmbeddingFormat {
    /** GloVe: one {@code word v1 ... vD} line per word, no header; D is taken from the first row. */
    GLOVE_TEXT,
    /**
     * word2vec text, which is also fastText's {@code .vec}: a {@code count dim} header line, then GloVe-style rows.
     */
    WORD2VEC_TEXT,
    /**
     * word2vec binary: a {@code count dim} header line, then per row the UTF-8 word, one space, and {@code dim}
     * little-endian float32 values, optionally followed by {@code '\n'}.
     */
    WORD2VEC_BINARY
}
