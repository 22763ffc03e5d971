package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchTokenizeCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsScoresAndSpeedAsKeyValueLines() throws Exception {
        Path f = dir.resolve("tiny.conllu");
        Files.writeString(f, String.join("\n",
                "# text = I can't.",
                "1\tI\tI\tPRON\tPRP\t_\t2\tnsubj\t_\t_",
                "2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_",
                "2\tca\tcan\tAUX\tMD\t_\t0\troot\t_\t_",
                "3\tn't\tnot\tPART\tRB\t_\t2\tadvmod\t_\tSpaceAfter=No",
                "4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_",
                "",
                "# text = Go!",
                "1\tGo\tgo\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No",
                "2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_\t_",
                "", ""));
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            rc = SeqlabCommand.execute("bench-tokenize", "--conllu", f.toString(), "--warmup", "1", "--passes", "3");
        } finally {
            System.setOut(saved);
        }
        assertThat(rc).isZero();
        // "I can't. Go!": I ca n't . Go ! all match the gold, and both sentence ends (8, 12)
        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .contains("token_f1 100.00", "sentence_f1 100.00", "tokens 6", "gold_tokens 6")
                .anySatisfy(l -> assertThat(l).matches("tokens_per_s [1-9][0-9]*"));
    }
}
