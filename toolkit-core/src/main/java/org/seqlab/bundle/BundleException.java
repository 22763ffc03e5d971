package org.seqlab.bundle;

import org.seqlab.SeqlabException;

/**
 * A model bundle that cannot be loaded: not a zip, truncated, tampered with, unsafe, or from a newer format. The
 * message names the bundle and, where there is one, the entry.
 */
public class BundleException extends SeqlabException {
    private static final long serialVersionUID = 1L;

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
