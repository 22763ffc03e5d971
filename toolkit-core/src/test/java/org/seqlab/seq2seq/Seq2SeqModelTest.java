package org.seqlab.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.nn.GradientCheck;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.Rng;
import org.seqlab.nn.recurrent.CellType;

class Seq2SeqModelTest {
    private static final List<Seq2SeqModel.Pair> PAIRS = List.of(
            new Seq2SeqModel.Pair(new int[] {4, 5}, new int[] {6, 4, 5}),
            new Seq2SeqModel.Pair(new int[] {6, 5, 4, 1}, new int[] {5}));

    private static TranslatorConfig tiny(CellType cell, int layers, String attention, boolean tie, double dropout) {
        return new TranslatorConfig(7, true, tie ? 5 : 3, cell, layers, true, 2, 5, attention, true, dropout, 0.1, tie,
                0.5, 20, ScheduledSampling.off());
    }

    private static GradientCheck.Result check(TranslatorConfig config, double sampling) {
        Seq2SeqModel model = new Seq2SeqModel(config, 7, 7, DataType.DOUBLE, new Rng(3));
        model.parameters().zeroGrads();
        Seq2SeqModel.Forward fwd = model.forward(PAIRS, true, sampling, new Rng(11));
        model.backward(fwd);
        List<GradientCheck.Checked> checked = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            checked.add(new GradientCheck.Checked(p.name(), p.value(), p.grad()));
        }
        // the same Rng seed gives the same dropout masks and fed tokens in every finite-difference pass
        return GradientCheck.check(() -> model.forward(PAIRS, true, sampling, new Rng(11)).loss(), checked);
    }

    @Test
    void lossGradientMatchesFiniteDifferencesWithGeneralAttentionAndBiLstm() {
        GradientCheck.Result r = check(tiny(CellType.LSTM, 1, "general", false, 0.0), 0.0);
        assertThat(r.maxError()).as(r.toString()).isLessThan(1e-6);
    }

    @Test
    void lossGradientMatchesWithDropoutTwoLayerGruEncoderAdditiveAttentionAndTiedEmbeddings() {
        GradientCheck.Result r = check(tiny(CellType.GRU, 2, "additive", true, 0.3), 0.0);
        assertThat(r.maxError()).as(r.toString()).isLessThan(1e-6);
    }

    @Test
    void lossGradientTreatsScheduledSampledTokensAsConstants() {
        GradientCheck.Result r = check(tiny(CellType.LSTM, 1, "general", false, 0.0), 0.5);
        assertThat(r.maxError()).as(r.toString()).isLessThan(1e-6);
    }

    @Test
    void untrainedModelsLossIsNearLogOfVocabularySize() {
        // tiny weights give near-uniform predictions over 7 classes: loss ≈ ln 7 = 1.9459 (label smoothing changes
        // nothing for a uniform distribution)
        TranslatorConfig config = new TranslatorConfig(7, true, 3, CellType.LSTM, 1, true, 2, 5, "general", true, 0,
                0.1, false, 1e-4, 20, ScheduledSampling.off());
        Seq2SeqModel model = new Seq2SeqModel(config, 7, 7, DataType.DOUBLE, new Rng(3));
        Seq2SeqModel.Forward fwd = model.forward(PAIRS, false, 0, null);
        assertThat(fwd.tokens()).isEqualTo(4 + 2);
        assertThat(fwd.loss()).isCloseTo(Math.log(7), org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void greedyOutputsNeverPadOrBosAndStopAtTheLengthLimit() {
        TranslatorConfig dot = new TranslatorConfig(7, true, 3, CellType.LSTM, 1, true, 2, 4, "dot", true, 0, 0.1,
                false, 0.5, 20, ScheduledSampling.off());
        Seq2SeqModel model = new Seq2SeqModel(dot, 7, 7, DataType.FLOAT, new Rng(5));
        List<Seq2SeqModel.Hypothesis> hyps = model.greedy(List.of(new int[] {4, 5}, new int[] {6}), true);
        assertThat(hyps).hasSize(2);
        for (int k = 0; k < 2; k++) {
            int srcLen = k == 0 ? 3 : 2;
            assertThat(hyps.get(k).ids().length).isLessThanOrEqualTo(2 * srcLen + 10);
            assertThat(hyps.get(k).ids()).doesNotContain(Seq2SeqModel.PAD, Seq2SeqModel.BOS, Seq2SeqModel.EOS);
            assertThat(hyps.get(k).attention()).hasNumberOfRows(Math.min(hyps.get(k).ids().length + 1,
                    2 * srcLen + 11));
            assertThat(hyps.get(k).attention()[0]).hasSize(srcLen);
        }
    }

    @Test
    void outOfVocabularyIdsAreRefusedBeforeAnyNativeCall() {
        Seq2SeqModel model = new Seq2SeqModel(tiny(CellType.LSTM, 1, "general", false, 0), 7, 7, DataType.DOUBLE,
                new Rng(5));
        assertThatThrownBy(() -> model.forward(List.of(new Seq2SeqModel.Pair(new int[] {9}, new int[] {4})), false, 0,
                null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source id 9");
    }
}
