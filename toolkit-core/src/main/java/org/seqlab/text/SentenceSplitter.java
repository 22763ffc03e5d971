package org.seqlab.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups a text's tokens into sentences. A sentence ends at a {@code .}, {@code !}, {@code ?} token (or a run such as
 * {@code ?!}) together with the closing quotes and brackets glued to it and any emoticons after it, unless the next
 * token continues the sentence ({@code , ; : )}); an ellipsis ends one only before a capitalised word. In UD English
 * web text a sentence may well start in lower case, so case does not matter after a full stop. Abbreviations are
 * the tokenizer's business: it keeps the period of {@code Mr.} or {@code U.S.} inside the word, and splits it off
 * ({@code etc} + {@code .}) where the abbreviation ends a sentence. The number that opens a list item ({@code 2.})
 * ends nothing. E-mail and web text also end sentences without punctuation: after an address before a capitalised
 * word, around date-and-time headers, after {@code Regards,}. A blank line always ends a sentence (a paragraph
 * break); a single line break does not. With a pre-tokenized tokenizer every line is one sentence. Immutable and
 * thread-safe.
 */
public final class SentenceSplitter {

    private final WordTokenizer tokenizer;

    public SentenceSplitter(WordTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /** Splits with the standard tokenizer. */
    public static SentenceSplitter standard() {
        return new SentenceSplitter(WordTokenizer.standard());
    }

    public WordTokenizer tokenizer() {
        return tokenizer;
    }

    /** Tokenizes {@code text} and groups its tokens into sentences. */
    public List<TokenizedSentence> split(String text) {
        return split(text, tokenizer.tokenize(text));
    }

    /** Groups {@code tokens}, which were cut from {@code text} in order, into sentences. */
    public List<TokenizedSentence> split(String text, List<Token> tokens) {
        List<TokenizedSentence> sentences = new ArrayList<>();
        int n = tokens.size();
        boolean pretokenized = tokenizer.isPretokenized();
        int breaksNeeded = pretokenized ? 1 : 2;
        int start = 0;
        for (int k = 0; k < n; k++) {
            int last = -1;
            if (k + 1 == n || paragraphBreak(text, tokens.get(k).end(), tokens.get(k + 1).begin(), breaksNeeded)) {
                last = k;
            } else if (!pretokenized) {
                last = sentenceEnd(text, tokens, k, start);
                if (last < 0) {
                    last = headerEnd(tokens, k);
                }
            }
            if (last >= 0) {
                sentences.add(new TokenizedSentence(tokens.subList(start, last + 1)));
                start = last + 1;
                k = last;
            }
        }
        return sentences;
    }

    /** Whether text[from, to) holds at least {@code needed} line breaks. */
    private static boolean paragraphBreak(String text, int from, int to, int needed) {
        if (to - from < needed) {
            return false; // most gaps are one space or none
        }
        int count = 0;
        for (int i = from; i < to; i++) {
            if (CharKinds.isLineBreak(text, i) && ++count >= needed) {
                return true;
            }
        }
        return false;
    }

    /**
     * If a sentence ends at token k: the index of its last token (k, or the last of the closing quotes and brackets
     * glued to k); else -1.
     */
    private static int sentenceEnd(String text, List<Token> tokens, int k, int start) {
        String w = tokens.get(k).text();
        Ending kind = ending(w);
        if (kind == Ending.NONE) {
            return -1;
        }
        if (kind == Ending.ELLIPSIS && (k == start || tokens.get(k + 1).begin() == tokens.get(k).end())) {
            return -1; // "...Now comes": a leading or glued ellipsis
        }
        int last = k;
        while (last + 1 < tokens.size()) {
            Token nx = tokens.get(last + 1);
            if (nx.begin() != tokens.get(last).end() || !isCloser(nx.text())) {
                break;
            }
            last++;
        }
        while (last + 1 < tokens.size() && isEmoticon(tokens.get(last + 1).text())
                && !paragraphBreak(text, tokens.get(last).end(), tokens.get(last + 1).begin(), 2)) {
            last++; // "I love her. :)" - the smiley belongs to the sentence it comments on
        }
        if (last + 1 == tokens.size()) {
            return last;
        }
        String next = tokens.get(last + 1).text();
        int first = next.codePointAt(0);
        boolean opens = switch (kind) {
            // not before "," or a lone "." (". . ."), nor after the number that opens a list item ("2. The")
            case FULL_STOP -> ",;:)]}".indexOf(first) < 0 && !(next.length() == 1 && ".!?".indexOf(first) >= 0)
                    && !(k == start + 1 && isListNumber(tokens.get(start).text()));
            case ELLIPSIS -> Character.isUpperCase(first);
            case NONE -> false;
        };
        return opens ? last : -1;
    }

    /**
     * Ends that e-mail and web text mark without punctuation: after an address or URL before a capitalised word or
     * another URL ("<jo@x.com> Groups:"); after the AM/PM of a date-and-time header, and before such a header after
     * a name ("Scott Neal 08/16/2000 03:48 PM"); after "Regards," and "Sincerely,". Returns k or -1.
     */
    private static int headerEnd(List<Token> tokens, int k) {
        String w = tokens.get(k).text();
        String next = tokens.get(k + 1).text();
        int first = next.charAt(0);
        if (isAddress(w) || w.equals(">") && k > 0 && isAddress(tokens.get(k - 1).text())) {
            return Character.isUpperCase(next.codePointAt(0)) || isAddress(next) && next.indexOf('@') < 0 ? k : -1;
        }
        if ((w.equals("AM") || w.equals("PM")) && k >= 2 && isTime(tokens.get(k - 1).text())
                && isDate(tokens.get(k - 2).text())) {
            return k;
        }
        if (first >= '0' && first <= '9' && isDate(next) && k + 3 < tokens.size() && isTime(tokens.get(k + 2).text())
                && (tokens.get(k + 3).text().equals("AM") || tokens.get(k + 3).text().equals("PM"))
                && !Character.isLowerCase(w.codePointAt(0))) {
            return k;
        }
        if (w.equals(",") && k > 0 && Character.isUpperCase(first)) {
            String before = tokens.get(k - 1).text();
            if (before.equals("regards") || before.equals("Regards") || before.equals("Sincerely")) {
                return k;
            }
        }
        return -1;
    }

    /** 1 to 99: the number of a list item. */
    private static boolean isListNumber(String w) {
        int n = w.length();
        return n >= 1 && n <= 2 && w.charAt(0) >= '0' && w.charAt(0) <= '9'
                && w.charAt(n - 1) >= '0' && w.charAt(n - 1) <= '9';
    }

    private static boolean isAddress(String w) {
        if (w.length() <= 4) {
            return false;
        }
        char a = w.charAt(0);
        return a == 'h' && (w.startsWith("http://") || w.startsWith("https://")) || a == 'w' && w.startsWith("www.")
                || w.indexOf('@') > 0 && w.indexOf('.') > 0;
    }

    /** 08/16/2000 or 10/08/99. */
    private static boolean isDate(String w) {
        int n = w.length();
        if (n < 8 || n > 10) {
            return false;
        }
        int slashes = 0;
        for (int i = 0; i < n; i++) {
            char x = w.charAt(i);
            if (x == '/') {
                slashes++;
            } else if (x < '0' || x > '9') {
                return false;
            }
        }
        return slashes == 2;
    }

    /** 03:48 or 06:03:48. */
    private static boolean isTime(String w) {
        int n = w.length();
        if (n < 4 || n > 8) {
            return false;
        }
        boolean colon = false;
        for (int i = 0; i < n; i++) {
            char x = w.charAt(i);
            if (x == ':') {
                colon = true;
            } else if (x < '0' || x > '9') {
                return false;
            }
        }
        return colon;
    }

    private enum Ending { NONE, FULL_STOP, ELLIPSIS }

    private static Ending ending(String w) {
        int len = w.length();
        char z = w.charAt(len - 1);
        if (z != '.' && z != '!' && z != '?' && z != '\u2026') {
            return Ending.NONE;
        }
        boolean dotsOnly = true;
        boolean punctOnly = true;
        for (int i = 0; i < len; i++) {
            char x = w.charAt(i);
            if (x != '.' && x != '\u2026') {
                dotsOnly = false;
            }
            if (x != '.' && x != '!' && x != '?' && x != '\u2026') {
                punctOnly = false;
            }
        }
        if (dotsOnly) {
            return len == 1 && z == '.' ? Ending.FULL_STOP : Ending.ELLIPSIS;
        }
        if (punctOnly) {
            return Ending.FULL_STOP;
        }
        // "Yahoo!", or an abbreviation: the tokenizer splits the period off one that ends a sentence ("etc" + ".")
        return Ending.NONE;
    }

    private static boolean isEmoticon(String w) {
        return w.length() >= 2 && WordTokenizer.isEmoticon(w);
    }

    /** Closing quotes and brackets that stay with the sentence they follow. */
    private static boolean isCloser(String w) {
        switch (w) {
            case "\"":
            case "'":
            case "''":
            case "\u201d":
            case "\u2019":
            case "\u2019\u2019":
            case ")":
            case "]":
            case "}":
            case "\u00bb":
                return true;
            default:
                return false;
        }
    }
}
