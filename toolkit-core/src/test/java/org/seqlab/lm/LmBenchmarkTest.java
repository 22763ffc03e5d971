package org.seqlab.lm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.seqlab.SeqlabException;
import org.seqlab.nn.recurrent.CellType;
import org.seqlab.train.TrainerConfig;

/** The benchmark refuses what would leave it nothing timed, instead of printing a speed of 0. */
class LmBenchmarkTest {
    private static final String TEXT = "the quick brown fox jumps over the lazy dog.\n".repeat(5);
    private static final LmConfig CONFIG = new LmConfig(CellType.LSTM, 4, 8, 1, 10, 10, 2, 2, TrainerConfig.defaults());

    @Test
    void warmUpWindowsThatUseUpTheTextAreRefused() {
        assertThatThrownBy(() -> LmBenchmark.run(TEXT, TEXT, CONFIG, 1000, 5)).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("leave none to time after the 1000 warm-up windows");
    }

    @Test
    void aTimeBudgetTooShortForOneWindowIsRefused() {
        assertThatThrownBy(() -> LmBenchmark.runFor(TEXT, TEXT, CONFIG, 1e-12)).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("too short to train one truncated-BPTT window");
    }
}
