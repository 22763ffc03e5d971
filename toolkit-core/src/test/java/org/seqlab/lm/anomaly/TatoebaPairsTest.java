package org.seqlab.lm.anomaly;

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
import org.seqlab.SharedData;

class TatoebaPairsTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private Path write(String name, String content) throws Exception {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEnglishFrenchAndAttributionWithLineNumbers() throws Exception {
        Path p = write("pairs.txt", "Go.\tVa !\tCC-BY 2.0 (France) #1\r\nI'm tired.\tJe suis fatigué.\tCC-BY #2");
        List<SentencePair> pairs = TatoebaPairs.read(p);
        assertThat(pairs).containsExactly(new SentencePair("Go.", "Va !", "CC-BY 2.0 (France) #1", 1),
                new SentencePair("I'm tired.", "Je suis fatigué.", "CC-BY #2", 2));
    }

    @Test
    void badLinesNameTheFileAndTheLine() throws Exception {
        Path twoFields = write("two.txt", "Go.\tVa !\tx\nHi.\tSalut !\n");
        assertThatThrownBy(() -> TatoebaPairs.read(twoFields)).isInstanceOf(InputFormatException.class)
                .hasMessage(twoFields + ":2: expected 3 tab-separated fields (English, French, attribution), found 2");
        Path emptyFrench = write("empty.txt", "Go.\tVa !\tx\nGo.\tVa !\tx\nHi.\t \tx\n");
        assertThatThrownBy(() -> TatoebaPairs.read(emptyFrench)).hasMessage(emptyFrench + ":3: empty French sentence");
        Path blank = write("blank.txt", "Go.\tVa !\tx\n\nHi.\tSalut !\tx\n");
        assertThatThrownBy(() -> TatoebaPairs.read(blank)).hasMessageStartingWith(blank + ":2: expected 3");
    }

    @Test
    void invalidUtf8IsReportedOnItsOwnLine() throws Exception {
        byte[] good = "Go.\tVa !\tx\n".getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[good.length * 2 + 4];
        System.arraycopy(good, 0, content, 0, good.length);
        System.arraycopy(good, 0, content, good.length, good.length);
        content[2 * good.length] = 'A';
        content[2 * good.length + 1] = '\t';
        content[2 * good.length + 2] = (byte) 0xC3; // a lead byte followed by a tab: malformed
        content[2 * good.length + 3] = '\t';
        Path p = write("bad.txt", content);
        assertThatThrownBy(() -> TatoebaPairs.read(p)).isInstanceOf(InputFormatException.class)
                .hasMessage(p + ":3: not valid UTF-8");
    }

    @Test
    void aMissingFileIsAUserError() {
        Path missing = dir.resolve("none.txt");
        assertThatThrownBy(() -> TatoebaPairs.read(missing)).isInstanceOf(SeqlabException.class)
                .hasMessage(missing + ": no such file");
    }

    @Test
    void readsTheSharedTatoebaHead() {
        Path file = SharedData.data("tatoeba/eng-fra.head5000.txt");
        List<SentencePair> pairs = TatoebaPairs.read(file);
        assertThat(pairs).hasSize(5000);
        // first and last lines of the file, as printed by `sed -n 1p` and `sed -n 5000p`
        assertThat(pairs.get(0).english()).isEqualTo("Go.");
        assertThat(pairs.get(0).french()).isEqualTo("Va !");
        assertThat(pairs.get(4999).english()).isEqualTo("I'm so tired!");
        assertThat(pairs.get(4999).french()).isEqualTo("Je suis si fatigu\u00e9\u202f!"); // narrow no-break space
        assertThat(pairs.get(4999).line()).isEqualTo(5000);
    }
}
