package org.seqlab.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.SeqlabException;
import org.seqlab.bundle.ModelBundle;
import org.seqlab.bundle.TensorStorage;
import org.seqlab.nn.recurrent.CellType;
import org.seqlab.train.TrainerConfig;

class Seq2SeqTrainerTest {
    /** Ten digit strings and their reversals: the target is the source read backwards. */
    static ParallelCorpus reversals() {
        String[] src = {"1 2 3 4", "5 6 7 8 9", "2 4 6 8", "9 7 5 3 1", "3 1 4 1 5", "2 7 1 8 2 8", "6 6 2 9",
            "8 3 5 2 1", "4 4 8 1 7", "7 1 9 3"};
        List<String> s = new ArrayList<>();
        List<String> t = new ArrayList<>();
        for (String line : src) {
            s.add(line);
            List<String> words = new ArrayList<>(List.of(line.split(" ")));
            java.util.Collections.reverse(words);
            t.add(String.join(" ", words));
        }
        return new ParallelCorpus(s, t, "toy.src", "toy.tgt");
    }

    static TranslationTrainingConfig tinyConfig(int epochs) {
        TranslatorConfig model = new TranslatorConfig(5, true, 16, CellType.LSTM, 1, true, 16, 32, "general", true,
                0.0, 0.0, false, 0.1, 20, ScheduledSampling.off());
        TrainerConfig training = TrainerConfig.builder().optMaxEpochs(epochs).optPatience(25).optSeed(7)
                .optSchedule(org.seqlab.train.ScheduleConfig.constant(0.01)).build();
        return new TranslationTrainingConfig(model, training, 2);
    }

    @Test
    void theTrainingBenchReportsItsProductsBesideItsSpeed() {
        Map<String, Double> r = TranslationBenchmark.run(reversals(), tinyConfig(1).model(), 4, 0.5, 3);
        assertThat(r.get("batches")).isPositive();
        assertThat(r.get("products_gflop_per_sentence")).isPositive();
        assertThat(r.get("products_alone_core_s")).isPositive();
        // the products are only part of a step, so the ceiling lies above the measured speed
        assertThat(r.get("products_bound_sents_per_s")).isGreaterThan(r.get("train_sents_per_s"));
        assertThat(r.get("products_share")).isBetween(0.0, 1.0);
        // the step's time by section: the model's seven and the update, which together make up the timed span
        String[] sections = {"encoder_forward", "decoder_forward", "output_forward", "loss", "output_backward",
            "decoder_backward", "encoder_backward", "update"};
        double sum = 0;
        for (String name : sections) {
            assertThat(r).containsKeys("section_" + name + "_ms", "section_" + name + "_products_alone_ms",
                    "section_" + name + "_gflop");
            assertThat(r.get("section_" + name + "_ms")).as(name).isPositive();
            sum += r.get("section_" + name + "_ms");
        }
        assertThat(sum * r.get("batches") / 1000).isCloseTo(r.get("train_seconds"), within(0.1 * r.get("train_seconds")));
        // the output layer's forward section is one product of rows x vocabulary x hidden; the loss has none
        assertThat(r.get("section_output_forward_gflop")).isPositive();
        assertThat(r.get("section_loss_gflop")).isZero();
        assertThat(r.get("section_update_gflop")).isZero();
        assertThat(r.keySet().stream().filter(k -> k.startsWith("section_")).count()).isEqualTo(3L * sections.length);
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // before the check, such a corpus kept the bench looping forever
    void theTrainingBenchRefusesACorpusWithNoPairItCanTrainOn() {
        TranslatorConfig m = tinyConfig(1).model();
        TranslatorConfig tooShort = new TranslatorConfig(m.bpeMerges(), m.jointVocabulary(), m.embeddingSize(),
                m.encoderCell(), m.encoderLayers(), m.encoderBidirectional(), m.encoderHidden(), m.decoderHidden(),
                m.attention(), m.inputFeeding(), m.dropout(), m.labelSmoothing(), m.tieEmbeddings(), m.initScale(), 1,
                m.scheduledSampling(), m.decoderCell(), m.bpeWordSplit(), m.sharedBpeCodes());
        assertThatThrownBy(() -> TranslationBenchmark.run(reversals(), tooShort, 4, 0.5, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none of the 10 pairs has a source of at most 1 pieces");
        // nothing was left running: the next bench starts its records afresh
        assertThat(TranslationBenchmark.run(reversals(), m, 4, 0.2, 3).get("batches")).isPositive();
    }

    @Test
    void checkpointAveragingKeepsTheCandidateWithTheHighestValidationBleu(@TempDir Path dir) throws Exception {
        ParallelCorpus toy = reversals();
        TranslationTrainingConfig c = tinyConfig(12);
        c = new TranslationTrainingConfig(c.model(), c.training(), c.batchSize(), 3);
        Seq2SeqTrainer.Result r = Seq2SeqTrainer.builder().setConfig(c).setTrainingData(toy).optValidationData(toy)
                .optWorkDir(dir).build().train();
        Map<String, Double> m = r.averagingMetrics();
        assertThat(m).containsKeys("val_bleu_single", "val_bleu_average_best", "val_bleu_average_last");
        assertThat(m.get("val_bleu_single")).isEqualTo(r.history().bestMetric());
        assertThat(m.get("average_last_epochs")).isEqualTo(3.0);
        double best = Math.max(m.get("val_bleu_single"),
                Math.max(m.get("val_bleu_average_best"), m.get("val_bleu_average_last")));
        assertThat(r.validationBleu()).isEqualTo(best);
        assertThat(m.get("val_bleu_" + r.kept())).isEqualTo(best);
        // the translator returned holds the kept parameters: decoding it again gives the same BLEU, saved and loaded too
        assertThat(org.seqlab.seq2seq.bleu.Bleu.corpusScore(r.translator().translate(toy.sources()), toy.targets())
                .score()).isEqualTo(best);
        Path zip = dir.resolve("model.zip");
        r.translator().save(zip, Seq2SeqTrainer.metrics(r));
        assertThat(org.seqlab.seq2seq.bleu.Bleu.corpusScore(Translator.load(zip).translate(toy.sources()),
                toy.targets()).score()).isEqualTo(best);
        assertThat(Seq2SeqTrainer.metrics(r)).containsEntry("val_bleu", best);
    }

    @Test
    void checkpointAveragingWithoutValidationDataIsRefused(@TempDir Path dir) {
        TranslationTrainingConfig c = tinyConfig(2);
        TranslationTrainingConfig averaged = new TranslationTrainingConfig(c.model(), c.training(), c.batchSize(), 2);
        assertThatThrownBy(() -> Seq2SeqTrainer.builder().setConfig(averaged).setTrainingData(reversals())
                .optWorkDir(dir).build().train()).hasMessageContaining("averageCheckpoints needs validation data");
    }

    @Test
    void tinyModelMemorisesTenReversedDigitStringsToBleu100(@TempDir Path dir) throws Exception {
        ParallelCorpus toy = reversals();
        Seq2SeqTrainer.Result r = Seq2SeqTrainer.builder().setConfig(tinyConfig(150)).setTrainingData(toy)
                .optValidationData(toy).optWorkDir(dir).build().train();
        assertThat(r.history().bestMetric()).isCloseTo(100.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.translator().translate(toy.sources())).isEqualTo(toy.targets());
        assertThat(dir.resolve("learning-curve.csv")).exists();
        assertThat(dir.resolve("learning-curve.png")).exists();

        // the bundle round trip translates the same, and empty lines stay empty
        Path zip = dir.resolve("model.zip");
        r.translator().save(zip, Seq2SeqTrainer.metrics(r));
        Translator loaded = Translator.load(zip);
        assertThat(loaded.translate(toy.sources())).isEqualTo(toy.targets());
        assertThat(loaded.translate(List.of("", "1 2 3 4", "  "))).containsExactly("", "4 3 2 1", "");

        // a bundle whose vocabulary does not fit its weights is refused
        ModelBundle b = ModelBundle.read(zip);
        String vocab = b.texts().get("source.vocab") + "extra\t1\n";
        Path bad = dir.resolve("bad.zip");
        ModelBundle.writer(Translator.KIND).setConfig(b.config()).addText("source.bpe", b.texts().get("source.bpe"))
                .addText("source.vocab", vocab).addTensors("weights", b.tensors("weights"), TensorStorage.FLOAT32)
                .write(bad);
        assertThatThrownBy(() -> Translator.load(bad)).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("src_emb.weight has shape [13, 16]").hasMessageContaining("need [14, 16]");
    }

    @Test
    void resumedRunWithScheduledSamplingEndsLikeTheUninterruptedRun(@TempDir Path dir) {
        ParallelCorpus toy = reversals();
        TranslationTrainingConfig four = withSampling(tinyConfig(4));
        Seq2SeqTrainer.Result expected = Seq2SeqTrainer.builder().setConfig(four).setTrainingData(toy)
                .optValidationData(toy).optWorkDir(dir.resolve("ref")).build().train();
        // the same run stopped after two epochs, then resumed from its checkpoint in a fresh trainer
        Seq2SeqTrainer.builder().setConfig(withSampling(tinyConfig(2))).setTrainingData(toy).optValidationData(toy)
                .optWorkDir(dir.resolve("run")).build().train();
        Seq2SeqTrainer.Result resumed = Seq2SeqTrainer.builder().setConfig(four).setTrainingData(toy)
                .optValidationData(toy).optWorkDir(dir.resolve("run")).build().resume();
        assertThat(resumed.history().history().stream().map(e -> e.trainLoss()).toList())
                .isEqualTo(expected.history().history().stream().map(e -> e.trainLoss()).toList());
        for (org.seqlab.nn.Parameter p : expected.translator().model().parameters()) {
            assertThat(resumed.translator().model().parameters().get(p.name()).value()).as(p.name())
                    .isEqualTo(p.value());
        }
    }

    @Test
    void resumeRefusesAConfigOtherThanTheRunWasStartedWithListingTheDifferences(@TempDir Path dir) {
        ParallelCorpus toy = reversals();
        TranslationTrainingConfig started = tinyConfig(1);
        Seq2SeqTrainer.builder().setConfig(started).setTrainingData(toy).optWorkDir(dir).build().train();
        // the tester's case: the same layer sizes, but other dropout, seed and batch size
        TranslatorConfig m = started.model();
        TranslatorConfig otherDropout = new TranslatorConfig(m.bpeMerges(), m.jointVocabulary(), m.embeddingSize(),
                m.encoderCell(), m.encoderLayers(), m.encoderBidirectional(), m.encoderHidden(), m.decoderHidden(),
                m.attention(), m.inputFeeding(), 0.5, m.labelSmoothing(), m.tieEmbeddings(), m.initScale(),
                m.maxSourceLength(), m.scheduledSampling());
        TrainerConfig otherSeed = TrainerConfig.builder().optMaxEpochs(1).optPatience(25).optSeed(9)
                .optSchedule(org.seqlab.train.ScheduleConfig.constant(0.01)).build();
        TranslationTrainingConfig changed = new TranslationTrainingConfig(otherDropout, otherSeed, 1);
        assertThatThrownBy(() -> Seq2SeqTrainer.builder().setConfig(changed).setTrainingData(toy).optWorkDir(dir)
                .build().resume()).isInstanceOf(SeqlabException.class)
                .hasMessage(dir.resolve("checkpoint.sqlt") + ": the config differs from the one this run was started"
                        + " with in model.dropout (0.0 then, 0.5 now), training.seed (7 then, 9 now), batchSize (2 then,"
                        + " 1 now); --resume continues a run exactly, so only training.maxEpochs and the time budget may"
                        + " change (train without --resume to start afresh)");
        // more epochs (and the progress bar) may change: extending a run is what resuming is for
        TrainerConfig t = tinyConfig(2).training();
        TranslationTrainingConfig extended = started.withTraining(new TrainerConfig(t.maxEpochs(), t.patience(),
                t.clipNorm(), t.clipValue(), t.seed(), t.checkpointEverySteps(), true, t.restoreBest(),
                t.optimizer(), t.schedule()));
        Seq2SeqTrainer.Result r = Seq2SeqTrainer.builder().setConfig(extended).setTrainingData(toy).optWorkDir(dir)
                .build().resume();
        assertThat(r.history().history()).hasSize(2);
    }

    @Test
    void pairsWithABlankSideAreLeftOutAndACorpusOfBlankLinesHasNoTrainingPairs(@TempDir Path dir) {
        ParallelCorpus toy = reversals();
        List<String> sources = new ArrayList<>(toy.sources());
        List<String> targets = new ArrayList<>(toy.targets());
        sources.addAll(List.of("", " \t", "5 5", ""));
        targets.addAll(List.of("", "1 2", "", "3"));
        ParallelCorpus withBlanks = new ParallelCorpus(sources, targets, "toy.src", "toy.tgt");
        Seq2SeqTrainer.Result clean = Seq2SeqTrainer.builder().setConfig(tinyConfig(1)).setTrainingData(toy)
                .build().train();
        Seq2SeqTrainer.Result r = Seq2SeqTrainer.builder().setConfig(tinyConfig(1)).setTrainingData(withBlanks)
                .build().train();
        assertThat(r.blankPairs()).isEqualTo(4);
        assertThat(clean.blankPairs()).isZero();
        // the blank pairs change nothing: not the vocabulary, not the batches, not the loss
        assertThat(r.history().history().get(0).trainLoss()).isEqualTo(clean.history().history().get(0).trainLoss());

        ParallelCorpus blankOnly = new ParallelCorpus(List.of("", " ", ""), List.of("", "", "  "), "b.src", "b.tgt");
        assertThatThrownBy(() -> Seq2SeqTrainer.builder().setConfig(tinyConfig(1)).setTrainingData(blankOnly)
                .optWorkDir(dir).build().train()).isInstanceOf(SeqlabException.class)
                .hasMessage("b.src: no training pairs: each of the 3 lines is blank in b.src or b.tgt");
        assertThat(dir.resolve("checkpoint.sqlt")).doesNotExist();
    }

    /** Scheduled sampling that rises by 0.05 per update: a resumed run must continue the schedule where it was. */
    private static TranslationTrainingConfig withSampling(TranslationTrainingConfig c) {
        TranslatorConfig m = c.model();
        TranslatorConfig sampled = new TranslatorConfig(m.bpeMerges(), m.jointVocabulary(), m.embeddingSize(),
                m.encoderCell(), m.encoderLayers(), m.encoderBidirectional(), m.encoderHidden(), m.decoderHidden(),
                m.attention(), m.inputFeeding(), 0.2, 0.1, false, m.initScale(), m.maxSourceLength(),
                new ScheduledSampling("linear", 0.05, 0));
        TrainerConfig t = c.training();
        return new TranslationTrainingConfig(sampled, new TrainerConfig(t.maxEpochs(), 0, t.clipNorm(),
                t.clipValue(), t.seed(), 0, false, false, t.optimizer(), t.schedule()), c.batchSize());
    }

    @Test
    void longLinesAreSplitAtWordsOrRefusedByOption() {
        TranslatorConfig m = tinyConfig(1).model();
        TranslatorConfig short3 = new TranslatorConfig(m.bpeMerges(), true, m.embeddingSize(), m.encoderCell(), 1,
                true, m.encoderHidden(), m.decoderHidden(), "general", true, 0, 0, false, 0.1, 3,
                ScheduledSampling.off());
        SubwordCodec codec = SubwordCodec.learn(List.of(reversals().sources()), 5);
        Seq2SeqModel model = new Seq2SeqModel(short3, codec.vocabulary().size(), codec.vocabulary().size(),
                org.nd4j.linalg.api.buffer.DataType.FLOAT, new org.seqlab.random.Rng(1));
        Translator t = new Translator(model, codec, codec, Translator.LongLines.SPLIT);
        // 7 one-piece words in segments of at most 3: each segment's output has at most 2*(3+1)+10 words
        String out = t.translate("1 2 3 4 5 6 7");
        assertThat(out.split(" ").length).isLessThanOrEqualTo(3 * 18);
        assertThatThrownBy(() -> t.withLongLines(Translator.LongLines.REFUSE).translate("1 2 3 4 5 6 7"))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("7 BPE pieces")
                .hasMessageContaining("maximum source length 3");
    }

    @Test
    void corpusFilesWithInvalidUtf8NameTheFileAndLine(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("a.src");
        Path tgt = dir.resolve("a.tgt");
        Files.write(src, new byte[] {'o', 'k', '\n', 'b', (byte) 0xff, '\n'});
        Files.writeString(tgt, "x\ny\n");
        assertThatThrownBy(() -> ParallelCorpus.read(src, tgt)).isInstanceOf(SeqlabException.class)
                .hasMessageStartingWith(src + ":2:");
        Files.writeString(src, "a\nb\nc\n");
        assertThatThrownBy(() -> ParallelCorpus.read(src, tgt)).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("has 3 lines but").hasMessageContaining("has 2");
    }

    @Test
    void trainingConfigJsonFillsDefaultsForMissingFields() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        TranslationTrainingConfig c = json.readValue("{\"model\": {\"attention\": \"additive\", \"scheduledSampling\":"
                + " {\"kind\": \"linear\", \"rate\": 0.001}}, \"batchSize\": 32}", TranslationTrainingConfig.class);
        assertThat(c.batchSize()).isEqualTo(32);
        assertThat(c.model().attention()).isEqualTo("additive");
        assertThat(c.model().decoderHidden()).isEqualTo(512);
        assertThat(c.model().dropout()).isEqualTo(0.3);
        assertThat(c.model().scheduledSampling().samplingProbability(500)).isCloseTo(0.5,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.training().clipNorm()).isEqualTo(5.0);
        assertThat(c.model().sharedBpeCodes()).isFalse();
        assertThat(json.readValue("{\"model\": {\"jointVocabulary\": false, \"sharedBpeCodes\": true}}",
                TranslationTrainingConfig.class).model().jointBpeCodes()).isTrue();
    }

    @Test
    void sharedBpeCodesGiveEachSideItsOwnVocabularyUnderOneSetOfCodes(@TempDir Path dir) throws Exception {
        // digits to the words for them, reversed: the two sides share no piece
        String[] names = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
        ParallelCorpus digits = reversals();
        List<String> words = new ArrayList<>();
        for (String line : digits.targets()) {
            words.add(String.join(" ", java.util.Arrays.stream(line.split(" "))
                    .map(d -> names[Integer.parseInt(d)]).toList()));
        }
        ParallelCorpus toy = new ParallelCorpus(digits.sources(), words, "toy.src", "toy.tgt");
        TranslatorConfig m = tinyConfig(1).model();
        TranslatorConfig shared = new TranslatorConfig(12, false, m.embeddingSize(), m.encoderCell(), 1, true,
                m.encoderHidden(), m.decoderHidden(), "general", true, 0, 0, false, 0.1, 20, ScheduledSampling.off(),
                CellType.LSTM, "character-classes", true);
        TranslationTrainingConfig c = new TranslationTrainingConfig(shared, tinyConfig(100).training(), 2);
        Seq2SeqTrainer.Result r = Seq2SeqTrainer.builder().setConfig(c).setTrainingData(toy).optValidationData(toy)
                .optWorkDir(dir).build().train();
        Translator t = r.translator();
        // one set of codes, learned on both sides (12 merges: some join letters of the number words)
        assertThat(t.targetCodec().codesText()).isEqualTo(t.sourceCodec().codesText());
        // each vocabulary holds the four specials and its own side's pieces only
        assertThat(t.sourceCodec().vocabulary().size()).isEqualTo(4 + 9); // the sources lack the digit 0
        for (String w : t.targetCodec().vocabularyText().split("\n")) {
            assertThat(w).doesNotContainPattern("^[0-9]");
        }
        assertThat(t.model().targetVocabularySize()).isEqualTo(t.targetCodec().vocabulary().size());
        assertThat(r.history().bestMetric()).isGreaterThan(50);
        // the bundle carries both vocabularies and translates the same after loading
        Path zip = dir.resolve("model.zip");
        t.save(zip, Seq2SeqTrainer.metrics(r));
        assertThat(Translator.load(zip).translate(toy.sources())).isEqualTo(t.translate(toy.sources()));
    }

    @Test
    void samplingSchedulesFollowTheirFormulas() {
        assertThat(new ScheduledSampling("linear", 0.01, 0.2).samplingProbability(100)).isCloseTo(0.8,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(new ScheduledSampling("exponential", 0.5, 0).samplingProbability(2)).isEqualTo(0.75);
        // k / (k + e^(i/k)) with k = 10, i = 0: 10/11 teacher forcing
        assertThat(new ScheduledSampling("inverse_sigmoid", 10, 0).samplingProbability(0)).isCloseTo(1.0 / 11,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ScheduledSampling.off().samplingProbability(1000)).isEqualTo(0.0);
    }
}
