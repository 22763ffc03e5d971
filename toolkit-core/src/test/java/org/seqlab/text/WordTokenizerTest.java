package org.seqlab.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Expected tokens and offsets are counted by hand from the input strings. */
class WordTokenizerTest {

    private static final WordTokenizer STANDARD = WordTokenizer.standard();

    /** "text begin end" for each token. */
    private static List<String> spans(WordTokenizer tokenizer, String text) {
        List<Token> tokens = tokenizer.tokenize(text);
        for (Token t : tokens) {
            assertThat(text.substring(t.begin(), t.end())).isEqualTo(t.text());
        }
        return tokens.stream().map(t -> t.text() + " " + t.begin() + " " + t.end()).toList();
    }

    private static List<String> spans(String text) {
        return spans(STANDARD, text);
    }

    private static List<String> words(String text) {
        return STANDARD.tokenize(text).stream().map(Token::text).toList();
    }

    @Test
    void splitsNegationAndVerbClitics() {
        assertThat(spans("I don't know.")).containsExactly("I 0 1", "do 2 4", "n't 4 7", "know 8 12", ". 12 13");
        assertThat(spans("She's here, they'll go")).containsExactly(
                "She 0 3", "'s 3 5", "here 6 10", ", 10 11", "they 12 16", "'ll 16 19", "go 20 22");
        assertThat(words("we've I'm I'd you're can't won't")).containsExactly(
                "we", "'ve", "I", "'m", "I", "'d", "you", "'re", "ca", "n't", "wo", "n't");
    }

    @Test
    void splitsPossessivesAndFusedForms() {
        assertThat(spans("John's and Jones' car")).containsExactly(
                "John 0 4", "'s 4 6", "and 7 10", "Jones 11 16", "' 16 17", "car 18 21");
        assertThat(spans("I cannot, gonna")).containsExactly(
                "I 0 1", "can 2 5", "not 5 8", ", 8 9", "gon 10 13", "na 13 15");
        assertThat(words("dont O'Neil Im cant alot")).containsExactly(
                "do", "nt", "O'Neil", "I", "m", "ca", "nt", "a", "lot");
    }

    @Test
    void itsIsSplitOnlyWhereItCannotBeThePossessive() {
        assertThat(spans("its a dog and its tail")).containsExactly(
                "it 0 2", "s 2 3", "a 4 5", "dog 6 9", "and 10 13", "its 14 17", "tail 18 22");
        assertThat(words("Lets go to Yahoo! now")).containsExactly("Let", "s", "go", "to", "Yahoo!", "now");
    }

    @Test
    void curlyApostropheCliticsSplitLikeStraightOnes() {
        assertThat(spans("don\u2019t it\u2019s")).containsExactly(
                "do 0 2", "n\u2019t 2 5", "it 6 8", "\u2019s 8 10");
    }

    @Test
    void abbreviationsKeepTheirPeriod() {
        assertThat(spans("Mr. Smith of the U.S. Army")).containsExactly(
                "Mr. 0 3", "Smith 4 9", "of 10 12", "the 13 16", "U.S. 17 21", "Army 22 26");
        assertThat(words("see e.g. Jan. 5 at 3 p.m. with J. Doe etc. and more")).containsExactly(
                "see", "e.g.", "Jan.", "5", "at", "3", "p.m.", "with", "J.", "Doe", "etc.", "and", "more");
    }

    @Test
    void anAbbreviationEndingASentenceLosesItsPeriodButATitleNever() {
        assertThat(spans("pens etc. The end")).containsExactly(
                "pens 0 4", "etc 5 8", ". 8 9", "The 10 13", "end 14 17");
        assertThat(words("in the U.S.")).containsExactly("in", "the", "U.S", ".");
        assertThat(words("Ask Mr. The")).containsExactly("Ask", "Mr.", "The");
        assertThat(words("No. 5 or No.")).containsExactly("No.", "5", "or", "No", ".");
        assertThat(words("CCNG, Inc.. On")).containsExactly("CCNG", ",", "Inc.", ".", "On");
    }

    @Test
    void numbersWithUnitsSplitButOrdinalsAndDecadesStay() {
        assertThat(spans("at 10am, 2nd of 375mm 1990s")).containsExactly(
                "at 0 2", "10 3 5", "am 5 7", ", 7 8", "2nd 9 12", "of 13 15", "375 16 19", "mm 19 21",
                "1990s 22 27");
        assertThat(words("@ 7:30PM")).containsExactly("@", "7:30", "PM");
    }

    @Test
    void hashtagsFileExtensionsAndLetterPairsStayWhole() {
        assertThat(words("join #audiobooks (draft).doc b/c and/or x@y.com")).containsExactly(
                "join", "#audiobooks", "(", "draft", ")", ".doc", "b/c", "and", "/", "or", "x@y.com");
        assertThat(words("Email: franz371...@gmail.com")).containsExactly("Email", ":", "franz371...@gmail.com");
    }

    @Test
    void ordinaryWordsLoseTheirFinalPeriod() {
        assertThat(spans("He left. Go")).containsExactly("He 0 2", "left 3 7", ". 7 8", "Go 9 11");
    }

    @Test
    void numbersKeepSeparatorsAndPhoneNumbersKeepHyphens() {
        assertThat(spans("$38,000.50 or 3.5%")).containsExactly(
                "$ 0 1", "38,000.50 1 10", "or 11 13", "3.5 14 17", "% 17 18");
        assertThat(words("at 5:00 on 11/28/2000, call 713-853-3989 or 1-800-553-3119")).containsExactly(
                "at", "5:00", "on", "11/28/2000", ",", "call", "713-853-3989", "or", "1-800-553-3119");
        assertThat(words("a 15-year term")).containsExactly("a", "15", "-", "year", "term");
    }

    @Test
    void urlsAndEmailsStayWholeWithoutTrailingPunctuation() {
        assertThat(spans("See http://www.x.com/a?b=1. Mail me@ex.org, ok")).containsExactly(
                "See 0 3", "http://www.x.com/a?b=1 4 26", ". 26 27", "Mail 28 32", "me@ex.org 33 42", ", 42 43",
                "ok 44 46");
        assertThat(words("(www.enron.com)")).containsExactly("(", "www.enron.com", ")");
        assertThat(spans("to john-doe@my-site.co.uk.")).containsExactly(
                "to 0 2", "john-doe@my-site.co.uk 3 25", ". 25 26");
    }

    @Test
    void emoticonsAreOneToken() {
        assertThat(spans("Great :) see ;-) bye:(")).containsExactly(
                "Great 0 5", ":) 6 8", "see 9 12", ";-) 13 16", "bye 17 20", ":( 20 22");
    }

    @Test
    void hyphensSplitExceptAfterPrefixesUnlessKeepHyphenated() {
        assertThat(spans("wheel-chair e-mail non-profit")).containsExactly(
                "wheel 0 5", "- 5 6", "chair 6 11", "e-mail 12 18", "non-profit 19 29");
        WordTokenizer keep = WordTokenizer.builder().optKeepHyphenated(true).build();
        assertThat(spans(keep, "a wheel-chair, F-16-launched")).containsExactly(
                "a 0 1", "wheel-chair 2 13", ", 13 14", "F-16-launched 15 28");
    }

    @Test
    void quotesAreSplitOff() {
        assertThat(spans("say \"no\" 'yes' ``Hi''")).containsExactly(
                "say 0 3", "\" 4 5", "no 5 7", "\" 7 8", "' 9 10", "yes 10 13", "' 13 14", "`` 15 17",
                "Hi 17 19", "'' 19 21");
        assertThat(words("\u201cquoted\u201d")).containsExactly("\u201c", "quoted", "\u201d");
        assertThat(words("\u2018\u2019Hi,\u2019\u2019 he said (to me): no")).containsExactly(
                "\u2018\u2019", "Hi", ",", "\u2019\u2019", "he", "said", "(", "to", "me", ")", ":", "no");
    }

    @Test
    void punctuationRunsAreOneToken() {
        assertThat(spans("Wait... what?! So -- ok***")).containsExactly(
                "Wait 0 4", "... 4 7", "what 8 12", "?! 12 14", "So 15 17", "-- 18 20", "ok 21 23", "*** 23 26");
        assertThat(words("end\u2026 now")).containsExactly("end", "\u2026", "now");
    }

    @Test
    void unicodeLettersAndMarksStayInWords() {
        assertThat(spans("Caf\u00e9 na\u0131ve \u2014 r\u00e9sum\u00e9")).containsExactly(
                "Caf\u00e9 0 4", "na\u0131ve 5 10", "\u2014 11 12", "r\u00e9sum\u00e9 13 19");
        // e + combining acute accent: the mark belongs to the word
        assertThat(words("cafe\u0301!")).containsExactly("cafe\u0301", "!");
    }

    @Test
    void surrogatePairsAreNeverCutAndOffsetsCountUtf16Units() {
        // U+1F600 (emoji) and U+1D49C (a mathematical letter) each take two UTF-16 units
        assertThat(spans("I \uD83D\uDE00 you \uD835\uDC9Cbc!")).containsExactly(
                "I 0 1", "\uD83D\uDE00 2 4", "you 5 8", "\uD835\uDC9Cbc 9 13", "! 13 14");
        assertThat(spans("hi\uD83D\uDE00\uD83D\uDE00")).containsExactly(
                "hi 0 2", "\uD83D\uDE00 2 4", "\uD83D\uDE00 4 6");
    }

    @Test
    void anEmojiSequenceIsOneToken() {
        String thumbsUp = "\uD83D\uDC4D\uD83C\uDFFD"; // U+1F44D with the skin-tone modifier U+1F3FD
        String heart = "\u2764\uFE0F"; // with the emoji variation selector
        String france = "\uD83C\uDDEB\uD83C\uDDF7"; // regional indicators F R
        String germany = "\uD83C\uDDE9\uD83C\uDDEA"; // D E
        String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67"; // man ZWJ woman ZWJ girl
        assertThat(spans("Great " + thumbsUp + " " + heart + " " + france + germany + " " + family + "!"))
                .containsExactly("Great 0 5", thumbsUp + " 6 10", heart + " 11 13", france + " 14 18",
                        germany + " 18 22", family + " 23 31", "! 31 32");
        // a joiner before a word or a space joins nothing
        assertThat(words("\uD83D\uDE00\u200Dgo")).containsExactly("\uD83D\uDE00", "\u200D", "go");
    }

    @Test
    void emptyAndWhitespaceOnlyInputHaveNoTokens() {
        assertThat(STANDARD.tokenize("")).isEmpty();
        assertThat(STANDARD.tokenize(" \t\r\n\u00a0\u3000 ")).isEmpty();
        assertThat(WordTokenizer.pretokenized().tokenize("  \n ")).isEmpty();
    }

    @Test
    void crlfAndNoBreakSpacesSeparateTokens() {
        assertThat(spans("Hi there.\r\nBye\u00a0now.")).containsExactly(
                "Hi 0 2", "there 3 8", ". 8 9", "Bye 11 14", "now 15 18", ". 18 19");
    }

    @Test
    void pretokenizedModeSplitsOnWhitespaceOnly() {
        assertThat(spans(WordTokenizer.pretokenized(), "Hello ,  don't\tU.S.!")).containsExactly(
                "Hello 0 5", ", 6 7", "don't 9 14", "U.S.! 15 20");
    }

    @Test
    void randomTextAlwaysYieldsOrderedNonEmptyTokensWithoutWhitespace() {
        // pieces that trigger every rule, glued at random; invariants, not outputs, are checked
        String[] pieces = {"a", "Mr", "U.S", ".", "..", "!", "?", "'", "\u2019", "`", "s", "n't", "-", "--", "e", "@",
            "x.com", "http://", "www.", ":", ")", "(", ";", "=", "^", "_", "&", "/", "1", "38", ",", "000", "#", "+",
            "$", "\uD83D\uDE00", "\uD835\uDC9C", "\uD83D", "\uDE00", "e\u0301", " ", "  ", "\n", "\r\n", "\n\n",
            "\t", "\u00a0", "\u2026", "\"", "\u201c", "<", ">", "*", "Its", "its", "a", "dont", "7:30PM", "No", "etc"};
        java.util.Random random = new java.util.Random(7);
        for (WordTokenizer tokenizer : List.of(STANDARD, WordTokenizer.builder().optKeepHyphenated(true).build(),
                WordTokenizer.pretokenized())) {
            for (int round = 0; round < 3000; round++) {
                StringBuilder sb = new StringBuilder();
                int n = random.nextInt(12);
                for (int i = 0; i < n; i++) {
                    sb.append(pieces[random.nextInt(pieces.length)]);
                }
                String text = sb.toString();
                List<Token> tokens = tokenizer.tokenize(text);
                int covered = 0;
                int previousEnd = 0;
                for (Token t : tokens) {
                    assertThat(t.begin()).as("order in %s", text).isGreaterThanOrEqualTo(previousEnd);
                    assertThat(t.end()).as("non-empty in %s", text).isGreaterThan(t.begin());
                    assertThat(text.substring(t.begin(), t.end())).isEqualTo(t.text());
                    assertThat(t.text().chars().noneMatch(ch -> CharKinds.isSpace((char) ch)))
                            .as("no whitespace in %s of %s", t, text).isTrue();
                    assertThat(Character.isLowSurrogate(text.charAt(t.begin())) && t.begin() > 0
                            && Character.isHighSurrogate(text.charAt(t.begin() - 1)))
                            .as("no cut surrogate pair at %s in %s", t, text).isFalse();
                    assertThat(t.end() < text.length() && Character.isLowSurrogate(text.charAt(t.end()))
                            && Character.isHighSurrogate(text.charAt(t.end() - 1)))
                            .as("no cut surrogate pair after %s in %s", t, text).isFalse();
                    covered += t.end() - t.begin();
                    previousEnd = t.end();
                }
                long nonSpace = text.chars().filter(ch -> !CharKinds.isSpace((char) ch)).count();
                assertThat(covered).as("every visible character in a token: %s", text).isEqualTo((int) nonSpace);
                new SentenceSplitter(tokenizer).split(text, tokens);
            }
        }
    }

    @Test
    void tokenizerIsSafeToShareBetweenThreads() throws Exception {
        String text = "Mr. Smith can't pay $38,000.50 :) e-mail me@ex.org. ".repeat(200);
        List<Token> expected = STANDARD.tokenize(text);
        assertThat(expected).hasSize(200 * 11);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<List<Token>>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> STANDARD.tokenize(text)));
            }
            for (java.util.concurrent.Future<List<Token>> r : results) {
                assertThat(r.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
