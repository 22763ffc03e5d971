package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code seqlab translate-train}: what it refuses, and that it refuses it before training. */
class TranslateTrainCommandTest {
    private static final String TRAIN_SRC = "1 2 3\n4 5 6 7\n8 9\n";
    private static final String TRAIN_TGT = "3 2 1\n7 6 5 4\n9 8\n";

    @TempDir
    Path dir;

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private Path tinyConfig(String name, double dropout, int seed, int batchSize, int epochs) throws Exception {
        return file(name, "{\"model\": {\"bpeMerges\": 2, \"embeddingSize\": 4, \"encoderHidden\": 3,"
                + " \"decoderHidden\": 5, \"dropout\": " + dropout + "}, \"training\": {\"maxEpochs\": " + epochs
                + ", \"seed\": " + seed + "}, \"batchSize\": " + batchSize + "}");
    }

    /** The first line of standard error: the message (a usage error adds a line pointing at --help). */
    private static String firstErrLine(CliRun.Result r) {
        return r.err().lines().findFirst().orElse("");
    }

    @Test
    void anOutputThatIsAnInputFileIsRefusedBeforeTrainingAndTheInputStaysIntact() throws Exception {
        Path src = file("trc.en", TRAIN_SRC);
        Path tgt = file("tr.de", TRAIN_TGT);
        Path config = tinyConfig("tiny.json", 0.1, 3, 2, 1);
        CliRun.Result r = CliRun.run("translate-train", "--config", config.toString(), "--src", src.toString(),
                "--tgt", tgt.toString(), "--out", src.toString(), "--no-progress");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(firstErrLine(r)).isEqualTo("seqlab: --out " + src + " is the same file as --src " + src
                + ": writing the model there would destroy it");
        assertThat(Files.readString(src)).isEqualTo(TRAIN_SRC);
        assertThat(dir.resolve("trc.en.work")).doesNotExist();

        // another spelling of the same file, or a link to it, is the same file
        Path sameTgt = dir.resolve("sub").resolve("..").resolve("tr.de");
        Files.createDirectories(dir.resolve("sub"));
        CliRun.Result f16 = CliRun.run("translate-train", "--config", config.toString(), "--src", src.toString(),
                "--tgt", tgt.toString(), "--valid-src", src.toString(), "--valid-tgt", tgt.toString(), "--out",
                dir.resolve("m.zip").toString(), "--float16-out", sameTgt.toString(), "--no-progress");
        assertThat(f16.rc()).isEqualTo(2);
        assertThat(firstErrLine(f16)).isEqualTo("seqlab: --float16-out " + sameTgt + " is the same file as --tgt "
                + tgt + ": writing the model there would destroy it");
        Path link = Files.createSymbolicLink(dir.resolve("link.en"), src);
        CliRun.Result linked = CliRun.run("translate-train", "--config", config.toString(), "--src", src.toString(),
                "--tgt", tgt.toString(), "--valid-src", link.toString(), "--valid-tgt", tgt.toString(), "--out",
                link.toString(), "--no-progress");
        assertThat(linked.rc()).isEqualTo(2);
        assertThat(firstErrLine(linked)).contains("--out " + link + " is the same file as --src " + src);
        assertThat(Files.readString(src)).isEqualTo(TRAIN_SRC);
    }

    @Test
    void anOutputThatIsADirectoryOrCannotBeCreatedIsRefusedBeforeTraining() throws Exception {
        Path src = file("tr.en", TRAIN_SRC);
        Path tgt = file("tr.de", TRAIN_TGT);
        Path config = tinyConfig("tiny.json", 0.1, 3, 2, 1);
        Path outDir = Files.createDirectories(dir.resolve("outdir"));
        CliRun.Result r = CliRun.run("translate-train", "--config", config.toString(), "--src", src.toString(),
                "--tgt", tgt.toString(), "--out", outDir.toString(), "--no-progress");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(firstErrLine(r)).isEqualTo("seqlab: --out " + outDir + " is a directory; give the file to write"
                + " the model to, e.g. " + outDir.resolve("model.zip"));
        assertThat(r.out()).doesNotContain("epoch");
        assertThat(dir.resolve("outdir.work")).doesNotExist();

        Path underAFile = src.resolve("model.zip");
        CliRun.Result blocked = CliRun.run("translate-train", "--config", config.toString(), "--src", src.toString(),
                "--tgt", tgt.toString(), "--out", underAFile.toString(), "--no-progress");
        assertThat(blocked.rc()).isEqualTo(1);
        assertThat(blocked.err().strip()).isEqualTo("seqlab: --out " + underAFile + ": cannot create its directory "
                + src + " (a file of that name is in the way)");
        assertThat(blocked.err()).doesNotContain(".tmp");

        // a missing directory is created, and the model lands in it
        Path nested = dir.resolve("new").resolve("deeper").resolve("m.zip");
        CliRun.Result ok = CliRun.run("translate-train", "--config", config.toString(), "--src", src.toString(),
                "--tgt", tgt.toString(), "--out", nested.toString(), "--no-progress");
        assertThat(ok.rc()).as(ok.err()).isZero();
        assertThat(nested).exists();
        try (var left = Files.list(nested.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("m.zip", "m.zip.work");
        }
    }

    @Test
    void badMinutesAndAHalfValidationPairAreUsageErrors() throws Exception {
        Path src = file("tr.en", TRAIN_SRC);
        Path tgt = file("tr.de", TRAIN_TGT);
        String out = dir.resolve("m.zip").toString();
        for (String minutes : new String[] {"-1", "NaN"}) {
            CliRun.Result r = CliRun.run("translate-train", "--src", src.toString(), "--tgt", tgt.toString(),
                    "--out", out, "--minutes", minutes);
            assertThat(r.rc()).as(minutes).isEqualTo(2);
            assertThat(firstErrLine(r)).isEqualTo("seqlab: --minutes must be >= 0 and finite, not "
                    + Double.parseDouble(minutes));
        }
        CliRun.Result half = CliRun.run("translate-train", "--src", src.toString(), "--tgt", tgt.toString(),
                "--out", out, "--valid-src", src.toString());
        assertThat(half.rc()).isEqualTo(2);
        assertThat(firstErrLine(half)).isEqualTo("seqlab: --valid-src and --valid-tgt go together");
    }

    @Test
    void aConfigErrorIsOneLineWithFileLineAndColumn() throws Exception {
        Path src = file("tr.en", TRAIN_SRC);
        Path tgt = file("tr.de", TRAIN_TGT);
        Path typo = file("typo3.json", "{\n  \"model\": {\n    \"bpeMerges\": 2\n  },\n  \"training\": {\n"
                + "    \"seed\": 3,\n    \"maxEpoch\": 2\n  }\n}\n");
        CliRun.Result r = CliRun.run("translate-train", "--config", typo.toString(), "--src", src.toString(),
                "--tgt", tgt.toString(), "--out", dir.resolve("m.zip").toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("seqlab: " + typo + ":7:5: unknown field \"maxEpoch\" in \"training\""
                + " (known: checkpointEverySteps, clipNorm, clipValue, maxEpochs, optimizer, patience, progressBar,"
                + " restoreBest, schedule, seed)");
    }

    @Test
    void aCorpusOfBlankLinesHasNoTrainingPairs() throws Exception {
        Path src = file("blank.en", "\n \n\n");
        Path tgt = file("blank.de", "\n\n\t\n");
        Path out = dir.resolve("m.zip");
        CliRun.Result r = CliRun.run("translate-train", "--config", tinyConfig("tiny.json", 0.1, 3, 2, 1).toString(),
                "--src", src.toString(), "--tgt", tgt.toString(), "--out", out.toString(), "--no-progress");
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("seqlab: " + src + ": no training pairs: each of the 3 lines is blank"
                + " in " + src + " or " + tgt);
        assertThat(out).doesNotExist();
    }

    @Test
    void resumeRefusesAnotherConfigButTakesMoreEpochsAndAnotherProgressSetting() throws Exception {
        Path src = file("tr.en", TRAIN_SRC);
        Path tgt = file("tr.de", TRAIN_TGT);
        Path out = dir.resolve("m.zip");
        CliRun.Result first = CliRun.run("translate-train", "--config", tinyConfig("a.json", 0.1, 3, 2, 1).toString(),
                "--src", src.toString(), "--tgt", tgt.toString(), "--out", out.toString(), "--no-progress");
        assertThat(first.rc()).as(first.err()).isZero();

        CliRun.Result changed = CliRun.run("translate-train", "--config",
                tinyConfig("b.json", 0.5, 9, 1, 2).toString(), "--src", src.toString(), "--tgt", tgt.toString(),
                "--out", out.toString(), "--no-progress", "--resume");
        assertThat(changed.rc()).isEqualTo(1);
        assertThat(changed.err().strip()).isEqualTo("seqlab: " + dir.resolve("m.zip.work").resolve("checkpoint.sqlt")
                + ": the config differs from the one this run was started with in model.dropout (0.1 then, 0.5 now),"
                + " training.seed (3 then, 9 now), batchSize (2 then, 1 now); --resume continues a run exactly, so"
                + " only training.maxEpochs and the time budget may change (train without --resume to start afresh)");

        CliRun.Result extended = CliRun.run("translate-train", "--config",
                tinyConfig("c.json", 0.1, 3, 2, 2).toString(), "--src", src.toString(), "--tgt", tgt.toString(),
                "--out", out.toString(), "--progress", "--minutes", "5", "--resume");
        assertThat(extended.rc()).as(extended.err()).isZero();
        assertThat(extended.out()).contains("epoch 1 train_loss ").contains("epoch 2 train_loss ");
    }
}
