package org.seqlab.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.SeqlabException;
import org.seqlab.lm.sampling.Generation;
import org.seqlab.lm.sampling.Generator;
import org.seqlab.lm.sampling.SamplingConfig;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.recurrent.CellType;
import org.seqlab.nn.recurrent.RecurrentState;
import org.seqlab.train.ScheduleConfig;
import org.seqlab.train.Trainer;
import org.seqlab.train.TrainerConfig;

class LmTrainerTest {
    private static final String SENTENCE = "the quick brown fox jumps over the lazy dog. ";

    private static LmConfig tinyConfig(int epochs) {
        TrainerConfig t = TrainerConfig.builder().optMaxEpochs(epochs).optSchedule(ScheduleConfig.constant(0.02))
                .optClipNorm(1).optSeed(3).build();
        return new LmConfig(CellType.LSTM, 8, 32, 1, 20, 20, 4, 2, t);
    }

    @Test
    void aTrainedTinyModelRecitesItsTextGreedily(@TempDir Path dir) {
        String text = SENTENCE.repeat(60);
        List<LmTrainer.EpochReport> seen = new ArrayList<>();
        LmTrainer.Result r = LmTrainer.builder().setTrainText(text, "train").setValidText(SENTENCE.repeat(4), "valid")
                .setConfig(tinyConfig(5)).setOutDir(dir).optEpochListener(seen::add).build().run();
        assertThat(seen).hasSize(5);
        assertThat(r.epochs()).isEqualTo(seen);
        // A memorised, deterministic text: far below the 1.5-3 bits per character of real prose.
        assertThat(r.best().validBitsPerChar()).isLessThan(0.1);
        assertThat(r.best().validPerplexity()).isCloseTo(Math.pow(2, r.best().validBitsPerChar()),
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(dir.resolve(Trainer.CHECKPOINT_FILE)).isRegularFile();
        assertThat(dir.resolve(LmTrainer.CURVE_CSV)).isRegularFile();
        assertThat(dir.resolve(LmTrainer.CURVE_PNG)).isRegularFile();

        LanguageModel loaded = LanguageModel.load(dir.resolve(LmTrainer.MODEL_FILE));
        for (Parameter p : r.model().parameters()) {
            assertThat(loaded.parameters().get(p.name()).value().data().asFloat()).isEqualTo(p.value().data().asFloat());
        }
        String prompt = "the quick";
        String expected = " brown fox jumps over the lazy dog. the quick";
        Generation g = Generator.<RecurrentState>builder().setModel(loaded.stepModel())
                .optSampling(SamplingConfig.GREEDY).optMaxNewTokens(expected.length()).build()
                .generate(loaded.tokens().encode(prompt));
        assertThat(loaded.tokens().decode(g.tokens())).isEqualTo(expected);
    }

    @Test
    void aResumedRunEndsWhereTheUninterruptedRunEnds(@TempDir Path dir) {
        String text = SENTENCE.repeat(20) + "a lazy dog sleeps. ".repeat(10);
        String valid = SENTENCE + "a lazy dog sleeps. ";
        LmTrainer.Result whole = LmTrainer.builder().setTrainText(text, "train").setValidText(valid, "valid")
                .setConfig(tinyConfig(3)).setOutDir(dir.resolve("whole")).build().run();
        LmTrainer.builder().setTrainText(text, "train").setValidText(valid, "valid").setConfig(tinyConfig(1))
                .setOutDir(dir.resolve("parts")).build().run();
        LmTrainer.Result resumed = LmTrainer.builder().setTrainText(text, "train").setValidText(valid, "valid")
                .setOutDir(dir.resolve("parts")).optResume(true).optMaxEpochs(3).build().run();
        assertThat(resumed.epochs()).hasSize(3);
        assertThat(resumed.epochs().stream().map(LmTrainer.EpochReport::validBitsPerChar).toList())
                .isEqualTo(whole.epochs().stream().map(LmTrainer.EpochReport::validBitsPerChar).toList());
        assertThat(resumed.epochs().stream().map(LmTrainer.EpochReport::trainCrossEntropy).toList())
                .isEqualTo(whole.epochs().stream().map(LmTrainer.EpochReport::trainCrossEntropy).toList());
        for (Parameter p : whole.model().parameters()) {
            // float[] equality compares bits; INDArray.equals would allow 1e-5.
            assertThat(resumed.model().parameters().get(p.name()).value().data().asFloat()).as(p.name())
                    .isEqualTo(p.value().data().asFloat());
        }
    }

    @Test
    void aTimeLimitEndsTheRunAfterTheEpochThatCrossesIt(@TempDir Path dir) {
        LmTrainer.Result r = LmTrainer.builder().setTrainText(SENTENCE.repeat(10), "t").setValidText(SENTENCE, "v")
                .setConfig(tinyConfig(4)).setOutDir(dir).optMinutes(1e-9).build().run();
        assertThat(r.epochs()).hasSize(1);
        assertThat(dir.resolve(LmTrainer.MODEL_FILE)).isRegularFile();
    }

    @Test
    void aHugeTimeLimitIsNoLimitRatherThanAnOverflowThatEndsTheRunAfterOneEpoch(@TempDir Path dir) {
        LmTrainer.Result r = LmTrainer.builder().setTrainText(SENTENCE.repeat(10), "t").setValidText(SENTENCE, "v")
                .setConfig(tinyConfig(2)).setOutDir(dir).optMinutes(1e12).build().run();
        assertThat(r.epochs()).hasSize(2);
    }

    @Test
    void readTextNamesTheLineOfBadUtf8AndDropsAByteOrderMark(@TempDir Path dir) throws Exception {
        Path bad = Files.write(dir.resolve("bad.txt"), new byte[] {'a', '\n', 'b', (byte) 0xff, '\n'});
        assertThatThrownBy(() -> LmTrainer.readText(bad)).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("bad.txt:2").hasMessageContaining("invalid UTF-8");
        Path bom = Files.write(dir.resolve("bom.txt"), new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'a', '\n'});
        assertThat(LmTrainer.readText(bom)).isEqualTo("a\n");
    }

    @Test
    void resumingWithoutACheckpointIsAUserError(@TempDir Path dir) {
        assertThatThrownBy(() -> LmTrainer.builder().setTrainText("abc", "t").setValidText("abc", "v").setOutDir(dir)
                .optResume(true).build().run()).isInstanceOf(SeqlabException.class).hasMessageContaining("no checkpoint");
    }

    @Test
    void midEpochCheckpointsAreRefusedBecauseTheyCannotHoldTheCarriedState(@TempDir Path dir) {
        LmConfig c = tinyConfig(1);
        LmConfig everyStep = c.withTrainer(TrainerConfig.builder().optCheckpointEverySteps(5).build());
        assertThatThrownBy(() -> LmTrainer.builder().setTrainText(SENTENCE.repeat(10), "t").setValidText(SENTENCE, "v")
                .setConfig(everyStep).setOutDir(dir).build().run()).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("checkpointEverySteps");
        assertThat(Files.exists(dir.resolve(Trainer.CHECKPOINT_FILE))).isFalse();
    }

    @Test
    void aConfigFileMayGiveOnlySomeFields(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.json");
        Files.writeString(f, "{\"cell\": \"GRU\", \"hiddenSize\": 48, \"window\": 30, \"trainer\": {\"maxEpochs\": 2}}");
        LmConfig c = LanguageModel.readConfig(f);
        assertThat(c.cell()).isEqualTo(CellType.GRU);
        assertThat(c.hiddenSize()).isEqualTo(48);
        assertThat(c.stride()).isEqualTo(30);
        assertThat(c.embeddingSize()).isEqualTo(64);
        assertThat(c.trainer().maxEpochs()).isEqualTo(2);
        Files.writeString(f, "{\"window\": 0}");
        assertThatThrownBy(() -> LanguageModel.readConfig(f)).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("c.json");
    }

    @Test
    void aBpeModelWithTiedEmbeddingsTrainsResumesAndLoads(@TempDir Path dir) {
        String text = "the quick brown fox jumps over the lazy dog .\n".repeat(40);
        TrainerConfig t = TrainerConfig.builder().optMaxEpochs(4).optSchedule(ScheduleConfig.constant(0.02))
                .optClipNorm(1).optSeed(3).build();
        LmConfig config = new LmConfig(CellType.LSTM, 16, 16, 1, 10, 10, 4, 2, t, LmUnit.BPE, 30, true);
        LmTrainer.Result r = LmTrainer.builder().setTrainText(text, "train").setValidText(text.substring(0, 230), "valid")
                .setConfig(config).setOutDir(dir.resolve("a")).optMaxEpochs(2).build().run();
        assertThat(dir.resolve("a").resolve(BpeTokens.CODES_NAME)).isRegularFile();
        LmTrainer.Result resumed = LmTrainer.builder().setTrainText(text, "train")
                .setValidText(text.substring(0, 230), "valid").setOutDir(dir.resolve("a")).optResume(true)
                .optMaxEpochs(4).build().run();
        assertThat(resumed.epochs()).hasSize(4);
        assertThat(resumed.epochs().subList(0, 2)).isEqualTo(r.epochs());
        // Bits per character of a memorised text: far below the first epoch's.
        assertThat(resumed.best().validBitsPerChar()).isLessThan(r.epochs().get(0).validBitsPerChar());
        LanguageModel loaded = LanguageModel.load(dir.resolve("a").resolve(LmTrainer.MODEL_FILE));
        assertThat(loaded.tokens().unit()).isEqualTo(LmUnit.BPE);
        assertThat(loaded.config().tieEmbeddings()).isTrue();
        assertThat(loaded.tokens().decode(loaded.tokens().encode("the lazy dog .\nthe quick")))
                .isEqualTo("the lazy dog .\nthe quick");
    }
}
