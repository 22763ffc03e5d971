package org.seqlab;

/**
 * A failure the user can cause and fix (bad input, bad configuration, a missing file). The CLI prints its message alone,
 * without a stack trace, and exits with status 1; so the message must say what went wrong and where.
 */
public class SeqlabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SeqlabException(String message) {
        super(message);
    }

    public SeqlabException(String message, Throwable cause) {
        super(message, cause);
    }
}
