package org.seqlab.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.SeqlabException;
import org.seqlab.lm.sampling.SamplingConfig;
import org.seqlab.nn.recurrent.CellType;
import org.seqlab.train.ScheduleConfig;
import org.seqlab.train.TrainerConfig;

class TextGeneratorTest {
    private static final String LINE = "the quick brown fox jumps over the lazy dog .";

    private static LanguageModel trained(Path dir, LmUnit unit) {
        TrainerConfig t = TrainerConfig.builder().optMaxEpochs(6).optSchedule(ScheduleConfig.constant(0.02))
                .optClipNorm(1).optSeed(3).build();
        LmConfig c = new LmConfig(CellType.LSTM, 16, 32, 1, 20, 20, 4, 2, t, unit, 20, false);
        String text = (LINE + "\n").repeat(60);
        return LmTrainer.builder().setTrainText(text, "train").setValidText((LINE + "\n").repeat(3), "valid")
                .setConfig(c).setOutDir(dir).build().run().model();
    }

    @Test
    void greedyGenerationRecitesTheMemorisedLineAndStopsAtTheStopToken(@TempDir Path dir) {
        TextGenerator g = new TextGenerator(trained(dir, LmUnit.CHAR));
        TextGenerator.Result r = g.generate("the quick", SamplingConfig.GREEDY, 200, List.of("\n"));
        assertThat(r.text()).isEqualTo(" brown fox jumps over the lazy dog .\n");
        assertThat(r.stopped()).isTrue();
        assertThat(r.tokens()).isEqualTo(r.text().length());
        assertThat(r.logProbability()).isNegative();
        // Without a stop token, the length limit ends it.
        TextGenerator.Result capped = g.generate("", SamplingConfig.GREEDY, 9, List.of());
        assertThat(capped.text()).isEqualTo("the quick");
        assertThat(capped.stopped()).isFalse();
        // Sampling with a seed is reproducible.
        SamplingConfig hot = new SamplingConfig(1.5, 0, 0.95, 1, 42);
        assertThat(g.generate("the", hot, 40, List.of()).text()).isEqualTo(g.generate("the", hot, 40, List.of()).text());
        assertThatThrownBy(() -> g.generate("the", hot, 5, List.of("ab"))).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("\"ab\"");
    }

    @Test
    void aStopStringTheTrainingTextNeverHadIsRefusedRatherThanStoppingAtTheUnknownToken(@TempDir Path dir) {
        TextGenerator g = new TextGenerator(trained(dir, LmUnit.CHAR));
        assertThatThrownBy(() -> g.generate("the", SamplingConfig.GREEDY, 5, List.of("\u20ac")))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("\"\u20ac\" is not a token of this CHAR model");
    }

    @Test
    void aBpeModelGeneratesWordsAfterAPrompt(@TempDir Path dir) {
        TextGenerator g = new TextGenerator(trained(dir, LmUnit.BPE));
        TextGenerator.Result r = g.generate("the quick brown", SamplingConfig.GREEDY, 50, List.of("\n"));
        assertThat(r.text()).isEqualTo(" fox jumps over the lazy dog .\n");
    }
}
