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
        s = s.replace("&quot;", "\"");
        s = s.replace("&amp;", "&");
        s = s.replace("&lt;", "<");
        s = s.replace("&gt;", ">");
        CharSequence t = splitSymbols(" " + s + " ");
        t = periodCommaAfterNonDigit(t);
        t = periodCommaBeforeNonDigit(t);
        t = hyphenAfterDigit(t);
        return PythonText.split(t);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isPeriodOrComma(char c) {
        return c == '.' || c == ',';
    }

    /** Pattern 1: {@code ([\{-\~\[-\` -\&\(-\+\:-\@\/])} → {@code " \1 "}. */
    private static CharSequence splitSymbols(CharSequence s) {
        int n = s.length();
        StringBuilder out = new StringBuilder(n + n / 2 + 8);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 128 && SYMBOL[c]) {
                out.append(' ').append(c).append(' ');
            } else {
                out.append(c);
            }
        }
        return out;
    }

    /** Pattern 2: {@code ([^0-9])([\.,])} → {@code "\1 \2 "}; a match consumes both characters. */
    private static CharSequence periodCommaAfterNonDigit(CharSequence s) {
        int n = s.length();
        StringBuilder out = new StringBuilder(n + 16);
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (i + 1 < n && !isDigit(c) && isPeriodOrComma(s.charAt(i + 1))) {
                out.append(c).append(' ').append(s.charAt(i + 1)).append(' ');
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out;
    }

    /** Pattern 3: {@code ([\.,])([^0-9])} → {@code " \1 \2"}; a match consumes both characters. */
    private static CharSequence periodCommaBeforeNonDigit(CharSequence s) {
        int n = s.length();
        StringBuilder out = new StringBuilder(n + 16);
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (i + 1 < n && isPeriodOrComma(c) && !isDigit(s.charAt(i + 1))) {
                out.append(' ').append(c).append(' ').append(s.charAt(i + 1));
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out;
    }

    /** Pattern 4: {@code ([0-9])(-)} → {@code "\1 \2 "}; a match consumes both characters. */
    private static CharSequence hyphenAfterDigit(CharSequence s) {
        int n = s.length();
        StringBuilder out = new StringBuilder(n + 16);
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (i + 1 < n && isDigit(c) && s.charAt(i + 1) == '-') {
                out.append(c).append(" - ");
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out;
    }
}
