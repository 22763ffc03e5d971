package org.seqlab.seq2seq.bleu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.seqlab.SharedData;

/** Corpus BLEU on corpora small enough to count by hand (figures re-checked with sacreBLEU 2.6.0 where noted). */
class BleuTest {

    @Test
    void twoLineCorpusHasTheHandCountedStatisticsAndScore() {
        // hyp 1 "the cat sat on the mat" vs "the cat is on the mat": 1-grams the,the,cat,on,mat = 5/6;
        //   2-grams "the cat","on the","the mat" = 3/5; 3-gram "on the mat" = 1/4; 4-grams 0/3
        // hyp 2 "a dog ." vs "a dog barks .": 1-grams 3/3; 2-gram "a dog" 1/2; 3-grams 0/1; 4-grams 0/0
        BleuScore s = Bleu.corpusScore(List.of("the cat sat on the mat", "a dog."),
                List.of("the cat is on the mat", "a dog barks."));

        assertThat(s.counts()).containsExactly(8, 4, 1, 0);
        assertThat(s.totals()).containsExactly(9, 7, 5, 3);
        assertThat(s.sysLen()).isEqualTo(9);
        assertThat(s.refLen()).isEqualTo(10);
        // order 4 has no match: exp smoothing gives it 100 / (2 * 3)
        assertThat(s.precisions()).containsExactly(800.0 / 9, 400.0 / 7, 20.0, 100.0 / 6);
        double bp = Math.exp(1 - 10.0 / 9);
        assertThat(s.bp()).isCloseTo(bp, within(1e-15));
        double expected = bp * Math.pow((800.0 / 9) * (400.0 / 7) * 20.0 * (100.0 / 6), 0.25);
        assertThat(s.score()).isCloseTo(expected, within(1e-12 * expected));
        assertThat(s.score()).as("sacreBLEU 2.6.0 gives this double").isEqualTo(32.27877919870643);
        assertThat(s.ratio()).isEqualTo(0.9);
        assertThat(s.format()).isEqualTo(
                "BLEU = 32.28 88.9/57.1/20.0/16.7 (BP = 0.895 ratio = 0.900 hyp_len = 9 ref_len = 10)");
        assertThat(s.signature()).isEqualTo("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0");
    }

    @Test
    void repeatedWordsAreClippedAndEachZeroOrderDoublesTheExpFactor() {
        // "the" 4 times against one "the": 1 match of 4; orders 2, 3, 4 have none: factors 2, 4, 8
        BleuScore s = Bleu.corpusScore(List.of("the the the the"), List.of("the cat"));
        assertThat(s.counts()).containsExactly(1, 0, 0, 0);
        assertThat(s.totals()).containsExactly(4, 3, 2, 1);
        assertThat(s.precisions()).containsExactly(25.0, 100.0 / (2 * 3), 100.0 / (4 * 2), 100.0 / (8 * 1));
        assertThat(s.score()).isCloseTo(Math.pow(25.0 * (100.0 / 6) * 12.5 * 12.5, 0.25), within(1e-12));
    }

    @Test
    void emptyHypothesisLinesCountNoTokensAndAMissingOrderGivesZeroNotNaN() {
        BleuScore s = Bleu.corpusScore(List.of("", "a b"), List.of("x y", "a b"));
        assertThat(s.sysLen()).isEqualTo(2);
        assertThat(s.refLen()).isEqualTo(4);
        assertThat(s.counts()).containsExactly(2, 1, 0, 0);
        assertThat(s.totals()).containsExactly(2, 1, 0, 0);
        // no 3-grams at all: precision stays 0, its log is floored, the score is 0
        assertThat(s.precisions()).containsExactly(100.0, 100.0, 0.0, 0.0);
        assertThat(s.score()).isEqualTo(0.0);
        assertThat(s.bp()).isCloseTo(Math.exp(-1), within(1e-15));
    }

    @Test
    void allHypothesesEmptyGivesZeroWithZeroBrevityPenalty() {
        BleuScore s = Bleu.corpusScore(List.of("", "   "), List.of("a", "b c"));
        assertThat(s.score()).isEqualTo(0.0);
        assertThat(s.bp()).isEqualTo(0.0);
        assertThat(s.sysLen()).isZero();
        assertThat(s.refLen()).isEqualTo(3);
    }

    @Test
    void emptyCorpusScoresZeroWithoutNaN() {
        BleuScore s = Bleu.corpusScore(List.of(), List.of());
        assertThat(s.score()).isEqualTo(0.0);
        assertThat(s.bp()).isEqualTo(1.0);
        assertThat(s.ratio()).isEqualTo(0.0);
        assertThat(s.precisions()).containsExactly(0.0, 0.0, 0.0, 0.0);
        assertThat(s.format())
                .isEqualTo("BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 1.000 ratio = 0.000 hyp_len = 0 ref_len = 0)");
        assertThat(s.scoreText()).isEqualTo("0.0");
    }

    @Test
    void identicalCorpusScoresOneHundred() {
        List<String> lines = List.of("Ein Mann schläft.", "Zwei Hunde spielen im Schnee, oder?");
        BleuScore s = Bleu.corpusScore(lines, lines);
        assertThat(s.score()).isCloseTo(100.0, within(1e-12));
        assertThat(s.bp()).isEqualTo(1.0);
    }

    @Test
    void smoothingMethodsFollowTheirFormulasOnFixedStatistics() {
        long[] counts = {8, 3, 0, 0};
        long[] totals = {11, 9, 7, 5};
        BleuScore exp = Bleu.defaults().scoreOf(11, 11, counts, totals);
        assertThat(exp.precisions()).containsExactly(800.0 / 11, 300.0 / 9, 100.0 / (2 * 7), 100.0 / (4 * 5));

        Bleu floor = Bleu.builder().optSmoothing(Smoothing.FLOOR).build();
        assertThat(floor.scoreOf(11, 11, counts, totals).precisions())
                .containsExactly(800.0 / 11, 300.0 / 9, 100.0 * 0.1 / 7, 100.0 * 0.1 / 5);
        assertThat(floor.signature()).contains("smooth:floor[0.10]");

        // add-k adds k to matches and totals of orders 2..4 only
        Bleu addK = Bleu.builder().optSmoothing(Smoothing.ADD_K).build();
        BleuScore k = addK.scoreOf(11, 11, counts, totals);
        assertThat(k.precisions()).containsExactly(800.0 / 11, 400.0 / 10, 100.0 / 8, 100.0 / 6);
        assertThat(k.score()).as("sacreBLEU 2.6.0").isEqualTo(27.901593935858266);
        assertThat(addK.signature()).contains("smooth:add-k[1.00]");
        assertThat(Bleu.builder().optSmoothing(Smoothing.ADD_K).optSmoothValue(0.5).build().signature())
                .contains("smooth:add-k[0.50]");

        Bleu none = Bleu.builder().optSmoothing(Smoothing.NONE).build();
        BleuScore n = none.scoreOf(11, 11, counts, totals);
        assertThat(n.precisions()).containsExactly(800.0 / 11, 300.0 / 9, 0.0, 0.0);
        assertThat(n.score()).isEqualTo(0.0);
        assertThat(none.signature()).contains("smooth:none|");
    }

    @Test
    void lowercaseOptionFoldsCaseBeforeCountingAndShowsInTheSignature() {
        Bleu lc = Bleu.builder().optLowercase(true).build();
        BleuScore s = lc.score(List.of("EIN MANN"), List.of("ein Mann"));
        assertThat(s.counts()).containsExactly(2, 1, 0, 0);
        assertThat(s.signature()).isEqualTo("nrefs:1|case:lc|eff:no|tok:13a|smooth:exp|version:2.6.0");
        assertThat(Bleu.corpusScore(List.of("EIN MANN"), List.of("ein Mann")).counts()).containsExactly(0, 0, 0, 0);
    }

    @Test
    void trailingWhitespaceIncludingNoBreakSpaceIsStrippedAndInnerNoBreakSpaceSplits() {
        assertThat(Bleu.defaults().tokens("120\u00a0cm \u00a0\t")).containsExactly("120", "cm");
        assertThat(Bleu.defaults().tokens("a\u200bb")).containsExactly("a\u200bb");
    }

    @Test
    void anEmptyReferenceHasLengthZeroAndNoNGramsAsInSacreBleu() {
        // hyp 1 equals its reference, "the cat sat on the mat" (6 words): 6/6, 5/5, 4/4, 3/3 matches;
        // hyp 2 "a dog ." (3 tokens) against the empty reference: its 3, 2, 1, 0 n-grams count in the totals and
        //   match nothing, and the reference adds 0 to ref_len (the closest, and only, reference length).
        // counts 6, 5, 4, 3 of totals 9, 7, 5, 3; sys_len 9 >= ref_len 6, so BP = 1;
        // score = (600/9 * 500/7 * 400/5 * 300/3)^(1/4) = 100 * (6/9 * 5/7 * 4/5 * 3/3)^(1/4) = 78.5629...
        BleuScore s = Bleu.corpusScore(List.of("the cat sat on the mat", "a dog ."),
                List.of("the cat sat on the mat", ""));
        assertThat(s.counts()).containsExactly(6, 5, 4, 3);
        assertThat(s.totals()).containsExactly(9, 7, 5, 3);
        assertThat(s.sysLen()).isEqualTo(9);
        assertThat(s.refLen()).isEqualTo(6);
        assertThat(s.bp()).isEqualTo(1.0);
        assertThat(s.precisions()).containsExactly(600.0 / 9, 500.0 / 7, 80.0, 100.0);
        assertThat(s.score()).isCloseTo(100 * Math.pow(6.0 / 9 * 5.0 / 7 * 4.0 / 5, 0.25), within(1e-12));
        // the double of sacreBLEU's order of operations: exp((log p1 + log p2 + log p3 + log p4) / 4)
        assertThat(s.score()).isEqualTo(78.56293018010261);
        // an empty hypothesis against an empty reference adds nothing at all
        BleuScore both = Bleu.corpusScore(List.of("the cat sat on the mat", ""), List.of("the cat sat on the mat", ""));
        assertThat(both.sysLen()).isEqualTo(6);
        assertThat(both.refLen()).isEqualTo(6);
        assertThat(both.score()).isCloseTo(100.0, within(1e-12));
    }

    @Test
    void aBlankedReferenceLineInRealDataTakesOnlyItsHypothesisNGramsOutOfTheMatches() throws Exception {
        // the tester's case: the first 10 lines of multi30k val.de as hypothesis, and as reference with line 4
        // blanked. Lines 1-3 and 5-10 match themselves fully; line 4 (L tokens) adds its L, L-1, L-2, L-3 n-grams to
        // the totals only, and 0 to ref_len. So counts = totals - (L, L-1, L-2, L-3), ref_len = sys_len - L, BP = 1.
        List<String> hyps = Files.readAllLines(SharedData.data("multi30k/val.de"), StandardCharsets.UTF_8)
                .subList(0, 10);
        List<String> refs = new ArrayList<>(hyps);
        refs.set(3, "");
        BleuScore s = Bleu.corpusScore(hyps, refs);
        BleuScore identical = Bleu.corpusScore(hyps, hyps);
        int l = Bleu.defaults().tokens(hyps.get(3)).size();
        assertThat(l).isEqualTo(11);
        assertThat(s.sysLen()).isEqualTo(129);
        assertThat(s.refLen()).isEqualTo(129 - l);
        assertThat(s.totals()).containsExactly(identical.totals());
        for (int n = 1; n <= Bleu.MAX_ORDER; n++) {
            assertThat(s.counts()[n - 1]).isEqualTo(identical.totals()[n - 1] - (l - n + 1));
        }
        assertThat(s.bp()).isEqualTo(1.0);
        double sumOfLogs = 0;
        for (int n = 0; n < Bleu.MAX_ORDER; n++) {
            sumOfLogs += Math.log(100.0 * s.counts()[n] / s.totals()[n]);
        }
        assertThat(s.score()).isCloseTo(Math.exp(sumOfLogs / 4), within(1e-12));
        assertThat(s.format())
                .isEqualTo("BLEU = 91.68 91.5/91.6/91.7/91.9 (BP = 1.000 ratio = 1.093 hyp_len = 129 ref_len = 118)");
    }

    @Test
    void refusesListsOfDifferentLengthsAndBadOptions() {
        assertThatThrownBy(() -> Bleu.corpusScore(List.of("a", "b"), List.of("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("2 hypotheses but 1 references");
        assertThatThrownBy(() -> Bleu.builder().optSmoothValue(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Smoothing.fromLabel("laplace"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exp, none, floor or add-k");
    }
}
