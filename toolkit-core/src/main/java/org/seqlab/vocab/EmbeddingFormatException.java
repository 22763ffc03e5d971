package org.seqlab.vocab;

import org.seqlab.InputFormatException;

/**
 * A malformed pretrained-embedding file. The message reads {@code file:line: problem}; for word2vec binary files the
 * number is the 1-based vector row (the header being row 0), since binary rows are not lines.
 */
public class EmbeddingFormatException extends InputFormatException {
    private static final long serialVersionUID = 1L;

    public EmbeddingFormatException(String source, long line, String problem) {
        super(source, line, problem);
    }

    public EmbeddingFormatException(String source, long line, String problem, Throwable cause) {
        super(source, line, problem, cause);
    }
}
