package org.seqlab.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.SeqlabException;
import org.seqlab.conll.ConllFormat;
import org.seqlab.conll.Dataset;

class TaggerMemoryBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void samplesTheResidentSizeAfterWarmUpAndTwentyTimesAfter() throws IOException {
        assumeTrue(Files.isReadable(TaggerMemoryBenchmark.STATUS), "skipped: no /proc/self/status (not Linux)");
        Path model = dir.resolve("tiny-ner.zip");
        try (InputStream in = getClass().getResourceAsStream("tiny-ner.zip")) {
            Files.copy(in, model);
        }
        Tagger tagger = Tagger.load(model);
        Dataset data = TaggerTrainer.reader(ConllFormat.WNUT, null)
                .read(TinyTaggerFixtures.writeNer(dir.resolve("ner.txt"), 30, 9));
        StringWriter text = new StringWriter();
        TaggerMemoryBenchmark.Result r = TaggerMemoryBenchmark.run(tagger, data, 2_100, 100, 64,
                new PrintWriter(text));
        String out = text.toString();
        assertThat(out).contains("rss_after_warmup_mib ", "rss_mib_at_200 ", "rss_mib_at_2100 ", "sentences 2100\n",
                "within_10_percent ", "tag_tokens_per_s ");
        assertThat(out.lines().filter(l -> l.startsWith("rss_mib_at_"))).hasSize(TaggerMemoryBenchmark.SAMPLES);
        // A JVM with ND4J loaded holds well over 50 MiB resident; the samples bracket each other.
        assertThat(r.baselineMib()).isGreaterThan(50);
        assertThat(r.minMib()).isLessThanOrEqualTo(r.maxMib());
        assertThat(r.flat()).isEqualTo(r.maxMib() <= 1.1 * r.baselineMib());
        assertThat(r.tokensPerSecond()).isPositive();
        assertThat(TaggerMemoryBenchmark.residentKib()).isGreaterThan(50 * 1024);
    }

    @Test
    void aRunWithNothingAfterTheWarmUpIsRefused() throws IOException {
        Dataset data = TaggerTrainer.reader(ConllFormat.WNUT, null)
                .read(TinyTaggerFixtures.writeNer(dir.resolve("ner.txt"), 3, 9));
        assertThatThrownBy(() -> TaggerMemoryBenchmark.run(null, data, 10, 10, 5, new PrintWriter(new StringWriter())))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("warm-up");
    }
}
