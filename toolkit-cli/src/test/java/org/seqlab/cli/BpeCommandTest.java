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
}
