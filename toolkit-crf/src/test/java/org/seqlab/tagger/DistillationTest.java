package org.seqlab.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.SeqlabException;
import org.seqlab.batch.Piece;
import org.seqlab.conll.TagScheme;
import org.seqlab.nn.GradientCheck;
import org.seqlab.nn.Parameter;
import org.seqlab.random.Rng;

/**
 * Distillation ({@link TeacherTargets}, {@code TaggerTrainer.Builder#optTeacher}): a teacher's targets are its tag
 * probabilities and pair sums in the student's tag order (an ensemble's the mean of its members'), mixed with the gold
 * path by the teacher's weight, and the student's gradients against them pass a finite-difference check.
 */
class DistillationTest {
    private static final String CONFIG = "{\"wordDim\": 16, \"charDim\": 8, \"charFilters\": 12, \"lstmHidden\": 20}";
    private static final List<List<String>[]> DATA = TaggerModelTest.synthetic(12, 7);
    private static final TaggerLexicon LEX = TaggerModelTest.lexicon(DATA, true);

    /** The same tags numbered backwards: targets must be matched to the student's tags by name. */
    private static TaggerLexicon reversedTags(TaggerLexicon lex) {
        List<String> tags = new ArrayList<>(lex.tags());
        Collections.reverse(tags);
        return new TaggerLexicon(lex.words(), lex.chars(), tags, lex.lowercase(), TagScheme.IOBES, 20);
    }

    private static Tagger teacher(TaggerLexicon lex, String config, long seed) {
        return new Tagger(TaggerInferenceTest.randomModel(lex, config, seed), lex, new TaggerInfo(null, Map.of(),
                List.of()));
    }

    private static List<List<String>> words() {
        List<List<String>> out = new ArrayList<>();
        for (List<String>[] pair : DATA) {
            out.add(pair[0]);
        }
        return out;
    }

    private static List<Piece> wholeSentences(TaggerLexicon.Encoded enc, int... items) {
        List<Piece> pieces = new ArrayList<>();
        for (int i : items) {
            pieces.add(new Piece(i, 0, enc.words().get(i).length));
        }
        return pieces;
    }

    /** One member's probability of each of LEX's tags at each token of sentence {@code i}, {@code [t][tag]}. */
    private static double[][] memberProbabilities(Tagger member, int i) {
        // TaggerEnsembleTest numbers the tags as LEX does (the synthetic lexicon's fixed tag list)
        return TaggerEnsembleTest.probabilities(member, DATA.get(i)[0]);
    }

    @Test
    void anEnsemblesTargetsAreItsMembersMeanInTheStudentsTagOrder() {
        Tagger a = teacher(LEX, CONFIG, 3);
        Tagger b = teacher(reversedTags(LEX), CONFIG, 5);
        TeacherTargets targets = TeacherTargets.compute(Tagger.ensemble(List.of(a, b)), words(), LEX, true, 1.0);
        assertThat(targets.sentences()).isEqualTo(DATA.size());
        int n = LEX.tags().size();
        for (int i = 0; i < DATA.size(); i++) {
            double[][] pa = memberProbabilities(a, i);
            double[][] pb = memberProbabilities(b, i);
            for (int t = 0; t < pa.length; t++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    assertThat(targets.probability(i, t, j)).isCloseTo((pa[t][j] + pb[t][j]) / 2, within(1e-6));
                    sum += targets.probability(i, t, j);
                }
                assertThat(sum).isCloseTo(1, within(1e-5));
            }
        }
    }

    @Test
    void aBatchsTargetsMixTheGoldPathAndTheTeacherByItsWeight() {
        Tagger t = teacher(LEX, CONFIG, 7);
        TaggerLexicon.Encoded enc = TaggerModelTest.encode(LEX, DATA);
        List<Piece> pieces = wholeSentences(enc, 4, 1, 9);
        TaggerBatch batch = enc.batch(pieces);
        int n = LEX.tags().size();
        TaggerBatch.SoftTargets all = TeacherTargets.compute(t, words(), LEX, true, 1.0).forBatch(batch, pieces);
        TaggerBatch.SoftTargets mixed = TeacherTargets.compute(t, words(), LEX, true, 0.25).forBatch(batch, pieces);
        var layout = batch.words().layout();
        double pairTotal = 0;
        for (int k = 0; k < n * n; k++) {
            pairTotal += all.pairs()[k];
            // a quarter of the teacher's pair weight, plus three quarters of the gold transitions
            assertThat(mixed.pairs()[k] - 0.25 * all.pairs()[k]).isGreaterThanOrEqualTo(-1e-9);
        }
        int transitions = 0;
        for (int b = 0; b < pieces.size(); b++) {
            int item = pieces.get(b).item();
            transitions += pieces.get(b).length() - 1;
            for (int tok = 0; tok < pieces.get(b).length(); tok++) {
                int row = layout.packedRow(tok, b);
                int gold = batch.gold()[row];
                double[][] p = memberProbabilities(t, item);
                for (int j = 0; j < n; j++) {
                    assertThat(all.nodes()[row * n + j]).isCloseTo(p[tok][j], within(1e-6));
                    assertThat(mixed.nodes()[row * n + j])
                            .isCloseTo(0.25 * p[tok][j] + (j == gold ? 0.75 : 0), within(1e-6));
                }
            }
        }
        assertThat(pairTotal).as("one pair per transition").isCloseTo(transitions, within(1e-4));
    }

    private static double studentGradientError(String output) {
        TaggerConfig config = new TaggerConfig(4, true, 2, true, TaggerConfig.CNN, 3, 3, 3, 2, 20, 0, 0, 1, 3,
                output, 4, TaggerConfig.defaultTrainer());
        String teacherConfig = output.equals(TaggerConfig.CRF) ? CONFIG
                : "{\"wordDim\": 16, \"charDim\": 8, \"charFilters\": 12, \"lstmHidden\": 20, \"output\": \"softmax\"}";
        TaggerLexicon.Encoded enc = TaggerModelTest.encode(LEX, DATA);
        TaggerModel student = new TaggerModel(config, LEX.words().size(), LEX.words().unkId(), LEX.chars().size(),
                LEX.constraints(), DataType.DOUBLE, new Rng(3));
        List<Piece> pieces = wholeSentences(enc, 0, 1, 2);
        TaggerBatch plain = enc.batch(pieces);
        TaggerBatch batch = plain.withTargets(TeacherTargets.compute(teacher(reversedTags(LEX), teacherConfig, 9),
                words(), LEX, output.equals(TaggerConfig.CRF), 0.5).forBatch(plain, pieces));
        student.parameters().zeroGrads();
        student.forwardBackward(batch, new Rng(1));
        List<GradientCheck.Checked> checked = new ArrayList<>();
        for (Parameter p : student.parameters()) {
            checked.add(new GradientCheck.Checked(p.name(), p.value(), p.grad()));
        }
        // the soft loss differs from the gold one: the targets are in use
        assertThat(Math.abs(student.loss(batch) - student.loss(plain))).isGreaterThan(1e-3);
        GradientCheck.Result r = GradientCheck.check(() -> student.loss(batch), checked);
        assertThat(r.entries()).isGreaterThan(100);
        return r.maxError();
    }

    @Test
    void aCrfStudentsGradientsAgainstSoftTargetsMatchFiniteDifferences() {
        assertThat(studentGradientError(TaggerConfig.CRF)).isLessThan(1e-6);
    }

    @Test
    void aSoftmaxStudentsGradientsAgainstSoftTargetsMatchFiniteDifferences() {
        assertThat(studentGradientError(TaggerConfig.SOFTMAX)).isLessThan(1e-6);
    }

    @Test
    void aTeacherWithOtherTagsOrASoftmaxForACrfStudentIsRefused() {
        List<String> fewer = new ArrayList<>(LEX.tags());
        fewer.remove("I-PER");
        TaggerLexicon other = new TaggerLexicon(LEX.words(), LEX.chars(), fewer, true, TagScheme.IOBES, 20);
        assertThatThrownBy(() -> TeacherTargets.compute(teacher(other, CONFIG, 1), words(), LEX, true, 0.5))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("same tag set");
        Tagger softmax = teacher(LEX, "{\"wordDim\": 8, \"output\": \"softmax\"}", 1);
        assertThatThrownBy(() -> TeacherTargets.compute(softmax, words(), LEX, true, 0.5))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("use a CRF teacher");
        assertThatThrownBy(() -> TeacherTargets.compute(teacher(LEX, CONFIG, 1), words(), LEX, true, 0))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("(0, 1]");
    }
}
