package org.seqlab.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.SeqlabException;
import org.seqlab.conll.ConllFormat;
import org.seqlab.conll.TagScheme;
import org.seqlab.train.OptimizerConfig;
import org.seqlab.train.ScheduleConfig;
import org.seqlab.train.TrainerConfig;

class TaggerTrainerTest {
    @TempDir
    static Path dir;
    static Path train;
    static Path model;
    static Tagger trained;

    static TaggerConfig tinyConfig(int epochs) {
        TrainerConfig tc = TrainerConfig.builder().optMaxEpochs(epochs).optOptimizer(OptimizerConfig.adam())
                .optSchedule(ScheduleConfig.constant(0.02)).optSeed(3).build();
        return new TaggerConfig(16, true, 4, true, TaggerConfig.CNN, 8, 8, 3, 4, 20, 0, 0, 1, 16, TaggerConfig.CRF,
                5, tc);
    }

    /** The synthetic set written as a WNUT file (word TAB tag, IOB2). */
    static Path writeWnut(Path file, List<List<String>[]> data) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (List<String>[] pair : data) {
            List<String> iob2 = TagScheme.IOBES.convert(pair[1], TagScheme.IOB2);
            for (int i = 0; i < pair[0].size(); i++) {
                sb.append(pair[0].get(i)).append('\t').append(iob2.get(i)).append('\n');
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString());
        return file;
    }

    @BeforeAll
    static void trainOnce() throws IOException {
        train = writeWnut(dir.resolve("train.txt"), TaggerModelTest.synthetic(20, 5));
        model = dir.resolve("model.zip");
        TaggerTrainer.Result r = TaggerTrainer.builder().setConfig(tinyConfig(12)).setTrain(train).setDev(train)
                .setFormat(ConllFormat.WNUT).setOutput(model).build().train();
        assertThat(r.metricName()).isEqualTo("dev_f1");
        trained = r.tagger();
    }

    @Test
    void trainingOnTwentySentencesReachesFullDevF1AndSavesTheCurve() {
        assertThat(trained.info().metrics().get("dev_f1")).isEqualTo(100.0);
        assertThat(TaggerTrainer.workDirectory(model).resolve("learning-curve.csv")).exists();
        assertThat(TaggerTrainer.workDirectory(model).resolve("learning-curve.png")).exists();
    }

    @Test
    void aLoadedTaggerTagsAsTheTrainedOneAndKeepsItsMetadata() {
        Tagger loaded = Tagger.load(model);
        List<List<String>> sentences = new ArrayList<>();
        for (List<String>[] pair : TaggerModelTest.synthetic(30, 99)) {
            sentences.add(pair[0]);
        }
        List<TaggedSentence> a = trained.tagAll(sentences);
        List<TaggedSentence> b = loaded.tagAll(sentences);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).tags()).isEqualTo(a.get(i).tags());
            assertThat(b.get(i).confidences()).containsExactly(a.get(i).confidences(), org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(loaded.info().metrics()).isEqualTo(trained.info().metrics());
        assertThat(loaded.info().data()).extracting(TaggerInfo.DataFile::role).containsExactly("train", "dev");
        assertThat(loaded.outputScheme()).isEqualTo(TagScheme.IOB2);
        assertThat(loaded.info().tokenizer()).isEqualTo(TokenizerSettings.forFormat(ConllFormat.WNUT));
        // a loaded model is final: its BiLSTM keeps W_hh transposed once, so changing its parameters is refused
        assertThatThrownBy(() -> loaded.model().copyParametersFrom(trained.model()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("frozen for inference");
    }

    @Test
    void tagsAreWrittenInTheTrainingDataSchemeAndSpansCarryCharacterOffsets() {
        List<TaggedSentence> tagged = trained.tag("Alice saw New Rome and Bob .");
        assertThat(tagged).hasSize(1);
        TaggedSentence s = tagged.get(0);
        assertThat(s.tags()).containsExactly("B-PER", "O", "B-LOC", "I-LOC", "O", "B-PER", "O");
        assertThat(s.spans()).extracting(TaggedSpan::label, TaggedSpan::begin, TaggedSpan::endChar, TaggedSpan::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PER", 0, 5, "Alice"),
                        org.assertj.core.groups.Tuple.tuple("LOC", 10, 18, "New Rome"),
                        org.assertj.core.groups.Tuple.tuple("PER", 23, 26, "Bob"));
        assertThat(s.spans()).allSatisfy(sp -> assertThat(sp.confidence()).isBetween(0.5, 1.0));
    }

    @Test
    void oneTaggerSharedByEightThreadsGivesTheSingleThreadOutput() throws Exception {
        List<List<String>> sentences = new ArrayList<>();
        for (List<String>[] pair : TaggerModelTest.synthetic(200, 17)) {
            sentences.add(pair[0]);
        }
        List<TaggedSentence> expected = new ArrayList<>();
        for (List<String> s : sentences) {
            expected.add(trained.tag(s));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<TaggedSentence>>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int shift = t;
                futures.add(pool.submit(() -> {
                    List<TaggedSentence> out = new ArrayList<>();
                    for (int i = 0; i < sentences.size(); i++) {
                        int k = (i + shift * 25) % sentences.size();
                        out.add(k % 3 == 0 ? trained.tag(sentences.get(k)) : trained.tagAll(List.of(sentences.get(k))).get(0));
                    }
                    return out;
                }));
            }
            for (int t = 0; t < 8; t++) {
                List<TaggedSentence> out = futures.get(t).get();
                for (int i = 0; i < sentences.size(); i++) {
                    int k = (i + t * 25) % sentences.size();
                    assertThat(out.get(i).tags()).isEqualTo(expected.get(k).tags());
                    assertThat(out.get(i).confidences()).isEqualTo(expected.get(k).confidences());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void batchedTaggingEqualsOneByOne() {
        List<List<String>> sentences = new ArrayList<>();
        for (List<String>[] pair : TaggerModelTest.synthetic(50, 23)) {
            sentences.add(pair[0]);
        }
        sentences.add(List.of());
        List<TaggedSentence> batched = trained.tagAll(sentences);
        for (int i = 0; i < sentences.size(); i++) {
            assertThat(batched.get(i).tags()).isEqualTo(trained.tag(sentences.get(i)).tags());
        }
        assertThat(batched.get(50).tags()).isEmpty();
    }

    @Test
    void aRunResumedFromItsCheckpointEndsAsAnUninterruptedOne() {
        Path straight = dir.resolve("straight.zip");
        Path resumed = dir.resolve("resumed.zip");
        TaggerTrainer.builder().setConfig(tinyConfig(4)).setTrain(train).setDev(train).setFormat(ConllFormat.WNUT)
                .setOutput(straight).build().train();
        TaggerTrainer.builder().setConfig(tinyConfig(2)).setTrain(train).setDev(train).setFormat(ConllFormat.WNUT)
                .setOutput(resumed).build().train();
        TaggerTrainer.builder().setConfig(tinyConfig(4)).setTrain(train).setDev(train).setFormat(ConllFormat.WNUT)
                .setOutput(resumed).optResume(true).build().train();
        Tagger a = Tagger.load(straight);
        Tagger b = Tagger.load(resumed);
        for (var p : a.model().parameters()) {
            assertThat(b.model().parameters().get(p.name()).value()).as(p.name()).isEqualTo(p.value());
        }
    }

    @Test
    void loadingAFileThatIsNotATaggerNamesTheFile() throws IOException {
        Path bogus = Files.writeString(dir.resolve("bogus.zip"), "not a zip");
        assertThatThrownBy(() -> Tagger.load(bogus)).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("bogus.zip");
        assertThatThrownBy(() -> Tagger.load(dir.resolve("missing.zip"))).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("missing.zip");
    }
}
