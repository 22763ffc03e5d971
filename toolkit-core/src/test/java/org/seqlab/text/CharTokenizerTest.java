package org.seqlab.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.seqlab.text.CharTokenizer.CharToken;

class CharTokenizerTest {

    @Test
    void splitsIntoCodePointsWithUtf16Offsets() {
        List<CharToken> t = CharTokenizer.plain().tokenize("ab c");
        assertThat(t).containsExactly(new CharToken("a", 0, 1), new CharToken("b", 1, 2), new CharToken(" ", 2, 3),
                new CharToken("c", 3, 4));
    }

    @Test
    void keepsSurrogatePairsWhole() {
        // U+1F600 is two UTF-16 units.
        List<CharToken> t = CharTokenizer.plain().tokenize("a\uD83D\uDE00b");
        assertThat(t).containsExactly(new CharToken("a", 0, 1), new CharToken("\uD83D\uDE00", 1, 3),
                new CharToken("b", 3, 4));
        assertThat(t.get(1).codePoint()).isEqualTo(0x1F600);
    }

    @Test
    void emptyTextHasNoTokens() {
        assertThat(CharTokenizer.plain().tokenize("")).isEmpty();
        assertThat(CharTokenizer.nfc().tokenize("")).isEmpty();
    }

    @Test
    void withoutNfcDecomposedCharactersStaySeparate() {
        assertThat(CharTokenizer.plain().split("e\u0301")).containsExactly("e", "\u0301");
    }

    @Test
    void nfcComposesAndTheComposedCharacterSpansItsOriginalChars() {
        // "Cafe\u0301!" -> "Café!": é covers e and the combining acute (original indices 3..5).
        List<CharToken> t = CharTokenizer.nfc().tokenize("Cafe\u0301!");
        assertThat(t).containsExactly(new CharToken("C", 0, 1), new CharToken("a", 1, 2), new CharToken("f", 2, 3),
                new CharToken("\u00e9", 3, 5), new CharToken("!", 5, 6));
    }

    @Test
    void nfcWithSeveralMarksAndHangulJamo() {
        // a + dot below + acute... here e + U+0323 (dot below) + U+0302 (circumflex) -> U+1EC7 (ệ), one token over 0..3.
        assertThat(CharTokenizer.nfc().tokenize("e\u0323\u0302x")).containsExactly(
                new CharToken("\u1EC7", 0, 3), new CharToken("x", 3, 4));
        // Hangul jamo L + V + T (U+1112 U+1161 U+11AB) compose to the syllable U+D55C.
        assertThat(CharTokenizer.nfc().tokenize("\u1112\u1161\u11AB")).containsExactly(new CharToken("\uD55C", 0, 3));
    }

    @Test
    void nfcReorderedMarksSpanTheirWholeRun() {
        // x + acute (230) + dot below (220): NFC reorders the marks (no composition with x); both span 1..3.
        assertThat(CharTokenizer.nfc().tokenize("x\u0301\u0323")).containsExactly(new CharToken("x", 0, 1),
                new CharToken("\u0323", 1, 3), new CharToken("\u0301", 1, 3));
    }

    @Test
    void nfcTokensSpellTheNormalisedTextAndCoverTheOriginalInOrder() {
        // java.text.Normalizer is the oracle for the text; spans must tile the original without gaps.
        for (String s : List.of("Cafe\u0301 \uD83D\uDE00 A\u030A\u0301ngstro\u0308m", "\u0041\u030A\u212B\u00C5",
                "e\u0301\u0301e\u0300\u0327x", "\u1100\u1161\u11A8\u1100", "\u0B47\u0B3E")) {
            List<CharToken> t = CharTokenizer.nfc().tokenize(s);
            assertThat(t.stream().map(CharToken::text).collect(Collectors.joining()))
                    .isEqualTo(Normalizer.normalize(s, Normalizer.Form.NFC));
            int end = 0;
            for (CharToken c : t) {
                assertThat(c.begin()).isLessThanOrEqualTo(end);
                assertThat(c.end()).isGreaterThanOrEqualTo(c.begin() + 1);
                end = Math.max(end, c.end());
            }
            assertThat(end).isEqualTo(s.length());
        }
    }

    @Test
    void alreadyNormalisedTextKeepsOneSpanPerCodePoint() {
        assertThat(CharTokenizer.nfc().tokenize("\u00e9\uD83D\uDE00")).containsExactly(new CharToken("\u00e9", 0, 1),
                new CharToken("\uD83D\uDE00", 1, 3));
    }
}
