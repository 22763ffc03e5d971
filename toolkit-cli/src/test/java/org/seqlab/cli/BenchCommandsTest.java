package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bench commands refuse what would leave them nothing to time, in words. */
class BenchCommandsTest {
    @TempDir
    Path dir;

    @Test
    void aTrainingTimeOfNothingIsRefusedBeforeAnyFileIsRead() throws Exception {
        Path text = Files.writeString(dir.resolve("t.txt"), "a man is walking\n");
        for (String minutes : new String[] {"0", "-1", "NaN", "Infinity"}) {
            CliRun.Result r = CliRun.run("bench-anomaly", "--train", text.toString(), "--valid", text.toString(),
                    "--tatoeba", text.toString(), "--minutes", minutes);
            assertThat(r.rc()).as(minutes).isEqualTo(2);
            assertThat(r.err()).contains("--minutes must be a positive number, got");
        }
    }

    @Test
    void benchLmRefusesANanOrInfiniteTimeAsUsageAndWarmUpThatLeavesNothingToTime() throws Exception {
        Path text = Files.writeString(dir.resolve("t.txt"), "a man is walking\n".repeat(20));
        for (String minutes : new String[] {"NaN", "Infinity", "-1"}) {
            CliRun.Result r = CliRun.run("bench-lm", "--train", text.toString(), "--valid", text.toString(),
                    "--minutes", minutes);
            assertThat(r.rc()).as(minutes).isEqualTo(2);
            assertThat(r.err()).contains("--minutes a number at least 0, got");
        }
        CliRun.Result r = CliRun.run("bench-lm", "--train", text.toString(), "--valid", text.toString(), "--hidden", "4",
                "--embedding", "4", "--window", "10", "--streams", "2", "--warmup", "100", "--chunks", "2");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).contains("leave none to time").doesNotContain("train_chars_per_s");
        assertThat(r.out()).doesNotContain("train_chars_per_s");
    }

    @Test
    void benchOptimizerRefusesZeroStepsAndBenchBpeFilesWithoutWords() throws Exception {
        CliRun.Result steps = CliRun.run("bench-optimizer", "--steps", "0");
        assertThat(steps.rc()).isEqualTo(1);
        assertThat(steps.err()).contains("steps must be at least 1, got 0");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "\n  \n");
        CliRun.Result bpe = CliRun.run("bench-bpe", "--merges", "10", empty.toString());
        assertThat(bpe.rc()).isEqualTo(1);
        assertThat(bpe.err()).contains(empty.toString()).contains("hold no words");
    }
}
