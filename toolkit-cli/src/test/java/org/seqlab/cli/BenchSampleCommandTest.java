package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;

class BenchSampleCommandTest {

    /** {stdout, stderr}; the exit status goes to rc[0] */
    private static String[] run(int[] rc, String... args) {
        CliRun.Result r = CliRun.run(args);
        rc[0] = r.rc();
        return new String[] {r.out(), r.err()};
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
