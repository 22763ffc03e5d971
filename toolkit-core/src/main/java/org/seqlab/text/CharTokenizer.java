package org.seqlab.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into Unicode code points (a surrogate pair is one token), each with its span in the original string
 * (UTF-16 indices, end exclusive). Optionally the text is first put in NFC, composing e.g. {@code e} + U+0301 into
 * {@code é}.
 *
 * <p>Offsets after NFC still point into the original string. The original is cut into the smallest runs of code points
 * that NFC treats independently (a character with the combining marks that compose or reorder with it; Hangul jamo
 * that compose into a syllable); each run is normalised on its own. Where a run comes out unchanged its code points keep
 * their own spans; where NFC changed it, every code point it produced spans the whole run: the composed {@code é} of
 * {@code e} + U+0301 covers both original chars. Immutable and thread-safe.
 */
public final class CharTokenizer {
    /** One code point of the (possibly normalised) text and the span of original text it came from. */
    public record CharToken(String text, int begin, int end) {
        public int codePoint() {
            return text.codePointAt(0);
        }
    }

    private final boolean nfc;

    private CharTokenizer(boolean nfc) {
        this.nfc = nfc;
    }

    /** Code points of the text as it is. */
    public static CharTokenizer plain() {
        return new CharTokenizer(false);
    }

    /** Code points of the text in NFC, with offsets into the original. */
    public static CharTokenizer nfc() {
        return new CharTokenizer(true);
    }

    public boolean normalises() {
        return nfc;
    }

    public List<CharToken> tokenize(String text) {
        List<CharToken> out = new ArrayList<>(text.length());
        if (!nfc || Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
            addCodePoints(text, 0, text.length(), out);
            return out;
        }
        // Grow a run while NFC of (run + next code point) differs from NFC(run) + next: then the two interact.
        int runBegin = 0;
        int i = 0;
        while (i < text.length()) {
            int next = i + Character.charCount(text.codePointAt(i));
            if (i > runBegin && independent(text, runBegin, i, next)) {
                emitRun(text, runBegin, i, out);
                runBegin = i;
            }
            i = next;
        }
        if (runBegin < text.length()) {
            emitRun(text, runBegin, text.length(), out);
        }
        return out;
    }

    /** The tokens' texts alone. */
    public List<String> split(String text) {
        List<CharToken> t = tokenize(text);
        List<String> s = new ArrayList<>(t.size());
        for (CharToken c : t) {
            s.add(c.text());
        }
        return s;
    }

    /** True if NFC(text[b..m) + text[m..e)) == NFC(text[b..m)) + NFC(text[m..e)): the run may end at m. */
    private static boolean independent(String text, int b, int m, int e) {
        String left = text.substring(b, m);
        String right = text.substring(m, e);
        String together = Normalizer.normalize(left + right, Normalizer.Form.NFC);
        return together.equals(Normalizer.normalize(left, Normalizer.Form.NFC) + Normalizer.normalize(right, Normalizer.Form.NFC));
    }

    private static void emitRun(String text, int b, int e, List<CharToken> out) {
        String run = text.substring(b, e);
        String norm = Normalizer.normalize(run, Normalizer.Form.NFC);
        if (norm.equals(run)) {
            addCodePoints(text, b, e, out);
            return;
        }
        for (int i = 0; i < norm.length(); ) {
            int cp = norm.codePointAt(i);
            int n = Character.charCount(cp);
            out.add(new CharToken(norm.substring(i, i + n), b, e));
            i += n;
        }
    }

    private static void addCodePoints(String text, int b, int e, List<CharToken> out) {
        for (int i = b; i < e; ) {
            int n = Character.charCount(text.codePointAt(i));
            out.add(new CharToken(text.substring(i, i + n), i, i + n));
            i += n;
        }
    }
}
