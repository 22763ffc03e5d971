package org.seqlab.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits text into word tokens with their offsets (UTF-16 {@link String} indices, end exclusive), following the
 * Penn-Treebank-style conventions of Universal Dependencies English (EWT): punctuation is split off; clitics split as
 * {@code do|n't}, {@code John|'s}, {@code I|'m}, {@code can|not}, {@code gon|na}; abbreviations keep their period
 * ({@code Mr.}, {@code U.S.}, {@code etc.}, initials); numbers keep their {@code , . : /} ({@code 38,000}, {@code 3.5},
 * {@code 5:00}, {@code 11/28/2000}) and phone numbers their hyphens; URLs, e-mail addresses, file names and emoticons
 * stay whole; runs such as {@code ...}, {@code ?!}, {@code --}, {@code ***} are one token.
 *
 * <p>Hyphens: by default a hyphen between letters is split off ({@code wheel|-|chair}) as UD English does, except after
 * common prefixes ({@code e-mail}, {@code non-}, {@code pre-}, {@code co-}...); {@link Builder#optKeepHyphenated} keeps
 * every hyphenated word whole, the older Penn Treebank convention.
 *
 * <p>Pre-tokenized mode ({@link Builder#optPretokenized}) splits on whitespace only, for callers that already have
 * tokens. The tokenizer is immutable and safe to share between threads: all scanning state lives in each call.
 */
public final class WordTokenizer {

    private static final WordTokenizer STANDARD = builder().build();

    private final boolean pretokenized;
    private final boolean keepHyphenated;

    private WordTokenizer(Builder b) {
        this.pretokenized = b.pretokenized;
        this.keepHyphenated = b.keepHyphenated;
    }

    /** The rule-based tokenizer with UD English conventions. */
    public static WordTokenizer standard() {
        return STANDARD;
    }

    /** Splits on whitespace only. */
    public static WordTokenizer pretokenized() {
        return builder().optPretokenized(true).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether this tokenizer splits on whitespace only. */
    public boolean isPretokenized() {
        return pretokenized;
    }

    /** Whether hyphenated words are kept whole. */
    public boolean keepsHyphenated() {
        return keepHyphenated;
    }

    /** The tokens of {@code text}, in order. Whitespace-only or empty text has none. */
    public List<Token> tokenize(String text) {
        List<Token> out = new ArrayList<>(Math.max(8, text.length() / 5));
        if (pretokenized) {
            splitWhitespace(text, out);
        } else {
            new Scan(text, keepHyphenated, out).run();
        }
        return out;
    }

    private static void splitWhitespace(String s, List<Token> out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            while (i < n && CharKinds.isSpace(s.charAt(i))) {
                i++;
            }
            int j = i;
            while (j < n && !CharKinds.isSpace(s.charAt(j))) {
                j++;
            }
            if (j > i) {
                out.add(Token.of(s, i, j));
            }
            i = j;
        }
    }

    /** Settings: nothing is required. */
    public static final class Builder {
        private boolean pretokenized;
        private boolean keepHyphenated;

        private Builder() {
        }

        /** Split on whitespace only (default false). */
        public Builder optPretokenized(boolean pretokenized) {
            this.pretokenized = pretokenized;
            return this;
        }

        /** Keep hyphenated words such as {@code wheel-chair} whole (default false: split as UD English does). */
        public Builder optKeepHyphenated(boolean keepHyphenated) {
            this.keepHyphenated = keepHyphenated;
            return this;
        }

        public WordTokenizer build() {
            return new WordTokenizer(this);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Emoticons kept whole, longest first where one is a prefix of another. */
    private static final String[] EMOTICONS = {
        ":-)", ":-(", ";-)", ":-D", ":-P", ":-p", ":-/", ":-|", ":-*", ":'(", ":')", "^_^", "-_-", "o_O", "O_o",
        "T_T", ">:(", ":)", ":(", ";)", ":D", ":P", ":p", ":/", ":|", ":*", ":]", ":[", ":o", ":O", ";D", "=)", "=(",
        "=D", "(:", "^^", "<3", "</3"
    };

    private static final Set<String> EMOTICON_SET = Set.of(EMOTICONS);

    /** Whether {@code w} is one of the emoticons this tokenizer keeps whole. */
    static boolean isEmoticon(String w) {
        return EMOTICON_SET.contains(w);
    }

    /**
     * Words UD English splits although they lack an apostrophe ({@code dont} = do|nt, {@code im} = i|m), by length:
     * each entry is the lower-case word and where its second part starts.
     */
    private static final char[][][] FUSED;
    private static final int[][] FUSED_SPLIT;

    static {
        Object[] pairs = {
            "cannot", 3, "gonna", 3, "wanna", 3, "gotta", 3, "outta", 3, "dont", 2, "doesnt", 4, "didnt", 3,
            "isnt", 2, "wasnt", 3, "arent", 3, "werent", 4, "havent", 4, "hasnt", 3, "hadnt", 3, "couldnt", 5,
            "wouldnt", 5, "shouldnt", 6, "aint", 2, "cant", 2, "wont", 2, "im", 1, "ive", 1, "youre", 3, "youll", 3,
            "thats", 4, "whats", 4, "theres", 5, "hes", 2, "alot", 1};
        int longest = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            longest = Math.max(longest, ((String) pairs[i]).length());
        }
        FUSED = new char[longest + 1][][];
        FUSED_SPLIT = new int[longest + 1][];
        for (int len = 0; len <= longest; len++) {
            List<char[]> words = new ArrayList<>();
            List<Integer> splits = new ArrayList<>();
            for (int i = 0; i < pairs.length; i += 2) {
                String w = (String) pairs[i];
                if (w.length() == len) {
                    words.add(w.toCharArray());
                    splits.add((Integer) pairs[i + 1]);
                }
            }
            FUSED[len] = words.toArray(new char[0][]);
            FUSED_SPLIT[len] = splits.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** After these, "its" is "it's" misspelt (it|s), never the possessive: "its a", "its not", "its really". */
    private static final Set<String> AFTER_ITS_IS = Set.of(
            "a", "an", "the", "not", "really", "simply", "very", "like", "in", "now", "definitely", "for", "also",
            "just", "still", "all", "been", "getting", "going", "about", "too", "pretty", "kind", "so", "ok", "okay",
            "nothing", "called", "from", "between", "always", "never", "probably", "prolly", "gonna", "actually",
            "already", "at", "on", "my", "your", "his", "her", "our", "their", "that", "what", "illegal", "fine",
            "cool", "funny", "nice");

    /** One call's scanning state. */
    private static final class Scan {
        private final String s;
        private final char[] c;
        private final boolean keepHyphenated;
        private final List<Token> out;

        Scan(String s, boolean keepHyphenated, List<Token> out) {
            this.s = s;
            this.c = s.toCharArray();
            this.keepHyphenated = keepHyphenated;
            this.out = out;
        }

        void run() {
            int n = c.length;
            int i = 0;
            while (i < n) {
                if (CharKinds.isSpace(c[i])) {
                    i++;
                    continue;
                }
                int j = i + 1;
                while (j < n && !CharKinds.isSpace(c[j])) {
                    j++;
                }
                chunk(i, j);
                i = j;
            }
        }

        private void emit(int b, int e) {
            out.add(Token.of(s, b, e));
        }

        /** Tokens of one whitespace-free chunk [b, e). */
        private void chunk(int b, int e) {
            int p = b;
            while (p < e) {
                p = next(p, b, e);
            }
        }

        private int cp(int p, int e) {
            char ch = c[p];
            if (Character.isHighSurrogate(ch) && p + 1 < e && Character.isLowSurrogate(c[p + 1])) {
                return Character.toCodePoint(ch, c[p + 1]);
            }
            return ch;
        }

        private boolean wordAt(int p, int e) {
            return p < e && CharKinds.isWordChar(cp(p, e));
        }

        private boolean digitAt(int p, int e) {
            return p < e && c[p] >= '0' && c[p] <= '9';
        }

        private boolean letterAt(int p, int e) {
            return p < e && Character.isLetter(cp(p, e));
        }

        /** Emits the token(s) starting at p and returns where the next one starts. */
        private int next(int p, int b, int e) {
            char ch = c[p];
            if (CharKinds.isWordChar(cp(p, e))) {
                int u = url(p, e);
                if (u == p) {
                    u = email(p, e);
                }
                if (u > p) {
                    emit(p, u);
                    return u;
                }
                return word(p, e);
            }
            int emo = emoticon(p, e);
            if (emo > p) {
                emit(p, emo);
                return emo;
            }
            switch (ch) {
                case '.':
                    if ((p == b || !wordAt(p - 1, e)) && wordAt(p + 1, e)) {
                        // ".doc", ".5": a file extension or a decimal fraction, not glued to a word before it
                        int q = wordRun(p + 1, e);
                        emit(p, q);
                        return q;
                    }
                    return run(p, e, ".!?");
                case '!':
                case '?':
                    return run(p, e, ".!?");
                case '\u2026':
                    return runOf(p, e, '\u2026');
                case '#':
                    if (p == b && letterAt(p + 1, e)) {
                        int q = wordRun(p + 1, e); // a hashtag
                        emit(p, q);
                        return q;
                    }
                    return runOf(p, e, '#');
                case '$':
                case '-':
                case '*':
                case '_':
                case '=':
                case '~':
                case '<':
                case '>':
                case '^':
                case '|':
                    return runOf(p, e, ch);
                case '+':
                    if (digitAt(p + 1, e)) {
                        return word(p, e); // "+44": a sign belongs to its number
                    }
                    return runOf(p, e, '+');
                case '\'':
                case '\u2018':
                case '\u2019':
                case '`':
                    return apostrophe(p, e);
                default:
                    int q = symbolEnd(p, e);
                    emit(p, q);
                    return q;
            }
        }

        /**
         * The end of the symbol at p with what an emoji sequence attaches to it, so that one pictograph is one token
         * (as UD treebanks have them): skin-tone modifiers, variation selectors, a keycap, tag characters (subdivision
         * flags), the second of two regional indicators (a country flag), and a zero-width joiner with the symbol
         * after it (a family, a profession).
         */
        private int symbolEnd(int p, int e) {
            int first = cp(p, e);
            int q = p + Character.charCount(first);
            if (isRegionalIndicator(first) && q < e && isRegionalIndicator(cp(q, e))) {
                q += Character.charCount(cp(q, e));
                return q;
            }
            while (q < e) {
                int next = cp(q, e);
                if (next >= 0x1F3FB && next <= 0x1F3FF || next == 0xFE0E || next == 0xFE0F || next == 0x20E3
                        || next >= 0xE0020 && next <= 0xE007F) {
                    q += Character.charCount(next);
                } else if (next == 0x200D && q + 1 < e && !CharKinds.isSpace(c[q + 1])
                        && !CharKinds.isWordChar(cp(q + 1, e))) {
                    q += 1 + Character.charCount(cp(q + 1, e));
                } else {
                    break;
                }
            }
            return q;
        }

        private static boolean isRegionalIndicator(int cp) {
            return cp >= 0x1F1E6 && cp <= 0x1F1FF;
        }

        /** A run of the characters in {@code set} from p: one token. */
        private int run(int p, int e, String set) {
            int q = p + 1;
            while (q < e && set.indexOf(c[q]) >= 0) {
                q++;
            }
            emit(p, q);
            return q;
        }

        /** A run of {@code ch} from p ("--", "***", "$$$"): one token. */
        private int runOf(int p, int e, char ch) {
            int q = p + 1;
            while (q < e && c[q] == ch) {
                q++;
            }
            emit(p, q);
            return q;
        }

        /** A clitic ({@code 's}, {@code 'll}), a doubled quote ({@code ''}, {@code ``}) or a lone quote. */
        private int apostrophe(int p, int e) {
            char ch = c[p];
            int q = p + 1;
            if (q < e && (c[q] == ch || isCurly(ch) && isCurly(c[q]))) {
                emit(p, q + 1); // '' `` and curly pairs such as ’’ are one quote
                return q + 1;
            }
            int r = q;
            while (r < e && Character.isLetter(c[r])) {
                r++;
            }
            if (r > q && !wordAt(r, e) && isClitic(q, r)) {
                emit(p, r);
                return r;
            }
            emit(p, q);
            return q;
        }

        /** Whether [q, r) (after an apostrophe) is one of s m d ll re ve, any case. */
        private boolean isClitic(int q, int r) {
            int len = r - q;
            if (len == 1) {
                char x = Character.toLowerCase(c[q]);
                return x == 's' || x == 'm' || x == 'd';
            }
            if (len == 2) {
                char x = Character.toLowerCase(c[q]);
                char y = Character.toLowerCase(c[q + 1]);
                return x == 'l' && y == 'l' || x == 'r' && y == 'e' || x == 'v' && y == 'e';
            }
            return false;
        }

        /** The end of a URL starting at p, or p. */
        private int url(int p, int e) {
            char a = (char) (c[p] | 0x20);
            if (a != 'h' && a != 'w' && a != 'f' && a != 'm') {
                return p;
            }
            if (!(startsWith(p, e, "http://") || startsWith(p, e, "https://") || startsWith(p, e, "ftp://")
                    || startsWith(p, e, "www.") && wordAt(p + 4, e) || startsWith(p, e, "mailto:"))) {
                return p;
            }
            int q = e;
            int open = 0;
            for (int k = p; k < e; k++) {
                if (c[k] == '(') {
                    open++;
                } else if (c[k] == ')') {
                    open--;
                }
            }
            // trailing punctuation belongs to the sentence, not the address
            while (q > p + 4) {
                char x = c[q - 1];
                if (x == ')' && open < 0) {
                    open++;
                    q--;
                } else if (".,;:!?\"'>]}\u201d\u2019".indexOf(x) >= 0) {
                    q--;
                } else {
                    break;
                }
            }
            return q;
        }

        /** The end of an e-mail address starting at p (local@domain.tld, hyphens allowed), or p. */
        private int email(int p, int e) {
            int at = p;
            while (at < e && c[at] != '@') {
                char x = c[at];
                if (!(isAsciiAlnum(x) || x == '.' || x == '_' || x == '-' || x == '+' || x == '%')) {
                    return p;
                }
                at++;
            }
            if (at == e || at == p) {
                return p;
            }
            int q = at + 1;
            while (q < e && (isAsciiAlnum(c[q]) || c[q] == '-' || c[q] == '.')) {
                q++;
            }
            while (q > at + 1 && (c[q - 1] == '.' || c[q - 1] == '-')) {
                q--; // the sentence's full stop, not the address's
            }
            int lastDot = q - 1;
            while (lastDot > at && c[lastDot] != '.') {
                lastDot--;
            }
            if (lastDot <= at + 1) {
                return p; // no dot inside the domain: leave it to the word rules ("Rice@ENRON")
            }
            return q;
        }

        private static boolean isAsciiAlnum(char x) {
            return x >= 'a' && x <= 'z' || x >= 'A' && x <= 'Z' || x >= '0' && x <= '9';
        }

        private boolean startsWith(int p, int e, String prefix) {
            int len = prefix.length();
            if (e - p < len) {
                return false;
            }
            for (int k = 0; k < len; k++) {
                if (Character.toLowerCase(c[p + k]) != prefix.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        /** The end of an emoticon at p (not glued to a following letter or digit), or p. */
        private int emoticon(int p, int e) {
            if (":;=^<>(-)".indexOf(c[p]) < 0) {
                return p;
            }
            int best = p;
            for (String emo : EMOTICONS) {
                int len = emo.length();
                if (e - p >= len && p + len > best && s.startsWith(emo, p) && !wordAt(p + len, e)) {
                    best = p + len;
                }
            }
            return best;
        }

        /** Letters, digits and marks from p. */
        private int wordRun(int p, int e) {
            int q = p;
            while (q < e) {
                int x = cp(q, e);
                if (!CharKinds.isWordChar(x)) {
                    break;
                }
                q += Character.charCount(x);
            }
            return q;
        }

        /** A word, number, e-mail address or file name from p, with its clitics split off. */
        private int word(int p, int e) {
            int ph = phone(p, e);
            if (ph > p) {
                emit(p, ph);
                return ph;
            }
            int q = wordRun(c[p] == '+' ? p + 1 : p, e);
            boolean inner = false; // an inner '.' or '@': an address, a file name or an abbreviation like U.S
            while (q < e) {
                char x = c[q];
                if (x == '.' && !inner) {
                    int dots = q;
                    while (dots < e && c[dots] == '.') {
                        dots++;
                    }
                    if (dots < e && c[dots] == '@' && dots - q > 1) {
                        q = dots; // "franz371...@gmail.com": a shortened address
                        continue;
                    }
                }
                if (!wordAt(q + 1, e)) {
                    break;
                }
                char prev = c[q - 1];
                boolean join;
                switch (x) {
                    case '.':
                    case '@':
                    case '_':
                        join = true;
                        inner = true;
                        break;
                    case ',':
                    case ':':
                        join = isDigit(prev) && digitAt(q + 1, e);
                        break;
                    case '/':
                        // dates (11/28/2000) and letter pairs (b/c, w/o) stay whole; and/or does not
                        join = isDigit(prev) && digitAt(q + 1, e)
                                || q - p == 1 && Character.isLetter(prev) && letterAt(q + 1, e) && !wordAt(q + 2, e);
                        break;
                    case '\'':
                    case '\u2019':
                        join = Character.isLetter(prev) && letterAt(q + 1, e);
                        break;
                    case '&':
                        join = Character.isLetter(prev) && letterAt(q + 1, e) && q - p <= 3
                                && wordRun(q + 1, e) - (q + 1) <= 3;
                        break;
                    case '-':
                        join = keepHyphenated || inner || WordTokenizerLexicon.HYPHEN_PREFIXES.contains(lower(p, q));
                        break;
                    default:
                        join = false;
                }
                if (!join) {
                    break;
                }
                q = wordRun(q + 1, e);
            }
            // an abbreviation keeps its period, and takes one of two ("Inc.."), but not an ellipsis
            if (q < e && c[q] == '.' && !(q + 2 < e && c[q + 1] == '.' && c[q + 2] == '.')
                    && keepsPeriod(p, q, inner)) {
                if (!endsSentence(p, q)) {
                    emit(p, q + 1);
                    return q + 1;
                }
                emit(p, q); // UD splits the period off an abbreviation that ends a sentence: "etc" + "."
                return q;
            }
            if (q - p == 5 && q < e && c[q] == '!' && s.startsWith("Yahoo", p)) {
                emit(p, q + 1); // the company's name includes its "!"
                return q + 1;
            }
            int units = unitSuffix(p, q);
            if (units > p) {
                split(p, units, q); // 10|am, 650|k, but 2nd and 1990s stay whole
                return q;
            }
            if (inner) {
                emit(p, q);
            } else {
                splitClitics(p, q);
            }
            return q;
        }

        private static boolean isDigit(char x) {
            return x >= '0' && x <= '9';
        }

        private String lower(int p, int q) {
            return s.substring(p, q).toLowerCase(Locale.ROOT);
        }

        /** Whether the word [p, q) followed by '.' is an abbreviation that keeps it. */
        private boolean keepsPeriod(int p, int q, boolean inner) {
            int len = q - p;
            if (len == 1) {
                return Character.isUpperCase(c[p]); // an initial
            }
            if (inner) {
                // U.S, e.g, a.m, Ph.D: short letter segments between periods; not enron.com or 3.5
                int seg = 0;
                for (int k = p; k < q; k++) {
                    char x = c[k];
                    if (x == '.') {
                        seg = 0;
                    } else if (Character.isLetter(x) && ++seg <= 2) {
                        continue;
                    } else if (x != '.') {
                        return false;
                    }
                }
                return true;
            }
            if (len > 6) {
                return false;
            }
            String w = s.substring(p, q);
            return WordTokenizerLexicon.ABBREVIATIONS.contains(w) || WordTokenizerLexicon.ABBREVIATIONS.contains(w.toLowerCase(Locale.ROOT));
        }

        /** Whether the abbreviation [p, q) followed by '.' at q ends a sentence: before the end of the text, a blank
         * line or a typical sentence opener ("etc. The"). Titles ("Mr.") and initials never do; "No." only does when
         * no number follows. */
        private boolean endsSentence(int p, int q) {
            int len = q - p;
            if (len == 1) {
                return false;
            }
            String w = s.substring(p, q + 1);
            String lower = w.toLowerCase(Locale.ROOT);
            int r = q + 1;
            int breaks = 0;
            while (r < c.length && CharKinds.isSpace(c[r])) {
                if (CharKinds.isLineBreak(s, r)) {
                    breaks++;
                }
                r++;
            }
            if (lower.equals("no.") || lower.equals("nos.")) {
                return r >= c.length || !isDigit(c[r]);
            }
            if (WordTokenizerLexicon.TITLES.contains(lower)) {
                return false;
            }
            if (r >= c.length || breaks >= 2) {
                return true;
            }
            if (r == q + 1) {
                return false; // "etc.)" or "U.S.," - something glued to the period
            }
            int z = r;
            while (z < c.length && Character.isLetter(c[z])) {
                z++;
            }
            return z > r && WordTokenizerLexicon.OPENERS.contains(s.substring(r, z));
        }

        /** Where the letters start in a number followed by a unit (10am, 7:30PM, 650k), or p when [p, q) is not one. */
        private int unitSuffix(int p, int q) {
            int d = p;
            while (d < q && (isDigit(c[d]) || d > p && ".,:".indexOf(c[d]) >= 0 && d + 1 < q && isDigit(c[d + 1]))) {
                d++;
            }
            if (d == p || d == q) {
                return p;
            }
            for (int k = d; k < q; k++) {
                if (!(c[k] >= 'a' && c[k] <= 'z' || c[k] >= 'A' && c[k] <= 'Z')) {
                    return p;
                }
            }
            String suffix = s.substring(d, q).toLowerCase(Locale.ROOT);
            switch (suffix) {
                case "st":
                case "nd":
                case "rd":
                case "th":
                case "s":
                    return p;
                default:
                    return d;
            }
        }

        /** A phone number (555-1234, 713-853-3989, 1-800-553-3119) from p: its end, or p. */
        private int phone(int p, int e) {
            int q = p;
            int groups = 0;
            int firstLen = -1;
            int lastLen = 0;
            while (true) {
                int d = q;
                while (d < e && isDigit(c[d])) {
                    d++;
                }
                int len = d - q;
                if (len == 0) {
                    return p;
                }
                if (groups == 0) {
                    firstLen = len;
                }
                groups++;
                lastLen = len;
                q = d;
                if (q + 1 < e && c[q] == '-' && isDigit(c[q + 1])) {
                    q++;
                    continue;
                }
                break;
            }
            if (groups < 2 || lastLen != 4 || wordAt(q, e)) {
                return p;
            }
            boolean ok = groups == 2 && (firstLen == 3 || firstLen == 1)
                    || groups == 3 && firstLen == 3
                    || groups == 4 && firstLen == 1;
            return ok ? q : p;
        }

        /** Emits the word [p, q), splitting n't, 's, 'm, 'd, 'll, 're, 've and cannot, gonna, gotta, wanna. */
        private void splitClitics(int p, int q) {
            int len = q - p;
            if (len >= 3) {
                char a = c[q - 3];
                char m = Character.toLowerCase(c[q - 2]);
                char z = Character.toLowerCase(c[q - 1]);
                if (isApostrophe(c[q - 2]) && z == 't' && Character.toLowerCase(a) == 'n' && len >= 4) {
                    split(p, q - 3, q); // do|n't, ca|n't, wo|n't
                    return;
                }
                if (isApostrophe(a) && (m == 'l' && z == 'l' || m == 'r' && z == 'e' || m == 'v' && z == 'e')) {
                    split(p, q - 3, q);
                    return;
                }
                if (isApostrophe(c[q - 2]) && (z == 's' || z == 'm' || z == 'd')) {
                    split(p, q - 2, q);
                    return;
                }
            }
            if (len < FUSED.length) {
                char[][] words = FUSED[len];
                char first = (char) (c[p] | 0x20);
                for (int i = 0; i < words.length; i++) {
                    if (words[i][0] == first && equalsLower(p, words[i])) {
                        split(p, p + FUSED_SPLIT[len][i], q);
                        return;
                    }
                }
            }
            if (len == 4 && c[p] == 'L' && equalsLower(p, LETS)) {
                split(p, p + 3, q); // "Lets go": capitalised, the verb "lets" is rare
                return;
            }
            if (len == 3 && equalsLower(p, ITS) && AFTER_ITS_IS.contains(nextWordLower(q))) {
                split(p, p + 2, q);
                return;
            }
            emit(p, q);
        }

        private static final char[] LETS = "lets".toCharArray();
        private static final char[] ITS = "its".toCharArray();

        /** Whether the text at p, lower-cased, starts with {@code w} (ASCII letters only). */
        private boolean equalsLower(int p, char[] w) {
            for (int k = 0; k < w.length; k++) {
                char x = c[p + k];
                if (x != w[k] && (x | 0x20) != w[k]) {
                    return false;
                }
            }
            return true;
        }

        /** The letters after q and the whitespace that follows it, lower-cased ("" when none). */
        private String nextWordLower(int q) {
            int r = q;
            while (r < c.length && c[r] == ' ') {
                r++;
            }
            if (r == q) {
                return "";
            }
            int z = r;
            while (z < c.length && z - r < 12 && Character.isLetter(c[z])) {
                z++;
            }
            return lower(r, z);
        }

        private void split(int p, int mid, int q) {
            emit(p, mid);
            emit(mid, q);
        }

        private static boolean isCurly(char x) {
            return x == '\u2018' || x == '\u2019';
        }

        private static boolean isApostrophe(char x) {
            return x == '\'' || x == '\u2019';
        }
    }
}
