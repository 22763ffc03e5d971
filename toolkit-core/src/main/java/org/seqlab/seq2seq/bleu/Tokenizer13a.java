package org.seqlab.seq2seq.bleu;

import java.util.List;

/**
 * sacreBLEU's default {@code 13a} tokenizer (the mteval-v13a.pl rules used by WMT), reproduced exactly.
 *
 * <p>After removing {@code <skipped>} and {@code -\n}, turning newlines into spaces and unescaping {@code &quot;
 * &amp; &lt; &gt;} (in that order), sacreBLEU applies four regular expressions, each as a global left-to-right
 * replacement of non-overlapping matches, and then collapses whitespace the way Python's {@code str.split()} does:
 * <ol>
 *   <li>{@code ([\{-\~\[-\` -\&\(-\+\:-\@\/])} → {@code " \1 "}: ASCII symbols get spaces around them;
 *   <li>{@code ([^0-9])([\.,])} → {@code "\1 \2 "}: period or comma not after a digit;
 *   <li>{@code ([\.,])([^0-9])} → {@code " \1 \2"}: period or comma not before a digit;
 *   <li>{@code ([0-9])(-)} → {@code "\1 \2 "}: a hyphen after a digit.
 * </ol>
 * Every pattern matches a fixed one or two characters, so each pass here is one linear scan that mimics the regex
 * engine's match positions (no backtracking). Only ASCII characters are ever split off, so scanning UTF-16 units
 * gives the same result as Python's scan over code points. Stateless and thread-safe.
 */
public final class Tokenizer13a {
    /** The characters of the first pattern's class: {@code {|}~ [\]^_` space!"#$%& ()*+ :;<=>?@ /}. */
    private static final boolean[] SYMBOL = new boolean[128];

    static {
        markRange('{', '~');
        markRange('[', '`');
        markRange(' ', '&');
        markRange('(', '+');
        markRange(':', '@');
        SYMBOL['/'] = true;
    }

    private static void markRange(char from, char to) {
        for (char c = from; c <= to; c++) {
            SYMBOL[c] = true;
        }
    }

    /** The tokenized line, tokens joined by single spaces: what sacreBLEU's {@code Tokenizer13a()(line)} returns. */
    public String tokenize(String line) {
        return String.join(" ", tokens(line));
    }

    /** The tokens of a line, as sacreBLEU counts them (its tokenized line split on whitespace). */
    public List<String> tokens(String line) {
        String s = line;
        s = s.replace("<skipped>", "");
        s = s.replace("-\n", "");
        s = s.replace('\n', ' ');
        if (s.indexOf('&') >= 0) {
            s = s.replace("&quot;", "\"");
            s = s.replace("&amp;", "&");
            s = s.replace("&lt;", "<");
            s = s.replace("&gt;", ">");
        }
        Text t = splitSymbols(s);
        if (t.contains('.') || t.contains(',')) {
            t = periodCommaAfterNonDigit(t);
            t = periodCommaBeforeNonDigit(t);
        }
        if (t.contains('-')) {
            t = hyphenAfterDigit(t);
        }
        return PythonText.split(t);
    }

    /** A char buffer and its used length: each pass writes a new one (a pass at most doubles or triples it). */
    private record Text(char[] buf, int length) implements CharSequence {
        boolean contains(char c) {
            for (int i = 0; i < length; i++) {
                if (buf[i] == c) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            return buf[index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(buf, start, end - start);
        }

        @Override
        public String toString() {
            return new String(buf, 0, length);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isPeriodOrComma(char c) {
        return c == '.' || c == ',';
    }

    /** Pads the line with a space on each side (as sacreBLEU does), then pattern 1: {@code " \1 "} around symbols. */
    private static Text splitSymbols(String s) {
        int n = s.length();
        char[] out = new char[3 * n + 2];
        int o = 0;
        out[o++] = ' ';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 128 && SYMBOL[c]) {
                out[o++] = ' ';
                out[o++] = c;
                out[o++] = ' ';
            } else {
                out[o++] = c;
            }
        }
        out[o++] = ' ';
        return new Text(out, o);
    }

    /** Pattern 2: {@code ([^0-9])([\.,])} → {@code "\1 \2 "}; a match consumes both characters. */
    private static Text periodCommaAfterNonDigit(Text t) {
        char[] s = t.buf;
        int n = t.length;
        char[] out = new char[2 * n];
        int o = 0;
        int i = 0;
        while (i < n) {
            char c = s[i];
            if (i + 1 < n && !isDigit(c) && isPeriodOrComma(s[i + 1])) {
                out[o++] = c;
                out[o++] = ' ';
                out[o++] = s[i + 1];
                out[o++] = ' ';
                i += 2;
            } else {
                out[o++] = c;
                i++;
            }
        }
        return new Text(out, o);
    }

    /** Pattern 3: {@code ([\.,])([^0-9])} → {@code " \1 \2"}; a match consumes both characters. */
    private static Text periodCommaBeforeNonDigit(Text t) {
        char[] s = t.buf;
        int n = t.length;
        char[] out = new char[2 * n];
        int o = 0;
        int i = 0;
        while (i < n) {
            char c = s[i];
            if (i + 1 < n && isPeriodOrComma(c) && !isDigit(s[i + 1])) {
                out[o++] = ' ';
                out[o++] = c;
                out[o++] = ' ';
                out[o++] = s[i + 1];
                i += 2;
            } else {
                out[o++] = c;
                i++;
            }
        }
        return new Text(out, o);
    }

    /** Pattern 4: {@code ([0-9])(-)} → {@code "\1 \2 "}; a match consumes both characters. */
    private static Text hyphenAfterDigit(Text t) {
        char[] s = t.buf;
        int n = t.length;
        char[] out = new char[2 * n];
        int o = 0;
        int i = 0;
        while (i < n) {
            char c = s[i];
            if (i + 1 < n && isDigit(c) && s[i + 1] == '-') {
                out[o++] = c;
                out[o++] = ' ';
                out[o++] = '-';
                out[o++] = ' ';
                i += 2;
            } else {
                out[o++] = c;
                i++;
            }
        }
        return new Text(out, o);
    }
}
