package org.seqlab.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.nn.GradientCheck;
import org.seqlab.nn.Parameter;
import org.seqlab.random.Rng;
import org.seqlab.nn.recurrent.CellType;
import org.seqlab.seq2seq.decode.BeamSearch;
import org.seqlab.seq2seq.decode.DecodeConfig;
import org.seqlab.seq2seq.decode.GreedySearch;
import org.seqlab.seq2seq.decode.Hypothesis;

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

    private static TranslatorConfig gruDecoder(CellType encoder, String attention, double dropout) {
        TranslatorConfig t = tiny(encoder, 1, attention, false, dropout);
        return new TranslatorConfig(t.bpeMerges(), true, t.embeddingSize(), encoder, 1, true, t.encoderHidden(),
                t.decoderHidden(), attention, true, dropout, 0.1, false, 0.5, 20, ScheduledSampling.off(),
                CellType.GRU);
    }

    @Test
    void gruDecoderLossGradientMatchesFiniteDifferencesOverGruAndLstmEncoders() {
        GradientCheck.Result r = check(gruDecoder(CellType.GRU, "general", 0.0), 0.0);
        assertThat(r.maxError()).as(r.toString()).isLessThan(1e-6);
        // an LSTM encoder's final cell state reaches no GRU decoder: its gradient there must be zero, not stale
        GradientCheck.Result withDropout = check(gruDecoder(CellType.LSTM, "additive", 0.3), 0.0);
        assertThat(withDropout.maxError()).as(withDropout.toString()).isLessThan(1e-6);
    }

    @Test
    void gruDecoderHasNoCellBridgeAndThreeGateBlocks() {
        Seq2SeqModel model = new Seq2SeqModel(gruDecoder(CellType.LSTM, "general", 0), 7, 7, DataType.DOUBLE,
                new Rng(3));
        List<String> names = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            names.add(p.name());
            if (p.name().equals("decoder.hh.weight")) {
                assertThat(p.shape()).containsExactly(3L * 5, 5L);
            }
        }
        assertThat(names).contains("decoder.hh.bias", "bridge_h.weight").doesNotContain("bridge_c.weight");
        List<List<Hypothesis>> greedy = new GreedySearch<>(model.decoder(), DecodeConfig.GREEDY)
                .decode(new int[][] {{4, 5, 6}, {6}});
        List<List<Hypothesis>> beam1 = new BeamSearch<>(model.decoder(), DecodeConfig.DEFAULT.withBeamSize(1))
                .decode(new int[][] {{4, 5, 6}, {6}});
        for (int k = 0; k < 2; k++) {
            assertThat(beam1.get(k).get(0).tokens()).isEqualTo(greedy.get(k).get(0).tokens());
        }
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
    void searchesNeverEmitPadOrBosAndStopAtTheLengthLimit() {
        TranslatorConfig dot = new TranslatorConfig(7, true, 3, CellType.LSTM, 1, true, 2, 4, "dot", true, 0, 0.1,
                false, 0.5, 20, ScheduledSampling.off());
        Seq2SeqModel model = new Seq2SeqModel(dot, 7, 7, DataType.FLOAT, new Rng(5));
        int[][] sources = {{4, 5}, {6}};
        for (DecodeConfig config : List.of(DecodeConfig.GREEDY, DecodeConfig.DEFAULT.withBeamSize(3))) {
            List<List<Hypothesis>> found = config.beamSize() == 1
                    ? new GreedySearch<>(model.decoder(), config).decode(sources)
                    : new BeamSearch<>(model.decoder(), config).decode(sources);
            assertThat(found).hasSize(2);
            for (int k = 0; k < 2; k++) {
                Hypothesis h = found.get(k).get(0);
                // at most 2n + 10 tokens, </s> included; attention rows cover the source and its </s>
                assertThat(h.tokens().length).isLessThanOrEqualTo(2 * sources[k].length + 10);
                assertThat(h.outputTokens()).doesNotContain(Seq2SeqModel.PAD, Seq2SeqModel.BOS, Seq2SeqModel.EOS);
                assertThat(h.attention()).hasNumberOfRows(h.tokens().length);
                assertThat(h.attention()[0]).hasSize(sources[k].length + 1);
                double sum = 0;
                for (float w : h.attention()[0]) {
                    sum += w;
                }
                assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    void beamOfOneEqualsGreedyAndBeamRowsReadTheirOwnSource() {
        Seq2SeqModel model = new Seq2SeqModel(tiny(CellType.LSTM, 1, "general", false, 0), 7, 7, DataType.DOUBLE,
                new Rng(8));
        int[][] sources = {{4, 5, 6}, {6}, {5, 5}};
        List<List<Hypothesis>> greedy = new GreedySearch<>(model.decoder(), DecodeConfig.GREEDY).decode(sources);
        // a beam over three sources must give each source what a beam over that source alone gives
        List<List<Hypothesis>> beam = new BeamSearch<>(model.decoder(), DecodeConfig.DEFAULT.withBeamSize(3))
                .decode(sources);
        for (int k = 0; k < sources.length; k++) {
            List<List<Hypothesis>> alone = new BeamSearch<>(model.decoder(), DecodeConfig.DEFAULT.withBeamSize(3))
                    .decode(new int[][] {sources[k]});
            assertThat(beam.get(k).get(0).tokens()).isEqualTo(alone.get(0).get(0).tokens());
            List<List<Hypothesis>> greedyAlone = new GreedySearch<>(model.decoder(), DecodeConfig.GREEDY)
                    .decode(new int[][] {sources[k]});
            assertThat(greedy.get(k).get(0).tokens()).isEqualTo(greedyAlone.get(0).get(0).tokens());
        }
    }

    @Test
    void aLargeFloat32BatchDecodesEachSourceAsItAloneWouldAcrossTheTwoThreadLogSoftmax() {
        Seq2SeqModel model = new Seq2SeqModel(tiny(CellType.LSTM, 1, "general", false, 0), 7, 7, DataType.FLOAT,
                new Rng(9));
        int[][] sources = new int[20][];
        for (int k = 0; k < sources.length; k++) {
            sources[k] = new int[] {4 + k % 3, 4 + (k / 3) % 3, 4 + (k / 9) % 3};
        }
        // 20 rows: the log-softmax runs as two halves on two threads; each row must still get its own result
        List<List<Hypothesis>> greedy = new GreedySearch<>(model.decoder(), DecodeConfig.GREEDY).decode(sources);
        for (int k = 0; k < sources.length; k++) {
            List<List<Hypothesis>> alone = new GreedySearch<>(model.decoder(), DecodeConfig.GREEDY)
                    .decode(new int[][] {sources[k]});
            assertThat(greedy.get(k).get(0).tokens()).as("source " + k).isEqualTo(alone.get(0).get(0).tokens());
            assertThat(greedy.get(k).get(0).score()).isCloseTo(alone.get(0).get(0).score(),
                    org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @Test
    void outOfVocabularyIdsAreRefusedBeforeAnyNativeCall() {
        Seq2SeqModel model = new Seq2SeqModel(tiny(CellType.LSTM, 1, "general", false, 0), 7, 7, DataType.DOUBLE,
                new Rng(5));
        assertThatThrownBy(() -> model.forward(List.of(new Seq2SeqModel.Pair(new int[] {9}, new int[] {4})), false, 0,
                null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source id 9");
    }

    /**
     * A batch large enough for the decoder's cell loops to run as two halves of the rows on two threads (rows × hidden
     * ≥ 8192) gives the loss of its sentences decoded one at a time (one thread).
     */
    @Test
    void aLargeBatchSplitOverTwoThreadsGivesTheLossOfItsSentencesAlone() {
        TranslatorConfig config = new TranslatorConfig(7, true, 4, CellType.LSTM, 1, true, 6, 64, "general", true, 0.0,
                0.1, false, 0.5, 20, ScheduledSampling.off());
        Seq2SeqModel model = new Seq2SeqModel(config, 7, 7, DataType.DOUBLE, new Rng(5));
        Rng rng = new Rng(8);
        List<Seq2SeqModel.Pair> pairs = new ArrayList<>();
        for (int k = 0; k < 160; k++) {
            int[] source = new int[1 + (int) (rng.nextDouble() * 5)];
            int[] target = new int[1 + (int) (rng.nextDouble() * 5)];
            java.util.Arrays.setAll(source, j -> 4 + (int) (rng.nextDouble() * 3));
            java.util.Arrays.setAll(target, j -> 4 + (int) (rng.nextDouble() * 3));
            pairs.add(new Seq2SeqModel.Pair(source, target));
        }
        Seq2SeqModel.Forward batch = model.forward(pairs, false, 0, new Rng(1));
        double alone = 0;
        int tokens = 0;
        for (Seq2SeqModel.Pair p : pairs) {
            Seq2SeqModel.Forward one = model.forward(List.of(p), false, 0, new Rng(1));
            alone += one.loss() * one.tokens();
            tokens += one.tokens();
        }
        assertThat(batch.tokens()).isEqualTo(tokens);
        assertThat(batch.loss() * batch.tokens()).isCloseTo(alone, org.assertj.core.data.Offset.offset(1e-9 * alone));
    }

    private static List<double[]> gradients(Seq2SeqModel model) {
        List<double[]> out = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            out.add(org.seqlab.nn.NativeArrays.read(p.grad()));
        }
        return out;
    }

    /**
     * A float32 model's loss and gradients, every parameter's (the output bias's now summed in the loss's pass, the
     * float64 model's by a product after it), against the float64 model with the same initial values.
     */
    @Test
    void float32GradientsFollowTheFloat64Ones() {
        TranslatorConfig config = tiny(CellType.LSTM, 1, "general", false, 0.0);
        Seq2SeqModel single = new Seq2SeqModel(config, 7, 7, DataType.FLOAT, new Rng(3));
        Seq2SeqModel exact = new Seq2SeqModel(config, 7, 7, DataType.DOUBLE, new Rng(3));
        for (Seq2SeqModel m : List.of(single, exact)) {
            m.parameters().zeroGrads();
        }
        Seq2SeqModel.Forward fs = single.forward(PAIRS, true, 0, new Rng(1));
        Seq2SeqModel.Forward fe = exact.forward(PAIRS, true, 0, new Rng(1));
        assertThat(fs.loss()).isCloseTo(fe.loss(), org.assertj.core.data.Offset.offset(1e-5 * fe.loss()));
        single.backward(fs);
        exact.backward(fe);
        List<double[]> gs = gradients(single);
        List<double[]> ge = gradients(exact);
        List<Parameter> params = new ArrayList<>();
        single.parameters().forEach(params::add);
        for (int k = 0; k < gs.size(); k++) {
            double scale = 0;
            for (double v : ge.get(k)) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertThat(scale).as(params.get(k).name()).isPositive();
            for (int i = 0; i < gs.get(k).length; i++) {
                assertThat(gs.get(k)[i]).as("%s[%d]", params.get(k).name(), i)
                        .isCloseTo(ge.get(k)[i], org.assertj.core.data.Offset.offset(1e-4 * scale));
            }
        }
    }

    @Test
    void reusedLogitsBufferGivesTheSameGradientsAndTwoForwardsInFlightKeepTheirOwn() {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            TranslatorConfig config = tiny(CellType.LSTM, 1, "general", false, 0.0);
            List<Seq2SeqModel.Pair> other = List.of(new Seq2SeqModel.Pair(new int[] {5, 4, 6}, new int[] {4, 4, 6, 5}));
            // reference: fresh models, one forward and backward each
            Seq2SeqModel a = new Seq2SeqModel(config, 7, 7, type, new Rng(3));
            a.parameters().zeroGrads();
            a.backward(a.forward(PAIRS, true, 0, new Rng(1)));
            List<double[]> first = gradients(a);
            Seq2SeqModel b = new Seq2SeqModel(config, 7, 7, type, new Rng(3));
            b.parameters().zeroGrads();
            b.backward(b.forward(other, true, 0, new Rng(1)));
            List<double[]> second = gradients(b);

            // one model: a pass to warm its buffer, then two forwards before either backward
            Seq2SeqModel m = new Seq2SeqModel(config, 7, 7, type, new Rng(3));
            m.backward(m.forward(other, true, 0, new Rng(1)));
            Seq2SeqModel.Forward f1 = m.forward(PAIRS, true, 0, new Rng(1));
            Seq2SeqModel.Forward f2 = m.forward(other, true, 0, new Rng(1));
            m.parameters().zeroGrads();
            m.backward(f2);
            assertThat(gradients(m)).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(second);
            m.parameters().zeroGrads();
            m.backward(f1);
            assertThat(gradients(m)).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(first);
            Seq2SeqModel.Forward done = f1;
            assertThatThrownBy(() -> m.backward(done)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already ran");
        }
    }

    @Test
    void float32InferenceStepGivesTheTrainingPathsLogProbabilitiesAndAttention() {
        // every attention kind, with and without input feeding; 130 rows of 64 units run the cell on two threads
        for (String kind : List.of("general", "dot", "additive")) {
            for (boolean feeding : List.of(true, false)) {
                TranslatorConfig config = new TranslatorConfig(30, true, 12, CellType.LSTM, 1, true, 32, 64, kind,
                        feeding, 0.3, 0.1, false, 0.5, 20, ScheduledSampling.off());
                Seq2SeqModel model = new Seq2SeqModel(config, 30, 30, DataType.FLOAT, new Rng(21));
                Rng rng = new Rng(4);
                int[][] sources = new int[130][];
                for (int k = 0; k < sources.length; k++) {
                    sources[k] = new int[1 + k % 6];
                    for (int t = 0; t < sources[k].length; t++) {
                        sources[k][t] = 4 + rng.nextInt(26);
                    }
                }
                var fast = model.decoder();
                var reference = model.trainingPathDecoder();
                Seq2SeqModel.DecodeState fs = fast.init(sources);
                Seq2SeqModel.DecodeState rs = reference.init(sources);
                int[] tokens = new int[sources.length];
                java.util.Arrays.fill(tokens, Seq2SeqModel.BOS);
                for (int step = 0; step < 4; step++) {
                    var f = fast.step(fs, tokens);
                    var r = reference.step(rs, tokens);
                    int n = tokens.length;
                    for (int row = 0; row < n; row++) {
                        float[] fl = f.logProbs()[row];
                        float[] rl = r.logProbs()[row];
                        for (int v = 0; v < 30; v++) {
                            if (Float.isInfinite(rl[v])) {
                                assertThat(fl[v]).isEqualTo(rl[v]);
                            } else {
                                assertThat(fl[v]).as("%s feeding %s step %d row %d token %d", kind, feeding, step,
                                        row, v).isCloseTo(rl[v], org.assertj.core.data.Offset.offset(2e-5f));
                            }
                        }
                        float[] fw = f.attention()[row];
                        float[] rw = r.attention()[row];
                        for (int j = 0; j < rw.length; j++) {
                            assertThat(fw[j]).isCloseTo(rw[j], org.assertj.core.data.Offset.offset(2e-6f));
                        }
                    }
                    // next: each row's best token; then keep every other row, twice (as a beam would)
                    for (int row = 0; row < n; row++) {
                        float[] rl = r.logProbs()[row];
                        int best = 0;
                        for (int v = 1; v < 30; v++) {
                            best = rl[v] > rl[best] ? v : best;
                        }
                        tokens[row] = best;
                    }
                    fs = f.state();
                    rs = r.state();
                    if (step == 1) {
                        int[] parents = new int[n];
                        for (int j = 0; j < n; j++) {
                            parents[j] = (j / 2) * 2;
                        }
                        fs = fast.reorder(fs, parents);
                        rs = reference.reorder(rs, parents);
                        int[] picked = new int[n];
                        for (int j = 0; j < n; j++) {
                            picked[j] = tokens[parents[j]];
                        }
                        tokens = picked;
                    }
                }
            }
        }
    }

    @Test
    void int8DecoderStaysCloseToTheFloat32OneAndRefusesWhatItCannotServe() {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.seqlab.nn.kernel.Int8Matrix.supported(),
                "skipped: no int8 products on this machine (oneDNN with VNNI)");
        TranslatorConfig config = new TranslatorConfig(30, true, 12, CellType.LSTM, 1, true, 32, 64, "general", true,
                0.3, 0.1, false, 0.5, 20, ScheduledSampling.off());
        Seq2SeqModel model = new Seq2SeqModel(config, 30, 30, DataType.FLOAT, new Rng(21));
        Rng rng = new Rng(4);
        int[][] sources = new int[40][];
        for (int k = 0; k < sources.length; k++) {
            sources[k] = new int[1 + k % 6];
            for (int t = 0; t < sources[k].length; t++) {
                sources[k][t] = 4 + rng.nextInt(26);
            }
        }
        var int8 = model.decoder(true);
        var exact = model.decoder();
        Seq2SeqModel.DecodeState qs = int8.init(sources);
        Seq2SeqModel.DecodeState fs = exact.init(sources);
        int[] tokens = new int[sources.length];
        java.util.Arrays.fill(tokens, Seq2SeqModel.BOS);
        double worst = 0;
        double sum = 0;
        int count = 0;
        for (int step = 0; step < 4; step++) {
            var q = int8.step(qs, tokens);
            var f = exact.step(fs, tokens);
            for (int row = 0; row < tokens.length; row++) {
                float[] ql = q.logProbs()[row];
                float[] fl = f.logProbs()[row];
                assertThat(ql[Seq2SeqModel.PAD]).isEqualTo(Float.NEGATIVE_INFINITY);
                assertThat(ql[Seq2SeqModel.BOS]).isEqualTo(Float.NEGATIVE_INFINITY);
                for (int v = 0; v < 30; v++) {
                    if (!Float.isInfinite(fl[v])) {
                        worst = Math.max(worst, Math.abs(ql[v] - fl[v]));
                        sum += Math.abs(ql[v] - fl[v]);
                        count++;
                    }
                }
                tokens[row] = 4 + (row + step) % 26; // both decoders fed the same tokens
            }
            qs = q.state();
            fs = f.state();
        }
        // an untrained model of random weights (measured: mean 0.016, worst 0.10 nats)
        assertThat(sum / count).as("mean difference from float32 log-probabilities").isLessThan(0.03)
                .as("really computed another way").isGreaterThan(0);
        assertThat(worst).as("largest difference from float32 log-probabilities").isLessThan(0.2);
        Seq2SeqModel doubles = new Seq2SeqModel(config, 30, 30, DataType.DOUBLE, new Rng(21));
        assertThatThrownBy(() -> doubles.decoder(true)).isInstanceOf(org.seqlab.SeqlabException.class)
                .hasMessageContaining("float32");
    }

    /** Greedy hypotheses of {@code sources}, decoded as one batch. */
    private static List<org.seqlab.seq2seq.decode.Hypothesis> greedy(Seq2SeqModel model, int[][] sources) {
        List<org.seqlab.seq2seq.decode.Hypothesis> out = new java.util.ArrayList<>();
        for (var list : new org.seqlab.seq2seq.decode.GreedySearch<>(model.decoder(),
                org.seqlab.seq2seq.decode.DecodeConfig.GREEDY).decode(sources)) {
            out.add(list.get(0));
        }
        return out;
    }

    /**
     * A frozen model (a loaded translator) encodes with its first layer's input pre-activations cached per source
     * token: the same outputs as before freezing, scores to float32 rounding, and the same bits whatever it decoded
     * before (the cache filled by other batches, in another order); training it is refused. Two encoder layers, so
     * the cached first layer feeds a second one.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = CellType.class, names = {"LSTM", "GRU"})
    void aFrozenModelDecodesAsBeforeWhateverItDecodedFirst(CellType encoderCell) {
        // sizes at which a batch's product would round a row with the batch (64-wide inputs, 4 × 32 gates)
        TranslatorConfig config = new TranslatorConfig(7, true, 64, encoderCell, 2, true, 32, 16, "general", true, 0,
                0.1, false, 0.5, 20, ScheduledSampling.off());
        Rng ids = new Rng(17);
        int[][] first = new int[9][];
        int[][] second = new int[6][];
        for (int[][] batch : new int[][][] {first, second}) {
            for (int b = 0; b < batch.length; b++) {
                batch[b] = new int[2 + ids.nextInt(9)];
                for (int t = 0; t < batch[b].length; t++) {
                    batch[b][t] = 4 + ids.nextInt(56);
                }
            }
        }
        long distinct = java.util.stream.Stream.of(first, second).flatMap(java.util.Arrays::stream)
                .flatMapToInt(java.util.Arrays::stream).distinct().count();
        Seq2SeqModel model = new Seq2SeqModel(config, 60, 60, DataType.FLOAT, new Rng(8));
        List<org.seqlab.seq2seq.decode.Hypothesis> before1 = greedy(model, first);
        List<org.seqlab.seq2seq.decode.Hypothesis> before2 = greedy(model, second);
        model.freezeForInference();
        model.freezeForInference(); // idempotent
        List<org.seqlab.seq2seq.decode.Hypothesis> frozen1 = greedy(model, first);
        List<org.seqlab.seq2seq.decode.Hypothesis> frozen2 = greedy(model, second);
        // every source id, and the end token each source gets
        assertThat(model.cachedSourceTokens()).isEqualTo(distinct + 1);
        for (int i = 0; i < first.length; i++) {
            assertThat(frozen1.get(i).tokens()).isEqualTo(before1.get(i).tokens());
            assertThat(frozen1.get(i).score()).isCloseTo(before1.get(i).score(),
                    org.assertj.core.api.Assertions.within(1e-4));
        }
        for (int i = 0; i < second.length; i++) {
            assertThat(frozen2.get(i).tokens()).isEqualTo(before2.get(i).tokens());
        }
        // another frozen copy, filled by the second batch first: the same bits for the first
        Seq2SeqModel other = new Seq2SeqModel(config, 60, 60, DataType.FLOAT, new Rng(8));
        other.freezeForInference();
        greedy(other, second);
        List<org.seqlab.seq2seq.decode.Hypothesis> otherHistory = greedy(other, first);
        for (int i = 0; i < first.length; i++) {
            assertThat(otherHistory.get(i).tokens()).isEqualTo(frozen1.get(i).tokens());
            assertThat(otherHistory.get(i).tokenLogProbs()).containsExactly(frozen1.get(i).tokenLogProbs());
        }
        Seq2SeqModel.Forward fwd = model.forward(PAIRS, true, 0, new Rng(1));
        assertThatThrownBy(() -> model.backward(fwd)).hasMessageContaining("frozen for inference");
    }
}
