package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code seqlab tokenize} in-process; expected outputs are written by hand. */
class TokenizeCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;
    private InputStream savedIn;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        savedIn = System.in;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
        System.setIn(savedIn);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsOneTokenALineAndABlankLineAfterEachSentence() {
        int rc = SeqlabCommand.execute("tokenize", "--text", "I can't. Go!");
        assertThat(rc).isZero();
        assertThat(stdout()).isEqualTo("I\nca\nn't\n.\n\nGo\n!\n\n");
    }

    @Test
    void offsetsIndexTheWholeFileInUtf16Units() throws Exception {
        Path f = dir.resolve("doc.txt");
        // "é" is one UTF-16 unit, the emoji two; CRLF line ends count two units each
        Files.writeString(f, "Caf\u00e9 \uD83D\uDE00.\r\n\r\nOk", StandardCharsets.UTF_8);
        int rc = SeqlabCommand.execute("tokenize", "--offsets", f.toString());
        assertThat(rc).isZero();
        assertThat(stdout()).isEqualTo("Caf\u00e9\t0\t4\n\uD83D\uDE00\t5\t7\n.\t7\t8\n\nOk\t12\t14\n\n");
    }

    @Test
    void readsStandardInputWhenNoTextOrFileIsGiven() {
        System.setIn(new ByteArrayInputStream("a  b\nc .".getBytes(StandardCharsets.UTF_8)));
        int rc = SeqlabCommand.execute("tokenize", "--pretokenized", "--offsets");
        assertThat(rc).isZero();
        assertThat(stdout()).isEqualTo("a\t0\t1\nb\t3\t4\n\nc\t5\t6\n.\t7\t8\n\n");
    }

    @Test
    void invalidUtf8IsAOneLineErrorNamingFileAndLine() throws Exception {
        Path f = dir.resolve("bad.txt");
        Files.write(f, new byte[] {'o', 'k', '\n', 'x', (byte) 0xff, 'y'});
        int rc = SeqlabCommand.execute("tokenize", f.toString());
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("seqlab: " + f + ":2: invalid UTF-8 (byte 0xFF at byte 2 of the line)\n");
    }

    @Test
    void textAndFilesTogetherAreBadUsage() {
        int rc = SeqlabCommand.execute("tokenize", "--text", "a", "x.txt");
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("seqlab: give either --text or FILES, not both");
    }
}
