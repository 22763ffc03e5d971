package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** generate, anomaly-train and anomaly-score end to end on a tiny made-up text. */
class LmCommandsTest {
    private static final String LINE = "the quick brown fox jumps over the lazy dog .";
    @TempDir
    static Path dir;
    private static Path detector;
    private static String trainOut;

    @BeforeAll
    static void trainTheDetector() throws Exception {
        Path train = dir.resolve("train.txt");
        Path valid = dir.resolve("valid.txt");
        Path config = dir.resolve("config.json");
        Files.writeString(train, (LINE + "\n").repeat(60));
        Files.writeString(valid, (LINE + "\n").repeat(10));
        Files.writeString(config, "{\"embeddingSize\": 16, \"hiddenSize\": 32, \"window\": 20, \"streams\": 4,"
                + " \"validStreams\": 2, \"trainer\": {\"maxEpochs\": 6, \"clipNorm\": 1, \"seed\": 3,"
                + " \"schedule\": {\"kind\": \"CONSTANT\", \"learningRate\": 0.02}}}");
        detector = dir.resolve("detector.zip");
        CliRun.Result r = CliRun.run("anomaly-train", "--train", train.toString(), "--valid", valid.toString(),
                "--config", config.toString(), "--fpr", "0.1", "--out", detector.toString());
        assertThat(r.rc()).as(r.err()).isZero();
        trainOut = r.out();
    }

    @Test
    void anomalyTrainWritesADetectorAndItsThreshold() {
        assertThat(detector).isRegularFile();
        assertThat(dir.resolve("detector.zip.work/model.zip")).isRegularFile();
        assertThat(trainOut).containsPattern("(?m)^threshold [0-9.]+$").contains("calibration_lines 10")
                .contains("fpr 0.1");
    }

    @Test
    void anomalyScoreFlagsForeignLinesInTsvAndJson() throws Exception {
        Path lines = dir.resolve("score.txt");
        Files.writeString(lines, LINE + "\nle renard brun saute par-dessus le chien paresseux .\n");
        CliRun.Result tsv = CliRun.run("anomaly-score", "--model", detector.toString(), lines.toString());
        assertThat(tsv.rc()).as(tsv.err()).isZero();
        List<String> rows = tsv.out().lines().toList();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).isEqualTo("line\tscore\tmax\tflagged");
        assertThat(rows.get(1)).startsWith("1\t").endsWith("\tfalse");
        assertThat(rows.get(2)).startsWith("2\t").endsWith("\ttrue");

        CliRun.Result stdin = CliRun.runWithInput(Files.readString(lines), "anomaly-score", "--model",
                detector.toString());
        assertThat(stdin.out()).isEqualTo(tsv.out());

        CliRun.Result json = CliRun.run("anomaly-score", "--model", detector.toString(), "--format", "json",
                "--surprisals", "--flagged-only", lines.toString());
        assertThat(json.rc()).as(json.err()).isZero();
        JsonNode a = new ObjectMapper().readTree(json.out());
        assertThat(a.size()).isEqualTo(1);
        assertThat(a.get(0).get("line").asInt()).isEqualTo(2);
        assertThat(a.get(0).get("flagged").asBoolean()).isTrue();
        // One surprisal per character and one for the line end.
        assertThat(a.get(0).get("surprisals").size())
                .isEqualTo("le renard brun saute par-dessus le chien paresseux .".length() + 1);
    }

    @Test
    void generateContinuesAPromptWithTheDetectorsLanguageModel() {
        CliRun.Result r = CliRun.run("generate", "--model", dir.resolve("detector.zip.work/model.zip").toString(),
                "--prompt", "the quick", "--temperature", "0", "--stop", "\\n", "--max-length", "100");
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(LINE + "\n");
        CliRun.Result sampled = CliRun.run("generate", "--model", dir.resolve("detector.zip.work/model.zip").toString(),
                "--prompt", "the", "--top-k", "3", "--top-p", "0.9", "--seed", "5", "--max-length", "30");
        assertThat(sampled.rc()).as(sampled.err()).isZero();
        assertThat(sampled.out()).startsWith("the").hasSizeGreaterThan(3);
    }

    @Test
    void generateTakesOutOfRangeSamplingOptionsAsUsageErrorsAndRefusesAStopItsModelNeverSaw() {
        String model = dir.resolve("detector.zip.work/model.zip").toString();
        for (String[] bad : new String[][] {{"--temperature", "NaN"}, {"--top-k", "-1"}, {"--top-p", "0"},
            {"--repetition-penalty", "0"}, {"--max-length", "-1"}}) {
            CliRun.Result r = CliRun.run("generate", "--model", model, bad[0], bad[1]);
            assertThat(r.rc()).as(String.join(" ", bad)).isEqualTo(2);
        }
        // The training text has no "Z": as a stop it stood for the unknown token
        CliRun.Result stop = CliRun.run("generate", "--model", model, "--stop", "Z");
        assertThat(stop.rc()).isEqualTo(1);
        assertThat(stop.err().strip()).contains("\"Z\" is not a token").doesNotContain("\n");
    }

    @Test
    void badUsageIsAOneLineError() {
        CliRun.Result r = CliRun.run("anomaly-score", "--model", detector.toString(), "--format", "xml", "--text", "x");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("--format");
        CliRun.Result notDetector = CliRun.run("anomaly-score", "--model",
                dir.resolve("detector.zip.work/model.zip").toString(), "--text", "x");
        assertThat(notDetector.rc()).isEqualTo(1);
        assertThat(notDetector.err().strip()).contains("anomaly-train").doesNotContain("\n");
    }
}
