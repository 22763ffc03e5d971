package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchAnomalyCommandTest {
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
}
