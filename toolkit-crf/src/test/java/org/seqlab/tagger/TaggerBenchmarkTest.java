package org.seqlab.tagger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.conll.ConllFormat;

class TaggerBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void printsEveryFigureOfTheProtocolInOrderAndReturnsThem() throws IOException {
        Path train = TinyTaggerFixtures.writeNer(dir.resolve("train.txt"), 60, 3);
        Path dev = TinyTaggerFixtures.writeNer(dir.resolve("dev.txt"), 40, 4);
        StringWriter text = new StringWriter();
        Map<String, Double> figures = TaggerBenchmark.run(train, dev, null, ConllFormat.WNUT, 50, 0,
                new PrintWriter(text));

        List<String> keys = List.of("train_cold_sents_per_s", "train_sents_per_s", "tag_cold_tokens_per_s",
                "tag_tokens_per_s", "tag1_cold_tokens_per_s", "tag1_tokens_per_s", "tag_full_tokens_per_s",
                "tag_cached_words", "tag_uncached_tokens_per_s");
        assertThat(figures.keySet()).containsExactlyElementsOf(keys);
        assertThat(figures.values()).allSatisfy(v -> assertThat(v).isPositive().isFinite());
        // One "key value" line per figure, in the protocol's order (the peer prints the same keys).
        List<String> lines = text.toString().lines().toList();
        assertThat(lines).hasSize(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            assertThat(lines.get(i)).matches(keys.get(i) + " [0-9]+(\\.[0-9])?");
        }
    }

    @Test
    void warmUpEndsOnlyAfterTwoPassesTheMinimumTimeAndAQuietJitOrTheMaximumTime() {
        long s = 1_000_000_000L;
        assertThat(TaggerBenchmark.warmedUp(1, 9 * s, 5 * s, 60 * s, true)).as("one pass").isFalse();
        assertThat(TaggerBenchmark.warmedUp(5, 4 * s, 5 * s, 60 * s, true)).as("before the minimum").isFalse();
        assertThat(TaggerBenchmark.warmedUp(9, 14 * s, 5 * s, 60 * s, false)).as("JIT still compiling").isFalse();
        assertThat(TaggerBenchmark.warmedUp(9, 14 * s, 5 * s, 60 * s, true)).as("JIT quiet").isTrue();
        assertThat(TaggerBenchmark.warmedUp(99, 61 * s, 5 * s, 60 * s, false)).as("past the maximum").isTrue();
        assertThat(TaggerBenchmark.warmedUp(2, 0, 0, 60 * s, true)).as("tests: two passes, no minimum").isTrue();
    }

    @Test
    void timingEndsOnlyAfterThreePassesAndTheTimedWindow() {
        long s = 1_000_000_000L;
        assertThat(TaggerBenchmark.timedEnough(2, 9 * s, 5 * s)).as("two passes").isFalse();
        assertThat(TaggerBenchmark.timedEnough(3, 2 * s, 5 * s)).as("three short passes").isFalse();
        assertThat(TaggerBenchmark.timedEnough(11, 5 * s, 5 * s)).as("the window filled").isTrue();
        assertThat(TaggerBenchmark.timedEnough(3, 0, 0)).as("tests: three passes, no window").isTrue();
    }
}
