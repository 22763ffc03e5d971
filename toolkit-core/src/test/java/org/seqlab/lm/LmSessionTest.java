package org.seqlab.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.nn.recurrent.CellType;
import org.seqlab.train.TrainerConfig;

class LmSessionTest {
    private static final String TEXT = "a man rides a bike.\ntwo dogs play in the snow.\na girl reads a book.\n";

    private static LanguageModel charModel(CellType cell) {
        LmConfig c = new LmConfig(cell, 6, 12, 2, 10, 10, 2, 2, TrainerConfig.defaults());
        return new LanguageModel(c, CharAlphabet.of(TEXT), DataType.FLOAT, 11);
    }

    private static double[] concat(double[]... parts) {
        List<Double> all = new ArrayList<>();
        for (double[] p : parts) {
            for (double x : p) {
                all.add(x);
            }
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** log p of each token by the textbook definition: softmax of the step model's logits, one token at a time. */
    private static double[] stepByStep(LanguageModel m, int[] ids) {
        var step = m.stepModel();
        var s = step.step(m.tokens().lineEnd(), step.initialState());
        double[] lp = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            float[] logits = s.logits();
            double max = Double.NEGATIVE_INFINITY;
            for (float v : logits) {
                max = Math.max(max, v);
            }
            double z = 0;
            for (float v : logits) {
                z += Math.exp(v - max);
            }
            lp[i] = logits[ids[i]] - max - Math.log(z);
            s = step.step(ids[i], s.state());
        }
        return lp;
    }

    @Test
    void feedingPiecesEqualsScoringTheConcatenationInOneCall() {
        for (CellType cell : new CellType[] {CellType.LSTM, CellType.GRU}) {
            LanguageModel m = charModel(cell);
            String a = "a man rid";
            String b = "es a bike.\ntwo";
            String c = " dogs";
            LmSession pieces = m.session();
            double[] fed = concat(pieces.feed(a), pieces.feed(""), pieces.feed(b), pieces.feed(c));
            double[] whole = m.session().feed(a + b + c);
            assertThat(fed).hasSize((a + b + c).length());
            assertThat(fed).containsExactly(whole, within(1e-5));
            assertThat(pieces.tokensFed()).isEqualTo(fed.length);
            // ... and both equal the one-token-at-a-time definition and the packed batch scoring of lines.
            int[] ids = m.tokens().encode(a + b + c);
            assertThat(whole).containsExactly(stepByStep(m, ids), within(1e-5));
            double[][] packed = m.logProbabilities(List.of(m.tokens().encode("two"), ids, m.tokens().encode("a")), 8);
            assertThat(packed[1]).containsExactly(whole, within(1e-5));
            assertThat(packed[0]).containsExactly(m.session().feed("two"), within(1e-5));
        }
    }

    @Test
    void resetStartsTheStreamAgain() {
        LanguageModel m = charModel(CellType.LSTM);
        LmSession s = m.session();
        double[] first = s.feed("a girl");
        s.feed(" reads");
        s.reset();
        assertThat(s.tokensFed()).isZero();
        assertThat(s.feed("a girl")).containsExactly(first, within(0.0));
        for (double lp : first) {
            assertThat(lp).isNegative();
        }
    }

    @Test
    void aBpeSessionSplitAtWhitespaceEqualsTheWholeText() {
        LmConfig c = new LmConfig(CellType.LSTM, 8, 8, 1, 10, 10, 2, 2, TrainerConfig.defaults(), LmUnit.BPE, 20, true);
        LanguageModel m = new LanguageModel(c, BpeTokens.learn(TEXT, 20), DataType.FLOAT, 3);
        LmSession s = m.session();
        double[] fed = concat(s.feed("a man rides"), s.feed(" a bike.\ntwo"), s.feed(" dogs"));
        assertThat(fed).containsExactly(m.session().feed("a man rides a bike.\ntwo dogs"), within(1e-5));
    }

    @Test
    void nullAndOutOfVocabularyArgumentsAreRefusedInWords() {
        // were NPEs in the alphabet and the model, and an index error in the softmax for an id past the vocabulary
        LanguageModel m = charModel(CellType.LSTM);
        LmSession session = m.session();
        int size = m.tokens().size();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.feed(null))
                .isInstanceOf(NullPointerException.class).hasMessage("feed: the text is null");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.feedIds(null))
                .isInstanceOf(NullPointerException.class).hasMessage("feedIds: the ids are null");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.feedIds(new int[] {1, size}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feedIds: id " + size + " at position 1 is outside the vocabulary of size " + size);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.feedIds(new int[] {-1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id -1 at position 0");
        assertThat(session.tokensFed()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.logProbabilities(null, 4))
                .isInstanceOf(NullPointerException.class).hasMessage("logProbabilities: the sequences are null");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LanguageModel.load(null))
                .isInstanceOf(NullPointerException.class).hasMessage("LanguageModel.load: the path is null");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TextGenerator(null))
                .isInstanceOf(NullPointerException.class).hasMessage("TextGenerator: the model is null");
        TextGenerator g = new TextGenerator(m);
        var greedy = org.seqlab.lm.sampling.SamplingConfig.GREEDY;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> g.generate(null, greedy, 3, List.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("generate: the prompt is null");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> g.generate("a", null, 3, List.of()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("the sampling config is null");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> g.generate("a", greedy, 3, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("the stop list is null");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> g.generate("a", greedy, 3, java.util.Arrays.asList("\n", null)))
                .isInstanceOf(NullPointerException.class).hasMessage("generate: stop string 2 is null");
        assertThat(g.generate("a", greedy, 3, List.of()).tokens()).isEqualTo(3);
    }
}
