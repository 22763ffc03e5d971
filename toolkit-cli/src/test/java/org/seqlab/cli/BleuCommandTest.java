package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code seqlab bleu} in-process; expected figures were counted by hand and checked with sacreBLEU 2.6.0. */
class BleuCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private List<String> outLines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void printsSacreBleusLineSignatureAndFullPrecisionScoreLast() throws Exception {
        Path hyp = file("hyp.txt", "the cat sat on the mat\na dog.\n");
        Path ref = file("ref.txt", "the cat is on the mat\na dog barks.\n");
        int rc = SeqlabCommand.execute("bleu", hyp.toString(), ref.toString());
        assertThat(rc).as(errText()).isZero();
        assertThat(outLines()).containsExactly(
                "BLEU = 32.28 88.9/57.1/20.0/16.7 (BP = 0.895 ratio = 0.900 hyp_len = 9 ref_len = 10)",
                "signature nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0",
                "BLEU 32.27877919870643");
    }

    @Test
    void lowercaseAndSmoothingOptionsReachTheScoreAndSignature() throws Exception {
        Path hyp = file("hyp.txt", "EIN MANN LÄUFT\n");
        Path ref = file("ref.txt", "ein Mann läuft schnell\n");
        int rc = SeqlabCommand.execute("bleu", "--lowercase", "--smooth", "floor", "--smooth-value", "0.25",
                hyp.toString(), ref.toString());
        assertThat(rc).as(errText()).isZero();
        // 3/3, 2/2, 1/1, no 4-gram at all: precision 0 and score 0 whatever the smoothing
        assertThat(outLines()).containsExactly(
                "BLEU = 0.00 100.0/100.0/100.0/0.0 (BP = 0.717 ratio = 0.750 hyp_len = 3 ref_len = 4)",
                "signature nrefs:1|case:lc|eff:no|tok:13a|smooth:floor[0.25]|version:2.6.0",
                "BLEU 0.0");
    }

    @Test
    void missingFileFailsWithOneLineNamingIt() throws Exception {
        Path ref = file("ref.txt", "a\n");
        Path missing = dir.resolve("missing.txt");
        int rc = SeqlabCommand.execute("bleu", missing.toString(), ref.toString());
        assertThat(rc).isEqualTo(1);
        assertThat(errText().strip()).isEqualTo("seqlab: " + missing + ": no such file");
        assertThat(out.size()).isZero();
    }

    @Test
    void differentLineCountsFailNamingBothFilesAndCounts() throws Exception {
        Path hyp = file("hyp.txt", "a\nb\nc\n");
        Path ref = file("ref.txt", "a\nb\n");
        int rc = SeqlabCommand.execute("bleu", hyp.toString(), ref.toString());
        assertThat(rc).isEqualTo(1);
        assertThat(errText().strip()).isEqualTo("seqlab: line counts differ: hypothesis file " + hyp
                + " has 3 lines, reference file " + ref + " has 2");
    }

    @Test
    void invalidUtf8FailsNamingFileAndLine() throws Exception {
        Path hyp = Files.write(dir.resolve("hyp.txt"), new byte[] {'a', '\n', (byte) 0xc3, '\n'});
        Path ref = file("ref.txt", "a\nb\n");
        int rc = SeqlabCommand.execute("bleu", hyp.toString(), ref.toString());
        assertThat(rc).isEqualTo(1);
        assertThat(errText()).startsWith("seqlab: " + hyp + ":2: invalid UTF-8");
    }

    @Test
    void unknownSmoothingIsAUsageErrorWithAPlainMessage() throws Exception {
        Path f = file("x.txt", "a\n");
        int rc = SeqlabCommand.execute("bleu", "--smooth", "laplace", f.toString(), f.toString());
        assertThat(rc).isEqualTo(2);
        assertThat(errText().lines().findFirst().orElse("")).isEqualTo("seqlab: Invalid value for option '--smooth':"
                + " unknown smoothing 'laplace' (expected exp, none, floor or add-k)");
        assertThat(errText()).doesNotContain("Exception");
    }

    @Test
    void aNegativeOrNaNSmoothingValueIsAUsageError() throws Exception {
        Path f = file("x.txt", "a\n");
        for (String v : new String[] {"-1", "NaN", "Infinity"}) {
            err.reset();
            int rc = SeqlabCommand.execute("bleu", "--smooth", "floor", "--smooth-value", v, f.toString(),
                    f.toString());
            assertThat(rc).as(v).isEqualTo(2);
            assertThat(errText().lines().findFirst().orElse(""))
                    .isEqualTo("seqlab: --smooth-value must be >= 0 and finite, not " + Double.parseDouble(v));
        }
        assertThat(out.size()).isZero();
    }

    @Test
    void aBlankReferenceLineIsScoredAsAnEmptyReference() throws Exception {
        Path hyp = file("hyp.txt", "Ein Hund.\nEine Katze sitzt.\n");
        Path ref = file("ref.txt", "Ein Hund.\n\n");
        int rc = SeqlabCommand.execute("bleu", hyp.toString(), ref.toString());
        assertThat(rc).as(errText()).isZero();
        // "Ein Hund ." matches itself: 3, 2, 1 of 3, 2, 1 n-grams, no 4-gram; "Eine Katze sitzt ." has 4, 3, 2, 1
        // n-grams and the empty reference none to match: counts 3, 2, 1, 0 of totals 7, 5, 3, 1; ref_len 3 + 0.
        // Order 4 has no match: exp smoothing makes it 100 / (2 * 1) = 50. BP = 1 (7 >= 3).
        // BLEU = (300/7 * 200/5 * 100/3 * 50)^(1/4) = 41.113...
        assertThat(outLines()).containsExactly(
                "BLEU = 41.11 42.9/40.0/33.3/50.0 (BP = 1.000 ratio = 2.333 hyp_len = 7 ref_len = 3)",
                "signature nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0",
                "BLEU 41.11336169005198");
    }

    @Test
    void twoEmptyFilesAreAnErrorNotAScoreOfZero() throws Exception {
        Path hyp = file("hyp.txt", "");
        Path ref = file("ref.txt", "");
        int rc = SeqlabCommand.execute("bleu", hyp.toString(), ref.toString());
        assertThat(rc).isEqualTo(1);
        assertThat(errText().strip()).isEqualTo("seqlab: " + hyp + ": empty file, no segment to score (the reference"
                + " file " + ref + " is empty too; sacreBLEU refuses an empty corpus)");
        assertThat(out.size()).isZero();
    }
}
