package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.tagger.Tagger;
import org.seqlab.tagger.TaggerConfig;
import org.seqlab.tagger.TaggerInfo;

/** {@code seqlab train}'s recipe options on a small synthetic NER set (IOB2, two halves). */
class TrainCommandTest {
    @TempDir
    static Path dir;
    static Path partA;
    static Path partB;
    static Path config;
    static Path lowerVectors;
    static Path casedVectors;

    @BeforeAll
    static void writeData() throws IOException {
        String[] persons = {"Alice", "Bob", "Carol"};
        String[] places = {"Paris", "London", "Rome"};
        String[] filler = {"the", "man", "went", "to", "saw", "and", "a", "city"};
        StringBuilder[] parts = {new StringBuilder(), new StringBuilder()};
        for (int s = 0; s < 24; s++) {
            StringBuilder sb = parts[s % 2];
            for (int t = 0; t < 3 + s % 4; t++) {
                int k = (s * 7 + t * 3) % 5;
                if (k == 0) {
                    sb.append(persons[(s + t) % 3]).append("\tB-PER\n");
                } else if (k == 1) {
                    sb.append("New\tB-LOC\n").append(places[(s + 2 * t) % 3]).append("\tI-LOC\n");
                } else if (k == 2) {
                    sb.append(places[(s + t) % 3]).append("\tB-LOC\n");
                } else {
                    sb.append(filler[(s * 3 + t) % filler.length]).append("\tO\n");
                }
            }
            sb.append('\n');
        }
        partA = Files.writeString(dir.resolve("a.txt"), parts[0].toString());
        partB = Files.writeString(dir.resolve("b.txt"), parts[1].toString());
        config = Files.writeString(dir.resolve("tiny.json"), "{\"wordDim\":16,\"casingDim\":4,\"charDim\":8,"
                + "\"charFilters\":8,\"lstmHidden\":16,\"dropout\":0,\"batchSize\":5,\"averageCheckpoints\":2,"
                + "\"averageOf\":\"last\",\"trainer\":{\"maxEpochs\":30,\"patience\":5,\"seed\":3,"
                + "\"optimizer\":{\"kind\":\"adam\"},\"schedule\":{\"kind\":\"constant\",\"learningRate\":0.02}}}");
        StringBuilder lower = new StringBuilder();
        StringBuilder cased = new StringBuilder();
        int i = 0;
        for (String w : new String[] {"alice", "bob", "carol", "paris", "london", "rome", "new", "the", "man"}) {
            lower.append(w).append(" 0.1 0.2 ").append(i++ % 7 * 0.1).append('\n');
        }
        for (String w : new String[] {"Alice", "Bob", "Carol", "Paris", "London", "Rome", "New", "the", "man"}) {
            cased.append(w).append(" 0.3 ").append(i++ % 5 * 0.1).append('\n');
        }
        lowerVectors = Files.writeString(dir.resolve("lower.txt"), lower.toString());
        casedVectors = Files.writeString(dir.resolve("cased.txt"), cased.toString());
    }

    @Test
    void trainAndDevTogetherWithoutEarlyStoppingTwoVectorFilesAndASeed() {
        Path model = dir.resolve("final.zip");
        CliRun.Result r = CliRun.run("train", "--config", config.toString(), "--train", partA.toString(), "--train",
                partB.toString(), "--format", "wnut", "--embeddings", lowerVectors.toString(), "--embeddings",
                casedVectors.toString(), "--epochs", "12", "--no-early-stopping", "--seed", "11", "--out",
                model.toString());
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(r.out()).contains("epoch 12 train_loss").doesNotContain("dev_f1")
                .contains("average_last_epochs 11,12").contains("model " + model);
        Tagger t = Tagger.load(model);
        TaggerConfig c = t.model().config();
        assertThat(c.trainer().seed()).isEqualTo(11);
        assertThat(c.trainer().patience()).isZero();
        assertThat(c.extraWordTables()).containsExactly(new TaggerConfig.WordTable(TaggerConfig.CASED, 2));
        assertThat(c.wordDim()).isEqualTo(3);
        assertThat(t.info().data()).extracting(TaggerInfo.DataFile::name)
                .containsExactly("a.txt", "b.txt", "lower.txt", "cased.txt");
        assertThat(t.tag(java.util.List.of("Bob", "saw", "New", "Rome")).tags())
                .containsExactly("B-PER", "O", "B-LOC", "I-LOC");
    }

    @Test
    void averagingWithADevSetPrintsTheSingleAndAveragedScores() {
        Path model = dir.resolve("avg.zip");
        CliRun.Result r = CliRun.run("train", "--config", config.toString(), "--train", partA.toString(), "--dev",
                partB.toString(), "--format", "wnut", "--epochs", "4", "--out", model.toString());
        assertThat(r.rc()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("average_best_epochs \\d,\\d dev_f1 \\d+\\.\\d\\d")
                .containsPattern("average_last_epochs 3,4 dev_f1 \\d+\\.\\d\\d")
                .containsPattern("dev_f1_single \\d+\\.\\d\\d").containsPattern("best_epoch \\d");
    }

    @Test
    void withoutADevSetEarlyStoppingIsAUsageError() {
        CliRun.Result r = CliRun.run("train", "--config", config.toString(), "--train", partA.toString(), "--format",
                "wnut", "--out", dir.resolve("x.zip").toString());
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("--dev is required with early stopping");
    }
}
