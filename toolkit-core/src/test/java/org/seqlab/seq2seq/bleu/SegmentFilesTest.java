package org.seqlab.seq2seq.bleu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.InputFormatException;
import org.seqlab.SeqlabException;

class SegmentFilesTest {
    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path write(String name, String text) throws Exception {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void linesEndAtNewlineOnlyAndALastLineWithoutNewlineCounts() throws Exception {
        assertThat(SegmentFiles.readLines(write("a", "x\r\n\ny\u2028z\nlast"))).containsExactly("x\r", "", "y\u2028z", "last");
        assertThat(SegmentFiles.readLines(write("b", "x\n"))).containsExactly("x");
        assertThat(SegmentFiles.readLines(write("c", ""))).isEmpty();
    }

    @Test
    void aByteOrderMarkStaysInTheFirstSegmentAsPythonsUtf8CodecKeepsIt() throws Exception {
        Path p = write("bom", new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, 'a', '\n'});
        assertThat(SegmentFiles.readLines(p)).containsExactly("\ufeffa");
    }

    @Test
    void invalidUtf8NamesTheFileAndLine() throws Exception {
        Path p = write("bad", new byte[] {'o', 'k', '\n', 'a', (byte) 0xff, 'b', '\n'});
        assertThatThrownBy(() -> SegmentFiles.readLines(p))
                .isInstanceOf(InputFormatException.class)
                .hasMessage(p + ":2: invalid UTF-8 (byte 0xff at byte 2 of the line)");
    }

    @Test
    void missingFileAndDirectoryAreNamed() {
        Path missing = dir.resolve("nope.txt");
        assertThatThrownBy(() -> SegmentFiles.readLines(missing)).isInstanceOf(InputFormatException.class)
                .hasMessage(missing + ": no such file");
        assertThatThrownBy(() -> SegmentFiles.readLines(dir)).isInstanceOf(InputFormatException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void scoreFilesNamesBothFilesWhenLineCountsDiffer() throws Exception {
        Path hyp = write("hyp", "a\nb\n");
        Path ref = write("ref", "a\n");
        assertThatThrownBy(() -> Bleu.defaults().scoreFiles(hyp, ref)).isInstanceOf(SeqlabException.class)
                .hasMessage("line counts differ: hypothesis file " + hyp + " has 2 lines, reference file " + ref
                        + " has 1");
    }

    @Test
    void scoreFilesScoresABlankReferenceLineAsAnEmptyReference() throws Exception {
        // sacreBLEU's command line strips trailing whitespace, so " \t" is the empty reference: length 0, no n-grams
        Path hyp = write("hyp", "a b\nc d\n");
        Path ref = write("ref", "a b\n \t\n");
        BleuScore s = Bleu.defaults().scoreFiles(hyp, ref);
        assertThat(s.refLen()).isEqualTo(2);
        assertThat(s.sysLen()).isEqualTo(4);
        assertThat(s.counts()).containsExactly(2, 1, 0, 0);
        assertThat(s.totals()).containsExactly(4, 2, 0, 0);
        assertThat(s.score()).isEqualTo(Bleu.corpusScore(List.of("a b", "c d"), List.of("a b", "")).score());
    }

    @Test
    void scoreFilesRefusesTwoEmptyFilesAsSacreBleuDoes() throws Exception {
        Path hyp = write("hyp", "");
        Path ref = write("ref", "");
        assertThatThrownBy(() -> Bleu.defaults().scoreFiles(hyp, ref)).isInstanceOf(InputFormatException.class)
                .hasMessage(hyp + ": empty file, no segment to score (the reference file " + ref
                        + " is empty too; sacreBLEU refuses an empty corpus)");
    }

    @Test
    void scoreFilesEqualsScoringTheLines() throws Exception {
        Path hyp = write("hyp", "the cat sat on the mat\na dog.\n");
        Path ref = write("ref", "the cat is on the mat \r\na dog barks.");
        BleuScore s = Bleu.defaults().scoreFiles(hyp, ref);
        assertThat(s.score()).isEqualTo(Bleu.corpusScore(List.of("the cat sat on the mat", "a dog."),
                List.of("the cat is on the mat", "a dog barks.")).score());
    }
}
