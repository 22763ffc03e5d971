package org.seqlab.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.batch.Batcher;
import org.seqlab.batch.Piece;
import org.seqlab.conll.TagScheme;
import org.seqlab.eval.SpanEvaluator;
import org.seqlab.nn.GradientCheck;
import org.seqlab.nn.Parameter;
import org.seqlab.random.Rng;
import org.seqlab.train.OptimizerConfig;
import org.seqlab.train.ScheduleConfig;
import org.seqlab.train.Trainer;
import org.seqlab.train.TrainerConfig;
import org.seqlab.vocab.Vocabulary;

class TaggerModelTest {

    /** A small synthetic NER set: names and places among filler words, some places two words long. */
    static List<List<String>[]> synthetic(int count, long seed) {
        String[] persons = {"Alice", "Bob", "Carol", "Dave"};
        String[] places = {"Paris", "London", "Rome"};
        String[] filler = {"the", "man", "went", "to", "saw", "and", "a", "city", "in"};
        Rng rng = new Rng(seed);
        List<List<String>[]> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            List<String> words = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            int n = 3 + rng.nextInt(6);
            for (int t = 0; t < n; t++) {
                int kind = rng.nextInt(5);
                if (kind == 0) {
                    words.add(persons[rng.nextInt(persons.length)]);
                    tags.add("S-PER");
                } else if (kind == 1) {
                    words.add("New");
                    words.add(places[rng.nextInt(places.length)]);
                    tags.add("B-LOC");
                    tags.add("E-LOC");
                } else if (kind == 2) {
                    words.add(places[rng.nextInt(places.length)]);
                    tags.add("S-LOC");
                } else {
                    words.add(filler[rng.nextInt(filler.length)]);
                    tags.add("O");
                }
            }
            @SuppressWarnings("unchecked")
            List<String>[] pair = new List[] {words, tags};
            out.add(pair);
        }
        return out;
    }

    static TaggerLexicon lexicon(List<List<String>[]> data, boolean lowercase) {
        Vocabulary.Builder w = Vocabulary.builder();
        Vocabulary.Builder c = Vocabulary.builder();
        for (List<String>[] pair : data) {
            for (String word : pair[0]) {
                w.add(lowercase ? word.toLowerCase() : word);
                word.codePoints().forEach(cp -> c.add(new String(Character.toChars(cp))));
            }
        }
        List<String> tags = List.of("O", "B-LOC", "E-LOC", "S-LOC", "S-PER", "I-LOC", "B-PER", "I-PER", "E-PER");
        return new TaggerLexicon(w.build(), c.build(), tags, lowercase, TagScheme.IOBES, 20);
    }

    static TaggerLexicon.Encoded encode(TaggerLexicon lex, List<List<String>[]> data) {
        List<List<String>> words = new ArrayList<>();
        List<List<String>> tags = new ArrayList<>();
        for (List<String>[] pair : data) {
            words.add(pair[0]);
            tags.add(pair[1]);
        }
        return lex.encode(words, tags);
    }

    private static TaggerConfig tiny(String charEncoder, String output, boolean lowercase) {
        return new TaggerConfig(4, lowercase, 2, true, charEncoder, 3, 3, 3, 2, 20, 0, 0, 1, 3, output, 4,
                TaggerConfig.defaultTrainer());
    }

    private static double checkGradients(TaggerConfig config) {
        return checkGradients(config, enc -> enc);
    }

    private static double checkGradients(TaggerConfig config,
            java.util.function.UnaryOperator<TaggerLexicon.Encoded> withLabels) {
        List<List<String>[]> data = synthetic(3, 7);
        TaggerLexicon lex = lexicon(data, config.lowercaseWords());
        TaggerLexicon.Encoded enc = withLabels.apply(encode(lex, data));
        TaggerModel model = new TaggerModel(config, lex.words().size(), lex.words().unkId(), lex.chars().size(),
                lex.constraints(), DataType.DOUBLE, new Rng(3));
        // Non-zero CRF scores so that their gradients are exercised away from the symmetric start.
        Rng init = new Rng(11);
        for (Parameter p : model.parameters()) {
            if (p.name().startsWith("crf.")) {
                double[] v = new double[(int) p.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = init.nextDouble() - 0.5;
                }
                p.value().assign(org.nd4j.linalg.factory.Nd4j.createFromArray(v).reshape(p.shape()));
            }
        }
        TaggerBatch batch = enc.batch(List.of(new Piece(0, 0, enc.words().get(0).length),
                new Piece(1, 0, enc.words().get(1).length), new Piece(2, 0, enc.words().get(2).length)));
        model.parameters().zeroGrads();
        model.forwardBackward(batch, new Rng(1));
        List<GradientCheck.Checked> checked = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            checked.add(new GradientCheck.Checked(p.name(), p.value(), p.grad()));
        }
        GradientCheck.Result r = GradientCheck.check(() -> model.loss(batch), checked);
        assertThat(r.entries()).isGreaterThan(100);
        return r.maxError();
    }

    @Test
    void wholeModelGradientsMatchFiniteDifferencesWithCharCnnAndCrf() {
        assertThat(checkGradients(tiny(TaggerConfig.CNN, TaggerConfig.CRF, true))).isLessThan(1e-6);
    }

    @Test
    void wholeModelGradientsMatchFiniteDifferencesWithCharLstmAndSoftmax() {
        assertThat(checkGradients(tiny(TaggerConfig.LSTM, TaggerConfig.SOFTMAX, false))).isLessThan(1e-6);
    }

    @Test
    void theLanguageModelObjectiveAddsToTheLossAndItsGradientsMatchFiniteDifferences() {
        TaggerConfig base = tiny(TaggerConfig.CNN, TaggerConfig.CRF, true);
        // 12 output words: the synthetic vocabulary has more, so some targets are <unk>.
        TaggerConfig config = base.withLanguageModel(new TaggerConfig.LanguageModelTask(0.5, 12, 3));
        assertThat(checkGradients(config)).isLessThan(1e-6);
        // The objective is part of the loss, and the tagging network's own parameters are the same without it.
        List<List<String>[]> data = synthetic(3, 7);
        TaggerLexicon lex = lexicon(data, true);
        assertThat(lex.words().size()).isGreaterThan(12);
        TaggerLexicon.Encoded enc = encode(lex, data);
        TaggerModel with = new TaggerModel(config, lex.words().size(), lex.words().unkId(), lex.chars().size(),
                lex.constraints(), DataType.DOUBLE, new Rng(3));
        TaggerModel without = new TaggerModel(base, lex.words().size(), lex.words().unkId(), lex.chars().size(),
                lex.constraints(), DataType.DOUBLE, new Rng(3));
        assertThat(with.parameters().list().stream().filter(p -> p.name().startsWith("lm.")).count()).isEqualTo(8);
        for (Parameter p : without.parameters()) {
            assertThat(with.parameters().get(p.name()).value()).isEqualTo(p.value());
        }
        TaggerBatch batch = enc.batch(List.of(new Piece(0, 0, enc.words().get(0).length)));
        assertThat(with.loss(batch) - without.loss(batch)).as("the weighted LM cross entropy").isGreaterThan(0.5);
    }

    /**
     * Two auxiliary label columns for the synthetic sentences: a word-class label (3 labels: capitalised, "to"/"in",
     * other) and whether the word has more than three letters (2 labels).
     */
    private static TaggerLexicon.Encoded withAuxiliaryLabels(TaggerLexicon.Encoded enc, List<List<String>[]> data) {
        List<int[]> wordClass = new ArrayList<>();
        List<int[]> longWord = new ArrayList<>();
        for (List<String>[] pair : data) {
            List<String> words = pair[0];
            int[] a = new int[words.size()];
            int[] b = new int[words.size()];
            for (int t = 0; t < a.length; t++) {
                String w = words.get(t);
                a[t] = Character.isUpperCase(w.charAt(0)) ? 0 : w.equals("to") || w.equals("in") ? 1 : 2;
                b[t] = w.length() > 3 ? 1 : 0;
            }
            wordClass.add(a);
            longWord.add(b);
        }
        return enc.withAuxiliaryTags(List.of(wordClass, longWord));
    }

    @Test
    void auxiliaryTagTasksAddTheirWeightedCrossEntropyAndTheirGradientsMatchFiniteDifferences() {
        TaggerConfig base = tiny(TaggerConfig.CNN, TaggerConfig.CRF, true);
        TaggerConfig config = base.withAuxiliaryTags(List.of(new TaggerConfig.AuxiliaryTagTask("pos", 0.5, 3),
                new TaggerConfig.AuxiliaryTagTask("chunk", 2.0, 2)));
        List<List<String>[]> gradData = synthetic(3, 7);
        assertThat(checkGradients(config, enc -> withAuxiliaryLabels(enc, gradData))).isLessThan(1e-6);

        List<List<String>[]> data = synthetic(3, 7);
        TaggerLexicon lex = lexicon(data, true);
        TaggerLexicon.Encoded enc = withAuxiliaryLabels(encode(lex, data), data);
        TaggerModel with = new TaggerModel(config, lex.words().size(), lex.words().unkId(), lex.chars().size(),
                lex.constraints(), DataType.DOUBLE, new Rng(3));
        TaggerModel without = new TaggerModel(base, lex.words().size(), lex.words().unkId(), lex.chars().size(),
                lex.constraints(), DataType.DOUBLE, new Rng(3));
        // the tagging network is the same with and without the heads, which are the only additions
        assertThat(with.parameters().list().stream().map(Parameter::name).filter(TaggerModel::trainingOnly))
                .containsExactlyInAnyOrder("aux.1.weight", "aux.1.bias", "aux.2.weight", "aux.2.bias");
        for (Parameter p : without.parameters()) {
            assertThat(with.parameters().get(p.name()).value()).isEqualTo(p.value());
        }
        assertThat(with.parameters().get("aux.1.weight").shape()).containsExactly(3, 6);
        // With the heads' weights and biases at zero every label has probability 1/L: each task adds
        // weight · tokens · log L to the loss, exactly.
        for (Parameter p : with.parameters()) {
            if (TaggerModel.trainingOnly(p.name())) {
                p.value().assign(0);
            }
        }
        TaggerBatch batch = enc.batch(List.of(new Piece(0, 0, enc.words().get(0).length),
                new Piece(1, 0, enc.words().get(1).length)));
        int tokens = batch.words().totalSteps();
        assertThat(with.loss(batch) - without.loss(batch))
                .isCloseTo(tokens * (0.5 * Math.log(3) + 2.0 * Math.log(2)), within(1e-9));
        // a batch without the labels is refused
        TaggerBatch unlabelled = encode(lex, data).batch(List.of(new Piece(0, 0, enc.words().get(0).length)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> with.forwardBackward(unlabelled, new Rng(1)))
                .hasMessageContaining("needs the labels of 2 auxiliary columns");
    }

    /** Each sentence's share of {@code r}'s squared norm, over its packed rows. */
    private static double[] sentenceSquares(org.nd4j.linalg.api.ndarray.INDArray r, TaggerBatch batch) {
        double[] v = org.seqlab.nn.NativeArrays.read(r);
        int width = (int) r.size(1);
        org.seqlab.crf.TokenRows rows = org.seqlab.crf.TokenRows.packed(batch.words().layout());
        double[] squares = new double[rows.sentences()];
        for (int b = 0; b < squares.length; b++) {
            for (int t = 0; t < rows.length(b); t++) {
                for (int j = 0; j < width; j++) {
                    double x = v[rows.row(b, t) * width + j];
                    squares[b] += x * x;
                }
            }
        }
        return squares;
    }

    @Test
    void adversarialTrainingAddsTheLossAtTheGradientPerturbationAndItsGradientsMatchFiniteDifferences() {
        double alpha = 0.05;
        TaggerConfig config = tiny(TaggerConfig.CNN, TaggerConfig.CRF, true).withAdversarial(alpha);
        List<List<String>[]> data = synthetic(3, 7);
        TaggerLexicon lex = lexicon(data, true);
        TaggerLexicon.Encoded enc = encode(lex, data);
        TaggerModel model = new TaggerModel(config, lex.words().size(), lex.words().unkId(), lex.chars().size(),
                lex.constraints(), DataType.DOUBLE, new Rng(3));
        model.parameters().get("crf.transitions").value()
                .assign(org.nd4j.linalg.factory.Nd4j.rand(DataType.DOUBLE, model.numTags(), model.numTags()).subi(0.5));
        TaggerBatch batch = enc.batch(List.of(new Piece(0, 0, enc.words().get(0).length),
                new Piece(1, 0, enc.words().get(1).length), new Piece(2, 0, enc.words().get(2).length)));
        org.nd4j.linalg.api.ndarray.INDArray r = model.adversarialPerturbation(batch);
        int width = (int) r.size(1);
        // input width: word 4 + casing 2 + char CNN 3
        assertThat(width).isEqualTo(9);
        double[] squares = sentenceSquares(r, batch);
        for (int b = 0; b < squares.length; b++) {
            int tokens = org.seqlab.crf.TokenRows.packed(batch.words().layout()).length(b);
            assertThat(Math.sqrt(squares[b])).as("sentence %d's norm", b)
                    .isCloseTo(alpha * Math.sqrt(tokens * width), within(1e-9));
        }
        // The gradient direction raises the loss, more than any of ten random directions of the same sizes, and to
        // first order: half the step, about half the rise.
        double clean = model.loss(batch);
        double attacked = model.loss(batch, r);
        assertThat(attacked).isGreaterThan(clean);
        assertThat(model.loss(batch, r.mul(0.5)) - clean).isCloseTo((attacked - clean) / 2,
                within(0.05 * (attacked - clean)));
        Rng noise = new Rng(5);
        for (int k = 0; k < 10; k++) {
            double[] q = new double[(int) r.length()];
            for (int i = 0; i < q.length; i++) {
                q[i] = noise.nextGaussian();
            }
            org.nd4j.linalg.api.ndarray.INDArray random = org.nd4j.linalg.factory.Nd4j.createFromArray(q)
                    .reshape(r.shape());
            double[] randomSquares = sentenceSquares(random, batch);
            org.seqlab.crf.TokenRows rows = org.seqlab.crf.TokenRows.packed(batch.words().layout());
            for (int b = 0; b < randomSquares.length; b++) {
                for (int t = 0; t < rows.length(b); t++) {
                    random.getRow(rows.row(b, t)).muli(Math.sqrt(squares[b] / randomSquares[b]));
                }
            }
            assertThat(model.loss(batch, random)).isLessThan(attacked);
        }
        // Training (no dropout here) returns the clean loss plus the attacked one, and the gradient of both with the
        // perturbation held fixed, as Goodfellow et al. define it.
        model.parameters().zeroGrads();
        double total = model.forwardBackward(batch, new Rng(1)).loss();
        assertThat(total).isCloseTo(clean + attacked, within(1e-9));
        List<GradientCheck.Checked> checked = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            checked.add(new GradientCheck.Checked(p.name(), p.value(), p.grad().dup()));
        }
        GradientCheck.Result result = GradientCheck.check(() -> model.loss(batch) + model.loss(batch, r), checked);
        assertThat(result.entries()).isGreaterThan(100);
        assertThat(result.maxError()).isLessThan(1e-6);
    }

    @Test
    void variationalDropoutGradientsMatchFiniteDifferencesOfTheSameMasks() {
        // Dropout 0.5 with one mask per sentence: each loss evaluation draws its masks from Rng(1) again, so the loss
        // is a fixed function of the parameters and backward must apply exactly the masks forward drew.
        TaggerConfig base = tiny(TaggerConfig.CNN, TaggerConfig.CRF, true);
        TaggerConfig config = new TaggerConfig(base.wordDim(), base.lowercaseWords(), base.casingDim(),
                base.fineTuneEmbeddings(), base.charEncoder(), base.charDim(), base.charFilters(), base.charWidth(),
                base.charHidden(), base.maxWordLength(), 0.5, 0, 1, base.lstmHidden(), base.output(), base.batchSize(),
                base.trainer(), List.of(), 0, TaggerConfig.BEST, true);
        List<List<String>[]> data = synthetic(3, 7);
        TaggerLexicon lex = lexicon(data, true);
        TaggerLexicon.Encoded enc = encode(lex, data);
        TaggerModel model = new TaggerModel(config, lex.words().size(), lex.words().unkId(), lex.chars().size(),
                lex.constraints(), DataType.DOUBLE, new Rng(3));
        TaggerBatch batch = enc.batch(List.of(new Piece(0, 0, enc.words().get(0).length),
                new Piece(1, 0, enc.words().get(1).length), new Piece(2, 0, enc.words().get(2).length)));
        model.parameters().zeroGrads();
        double dropped = model.forwardBackward(batch, new Rng(1)).loss();
        assertThat(dropped).as("dropout changes the loss").isNotCloseTo(model.loss(batch), within(1e-6));
        List<GradientCheck.Checked> checked = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            checked.add(new GradientCheck.Checked(p.name(), p.value(), p.grad().dup()));
        }
        GradientCheck.Result r = GradientCheck.check(() -> {
            model.parameters().zeroGrads();
            return model.forwardBackward(batch, new Rng(1)).loss();
        }, checked);
        assertThat(r.entries()).isGreaterThan(100);
        assertThat(r.maxError()).isLessThan(1e-6);
    }

    @Test
    void frozenWordVectorsGetNoGradientWhileTheRestTrains() {
        List<List<String>[]> data = synthetic(3, 7);
        TaggerLexicon lex = lexicon(data, true);
        TaggerLexicon.Encoded enc = encode(lex, data);
        TaggerConfig config = new TaggerConfig(4, true, 2, false, TaggerConfig.CNN, 3, 3, 3, 2, 20, 0.5, 0.2, 1, 3,
                TaggerConfig.CRF, 4, TaggerConfig.defaultTrainer());
        TaggerModel model = new TaggerModel(config, lex.words().size(), lex.words().unkId(), lex.chars().size(),
                lex.constraints(), DataType.FLOAT, new Rng(3));
        model.parameters().zeroGrads();
        model.forwardBackward(enc.batch(List.of(new Piece(0, 0, enc.words().get(0).length))), new Rng(1));
        assertThat(model.parameters().get("word.weight").trainable()).isFalse();
        assertThat(model.parameters().get("word.weight").grad().amaxNumber().doubleValue()).isZero();
        assertThat(model.parameters().get("casing.weight").grad().amaxNumber().doubleValue()).isPositive();
        assertThat(model.parameters().get("crf.transitions").grad().amaxNumber().doubleValue()).isPositive();
    }

    @Test
    void tinyModelOverfitsTwentySentencesToFullSpanF1() {
        List<List<String>[]> data = synthetic(20, 5);
        TaggerLexicon lex = lexicon(data, true);
        TaggerLexicon.Encoded enc = encode(lex, data);
        TaggerConfig config = new TaggerConfig(16, true, 4, true, TaggerConfig.CNN, 8, 8, 3, 4, 20, 0, 0, 1, 16,
                TaggerConfig.CRF, 5, TaggerConfig.defaultTrainer());
        TaggerModel model = new TaggerModel(config, lex.words().size(), lex.words().unkId(), lex.chars().size(),
                lex.constraints(), DataType.FLOAT, new Rng(2));
        Batcher batcher = Batcher.builder().optBatchSize(5).build();
        int[] lengths = enc.lengths();
        TrainerConfig tc = TrainerConfig.builder().optMaxEpochs(12).optOptimizer(OptimizerConfig.adam())
                .optSchedule(ScheduleConfig.constant(0.02)).build();
        Trainer<TaggerBatch, TaggerModel> trainer = Trainer.<TaggerBatch, TaggerModel>builder().setModel(model)
                .setBatches(rng -> {
                    var plan = batcher.shuffled(lengths, rng.nextLong());
                    List<TaggerBatch> batches = new ArrayList<>();
                    for (int k = 0; k < plan.size(); k++) {
                        batches.add(enc.batch(plan, k));
                    }
                    return batches;
                }).optConfig(tc).build();
        trainer.train();
        SpanEvaluator eval = new SpanEvaluator(TagScheme.IOBES);
        for (int k = 0; k < batcher.inOrder(lengths).size(); k++) {
            TaggerBatch b = enc.batch(batcher.inOrder(lengths), k);
            TaggerModel.Decoded d = model.decode(b);
            for (int i = 0; i < b.words().batch(); i++) {
                int item = b.words().item(i);
                List<String> pred = new ArrayList<>();
                for (int t = 0; t < lengths[item]; t++) {
                    pred.add(lex.tags().get(d.tags()[b.words().layout().packedRow(t, i)]));
                }
                eval.add(data.get(item)[1], pred);
            }
        }
        assertThat(f1(eval)).isEqualTo(100.0);
    }

    static double f1(SpanEvaluator eval) {
        return eval.result().overall().f1();
    }
}
