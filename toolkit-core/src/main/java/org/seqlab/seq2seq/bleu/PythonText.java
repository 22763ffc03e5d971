package org.seqlab.seq2seq.bleu;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code str.isspace()}, {@code str.split()} and {@code str.rstrip()}, which sacreBLEU uses to cut tokens.
 * Python counts more characters as whitespace than Java's {@code \s} or {@link Character#isWhitespace} do: U+00A0
 * NO-BREAK SPACE, U+2007, U+202F, U+0085 and U+001C..U+001F among them. All of them are in the BMP, so one
 * {@code char} test suffices.
 */
final class PythonText {
    private PythonText() {
    }

    /** Python 3.11's {@code str.isspace()} for one character (Unicode 14: bidi class WS/B/S or category Zs). */
    static boolean isSpace(char c) {
        if (c <= ' ') {
            return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\u001c' && c <= '\u001f');
        }
        if (c < '\u0085') {
            return false;
        }
        return c == '\u0085' || c == '\u00a0' || c == '\u1680' || (c >= '\u2000' && c <= '\u200a')
                || c == '\u2028' || c == '\u2029' || c == '\u202f' || c == '\u205f' || c == '\u3000';
    }

    /** {@code s.split()}: the maximal runs of non-whitespace characters, in order. */
    static List<String> split(CharSequence s) {
        List<String> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                out.add(s.subSequence(start, i).toString());
            }
        }
        return out;
    }

    /** {@code s.rstrip()}: without trailing whitespace. */
    static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
