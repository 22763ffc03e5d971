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
