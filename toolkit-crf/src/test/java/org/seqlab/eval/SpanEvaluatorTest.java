package org.seqlab.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.conll.InvalidTagException;
import org.seqlab.conll.TagScheme;

class SpanEvaluatorTest {

    private static List<String> tags(String s) {
        return Arrays.asList(s.split(" "));
    }

    /**
     * Worked by hand with conlleval's rules. Gold chunks: PER[0,2) LOC[3,5) | ORG[0,2) (IOB1: starts with I-)
     * PER[2,4) | LOC[1,2) (at sentence end) = 5. Predicted: PER[0,2) ORG[3,5) MISC[5,6) | ORG[0,2) PER[2,3)
     * LOC[3,4) (B-PER I-LOC: the type change ends PER and starts LOC) | LOC[1,2) = 7. Correct: PER[0,2), ORG[0,2),
     * LOC[1,2) = 3. Tokens 12, correct tags 3 + 2 + 2 = 7.
     */
    private static SpanEvaluation handExample() {
        SpanEvaluator e = new SpanEvaluator(TagScheme.IOB1);
        e.add(tags("B-PER I-PER O B-LOC I-LOC O"), tags("B-PER I-PER O B-ORG I-ORG B-MISC"));
        e.add(tags("I-ORG I-ORG B-PER I-PER"), tags("B-ORG I-ORG B-PER I-LOC"));
        e.add(tags("O B-LOC"), tags("O B-LOC"));
        return e.result();
    }

    @Test
    void handWorkedExampleMatchesConllevalCounts() {
        SpanEvaluation r = handExample();
        assertThat(r.tokens()).isEqualTo(12);
        assertThat(r.correctTokens()).isEqualTo(7);
        assertThat(r.overall()).isEqualTo(new SpanCounts(5, 7, 3));
        assertThat(r.byType()).containsOnlyKeys("LOC", "MISC", "ORG", "PER");
        assertThat(r.byType().get("LOC")).isEqualTo(new SpanCounts(2, 2, 1));
        assertThat(r.byType().get("MISC")).isEqualTo(new SpanCounts(0, 1, 0));
        assertThat(r.byType().get("ORG")).isEqualTo(new SpanCounts(1, 2, 1));
        assertThat(r.byType().get("PER")).isEqualTo(new SpanCounts(2, 2, 1));
        assertThat(r.overall().precision()).isCloseTo(300.0 / 7, within(1e-12));
        assertThat(r.overall().recall()).isCloseTo(60.0, within(1e-12));
        assertThat(r.overall().f1()).isCloseTo(50.0, within(1e-12));
        assertThat(r.accuracy()).isCloseTo(700.0 / 12, within(1e-12));
        assertThat(r.byType().get("ORG").f1()).isCloseTo(200.0 / 3, within(1e-12));
        assertThat(r.overall().falsePositives()).isEqualTo(4);
        assertThat(r.overall().falseNegatives()).isEqualTo(2);
    }

    @Test
    void reportHasConllevalsLayoutAndFigures() {
        assertThat(handExample().report()).isEqualTo(String.join("\n",
                "processed 12 tokens with 5 phrases; found: 7 phrases; correct: 3.",
                "accuracy:  58.33%; precision:  42.86%; recall:  60.00%; FB1:  50.00",
                "              LOC: precision:  50.00%; recall:  50.00%; FB1:  50.00  2",
                "             MISC: precision:   0.00%; recall:   0.00%; FB1:   0.00  1",
                "              ORG: precision:  50.00%; recall: 100.00%; FB1:  66.67  2",
                "              PER: precision:  50.00%; recall:  50.00%; FB1:  50.00  2",
                ""));
    }

    @Test
    void typeChangeInsideAGoldChunkEndsIt() {
        // Gold B-PER I-LOC is two chunks PER[0,1) LOC[1,2); a prediction with the same tags gets both right.
        SpanEvaluation r = SpanEvaluator.evaluate(TagScheme.IOB2, List.of(tags("B-PER I-LOC")),
                List.of(tags("B-PER I-LOC")));
        assertThat(r.overall()).isEqualTo(new SpanCounts(2, 2, 2));
        // Predicting one PER chunk over both tokens gets nothing right.
        SpanEvaluation wrong = SpanEvaluator.evaluate(TagScheme.IOB2, List.of(tags("B-PER I-LOC")),
                List.of(tags("B-PER I-PER")));
        assertThat(wrong.overall()).isEqualTo(new SpanCounts(2, 1, 0));
    }

    @Test
    void chunkLongerInPredictionIsWrongEvenWhenItStartsRight() {
        SpanEvaluation r = SpanEvaluator.evaluate(TagScheme.IOB2, List.of(tags("B-PER O")),
                List.of(tags("B-PER I-PER")));
        assertThat(r.overall()).isEqualTo(new SpanCounts(1, 1, 0));
    }

    @Test
    void chunksDoNotContinueAcrossSentences() {
        // Each sentence ends with a boundary: the I-PER opening sentence 2 starts a new chunk.
        SpanEvaluator e = new SpanEvaluator(TagScheme.IOB1);
        e.add(tags("O I-PER"), tags("O I-PER"));
        e.add(tags("I-PER O"), tags("I-PER O"));
        assertThat(e.result().overall()).isEqualTo(new SpanCounts(2, 2, 2));
    }

    @Test
    void emptyPredictionsGiveZeroScoresWithoutDividingByZero() {
        SpanEvaluation r = SpanEvaluator.evaluate(TagScheme.IOB2, List.of(tags("B-PER I-PER O B-LOC")),
                List.of(tags("O O O O")));
        assertThat(r.overall()).isEqualTo(new SpanCounts(2, 0, 0));
        assertThat(r.overall().precision()).isEqualTo(0.0);
        assertThat(r.overall().recall()).isEqualTo(0.0);
        assertThat(r.overall().f1()).isEqualTo(0.0);
        assertThat(r.accuracy()).isEqualTo(25.0);
        assertThat(r.report()).contains("precision:   0.00%; recall:   0.00%; FB1:   0.00");

        SpanEvaluation none = new SpanEvaluator(TagScheme.IOB2).result();
        assertThat(none.report()).isEqualTo("processed 0 tokens with 0 phrases; found: 0 phrases; correct: 0.\n");
    }

    @Test
    void iobesIsScoredThroughItsChunks() {
        // Gold PER[0,2) LOC[2,3); predicted PER[0,1) PER[1,2) LOC[2,3): only LOC is right.
        SpanEvaluation r = SpanEvaluator.evaluate(TagScheme.IOBES, List.of(tags("B-PER E-PER S-LOC")),
                List.of(tags("S-PER S-PER S-LOC")));
        assertThat(r.overall()).isEqualTo(new SpanCounts(2, 3, 1));
        assertThat(r.byType().get("PER")).isEqualTo(new SpanCounts(1, 2, 0));
        assertThat(r.accuracy()).isCloseTo(100.0 / 3, within(1e-12));
    }

    @Test
    void confusionCountsGoldToPredictedPairs() {
        SpanEvaluation r = handExample();
        assertThat(r.confusion().count("I-LOC", "I-ORG")).isEqualTo(1);
        assertThat(r.confusion().count("O", "O")).isEqualTo(2);
        assertThat(r.confusion().count("I-PER", "I-PER")).isEqualTo(1);
        // Errors: B-LOC->B-ORG, I-LOC->I-ORG, O->B-MISC, I-ORG->B-ORG, I-PER->I-LOC, one each; ties sort by gold.
        assertThat(r.confusion().topErrors(2)).containsExactly(
                new Confusion.Entry("B-LOC", "B-ORG", 1), new Confusion.Entry("I-LOC", "I-ORG", 1));
        assertThat(r.confusion().formatTopErrors(1)).isEqualTo(String.format("%17s -> %-17s %d%n",
                "B-LOC", "B-ORG", 1));
    }

    @Test
    void tagOutsideTheSchemeIsReportedWithSentenceAndToken() {
        SpanEvaluator e = new SpanEvaluator(TagScheme.IOB2);
        assertThatThrownBy(() -> e.add(tags("O B-PER"), tags("O S-PER")))
                .isInstanceOf(InvalidTagException.class)
                .hasMessageContaining("sentence 0 (predicted), token 1")
                .hasMessageContaining("S-PER");
    }

    @Test
    void percentRoundsTheBinaryValueHalfToEvenLikePerlPrintf() {
        assertThat(SpanEvaluation.percent(0.125)).isEqualTo("  0.12");   // exact tie: to even
        assertThat(SpanEvaluation.percent(0.375)).isEqualTo("  0.38");
        assertThat(SpanEvaluation.percent(2.675)).isEqualTo("  2.67");   // binary value is just below 2.675
        assertThat(SpanEvaluation.percent(100.0)).isEqualTo("100.00");
        assertThat(SpanEvaluation.percent(200.0 / 3)).isEqualTo(" 66.67");
    }
}
