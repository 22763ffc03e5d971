package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** anomaly-train and anomaly-score refuse inputs that would destroy a file or give a meaningless result. */
class AnomalyCommandsTest {
    private static final String NORMAL = "A man rides a bike.\nA dog runs in the park.\n";

    @Test
    void trainRefusesAnOutThatIsAnInputBeforeTraining(@TempDir Path dir) throws Exception {
        // the bundle was written over the training text after the whole training, exit 0
        Path train = Files.writeString(dir.resolve("train.txt"), NORMAL);
        Path valid = Files.writeString(dir.resolve("valid.txt"), NORMAL);
        CliRun.Result r = CliRun.run("anomaly-train", "--train", train.toString(), "--valid", valid.toString(),
                "--out", train.toString(), "--epochs", "1");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("--out " + train + " is the --train file").doesNotContain("epoch");
        assertThat(Files.readString(train)).isEqualTo(NORMAL);
    }

    @Test
    void trainRefusesACalibrationFileWithoutLinesNamingItBeforeTraining(@TempDir Path dir) throws Exception {
        // blank lines only: a threshold calibrated on them, exit 0; empty: an unnamed error after the training
        Path train = Files.writeString(dir.resolve("train.txt"), NORMAL);
        Path valid = Files.writeString(dir.resolve("valid.txt"), NORMAL);
        for (String content : new String[] {"", "\n\n  \n"}) {
            Path calibration = Files.writeString(dir.resolve("calibration.txt"), content);
            Path out = dir.resolve("d.zip");
            CliRun.Result r = CliRun.run("anomaly-train", "--train", train.toString(), "--valid", valid.toString(),
                    "--calibration", calibration.toString(), "--out", out.toString(), "--epochs", "1");
            assertThat(r.rc()).isEqualTo(1);
            assertThat(r.err().strip())
                    .isEqualTo("seqlab: " + calibration + ": no non-blank lines to calibrate the threshold on");
            assertThat(r.out()).doesNotContain("epoch");
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void trainNamesTheFileAndLineOfACalibrationLineTooLongForTheModelBeforeTraining(@TempDir Path dir)
            throws Exception {
        // was the LSTM layer's "a sequence of length 100001 exceeds ..." after the whole training: no file, no line
        // enough text to train on: what fails must be the long line alone
        Path train = Files.writeString(dir.resolve("train.txt"), NORMAL.repeat(20));
        Path valid = Files.writeString(dir.resolve("valid.txt"), NORMAL);
        Path longLines = Files.writeString(dir.resolve("long.txt"), "A man.\n" + "a".repeat(100_000) + "\n");
        // given as --calibration, and as the --valid file that calibrates by default
        for (String[] inputs : new String[][] {{"--valid", valid.toString(), "--calibration", longLines.toString()},
                {"--valid", longLines.toString()}}) {
            Path out = dir.resolve("d.zip");
            CliRun.Result r = CliRun.run(concat(new String[] {"anomaly-train", "--train", train.toString(),
                "--out", out.toString(), "--epochs", "1"}, inputs));
            assertThat(r.rc()).isEqualTo(1);
            assertThat(r.err().strip()).isEqualTo("seqlab: " + longLines
                    + ":2: the line is 100001 tokens long (its end included); the model reads at most 100000");
            assertThat(r.out()).doesNotContain("epoch");
            assertThat(out).doesNotExist();
            assertThat(dir.resolve("d.zip.work")).doesNotExist();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void scoreRefusesAnOutputThatIsTheInput(@TempDir Path dir) throws Exception {
        // the scores replaced the lines they were scores of, exit 0
        Path lines = Files.writeString(dir.resolve("lines.txt"), NORMAL);
        CliRun.Result r = CliRun.run("anomaly-score", "--model", dir.resolve("d.zip").toString(),
                "--output", lines.toString(), lines.toString());
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("--output " + lines + " is the FILE file");
        assertThat(Files.readString(lines)).isEqualTo(NORMAL);
    }

    @Test
    void scoreRefusesInvalidUtf8OnStandardInput(@TempDir Path dir) throws Exception {
        // the bad byte became U+FFFD and the line was scored, exit 0
        InputStream oldIn = System.in;
        CliRun.Result r;
        try {
            System.setIn(new ByteArrayInputStream(new byte[] {'A', ' ', (byte) 0xff, ' ', 'm', 'a', 'n', '\n'}));
            r = CliRun.capture(() -> SeqlabCommand.execute("anomaly-score", "--model",
                    dir.resolve("d.zip").toString()));
        } finally {
            System.setIn(oldIn);
        }
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("seqlab: standard input:1: invalid UTF-8");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void scoreNamesTheInputAndLineOfALineTooLongForTheModel(@TempDir Path dir) throws Exception {
        // was "seqlab: LSTM layer (input 64, hidden 256): a sequence of length 100002 exceeds ...": no file, no line
        Path normal = Files.writeString(dir.resolve("normal.txt"), NORMAL.repeat(20));
        Path detector = dir.resolve("d.zip");
        assertThat(CliRun.run("anomaly-train", "--train", normal.toString(), "--valid", normal.toString(),
                "--out", detector.toString(), "--epochs", "1").rc()).isZero();
        Path lines = Files.writeString(dir.resolve("lines.txt"), "A man.\n" + "a".repeat(100_001) + "\n");
        CliRun.Result r = CliRun.run("anomaly-score", "--model", detector.toString(), lines.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("seqlab: " + lines
                + ":2: the line is 100002 tokens long (its end included); the model reads at most 100000");
        assertThat(r.out()).isEmpty();
    }
}
