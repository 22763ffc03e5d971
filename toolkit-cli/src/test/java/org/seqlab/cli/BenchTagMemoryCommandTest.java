package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.conll.TagScheme;
import org.seqlab.random.Rng;
import org.seqlab.tagger.Tagger;
import org.seqlab.tagger.TaggerConfig;
import org.seqlab.tagger.TaggerInfo;
import org.seqlab.tagger.TaggerLexicon;
import org.seqlab.tagger.TaggerModel;
import org.seqlab.vocab.Vocabulary;

class BenchTagMemoryCommandTest {
    @TempDir
    Path dir;

    /** An untrained small tagger: memory and speed do not depend on what it learned. */
    Path untrainedModel() {
        Vocabulary words = Vocabulary.builder().addAll(List.of("Alice", "saw", "Paris", ".")).build();
        Vocabulary chars = Vocabulary.builder().addAll(List.of("A", "l", "i", "c", "e", "s", "a", "w", "P", "r"))
                .build();
        TaggerConfig defaults = TaggerConfig.defaults();
        TaggerConfig config = new TaggerConfig(16, true, 4, true, TaggerConfig.CNN, 8, 8, 3, 4, 20, 0, 0, 1, 16,
                TaggerConfig.CRF, 5, defaults.trainer());
        TaggerLexicon lexicon = new TaggerLexicon(words, chars, List.of("O", "S-PER", "S-LOC"), true, TagScheme.IOBES,
                20);
        TaggerModel model = new TaggerModel(config, words.size(), words.unkId(), chars.size(), lexicon.constraints(),
                DataType.FLOAT, new Rng(1));
        Path file = dir.resolve("m.zip");
        new Tagger(model, lexicon, new TaggerInfo("IOB2", null, null)).save(file);
        return file;
    }

    @Test
    void printsResidentSizesAndTheVerdict() throws IOException {
        Path data = Files.writeString(dir.resolve("d.txt"), "Alice\tB-PER\nsaw\tO\nParis\tB-LOC\n.\tO\n\nBob\tB-PER\n\n");
        CliRun.Result r = CliRun.run("bench-tag-memory", "--model", untrainedModel().toString(), "--data",
                data.toString(), "--format", "wnut", "--sentences", "420", "--warmup", "20", "--chunk", "50");
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(r.out()).contains("rss_after_warmup_mib ", "rss_mib_at_420 ", "rss_growth_percent ",
                "within_10_percent ", "tag_tokens_per_s ");
    }

    @Test
    void aWarmUpAsLongAsTheRunIsABadUsage() {
        CliRun.Result r = CliRun.run("bench-tag-memory", "--model", "m.zip", "--data", "d.txt", "--sentences", "10",
                "--warmup", "10");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("--warmup");
    }
}
