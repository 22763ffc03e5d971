package org.seqlab.conll;

import org.seqlab.SeqlabException;

/** A tag that the tagging scheme in use does not allow, e.g. {@code E-PER} in IOB2, or {@code B-} without a type. */
public class InvalidTagException extends SeqlabException {
    private static final long serialVersionUID = 1L;

    private final String tag;
    private final TagScheme scheme;

    public InvalidTagException(String tag, TagScheme scheme, String where) {
        super((where == null || where.isEmpty() ? "" : where + ": ") + "tag '" + tag + "' is not valid in the "
                + scheme + " scheme (allowed: " + scheme.allowedForms() + ")");
        this.tag = tag;
        this.scheme = scheme;
    }

    public String tag() {
        return tag;
    }

    public TagScheme scheme() {
        return scheme;
    }
}
