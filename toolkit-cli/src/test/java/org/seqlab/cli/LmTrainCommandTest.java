package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.bundle.ModelBundle;
import org.seqlab.train.Trainer;

class LmTrainCommandTest {
    private static final int EPOCHS = 6;

    /** A few KB of made-up sentences from a fixed word list and a fixed linear congruential sequence. */
    private static String text(int sentences, long seed) {
        String[] words = {"the", "a", "river", "stone", "walks", "sings", "under", "over", "green", "old", "house", "bird",
            "quietly", "and", "sees", "light"};
        StringBuilder sb = new StringBuilder();
        long x = seed;
        for (int s = 0; s < sentences; s++) {
            int n = 4 + (int) ((x >>> 33) % 5);
            for (int w = 0; w < n; w++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
                sb.append(w == 0 ? "" : " ").append(words[(int) ((x >>> 40) % words.length)]);
            }
            sb.append(".\n");
        }
        return sb.toString();
    }

    /** {stdout, stderr}; the exit status goes to rc[0] */
    private static String[] run(int[] rc, String... args) {
        CliRun.Result r = CliRun.run(args);
        rc[0] = r.rc();
        return new String[] {r.out(), r.err()};
    }

    private static long epochLines(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log).lines().filter(l -> l.startsWith("epoch ")).count() : 0;
    }

    /** The printed figures without the wall-clock seconds (which differ between runs by nature). */
    private static List<String> figures(String stdout) {
        return stdout.lines().filter(l -> !l.startsWith("model ")).map(l -> l.replaceAll(" seconds [0-9.]+$", "")).toList();
    }

    @Test
    void aRunKilledInAnotherProcessAfterItsFirstCheckpointResumesToTheUninterruptedResultBitForBit(@TempDir Path dir)
            throws Exception {
        Path train = dir.resolve("train.txt");
        Path valid = dir.resolve("valid.txt");
        Path config = dir.resolve("config.json");
        Files.writeString(train, text(300, 11));
        Files.writeString(valid, text(30, 12));
        Files.writeString(config, "{\"embeddingSize\": 8, \"hiddenSize\": 32, \"window\": 25, \"streams\": 4,"
                + " \"validStreams\": 2, \"trainer\": {\"maxEpochs\": " + EPOCHS + ", \"clipNorm\": 1, \"seed\": 5,"
                + " \"schedule\": {\"kind\": \"CONSTANT\", \"learningRate\": 0.01}}}");
        Path killed = dir.resolve("killed");
        Path killedLog = dir.resolve("killed.out");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), SeqlabCommand.class.getName(), "lm-train", "--train",
                train.toString(), "--valid", valid.toString(), "--out", killed.toString(), "--config", config.toString())
                .redirectOutput(killedLog.toFile()).redirectError(dir.resolve("killed.err").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            // The checkpoint is written before the epoch's line is printed: wait for both, so the kill falls after a
            // completed, reported epoch (and, with 6 epochs to go, well before the end).
            while (!(Files.exists(killed.resolve(Trainer.CHECKPOINT_FILE)) && epochLines(killedLog) > 0) && p.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(p.isAlive()).as("the training process is still running when its first checkpoint appears; "
                    + "stderr: %s", Files.exists(dir.resolve("killed.err")) ? Files.readString(dir.resolve("killed.err")) : "")
                    .isTrue();
            p.destroyForcibly();
        } finally {
            p.destroyForcibly();
            p.waitFor(60, TimeUnit.SECONDS);
        }
        long epochsBeforeKill = epochLines(killedLog);
        assertThat(epochsBeforeKill).as("epochs finished before the kill").isBetween(1L, (long) EPOCHS - 1);
        assertThat(killed.resolve("model.zip")).doesNotExist();

        int[] rc = new int[1];
        String[] resumed = run(rc, "lm-train", "--train", train.toString(), "--valid", valid.toString(), "--out",
                killed.toString(), "--resume");
        assertThat(rc[0]).as(resumed[1]).isZero();
        String[] whole = run(rc, "lm-train", "--train", train.toString(), "--valid", valid.toString(), "--out",
                dir.resolve("whole").toString(), "--config", config.toString());
        assertThat(rc[0]).as(whole[1]).isZero();

        assertThat(figures(resumed[0])).isEqualTo(figures(whole[0]));
        assertThat(whole[0].lines().filter(l -> l.startsWith("epoch "))).hasSize(EPOCHS);
        assertThat(whole[0]).containsPattern("valid_bpc [0-9]+\\.[0-9]{5}").contains("valid_perplexity ")
                .contains("valid_cross_entropy ");
        Map<String, INDArray> a = ModelBundle.read(killed.resolve("model.zip")).tensors("parameters");
        Map<String, INDArray> b = ModelBundle.read(dir.resolve("whole/model.zip")).tensors("parameters");
        assertThat(a.keySet()).isEqualTo(b.keySet()).contains("rnn.weight_hh_l0", "output.weight");
        for (String name : a.keySet()) {
            // Bit for bit: float[] equality compares the bits, unlike INDArray.equals (which allows 1e-5).
            assertThat(a.get(name).data().asFloat()).as(name).isEqualTo(b.get(name).data().asFloat());
        }
    }

    @Test
    void aNegativeEpochCountOrANanTimeLimitIsAUsageError(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("t.txt"), text(20, 1));
        for (String[] bad : new String[][] {{"--epochs", "-1"}, {"--minutes", "NaN"}, {"--minutes", "-2"}}) {
            CliRun.Result r = CliRun.run("lm-train", "--train", text.toString(), "--valid", text.toString(), "--out",
                    dir.resolve("out").toString(), bad[0], bad[1]);
            assertThat(r.rc()).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(r.err()).contains(bad[0] + " must be");
        }
    }

    @Test
    void aMissingTrainingFileIsAOneLineUserError(@TempDir Path dir) {
        int[] rc = new int[1];
        String[] outErr = run(rc, "lm-train", "--train", dir.resolve("none.txt").toString(), "--valid",
                dir.resolve("none.txt").toString(), "--out", dir.resolve("out").toString());
        assertThat(rc[0]).isEqualTo(1);
        assertThat(outErr[1].strip()).contains("none.txt").contains("no such file").doesNotContain("\n");
    }

    @Test
    void aFailedRunLeavesNothingNewInItsOutputAndKeepsWhatWasThere(@TempDir Path dir) throws IOException {
        // too short for the default 32 streams: config.json and alphabet.json were left in OUT
        Path tooShort = Files.writeString(dir.resolve("short.txt"), "abc\n");
        Path fresh = dir.resolve("runs/a");
        CliRun.Result r = CliRun.run("lm-train", "--train", tooShort.toString(), "--valid", tooShort.toString(),
                "--out", fresh.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err()).contains(tooShort.toString()).contains("too few");
        assertThat(dir.resolve("runs")).doesNotExist();

        // diverging in the first epoch, after the config and the alphabet were written and before any checkpoint
        Path text = Files.writeString(dir.resolve("t.txt"), text(100, 3));
        Path config = Files.writeString(dir.resolve("diverge.json"), "{\"embeddingSize\": 8, \"hiddenSize\": 16,"
                + " \"window\": 20, \"streams\": 4, \"validStreams\": 2, \"trainer\": {\"maxEpochs\": 2, \"clipNorm\": 0,"
                + " \"optimizer\": {\"kind\": \"SGD\"}, \"schedule\": {\"kind\": \"CONSTANT\", \"learningRate\": 1e30}}}");
        Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("notes.txt"), "mine");
        Path oldCurve = Files.writeString(used.resolve("learning-curve.csv"), "an earlier run's");
        for (Path out : List.of(fresh, used)) {
            r = CliRun.run("lm-train", "--train", text.toString(), "--valid", text.toString(), "--out", out.toString(),
                    "--config", config.toString());
            assertThat(r.rc()).as(out.toString()).isEqualTo(1);
            assertThat(r.err()).as(out.toString()).contains("diverged");
        }
        assertThat(dir.resolve("runs")).doesNotExist();
        try (var left = Files.list(used)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("notes.txt",
                    "learning-curve.csv");
        }
        assertThat(oldCurve).hasContent("an earlier run's");
    }
}
