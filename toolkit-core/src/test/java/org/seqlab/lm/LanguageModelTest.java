package org.seqlab.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.GradientCheck;
import org.seqlab.nn.Linear;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.ParameterSet;
import org.seqlab.random.Rng;
import org.seqlab.nn.SoftmaxCrossEntropy;
import org.seqlab.nn.recurrent.CellType;
import org.seqlab.nn.recurrent.RecurrentForward;
import org.seqlab.nn.recurrent.RecurrentGradients;
import org.seqlab.nn.recurrent.RecurrentStack;
import org.seqlab.nn.recurrent.RecurrentState;
import org.seqlab.train.TrainerConfig;
import org.seqlab.train.TruncatedBptt;

class LanguageModelTest {
    /** 2 streams of 20 characters: 19 steps each. */
    private static final String TEXT = "abcabdbcaadcbbacdabcdcbaaddbcabcbdacdbba";

    private static LmConfig config(CellType cell, int layers, int window, int stride) {
        return new LmConfig(cell, 3, 4, layers, window, stride, 2, 2, TrainerConfig.defaults());
    }

    private static LanguageModel model(CellType cell, int layers) {
        return new LanguageModel(config(cell, layers, 100, 100), CharAlphabet.of(TEXT), DataType.DOUBLE, 7);
    }

    private static TextStream stream(LanguageModel m) {
        return TextStream.of(m.tokens().encode(TEXT), 2, "test text");
    }

    /** Runs the model's truncated BPTT over the whole stream, accumulating gradients; returns the summed loss. */
    private static double truncated(LanguageModel m, TextStream s, int window, int stride) {
        m.parameters().zeroGrads();
        return TruncatedBptt.<RecurrentState>run((chunk, state) -> m.forwardBackward(s, chunk, state), s.steps(), window, stride, null,
                null);
    }

    private static Map<String, INDArray> grads(ParameterSet params) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Parameter p : params) {
            out.put(p.name(), p.grad().dup());
        }
        return out;
    }

    /**
     * The textbook computation built from the layers themselves, with the model's parameter values: each listed
     * segment [from, to) of the stream is a separate sequence whose initial state is the previous segment's final
     * state, detached; every step's loss is counted. One segment covering the stream is full BPTT.
     */
    private static final class HandBuilt {
        final Embedding embedding;
        final RecurrentStack rnn;
        final Linear output;
        final ParameterSet params = new ParameterSet();

        HandBuilt(LanguageModel m) {
            LmConfig c = m.config();
            Rng rng = new Rng(99);
            embedding = Embedding.builder().setVocabularySize(m.tokens().size()).setDimension(c.embeddingSize())
                    .setRng(rng).optDataType(DataType.DOUBLE).build();
            rnn = RecurrentStack.builder().setCell(c.cell()).setInputSize(c.embeddingSize()).setHiddenSize(c.hiddenSize())
                    .optLayers(c.layers()).optDataType(DataType.DOUBLE).build(rng);
            output = Linear.builder().setInputSize(c.hiddenSize()).setOutputSize(m.tokens().size()).setRng(rng)
                    .optDataType(DataType.DOUBLE).build();
            params.addAll("embedding", embedding.parameters());
            params.addAll("rnn", rnn.parameters());
            params.addAll("output", output.parameters());
            for (Parameter p : m.parameters()) {
                params.get(p.name()).value().assign(p.value());
            }
        }

        double run(TextStream s, int... bounds) {
            params.zeroGrads();
            SoftmaxCrossEntropy ce = SoftmaxCrossEntropy.builder().optReduction(SoftmaxCrossEntropy.Reduction.SUM).build();
            RecurrentState state = null;
            double loss = 0;
            for (int k = 0; k + 1 < bounds.length; k++) {
                int n = bounds[k + 1] - bounds[k];
                int[] in = new int[n * 2];
                int[] target = new int[n * 2];
                for (int t = 0; t < n; t++) {
                    for (int b = 0; b < 2; b++) {
                        in[t * 2 + b] = s.at(b, bounds[k] + t);
                        target[t * 2 + b] = s.at(b, bounds[k] + t + 1);
                    }
                }
                SequenceLayout layout = SequenceLayout.of(n, n);
                Embedding.Result e = embedding.forward(in);
                RecurrentForward r = rnn.forward(e.output(), layout, state);
                Linear.Result o = output.forward(r.output());
                SoftmaxCrossEntropy.Result res = ce.compute(o.output(), target);
                RecurrentGradients g = rnn.backward(r, output.backward(o, res.logitsGrad()), null);
                embedding.backward(e, g.input());
                state = new RecurrentState(r.finalState().hidden().dup(),
                        r.finalState().cell() == null ? null : r.finalState().cell().dup());
                loss += res.loss();
            }
            return loss;
        }
    }

    @Test
    void aWindowAsLongAsTheStreamGivesExactlyTheFullBpttGradients() {
        for (CellType cell : new CellType[] {CellType.LSTM, CellType.GRU}) {
            LanguageModel m = model(cell, 2);
            TextStream s = stream(m);
            assertThat(s.steps()).isEqualTo(19);
            HandBuilt full = new HandBuilt(m);
            double fullLoss = full.run(s, 0, 19);
            Map<String, INDArray> expected = grads(full.params);
            for (int window : new int[] {19, 40}) {
                double loss = truncated(m, s, window, window);
                assertThat(loss).isCloseTo(fullLoss, org.assertj.core.data.Offset.offset(1e-12));
                for (Parameter p : m.parameters()) {
                    double diff = p.grad().sub(expected.get(p.name())).amaxNumber().doubleValue();
                    assertThat(diff).as("%s %s, window %d", cell, p.name(), window).isLessThanOrEqualTo(1e-12);
                }
            }
        }
    }

    @Test
    void shorterWindowsCutTheGradientExactlyWhereAHandBuiltTruncationDoes() {
        LanguageModel m = model(CellType.LSTM, 2);
        TextStream s = stream(m);
        HandBuilt hand = new HandBuilt(m);
        hand.run(s, 0, 19);
        Map<String, INDArray> full = grads(hand.params);
        double handLoss = hand.run(s, 0, 7, 14, 19);
        Map<String, INDArray> cut = grads(hand.params);

        double loss = truncated(m, s, 7, 7);
        assertThat(loss).isCloseTo(handLoss, org.assertj.core.data.Offset.offset(1e-12));
        double differsFromFull = 0;
        for (Parameter p : m.parameters()) {
            assertThat(p.grad().sub(cut.get(p.name())).amaxNumber().doubleValue()).as(p.name()).isLessThanOrEqualTo(1e-12);
            differsFromFull = Math.max(differsFromFull, p.grad().sub(full.get(p.name())).amaxNumber().doubleValue());
        }
        // The recurrent weights lose the gradient paths that cross a cut: far above rounding.
        assertThat(differsFromFull).isGreaterThan(1e-4);
    }

    @Test
    void overlappingWindowsScoreEveryStepOnceWithTheFullForwardStates() {
        // The carried state is taken at the stride, so every forward state equals the uninterrupted run's and the
        // total scored loss equals the full-sequence loss.
        LanguageModel m = model(CellType.GRU, 1);
        TextStream s = stream(m);
        double fullLoss = new HandBuilt(m).run(s, 0, 19);
        assertThat(truncated(m, s, 8, 5)).isCloseTo(fullLoss, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void theLossGradientMatchesFiniteDifferences() {
        for (CellType cell : new CellType[] {CellType.LSTM, CellType.GRU}) {
            LanguageModel m = model(cell, 2);
            TextStream s = stream(m);
            truncated(m, s, 19, 19);
            List<GradientCheck.Checked> checked = new ArrayList<>();
            for (String name : new String[] {"embedding.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l1", "rnn.bias_hh_l0",
                "output.weight", "output.bias"}) {
                Parameter p = m.parameters().get(name);
                checked.add(new GradientCheck.Checked(name, p.value(), p.grad().dup()));
            }
            GradientCheck.Result r = GradientCheck.check(() -> m.crossEntropy(s, 19) * s.predictedCharacters(), checked);
            assertThat(r.maxError()).as(cell + ": " + r).isLessThanOrEqualTo(1e-6);
        }
    }

    @Test
    void evaluationCarriesTheStateAcrossWindows() {
        LanguageModel m = model(CellType.LSTM, 1);
        TextStream s = stream(m);
        double full = new HandBuilt(m).run(s, 0, 19) / s.predictedCharacters();
        assertThat(m.crossEntropy(s, 4)).isCloseTo(full, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aStreamTooShortForItsParallelStreamsIsAClearError() {
        assertThatThrownBy(() -> TextStream.of(new int[5], 3, "tiny.txt")).hasMessageContaining("tiny.txt")
                .hasMessageContaining("too few");
    }

    @Test
    void tiedEmbeddingsShareOneMatrixAndTheirGradientMatchesFiniteDifferences() {
        LmConfig c = new LmConfig(CellType.LSTM, 4, 4, 1, 100, 100, 2, 2, TrainerConfig.defaults(), LmUnit.CHAR, 0, true);
        LanguageModel m = new LanguageModel(c, CharAlphabet.of(TEXT), DataType.DOUBLE, 7);
        assertThat(m.parameters().contains("output.weight")).isFalse();
        assertThat(m.parameters().contains("output.bias")).isTrue();
        TextStream s = stream(m);
        truncated(m, s, 19, 19);
        List<GradientCheck.Checked> checked = new ArrayList<>();
        for (String name : new String[] {"embedding.weight", "rnn.weight_hh_l0", "output.bias"}) {
            Parameter p = m.parameters().get(name);
            checked.add(new GradientCheck.Checked(name, p.value(), p.grad().dup()));
        }
        GradientCheck.Result r = GradientCheck.check(() -> m.crossEntropy(s, 19) * s.predictedCharacters(), checked);
        assertThat(r.maxError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
        // Tying needs the embedding and hidden widths equal.
        assertThatThrownBy(() -> new LmConfig(CellType.LSTM, 3, 4, 1, 10, 10, 2, 2, TrainerConfig.defaults(),
                LmUnit.CHAR, 0, true)).hasMessageContaining("tieEmbeddings");
    }
}
