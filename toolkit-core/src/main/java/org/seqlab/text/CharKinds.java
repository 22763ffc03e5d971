package org.seqlab.text;

/** Character classes the tokenizer and the sentence splitter share, with an ASCII fast path. */
final class CharKinds {
    private CharKinds() {
    }

    /** Whitespace, control characters and the invisible separators (no-break and zero-width spaces, BOM). */
    static boolean isSpace(char ch) {
        if (ch <= ' ') {
            return true;
        }
        if (ch < 0x80) {
            return ch == 0x7f;
        }
        return Character.isWhitespace(ch) || Character.isSpaceChar(ch) || ch == '\u200b' || ch == '\ufeff'
                || ch == '\u0085';
    }

    /** Letters, digits and combining marks: what words are made of. */
    static boolean isWordChar(int cp) {
        if (cp < 0x80) {
            return cp >= 'a' && cp <= 'z' || cp >= 'A' && cp <= 'Z' || cp >= '0' && cp <= '9';
        }
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /** A line break: LF, a CR not followed by LF (CRLF counts once, at its LF), NEL, LS, PS. */
    static boolean isLineBreak(String s, int i) {
        char ch = s.charAt(i);
        return ch == '\n' || ch == '\r' && (i + 1 >= s.length() || s.charAt(i + 1) != '\n')
                || ch == '\u0085' || ch == '\u2028' || ch == '\u2029';
    }
}
