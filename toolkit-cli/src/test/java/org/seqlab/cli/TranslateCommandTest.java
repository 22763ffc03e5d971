package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranslateCommandTest {
    @TempDir
    static Path dir;
    static Path model;

    /** A quickly trained toy model (2 epochs): these tests check the command's plumbing, not translation quality. */
    @BeforeAll
    static void trainToyModel() throws Exception {
        Path src = Files.writeString(dir.resolve("s.txt"), "1 2 3\n4 5 6 7\n8 9\n");
        Path tgt = Files.writeString(dir.resolve("t.txt"), "3 2 1\n7 6 5 4\n9 8\n");
        Path config = Files.writeString(dir.resolve("c.json"), "{\"model\": {\"bpeMerges\": 2, \"embeddingSize\": 4,"
                + " \"encoderHidden\": 3, \"decoderHidden\": 5}, \"training\": {\"maxEpochs\": 2}, \"batchSize\": 2}");
        model = dir.resolve("m.zip");
        CliRun.Result r = run(null, "translate-train", "--config", config.toString(), "--src", src.toString(), "--tgt",
                tgt.toString(), "--valid-src", src.toString(), "--valid-tgt", tgt.toString(), "--out",
                model.toString(), "--no-progress");
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(r.out()).contains("epoch 2 train_loss ").contains("best_val_bleu ");
        assertThat(model).exists();
        assertThat(dir.resolve("m.zip.work").resolve("learning-curve.png")).exists();
    }

    static CliRun.Result run(String stdin, String... args) {
        return CliRun.runWithInput(stdin, args);
    }

    @Test
    void translatesStandardInputOneLinePerLineWithEmptyLinesKept() {
        CliRun.Result r = run("1 2 3\n\n8 9\n", "translate", "--model", model.toString());
        assertThat(r.rc()).as(r.err()).isZero();
        String[] lines = r.out().split("\n", -1);
        assertThat(lines).hasSize(4); // three lines and the final line end
        assertThat(lines[1]).isEmpty();
        assertThat(lines[3]).isEmpty();
    }

    @Test
    void writesOneHeatmapPerTranslatedSentenceOfAFile() throws Exception {
        Path in = Files.writeString(dir.resolve("in.txt"), "1 2\n4 5 6\n");
        Path maps = dir.resolve("maps");
        CliRun.Result r = run(null, "translate", "--model", model.toString(), "--heatmap", maps.toString(), "--no-progress",
                in.toString());
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(r.out().split("\n")).hasSize(2);
        assertThat(maps.resolve("sentence-00001.png")).exists();
        assertThat(maps.resolve("sentence-00002.png")).exists();
    }

    @Test
    void benchTranslateTimesDecodingOfATrainedModelAndRefusesTrainingFilesWithIt() {
        Path src = dir.resolve("s.txt");
        CliRun.Result r = run(null, "bench-translate", "--model", model.toString(), "--valid-src", src.toString(),
                "--warmup-seconds", "0.2");
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(r.out()).contains("decode_sents_per_s_greedy ").contains("mean_output_words_greedy ")
                .contains("decode_sents_per_s_beam5 ").contains("mean_output_words_beam5 ")
                .contains("decode_cold_sents_per_s_greedy ").contains("decode_cold_sents_per_s_beam5 ")
                .doesNotContain("train_sents_per_s");
        if (org.seqlab.nn.kernel.Int8Matrix.supported()) {
            CliRun.Result int8 = run(null, "bench-translate", "--model", model.toString(), "--valid-src",
                    src.toString(), "--warmup-seconds", "0.2", "--int8");
            assertThat(int8.rc()).as(int8.err()).isZero();
            assertThat(int8.out()).contains("decode_sents_per_s_greedy ").contains("decode_sents_per_s_beam5 ");
        }
        CliRun.Result both = run(null, "bench-translate", "--model", model.toString(), "--valid-src", src.toString(),
                "--src", src.toString());
        assertThat(both.rc()).isEqualTo(1);
        assertThat(both.err()).contains("give --valid-src, not --src/--tgt");
        CliRun.Result none = run(null, "bench-translate", "--valid-src", src.toString());
        assertThat(none.rc()).isEqualTo(1);
        assertThat(none.err()).contains("needs --src and --tgt");
    }

    @Test
    void invalidUtf8InAFileIsOneLineNamingFileAndLine() throws Exception {
        Path in = dir.resolve("bad.txt");
        Files.write(in, new byte[] {'1', '\n', '2', (byte) 0xc3, '\n'});
        CliRun.Result r = run(null, "translate", "--model", model.toString(), in.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("seqlab: " + in + ":2: invalid UTF-8").doesNotContain("\n");
    }

    @Test
    void beamSearchTranslatesEveryLineAndABeamOfZeroIsAUsageError() {
        CliRun.Result r = run("1 2 3\n\n8 9\n", "translate", "--model", model.toString(), "--beam", "3");
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(r.out().split("\n", -1)).hasSize(4);
        CliRun.Result bad = run(null, "translate", "--model", model.toString(), "--beam", "0", "--text", "1 2");
        assertThat(bad.rc()).isEqualTo(2);
        assertThat(bad.err()).contains("--beam must be at least 1");
    }

    @Test
    void aTimeBudgetEndsTrainingEarlyAndAFloat16CopyIsWrittenAndLoads() throws Exception {
        Path src = dir.resolve("s.txt");
        Path tgt = dir.resolve("t.txt");
        Path config = Files.writeString(dir.resolve("c100.json"), "{\"model\": {\"bpeMerges\": 2, \"embeddingSize\": 4,"
                + " \"encoderHidden\": 3, \"decoderHidden\": 5, \"decoderCell\": \"GRU\"},"
                + " \"training\": {\"maxEpochs\": 100}, \"batchSize\": 1}");
        Path f16 = dir.resolve("toy-gru.zip");
        CliRun.Result r = run(null, "translate-train", "--config", config.toString(), "--src", src.toString(), "--tgt",
                tgt.toString(), "--valid-src", src.toString(), "--valid-tgt", tgt.toString(), "--out",
                dir.resolve("budget.zip").toString(), "--float16-out", f16.toString(), "--minutes", "0.000001",
                "--no-progress");
        assertThat(r.rc()).as(r.err()).isZero();
        // the budget is spent after the first batch: one (partial) epoch of the 100 allowed
        assertThat(r.out()).contains("epoch 1 train_loss ").doesNotContain("epoch 2 ");
        assertThat(f16).exists();
        CliRun.Result t = run("1 2 3\n", "translate", "--model", f16.toString());
        assertThat(t.rc()).as(t.err()).isZero();
        assertThat(t.out().split("\n", -1)).hasSize(2);
        CliRun.Result missing = run(null, "translate", "--model", "fr-en", "--text", "1");
        assertThat(missing.rc()).isEqualTo(1);
        assertThat(missing.err()).contains("unknown model 'fr-en'");
        CliRun.Result bad = run(null, "translate-train", "--src", src.toString(), "--tgt", tgt.toString(), "--out",
                dir.resolve("x.zip").toString(), "--minutes", "-1");
        assertThat(bad.rc()).isEqualTo(2);
        assertThat(bad.err()).contains("--minutes must be >= 0");
    }

    @Test
    void aBundleThatIsNotATranslatorIsRefused() throws Exception {
        CliRun.Result r = run(null, "translate", "--model", dir.resolve("missing.zip").toString(), "--text", "1");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("seqlab: ").contains("missing.zip").doesNotContain("\tat ");
    }
}
