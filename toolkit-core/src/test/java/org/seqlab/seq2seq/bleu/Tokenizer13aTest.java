package org.seqlab.seq2seq.bleu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The 13a rules one at a time, on lines worked out by hand from the four regular expressions. */
class Tokenizer13aTest {
    private final Tokenizer13a tok = new Tokenizer13a();

    @Test
    void asciiSymbolsAreSplitOffButApostrophesAndHyphensStay() {
        assertThat(tok.tokenize("Hello, world! (don't) e-mail a/b $3 50%"))
                .isEqualTo("Hello , world ! ( don't ) e-mail a / b $ 3 50 %");
    }

    @Test
    void periodAndCommaSplitUnlessBetweenDigits() {
        assertThat(tok.tokenize("120,5 1.5 ca.120 end. x,y")).isEqualTo("120,5 1.5 ca . 120 end . x , y");
        assertThat(tok.tokenize("0. .0")).isEqualTo("0 . . 0");
        assertThat(tok.tokenize("U.S.A.")).isEqualTo("U . S . A .");
    }

    @Test
    void runsOfPeriodsFollowTheLeftToRightMatching() {
        // rule 2 matches "a." then ".."; the last "." is then split by rule 3 before "b"
        assertThat(tok.tokenize("a....b")).isEqualTo("a . . . . b");
        assertThat(tok.tokenize("now ...")).isEqualTo("now . . .");
    }

    @Test
    void hyphenIsSplitOnlyAfterADigit() {
        assertThat(tok.tokenize("3-4 a-5 -5 5-")).isEqualTo("3 - 4 a-5 -5 5 -");
    }

    @Test
    void entitiesAreUnescapedOnceInOrderThenSplit() {
        assertThat(tok.tokenize("&quot;hi&quot; AT&amp;T &lt;b&gt;")).isEqualTo("\" hi \" AT & T < b >");
        // &amp;quot; becomes &quot; after the &quot; pass has run, so it stays (split at & and ;)
        assertThat(tok.tokenize("&amp;quot;")).isEqualTo("& quot ;");
    }

    @Test
    void skippedMarkersAndHyphenatedLineBreaksAreRemoved() {
        assertThat(tok.tokenize("<skipped>a-\nb c\nd")).isEqualTo("ab c d");
    }

    @Test
    void nonAsciiPunctuationStaysAttached() {
        assertThat(tok.tokenize("„Straßenkleidung“ x😀. ١,٢")).isEqualTo("„Straßenkleidung“ x😀 . ١ , ٢");
    }

    @Test
    void pythonWhitespaceSeparatesTokensButZeroWidthSpaceDoesNot() {
        assertThat(tok.tokens("120\u00a0cm\u2007a\u202fb\u3000c\u0085d\u001ce f\u200bg"))
                .containsExactly("120", "cm", "a", "b", "c", "d", "e", "f\u200bg");
        assertThat(tok.tokens("")).isEmpty();
        assertThat(tok.tokens(" \t ")).isEmpty();
    }
}
