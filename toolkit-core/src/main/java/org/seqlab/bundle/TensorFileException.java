package org.seqlab.bundle;

import org.seqlab.SeqlabException;

/** A tensor file that cannot be read: truncated, corrupted, or not a tensor file. The message names the file and the tensor. */
public class TensorFileException extends SeqlabException {
    private static final long serialVersionUID = 1L;

    public TensorFileException(String message) {
        super(message);
    }

    public TensorFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
