package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeCommandTest {

    @Test
    void learnsAppliesAndDecodesThroughFiles(@TempDir Path dir) throws Exception {
        // low x5, lower x2, newest x6, widest x3 over two files: the hand-worked merges of BpeLearnerTest.
        Path en = Files.writeString(dir.resolve("t.en"), "low low\nlow lower\nnewest newest\nnewest widest\n");
        Path de = Files.writeString(dir.resolve("t.de"), "low newest\nwidest newest\nlower widest\nnewest low\n");
        Path codes = dir.resolve("codes");
        Path vocabEn = dir.resolve("vocab.en");
        Path vocabDe = dir.resolve("vocab.de");
        assertThat(SeqlabCommand.execute("bpe", "learn", "--merges", "4", "-o", codes.toString(), en.toString(),
                de.toString(), "--write-vocabulary", vocabEn.toString(), vocabDe.toString())).isZero();
        assertThat(Files.readAllLines(codes)).containsExactly("#version: 0.2", "s t</w>", "e st</w>", "l o", "w est</w>");
        // After 4 merges: low = lo@@ w, lower = lo@@ w@@ e@@ r, newest = n@@ e@@ west, widest = w@@ i@@ d@@ est;
        // t.en's subwords counted, most frequent first, ties in order of first appearance.
        assertThat(Files.readAllLines(vocabEn)).containsExactly("lo@@ 4", "e@@ 4", "w 3", "n@@ 3", "west 3", "w@@ 2",
                "r 1", "i@@ 1", "d@@ 1", "est 1");

        Path text = Files.writeString(dir.resolve("in.txt"), "lowest newer\n");
        Path out = dir.resolve("out.txt");
        assertThat(SeqlabCommand.execute("bpe", "apply", "-c", codes.toString(), "-i", text.toString(),
                "-o", out.toString())).isZero();
        assertThat(Files.readString(out)).isEqualTo("lo@@ west n@@ e@@ w@@ e@@ r\n");

        Path back = dir.resolve("back.txt");
        assertThat(SeqlabCommand.execute("bpe", "decode", "-i", out.toString(), "-o", back.toString())).isZero();
        assertThat(Files.readString(back)).isEqualTo("lowest newer\n");
    }

    @Test
    void aMalformedCodesFileFailsWithOneLineNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path codes = Files.writeString(dir.resolve("bad.codes"), "#version: 0.2\na b\nabc\n");
        Path text = Files.writeString(dir.resolve("in.txt"), "ab\n");
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            rc = SeqlabCommand.execute("bpe", "apply", "-c", codes.toString(), "-i", text.toString(),
                    "-o", dir.resolve("o").toString());
        } finally {
            System.setErr(oldErr);
        }
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("seqlab: " + codes + ":3: expected two symbols separated by one space ('left right'), found 'abc'");
    }

    @Test
    void badUsageExitsWithTwoAndHelpShowsAnExample() {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(SeqlabCommand.execute("bpe", "learn", "-o", "x")).isEqualTo(2);
            assertThat(SeqlabCommand.execute("bench-bpe")).isEqualTo(2);
            assertThat(SeqlabCommand.execute("bench-bpe", "--help")).isZero();
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing required");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Example: seqlab bench-bpe --merges 10000");
    }

    @Test
    void anOutputThatIsTheInputIsRefusedAndTheInputKept(@TempDir Path dir) throws Exception {
        // Opening -o for writing emptied the -i file before a line was read: exit 0 and both files empty.
        Path codes = Files.writeString(dir.resolve("codes"), "#version: 0.2\nl o\n");
        Path text = Files.writeString(dir.resolve("t.txt"), "low lo@@ w\n");
        for (String[] args : new String[][] {
            {"bpe", "apply", "-c", codes.toString(), "-i", text.toString(), "-o", text.toString()},
            {"bpe", "decode", "-i", text.toString(), "-o", text.toString()},
            {"bpe", "learn", "--merges", "2", "-o", text.toString(), text.toString()}}) {
            CliRun.Result r = CliRun.run(args);
            assertThat(r.rc()).as(String.join(" ", args)).isEqualTo(2);
            // learn takes its inputs as files, not through -i: the message names them as the command line does
            String input = args[1].equals("learn") ? "input" : "-i";
            assertThat(r.err()).contains("-o " + text + " is the " + input + " file")
                    .contains("would replace the input");
        }
        assertThat(Files.readString(text)).isEqualTo("low lo@@ w\n");
    }

    @Test
    void decodeNamesTheFileAndLineOfInvalidUtf8AndRefusesItOnStandardInput(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.txt");
        Files.write(bad, new byte[] {'o', 'k', '\n', 'a', (byte) 0xff, '@', '@', ' ', 'b', '\n'});
        Path out = dir.resolve("out.txt");
        CliRun.Result r = CliRun.run("bpe", "decode", "-i", bad.toString(), "-o", out.toString());
        // was "seqlab: Input length = 1"
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("seqlab: " + bad + ":2: invalid UTF-8");
        assertThat(out).doesNotExist();

        // standard input: the bad byte became U+FFFD and the run exited 0
        java.io.InputStream oldIn = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(Files.readAllBytes(bad)));
            r = CliRun.capture(() -> SeqlabCommand.execute("bpe", "decode"));
        } finally {
            System.setIn(oldIn);
        }
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("seqlab: <stdin>:2: invalid UTF-8");
        assertThat(r.out()).doesNotContain("\uFFFD");

        CliRun.Result d = CliRun.run("bpe", "decode", "-i", dir.toString());
        assertThat(d.rc()).isEqualTo(1);
        assertThat(d.err().strip()).isEqualTo("seqlab: " + dir + ": is a directory"); // was "seqlab: Is a directory"
    }

    @Test
    void learnRefusesFilesWithoutWordsAndNamesADirectory(@TempDir Path dir) throws Exception {
        // wrote an empty codes file, exit 0 ("learned 0 merges"); a directory was "seqlab: Is a directory"
        Path blank = Files.writeString(dir.resolve("blank.txt"), "\n  \n\n");
        Path codes = dir.resolve("codes");
        CliRun.Result r = CliRun.run("bpe", "learn", "--merges", "10", "-o", codes.toString(), blank.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err().strip())
                .isEqualTo("seqlab: " + blank + ": no words to learn merges from (empty or blank lines only)");
        assertThat(codes).doesNotExist();

        Path folder = Files.createDirectory(dir.resolve("corpus"));
        r = CliRun.run("bpe", "learn", "--merges", "10", "-o", codes.toString(), folder.toString());
        assertThat(r.rc()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("seqlab: " + folder + ": is a directory");
    }

    @Test
    void aVocabularyAtAnInputTheCodesOrAnotherVocabularyIsRefusedBeforeAnythingIsWritten(@TempDir Path dir)
            throws Exception {
        // each was overwritten after the merges were learned, exit 0: an input replaced by its vocabulary
        Path a = Files.writeString(dir.resolve("a.txt"), "low lower lowest\n");
        Path b = Files.writeString(dir.resolve("b.txt"), "newer newest\n");
        Path codes = dir.resolve("codes.bpe");
        Path vocab = dir.resolve("vocab.a");
        String[][] cases = {
            {vocab.toString(), b.toString(), "--write-vocabulary " + b + " is the input file"},
            {dir.resolve("./vocab.a").toString(), dir.resolve("x/../codes.bpe").toString(), "is also the -o file"},
            {vocab.toString(), dir.resolve(".").resolve("vocab.a").toString(), "is also the --write-vocabulary file"}};
        for (String[] c : cases) {
            String[] args = {"bpe", "learn", "--merges", "2", "-o", codes.toString(), a.toString(), b.toString(),
                "--write-vocabulary", c[0], c[1]};
            CliRun.Result r = CliRun.run(args);
            assertThat(r.rc()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).contains(c[2]);
        }
        assertThat(Files.readString(a)).isEqualTo("low lower lowest\n");
        assertThat(Files.readString(b)).isEqualTo("newer newest\n");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.txt", "b.txt");
        }
    }
}
