package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class BenchSampleCommandTest {

    private static String[] run(int[] rc, String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            rc[0] = SeqlabCommand.execute(args);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void printsTheVocabularyAndTheTimePerStepAsKeyValueLines() {
        int[] rc = new int[1];
        String[] outErr = run(rc, "bench-sample", "--vocab", "100", "--steps", "10", "--warmup", "0", "--passes", "1");
        assertThat(rc[0]).isZero();
        assertThat(outErr[0].lines()).contains("vocab 100")
                .anySatisfy(l -> assertThat(l).matches("sample_us_per_step [0-9]+\\.[0-9]{2}"));
    }

    @Test
    void aBadSettingIsAOneLineUserError() {
        int[] rc = new int[1];
        String[] outErr = run(rc, "bench-sample", "--top-p", "0", "--steps", "1", "--passes", "1");
        assertThat(rc[0]).isEqualTo(1);
        assertThat(outErr[1].strip()).contains("topP must be in (0, 1]").doesNotContain("\n");
    }
}
