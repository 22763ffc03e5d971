package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** train, eval and tag on a small synthetic NER set (names and places among filler words, IOB2). */
class TaggerCommandsTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path model;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = SeqlabCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @BeforeAll
    static void trainTinyTagger() throws IOException {
        String[] persons = {"Alice", "Bob", "Carol"};
        String[] places = {"Paris", "London", "Rome"};
        String[] filler = {"the", "man", "went", "to", "saw", "and", "a", "city"};
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < 24; s++) {
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
        data = Files.writeString(dir.resolve("data.txt"), sb.toString());
        Path config = Files.writeString(dir.resolve("tiny.json"), "{\"wordDim\":16,\"casingDim\":4,\"charDim\":8,"
                + "\"charFilters\":8,\"lstmHidden\":16,\"dropout\":0,\"batchSize\":5,\"trainer\":{\"maxEpochs\":30,"
                + "\"patience\":0,\"seed\":3,\"optimizer\":{\"kind\":\"adam\"},\"schedule\":{\"kind\":\"constant\","
                + "\"learningRate\":0.02}}}");
        model = dir.resolve("ner.zip");
        StringWriter o = new StringWriter();
        CommandLine cl = SeqlabCommand.newCommandLine();
        cl.setOut(new PrintWriter(o));
        int status = cl.execute("train", "--config", config.toString(), "--train", data.toString(), "--dev",
                data.toString(), "--format", "wnut", "--out", model.toString(), "--epochs", "12");
        assertThat(status).as(o.toString()).isZero();
        assertThat(o.toString()).contains("epoch 12 train_loss").contains("dev_f1 100.00");
    }

    @Test
    void evalPrintsPerTypeFiguresAndEndsWithTheF1Line() {
        assertThat(run("eval", "--model", model.toString(), "--data", data.toString(), "--format", "wnut")).isZero();
        assertThat(out.toString()).contains("LOC: precision: 100.00%").contains("PER: precision: 100.00%")
                .endsWith("F1 100.00" + System.lineSeparator());
    }

    @Test
    void tagWritesJsonSpansWithCharacterOffsets() {
        assertThat(run("tag", "--model", model.toString(), "--format", "json", "--text", "Bob saw New Rome."))
                .isZero();
        assertThat(out.toString()).startsWith("{\"text\":\"Bob saw New Rome.\",\"begin\":0,\"end\":17,\"tokens\":"
                + "[{\"text\":\"Bob\",\"begin\":0,\"end\":3,\"tag\":\"B-PER\",\"confidence\":")
                .contains("{\"text\":\"New\",\"begin\":8,\"end\":11,\"tag\":\"B-LOC\",")
                .contains("\"spans\":[{\"label\":\"PER\",\"text\":\"Bob\",\"begin\":0,\"end\":3,\"confidence\":")
                .contains("{\"label\":\"LOC\",\"text\":\"New Rome\",\"begin\":8,\"end\":16,\"confidence\":")
                .contains("\"tokenStart\":2,\"tokenEnd\":4}]}");
    }

    @Test
    void tagMarksEntitiesInTheTextByDefaultOneSentenceALine() {
        assertThat(run("tag", "--model", model.toString(), "--text", "Bob saw New Rome.  Alice went\nto Paris."))
                .isZero();
        assertThat(out.toString()).isEqualTo("[Bob PER] saw [New Rome LOC].\n[Alice PER] went to [Paris LOC].\n");
    }

    @Test
    void anUnknownModelNameListsTheBundledOnesAndAMissingPathIsNamed() {
        assertThat(run("tag", "--model", "klingon", "--text", "hi")).isEqualTo(1);
        assertThat(err.toString()).startsWith("seqlab: unknown model 'klingon': not a bundled model name nor a file; ")
                .containsAnyOf("bundled models: ", "this build has no bundled models").doesNotContain("en-de");
        err.getBuffer().setLength(0);
        assertThat(run("eval", "--model", "models/none.zip")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("seqlab: models/none.zip: no such file" + System.lineSeparator());
    }

    @Test
    void evalWithoutDataLooksForTheManifestsDevFileAndSaysWhereItLooked() {
        assertThat(run("eval", "--model", model.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("data.txt").contains("give --data FILE");
    }

    @Test
    void shrinkKeepsTheTaggersOutputAndRecordsTheShrunkDevScore() throws IOException {
        Path small = dir.resolve("small.zip");
        assertThat(run("shrink", "--model", model.toString(), "--weights", "int8", "--keep-frequent", "0",
                "--dev", data.toString(), "--out", small.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("dev_f1 before 100.00 after 100.00 change +0.00")
                .contains("model " + small);
        out.getBuffer().setLength(0);
        assertThat(run("eval", "--model", small.toString(), "--data", data.toString())).isZero();
        assertThat(out.toString()).endsWith("F1 100.00" + System.lineSeparator());
        var manifest = org.seqlab.bundle.ModelBundle.read(small).manifest();
        assertThat(manifest.provenance()).containsKey("shrink").containsEntry("format", "wnut");
        assertThat(manifest.provenance().get("command")).startsWith("seqlab train --config ");
        assertThat(manifest.metrics()).containsEntry("dev_f1", 100.0).containsEntry("full_precision_dev_f1", 100.0);
        assertThat(manifest.entries()).anyMatch(e -> "int8_rows".equals(e.storage()));
    }

    @Test
    void ensembleJoinsTaggersScoresThemAndLoadsAsOneTagger() throws IOException {
        Path small = dir.resolve("small-for-ensemble.zip");
        assertThat(run("shrink", "--model", model.toString(), "--weights", "int8", "--keep-frequent", "0",
                "--out", small.toString())).as(err.toString()).isZero();
        out.getBuffer().setLength(0);
        Path ensemble = dir.resolve("ensemble.zip");
        assertThat(run("ensemble", "--out", ensemble.toString(), "--dev", data.toString(), "--format", "wnut",
                model.toString(), small.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("member 1 " + model + " dev_f1 100.00")
                .contains("member 2 " + small + " dev_f1 100.00").contains("members mean dev_f1 100.00")
                .contains("ensemble dev_f1 100.00").endsWith("model " + ensemble + System.lineSeparator());
        var manifest = org.seqlab.bundle.ModelBundle.read(ensemble).manifest();
        assertThat(manifest.kind()).isEqualTo("tagger-ensemble");
        assertThat(manifest.metrics()).containsEntry("dev_f1", 100.0);
        assertThat(manifest.provenance()).containsEntry("members", "ner.zip small-for-ensemble.zip")
                .containsEntry("format", "wnut");
        assertThat(manifest.entries()).anyMatch(e -> e.path().startsWith("tensors/m2.")
                && "int8_rows".equals(e.storage()));

        out.getBuffer().setLength(0);
        assertThat(run("tag", "--model", ensemble.toString(), "--text", "Bob saw New Rome.")).isZero();
        assertThat(out.toString()).isEqualTo("[Bob PER] saw [New Rome LOC].\n");
        out.getBuffer().setLength(0);
        assertThat(run("eval", "--model", ensemble.toString(), "--data", data.toString())).isZero();
        assertThat(out.toString()).endsWith("F1 100.00" + System.lineSeparator());

        assertThat(run("ensemble", "--out", dir.resolve("one.zip").toString(), model.toString())).isEqualTo(2);
        err.getBuffer().setLength(0);
        assertThat(run("ensemble", "--no-dev", "--out", dir.resolve("x.zip").toString(), ensemble.toString(),
                model.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("a tagger-ensemble bundle; an ensemble is made of single taggers");
        // Without --dev the first member's recorded dev file is looked for; not found, the message names the way out.
        err.getBuffer().setLength(0);
        assertThat(run("ensemble", "--out", dir.resolve("y.zip").toString(), model.toString(), small.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("data.txt").contains("give --dev FILE, or --no-dev");
        assertThat(run("ensemble", "--no-dev", "--out", dir.resolve("y.zip").toString(), model.toString(),
                small.toString())).isZero();
        assertThat(org.seqlab.bundle.ModelBundle.read(dir.resolve("y.zip")).manifest().metrics()).isEmpty();
    }

    @Test
    void tagAppendsThePredictionToConllLines() throws IOException {
        Path in = Files.writeString(dir.resolve("in.txt"), "-DOCSTART- O\n\nAlice x\nwent x\nto x\nParis x\n");
        assertThat(run("tag", "--model", model.toString(), "--format", "conll", in.toString())).isZero();
        assertThat(out.toString()).isEqualTo("-DOCSTART- O\n\nAlice x B-PER\nwent x O\nto x O\nParis x B-LOC\n");
    }

    @Test
    void taggingAConllFileDrawsNoProgressBarWhereStandardErrorIsNotATerminal() throws IOException {
        Path in = Files.writeString(dir.resolve("quiet.txt"), "Alice x\nwent x\n\nParis x\n");
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        int rc;
        try {
            // the tests' standard error is a pipe to Maven, as a log file would be
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            rc = run("tag", "--model", model.toString(), "--format", "conll", in.toString());
        } finally {
            System.setErr(original);
        }
        assertThat(rc).isZero();
        assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("sentences");
    }

    @Test
    void trainWithATeacherDistilsItAndRecordsItInTheBundle() throws IOException {
        Path config = dir.resolve("tiny.json");
        Path student = dir.resolve("student.zip");
        assertThat(run("train", "--config", config.toString(), "--train", data.toString(), "--dev", data.toString(),
                "--format", "wnut", "--teacher", model.toString(), "--teacher-weight", "0.7", "--out",
                student.toString(), "--epochs", "12")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("dev_f1 100.00");
        assertThat(org.seqlab.tagger.Tagger.load(student).info().provenance()).containsEntry("teacher", "ner.zip")
                .containsEntry("teacher_weight", "0.7");
        // a weight outside (0, 1] and a missing teacher are usage errors
        assertThat(run("train", "--train", data.toString(), "--dev", data.toString(), "--format", "wnut",
                "--teacher", model.toString(), "--teacher-weight", "1.5", "--out", student.toString())).isEqualTo(2);
        err.getBuffer().setLength(0);
        assertThat(run("train", "--train", data.toString(), "--dev", data.toString(), "--format", "wnut",
                "--teacher", dir.resolve("none.zip").toString(), "--out", student.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("none.zip: no such file");
    }

    @Test
    void trainWithSilverSentencesAddsThemLabelledByTheSilverTagger() throws IOException {
        Path config = dir.resolve("tiny.json");
        Path silverText = Files.writeString(dir.resolve("silver.txt"), "Alice went to Madrid\n\n  Bob saw  Rome \n");
        Path student = dir.resolve("self-trained.zip");
        assertThat(run("train", "--config", config.toString(), "--train", data.toString(), "--dev", data.toString(),
                "--format", "wnut", "--silver", silverText.toString(), "--silver-tagger", model.toString(), "--out",
                student.toString(), "--epochs", "2")).as(err.toString()).isZero();
        org.seqlab.tagger.Tagger trained = org.seqlab.tagger.Tagger.load(student);
        assertThat(trained.info().provenance()).containsEntry("silver", "silver.txt")
                .containsEntry("silver_sentences", "2").containsEntry("silver_tagger", "ner.zip");
        // the silver-only word joined the vocabulary
        assertThat(trained.lexicon().words().contains("madrid")).isTrue();
        // the sentences without their tagger, and a missing file, are usage errors
        assertThat(run("train", "--train", data.toString(), "--dev", data.toString(), "--format", "wnut",
                "--silver", silverText.toString(), "--out", student.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--silver and --silver-tagger go together");
        err.getBuffer().setLength(0);
        assertThat(run("train", "--train", data.toString(), "--dev", data.toString(), "--format", "wnut",
                "--silver", dir.resolve("none.txt").toString(), "--silver-tagger", model.toString(), "--out",
                student.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("none.txt: no such file");
    }

    @Test
    void badOptionsAreUsageErrorsAndAMissingModelIsAOneLineFailure() {
        assertThat(run("tag", "--model", model.toString(), "--format", "xml", "--text", "hi")).isEqualTo(2);
        assertThat(run("eval", "--model", model.toString(), "--data", data.toString(), "--format", "nope"))
                .isEqualTo(2);
        err.getBuffer().setLength(0);
        Path missing = dir.resolve("missing.zip");
        assertThat(run("tag", "--model", missing.toString(), "--text", "hi")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("seqlab: " + missing + ": no such file" + System.lineSeparator());
    }

    /** Runs with {@code stdin} as standard input. */
    private int runWithStdin(byte[] stdin, String... args) {
        java.io.InputStream old = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(stdin));
            return run(args);
        } finally {
            System.setIn(old);
        }
    }

    private static final byte[] INVALID_UTF8 = {'a', (byte) 0xff, ' ', 'b', ' ', 'P', 'a', 'r', 'i', 's', '\n'};

    @Test
    void tagNamesTheFileAndLineOfInvalidUtf8InEveryFormat() throws IOException {
        Path bad = Files.write(dir.resolve("bad.txt"), INVALID_UTF8);
        for (String format : new String[] {"text", "json", "conll", "conllu"}) {
            err.getBuffer().setLength(0);
            assertThat(run("tag", "--model", model.toString(), "--format", format, bad.toString())).isEqualTo(1);
            assertThat(err.toString()).isEqualTo("seqlab: " + bad + ":1: invalid UTF-8 (byte 0xFF at byte 2 of the "
                    + "line)" + System.lineSeparator());
        }
    }

    @Test
    void tagNamesAMissingFile() {
        Path missing = dir.resolve("missing.txt");
        assertThat(run("tag", "--model", model.toString(), missing.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("seqlab: " + missing + ": no such file" + System.lineSeparator());
    }

    @Test
    void tagRefusesInvalidUtf8OnStandardInput() {
        for (String format : new String[] {"text", "json", "conll"}) {
            err.getBuffer().setLength(0);
            assertThat(runWithStdin(INVALID_UTF8, "tag", "--model", model.toString(), "--format", format))
                    .isEqualTo(1);
            assertThat(err.toString()).isEqualTo("seqlab: <stdin>:1: invalid UTF-8 (byte 0xFF at byte 2 of the "
                    + "line)" + System.lineSeparator());
        }
    }

    @Test
    void aByteOrderMarkIsDroppedSoOffsetsCountFromTheTextAfterIt() throws IOException {
        byte[] text = "\uFEFFBob saw Rome.\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path bom = Files.write(dir.resolve("bom.txt"), text);
        assertThat(run("tag", "--model", model.toString(), "--format", "json", bom.toString())).isZero();
        assertThat(out.toString()).startsWith("{\"text\":\"Bob saw Rome.\",\"begin\":0,\"end\":13,");
        out.getBuffer().setLength(0);
        assertThat(runWithStdin(text, "tag", "--model", model.toString(), "--format", "json")).isZero();
        assertThat(out.toString()).startsWith("{\"text\":\"Bob saw Rome.\",\"begin\":0,\"end\":13,");
        out.getBuffer().setLength(0);
        Path conll = Files.write(dir.resolve("bom.conll"),
                "\uFEFF-DOCSTART- O\n\nAlice x\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(run("tag", "--model", model.toString(), "--format", "conll", conll.toString())).isZero();
        assertThat(out.toString()).isEqualTo("-DOCSTART- O\n\nAlice x B-PER\n");
    }

    @Test
    void tagConlluNamesTheFileAndRefusesAWordIdOutOfSequence() throws IOException {
        Path short1 = Files.writeString(dir.resolve("short.conllu"), "1\tBob\tBob\tPROPN\n");
        assertThat(run("tag", "--model", model.toString(), "--format", "conllu", short1.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("seqlab: " + short1 + ":1: a CoNLL-U line needs 10 tab-separated");
        err.getBuffer().setLength(0);
        Path badId = Files.writeString(dir.resolve("id.conllu"), "1\tBob\t_\t_\t_\t_\t_\t_\t_\t_\n"
                + "abc\tsaw\t_\t_\t_\t_\t_\t_\t_\t_\n");
        assertThat(run("tag", "--model", model.toString(), "--format", "conllu", badId.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("seqlab: " + badId + ":2: word ID 'abc' where 2 was expected");
        out.getBuffer().setLength(0);
        Path ranges = Files.writeString(dir.resolve("ranges.conllu"), "1-2\tBob's\t_\t_\t_\t_\t_\t_\t_\t_\n"
                + "1\tBob\t_\t_\t_\t_\t_\t_\t_\t_\n2\t's\t_\t_\t_\t_\t_\t_\t_\t_\n");
        assertThat(run("tag", "--model", model.toString(), "--format", "conllu", ranges.toString())).isZero();
        assertThat(out.toString()).startsWith("1-2\tBob's\t_").contains("1\tBob\t_\t_\t_\t_\t_\t_\t_\tNER=B-PER\n");
    }

    @Test
    void aCrlfInsideASentenceIsOneSpaceInTheMarkedText() {
        assertThat(run("tag", "--model", model.toString(), "--text", "Bob saw New\r\nRome.")).isZero();
        assertThat(out.toString()).isEqualTo("[Bob PER] saw [New Rome LOC].\n");
    }

    @Test
    void aDirectoryGivenAsInputIsNamed() {
        assertThat(run("tokenize", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("seqlab: " + dir + ": is a directory" + System.lineSeparator());
        err.getBuffer().setLength(0);
        assertThat(run("conlleval", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("seqlab: " + dir + ": is a directory" + System.lineSeparator());
        err.getBuffer().setLength(0);
        assertThat(run("eval", "--model", model.toString(), "--data", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("seqlab: " + dir + ": is a directory" + System.lineSeparator());
    }

    @Test
    void conllevalNamesTheFileAndLineOfInvalidUtf8() throws IOException {
        Path bad = Files.write(dir.resolve("ce.txt"), new byte[] {'E', 'U', ' ', 'B', '-', 'O', 'R', 'G', ' ', 'B',
            '-', 'O', 'R', 'G', '\n', 'x', ' ', (byte) 0xff, ' ', 'O', ' ', 'O', '\n'});
        assertThat(run("conlleval", bad.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("seqlab: " + bad + ":2: invalid UTF-8 (byte 0xFF at byte 3 of the line)"
                + System.lineSeparator());
    }

    @Test
    void aMissingConfigFileIsNamedWithItsProblem() {
        Path missing = dir.resolve("nope.json");
        assertThat(run("train", "--config", missing.toString(), "--train", data.toString(), "--format", "wnut",
                "--out", dir.resolve("nope.zip").toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("seqlab: " + missing + ": cannot read the tagger config: no such file"
                + System.lineSeparator());
    }

    @Test
    void anOutputThatCannotBeWrittenIsRefusedBeforeTheWork() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        assertThat(run("train", "--train", data.toString(), "--format", "wnut", "--no-early-stopping",
                "--out", folder.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("seqlab: --out " + folder + ": is a directory" + System.lineSeparator());
        err.getBuffer().setLength(0);
        Path underAFile = data.resolve("m.zip");
        assertThat(run("shrink", "--model", model.toString(), "--out", underAFile.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("seqlab: --out " + underAFile + ": " + data + " is not a directory");
        err.getBuffer().setLength(0);
        assertThat(run("ensemble", "--no-dev", "--out", folder.toString(), model.toString(), model.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("seqlab: --out " + folder + ": is a directory");
        assertThat(folder).isEmptyDirectory();
    }

    @Test
    void shrinkRefusesToWriteOverTheModelItReads() throws IOException {
        long size = Files.size(model);
        Path sameFile = dir.resolve(".").resolve(model.getFileName());
        assertThat(run("shrink", "--model", model.toString(), "--out", sameFile.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("seqlab: --out " + sameFile + " is the --model file");
        assertThat(Files.size(model)).isEqualTo(size);
    }

    @Test
    void trainRefusesTheWordColumnAsTheTagColumnAndATeacherWeightWithoutATeacher() {
        assertThat(run("train", "--train", data.toString(), "--format", "wnut", "--column", "1",
                "--no-early-stopping", "--out", dir.resolve("w.zip").toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("seqlab: --column 1: word (column 1) holds the words;");
        err.getBuffer().setLength(0);
        assertThat(run("train", "--train", data.toString(), "--format", "wnut", "--teacher-weight", "0.7",
                "--no-early-stopping", "--out", dir.resolve("w.zip").toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("seqlab: --teacher-weight goes with --teacher");
        assertThat(dir.resolve("w.zip")).doesNotExist();
    }

    @Test
    void evalScoresSpansInAColumnsFileInTheModelsScheme() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(data)) {
            sb.append(line.isEmpty() ? "" : line.replace("\t", " NN ")).append('\n');
        }
        Path columns = Files.writeString(dir.resolve("columns.txt"), sb.toString());
        assertThat(run("eval", "--model", model.toString(), "--data", columns.toString(), "--format", "columns",
                "--column", "3")).as(err.toString()).isZero();
        assertThat(out.toString()).endsWith("F1 100.00" + System.lineSeparator());
        out.getBuffer().setLength(0);
        assertThat(run("eval", "--model", model.toString(), "--data", columns.toString(), "--format", "columns",
                "--column", "2")).isEqualTo(1);
        assertThat(err.toString()).startsWith("seqlab: " + columns + ":1: ").contains("'NN'");
        out.getBuffer().setLength(0);
        assertThat(run("shrink", "--model", model.toString(), "--dev", columns.toString(), "--format", "columns",
                "--out", dir.resolve("columns-shrunk.zip").toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("dev_f1 before 100.00 after 100.00");
    }

    @Test
    void conllevalRefusesANegativeConfusionCount() throws IOException {
        Path f = Files.writeString(dir.resolve("ce-ok.txt"), "EU B-ORG B-ORG\n");
        assertThat(run("conlleval", "--confusion", "-1", f.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("seqlab: --confusion must be at least 0");
    }
}
