package org.seqlab.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Expected sentences are written by hand. */
class SentenceSplitterTest {

    private static List<String> sentences(SentenceSplitter splitter, String text) {
        return splitter.split(text).stream().map(s -> String.join(" ", s.words())).toList();
    }

    private static List<String> sentences(String text) {
        return sentences(SentenceSplitter.standard(), text);
    }

    @Test
    void fullStopQuestionAndExclamationEndSentences() {
        assertThat(sentences("It rained. Did it? Yes! we stayed in."))
                .containsExactly("It rained .", "Did it ?", "Yes !", "we stayed in .");
    }

    @Test
    void abbreviationsAndTitlesDoNotEndSentences() {
        assertThat(sentences("Mr. Smith went to Washington. He met Dr. Who in the U.S. Army barracks."))
                .containsExactly("Mr. Smith went to Washington .", "He met Dr. Who in the U.S. Army barracks .");
    }

    @Test
    void anAbbreviationEndsASentenceBeforeATypicalOpenerWithItsPeriodSplitOff() {
        assertThat(sentences("We sold pens, cups etc. The rest went to the U.S.\n\nDone"))
                .containsExactly("We sold pens , cups etc .", "The rest went to the U.S .", "Done");
    }

    @Test
    void initialsDoNotEndSentences() {
        assertThat(sentences("J. R. R. Tolkien wrote it. It sold."))
                .containsExactly("J. R. R. Tolkien wrote it .", "It sold .");
    }

    @Test
    void mixedRunsEndOneSentence() {
        assertThat(sentences("Really?! Yes?!! No."))
                .containsExactly("Really ?!", "Yes ?!!", "No .");
    }

    @Test
    void closingQuotesAndBracketsStayWithTheSentenceTheyClose() {
        assertThat(sentences("He said \"Stop.\" Then he left. (It was late.) We slept."))
                .containsExactly("He said \" Stop . \"", "Then he left .", "( It was late . )", "We slept .");
    }

    @Test
    void anEllipsisBeforeALowerCaseWordDoesNotEndTheSentence() {
        assertThat(sentences("Well... maybe. Fine.")).containsExactly("Well ... maybe .", "Fine .");
    }

    @Test
    void aLeadingOrGluedEllipsisDoesNotEndASentence() {
        assertThat(sentences("...Now we go. Wait...Later")).containsExactly("... Now we go .", "Wait ... Later");
    }

    @Test
    void punctuationAfterAFullStopContinuesTheSentenceButAnEllipsisDoesNot() {
        assertThat(sentences("In the region . . . This one.")).containsExactly("In the region . . .", "This one .");
        assertThat(sentences("It ended. ...a drop")).containsExactly("It ended .", "... a drop");
    }

    @Test
    void theNumberOfAListItemDoesNotEndASentence() {
        assertThat(sentences("Two things.\n\n1. The title is here. 2. The stock")).containsExactly(
                "Two things .", "1 . The title is here .", "2 . The stock");
    }

    @Test
    void mailHeadersAndAddressesEndSentencesWithoutPunctuation() {
        assertThat(sentences("Email: \"Jo\" <jo@x.com> Groups: cats"))
                .containsExactly("Email : \" Jo \" < jo@x.com >", "Groups : cats");
        assertThat(sentences("Scott Neal 08/16/2000 03:48 PM Thanks for the note"))
                .containsExactly("Scott Neal", "08/16/2000 03:48 PM", "Thanks for the note");
        assertThat(sentences("sent on 08/16/2000 03:48 PM to you"))
                .containsExactly("sent on 08/16/2000 03:48 PM", "to you");
        assertThat(sentences("Best regards, Debra Smith")).containsExactly("Best regards ,", "Debra Smith");
    }

    @Test
    void anEmoticonAfterTheEndStaysWithTheSentence() {
        assertThat(sentences("I love her. :) She is great."))
                .containsExactly("I love her . :)", "She is great .");
        assertThat(sentences("I love her.\n\n:) she said")).containsExactly("I love her .", ":) she said");
    }

    @Test
    void aBlankLineAlwaysEndsASentenceAndASingleLineBreakNever() {
        assertThat(sentences("A title\n\nFirst line\nsame sentence.\r\n\r\nNext"))
                .containsExactly("A title", "First line same sentence .", "Next");
        assertThat(sentences("one\n \t\ntwo")).containsExactly("one", "two");
    }

    @Test
    void sentenceOffsetsSpanTheirTokens() {
        List<TokenizedSentence> s = SentenceSplitter.standard().split("Hi there. Bye.");
        assertThat(s).hasSize(2);
        assertThat(s.get(0).begin()).isZero();
        assertThat(s.get(0).end()).isEqualTo(9);
        assertThat(s.get(1).begin()).isEqualTo(10);
        assertThat(s.get(1).end()).isEqualTo(14);
    }

    @Test
    void emptyInputHasNoSentences() {
        assertThat(SentenceSplitter.standard().split(" \n\n ")).isEmpty();
    }

    @Test
    void pretokenizedTextHasOneSentenceALine() {
        SentenceSplitter lines = new SentenceSplitter(WordTokenizer.pretokenized());
        assertThat(sentences(lines, "Mr. Smith left .\nHe said no .  Then yes\r\n\nEnd"))
                .containsExactly("Mr. Smith left .", "He said no . Then yes", "End");
    }
}
