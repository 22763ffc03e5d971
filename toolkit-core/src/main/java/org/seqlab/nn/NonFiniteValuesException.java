package org.seqlab.nn;

/**
 * A layer's input holds NaN or infinite values. An {@link IllegalArgumentException} as before, and its own type so
 * that a trainer can tell parameters that an update made non-finite (divergence) from other bad arguments.
 */
public class NonFiniteValuesException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public NonFiniteValuesException(String message) {
        super(message);
    }
}
