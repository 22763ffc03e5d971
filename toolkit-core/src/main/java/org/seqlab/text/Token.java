package org.seqlab.text;

/**
 * One word token: its text as it appears in the input, and where: {@code begin} and {@code end} are UTF-16
 * {@link String} indices into the tokenized string, end exclusive, so {@code input.substring(begin, end)} equals
 * {@code text}.
 */
public record Token(String text, int begin, int end) {
    public Token {
        if (text == null) {
            throw new IllegalArgumentException("token text is null");
        }
        if (begin < 0 || end < begin || end - begin != text.length()) {
            throw new IllegalArgumentException("bad token offsets [" + begin + ", " + end + ") for '" + text + "'");
        }
    }

    /** The token cut from {@code source} at {@code [begin, end)}. */
    static Token of(String source, int begin, int end) {
        return new Token(source.substring(begin, end), begin, end);
    }

    @Override
    public String toString() {
        return text + "[" + begin + "," + end + ")";
    }
}
