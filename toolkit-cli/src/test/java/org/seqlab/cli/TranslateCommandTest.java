package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.seq2seq.Seq2SeqModel;
import org.seqlab.seq2seq.Translator;

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
    void benchTranslateRefusesBadBudgetsAndEmptyFilesInWords() throws Exception {
        Path src = dir.resolve("s.txt");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        for (String[] bad : new String[][] {{"--seconds", "0"}, {"--seconds", "-1"}, {"--seconds", "NaN"},
            {"--warmup-seconds", "-1"}, {"--batch-size", "0"}}) {
            CliRun.Result r = run(null, "bench-translate", "--src", src.toString(), "--tgt", src.toString(), bad[0],
                    bad[1]);
            assertThat(r.rc()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(r.err()).contains(bad[0] + " must be");
        }
        // an empty decoding file is named, not taken for a missing option
        CliRun.Result emptyValid = run(null, "bench-translate", "--model", model.toString(), "--valid-src",
                empty.toString());
        assertThat(emptyValid.rc()).isEqualTo(1);
        assertThat(emptyValid.err()).contains(empty + ": no lines to decode");
        CliRun.Result emptyTraining = run(null, "bench-translate", "--src", empty.toString(), "--tgt",
                empty.toString(), "--seconds", "1");
        assertThat(emptyTraining.rc()).isEqualTo(1);
        assertThat(emptyTraining.err()).contains("the training corpus has no pairs");
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
        assertThat(bad.err()).startsWith("seqlab: --beam must be in [1, 100], not 0\n");
    }

    /** {@code count} one-piece words: a line longer than the toy model's maximum source length (200) when over 200. */
    private static String words(int count) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < count; i++) {
            line.append(i == 0 ? "" : " ").append(1 + i % 9);
        }
        return line.toString();
    }

    @Test
    void beamsAboveTheLimitAreUsageErrorsNamingTheOptionAndTheLimit() {
        for (String beam : List.of("101", "100000000", "2147483647")) {
            CliRun.Result r = run(null, "translate", "--model", model.toString(), "--beam", beam, "--text", "1 2");
            assertThat(r.rc()).isEqualTo(2);
            assertThat(r.err()).startsWith("seqlab: --beam must be in [1, 100], not " + beam + "\n");
            assertThat(r.out()).isEmpty();
        }
        CliRun.Result most = run(null, "translate", "--model", model.toString(), "--beam", "100", "--text", "1 2");
        assertThat(most.rc()).as(most.err()).isZero();
        assertThat(most.out().split("\n", -1)).hasSize(2);
    }

    @Test
    void badAlphasAreUsageErrors() {
        for (String alpha : List.of("-1", "NaN", "1e9")) {
            CliRun.Result r = run(null, "translate", "--model", model.toString(), "--beam", "2", "--alpha", alpha,
                    "--text", "1 2");
            assertThat(r.rc()).isEqualTo(2);
            assertThat(r.err()).startsWith("seqlab: --alpha must be in [0, 10], not " + Double.parseDouble(alpha)
                    + "\n");
        }
    }

    @Test
    void aRefusedLongLineIsOneErrorLineNamingFileOrStdinOrTextAndTheLineAndTheOption() throws Exception {
        String problem = ": the line has 250 BPE pieces, more than the model's maximum source length 200"
                + " (--long-lines split translates it in pieces)";
        Path in = Files.writeString(dir.resolve("long.txt"), "1 2\n" + words(250) + "\n");
        CliRun.Result file = run(null, "translate", "--model", model.toString(), "--long-lines", "refuse", in.toString());
        assertThat(file.rc()).isEqualTo(1);
        assertThat(file.err()).isEqualTo("seqlab: " + in + ":2" + problem + "\n");
        CliRun.Result stdin = run("1 2\n\n" + words(250) + "\n", "translate", "--model", model.toString(),
                "--long-lines", "refuse");
        assertThat(stdin.rc()).isEqualTo(1);
        assertThat(stdin.err()).isEqualTo("seqlab: <stdin>:3" + problem + "\n");
        CliRun.Result text = run(null, "translate", "--model", model.toString(), "--long-lines", "refuse", "--text",
                words(250));
        assertThat(text.rc()).isEqualTo(1);
        assertThat(text.err()).isEqualTo("seqlab: --text:1" + problem + "\n");
    }

    @Test
    void aLineTranslatedInPiecesGetsOneHeatmapPerPiece() throws Exception {
        Path in = Files.writeString(dir.resolve("split.txt"), "1 2\n" + words(250) + "\n");
        Path maps = dir.resolve("split-maps");
        CliRun.Result r = run(null, "translate", "--model", model.toString(), "--heatmap", maps.toString(),
                in.toString());
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(r.out().split("\n")).hasSize(2);
        try (var listing = Files.list(maps)) {
            assertThat(listing.map(p -> p.getFileName().toString()).sorted()).containsExactly(
                    "sentence-00001.png", "sentence-00002-part1.png", "sentence-00002-part2.png");
        }
    }

    @Test
    void linesOfOnlyInvisibleCharactersTranslateToEmptyLines() {
        // no-break space, zero-width space, BEL; then a line to translate
        CliRun.Result r = run("\u00a0\n\u200b\n\u0007\n1 2 3\n", "translate", "--model", model.toString());
        assertThat(r.rc()).as(r.err()).isZero();
        String[] lines = r.out().split("\n", -1);
        assertThat(lines).hasSize(5);
        assertThat(List.of(lines).subList(0, 3)).containsOnly("");
        assertThat(lines[3]).isEqualTo(run(null, "translate", "--model", model.toString(), "--text", "1 2 3").out()
                .strip());
    }

    @Test
    void anEmptyTextIsOneEmptyLineAsABlankOneIs() {
        assertThat(run(null, "translate", "--model", model.toString(), "--text", "").out()).isEqualTo("\n");
        assertThat(run(null, "translate", "--model", model.toString(), "--text", "   ").out()).isEqualTo("\n");
    }

    @Test
    void nBestListsEachLinesBestTranslationsWithScoresThenAnEmptyLine() {
        CliRun.Result r = run("1 2 3\n\n4 5 6 7\n", "translate", "--model", model.toString(), "--beam", "3",
                "--n-best", "2");
        assertThat(r.rc()).as(r.err()).isZero();
        List<String> best = List.of(run("1 2 3\n\n4 5 6 7\n", "translate", "--model", model.toString(), "--beam", "3")
                .out().split("\n", -1));
        // blocks end with an empty line
        assertThat(r.out()).endsWith("\n\n");
        String[] blocks = r.out().substring(0, r.out().length() - 2).split("\n\n", -1);
        assertThat(blocks).hasSize(3);
        assertThat(blocks[1]).isEqualTo("1\t0.0000\t"); // the empty line's empty translation
        for (int i : new int[] {0, 2}) {
            List<String> entries = List.of(blocks[i].split("\n"));
            assertThat(entries).hasSize(2);
            String[] first = entries.get(0).split("\t", -1);
            String[] second = entries.get(1).split("\t", -1);
            assertThat(first[0]).isEqualTo("1");
            assertThat(second[0]).isEqualTo("2");
            assertThat(first[1]).matches("-\\d+\\.\\d{4}");
            assertThat(Double.parseDouble(first[1])).isGreaterThanOrEqualTo(Double.parseDouble(second[1]));
            assertThat(first[2]).isEqualTo(best.get(i));
        }
        CliRun.Result tooMany = run(null, "translate", "--model", model.toString(), "--n-best", "2", "--text", "1");
        assertThat(tooMany.rc()).isEqualTo(2);
        assertThat(tooMany.err()).startsWith("seqlab: --n-best 2 is more than --beam 1: a beam of K finds at most K\n");
    }

    @Test
    void replaceUnkCopiesTheMostAttendedSourcePieceOverUnk() throws Exception {
        // the toy model with an output bias that makes every step emit <unk>: 2 * 1 + 10 = 12 for a one-piece source
        Translator toy = Translator.load(model);
        toy.model().parameters().get("out.bias").value().putScalar(Seq2SeqModel.UNK, 1000);
        Path unk = dir.resolve("unk.zip");
        toy.save(unk, Map.of());
        CliRun.Result kept = run(null, "translate", "--model", unk.toString(), "--text", "7");
        assertThat(kept.out()).isEqualTo(String.join(" ", Collections.nCopies(12, "<unk>")) + "\n");
        CliRun.Result replaced = run(null, "translate", "--model", unk.toString(), "--replace-unk", "--text", "7");
        assertThat(replaced.rc()).as(replaced.err()).isZero();
        assertThat(replaced.out()).isEqualTo("7 7 7 7 7 7 7 7 7 7 7 7\n");
    }

    @Test
    void helpNamesTheLongLinePoliciesAndTheNBestFormat() {
        CliRun.Result r = run(null, "translate", "--help");
        assertThat(r.rc()).isZero();
        String help = r.out().replaceAll("\\s+", " ");
        assertThat(help).contains("--long-lines=split|refuse Lines over the model's maximum source length: split"
                + " (translate them in pieces cut between words) or refuse (stop with an error naming the line)"
                + " (default: split).");
        assertThat(help).contains("'RANK<TAB>SCORE<TAB>TRANSLATION'").contains("--n-best=N").contains("--replace-unk")
                .contains("Beam size, 1 to 100;");
    }

    @Test
    void theProgressBarCountsInputLinesBlankAndSplitOnesIncluded() throws Exception {
        Path blanks = Files.writeString(dir.resolve("blanks.txt"), "1 2\n\n4 5\n\n8 9\n");
        CliRun.Result r = run(null, "translate", "--model", model.toString(), "--progress", blanks.toString());
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(r.err()).contains("5/5 lines").doesNotContain("3/5");
        Path split = Files.writeString(dir.resolve("split2.txt"), "1 2\n" + words(250) + "\n");
        CliRun.Result pieces = run(null, "translate", "--model", model.toString(), "--progress", split.toString());
        assertThat(pieces.err()).contains("2/2 lines").doesNotContain("/3 lines");
    }

    @Test
    void noProgressBarWhereStderrIsNotATerminalUnlessAskedFor() throws Exception {
        Path in = Files.writeString(dir.resolve("quiet.txt"), "1 2\n4 5\n");
        // the tests' stderr is a pipe to Maven, not a terminal
        assertThat(org.seqlab.Terminal.stderrIsTerminal()).isFalse();
        CliRun.Result quiet = run(null, "translate", "--model", model.toString(), in.toString());
        assertThat(quiet.rc()).as(quiet.err()).isZero();
        assertThat(quiet.err()).isEmpty();
        CliRun.Result asked = run(null, "translate", "--model", model.toString(), "--progress", in.toString());
        assertThat(asked.err()).contains("2/2 lines");
        CliRun.Result never = run(null, "translate", "--model", model.toString(), "--no-progress", in.toString());
        assertThat(never.err()).isEmpty();
    }

    @Test
    void standardInputIsTranslatedAsItArrives() throws Exception {
        String first = run(null, "translate", "--model", model.toString(), "--text", "1 2 3").out();
        String second = run(null, "translate", "--model", model.toString(), "--text", "8 9").out();
        synchronized (CliRun.class) { // CliRun swaps the standard streams under this lock
            PrintStream oldOut = System.out;
            PrintStream oldErr = System.err;
            InputStream oldIn = System.in;
            PipedOutputStream feed = new PipedOutputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int[] rc = {-1};
            try {
                System.setIn(new PipedInputStream(feed));
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                Thread command = new Thread(() -> rc[0] = SeqlabCommand.execute("translate", "--model",
                        model.toString()));
                command.start();
                feed.write("1 2 3\n".getBytes(StandardCharsets.UTF_8));
                feed.flush();
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!out.toString(StandardCharsets.UTF_8).endsWith("\n") && command.isAlive()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                // the first line's translation is out while the second line is not yet written
                assertThat(out.toString(StandardCharsets.UTF_8)).as(err.toString(StandardCharsets.UTF_8))
                        .isEqualTo(first);
                feed.write("8 9\n".getBytes(StandardCharsets.UTF_8));
                feed.close();
                command.join(30_000);
                assertThat(rc[0]).as(err.toString(StandardCharsets.UTF_8)).isZero();
                assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(first + second);
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
                System.setIn(oldIn);
            }
        }
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
