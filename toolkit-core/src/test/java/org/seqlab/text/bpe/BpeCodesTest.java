package org.seqlab.text.bpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.InputFormatException;

class BpeCodesTest {

    @Test
    void readsCodesWithTheVersionHeader(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("codes"), "#version: 0.2\ni n\ne n</w>\n\n");
        BpeCodes c = BpeCodes.read(f);
        assertThat(c.separateEndOfWord()).isFalse();
        assertThat(c.merges()).containsExactly(new BpeMerge("i", "n"), new BpeMerge("e", "n</w>"));
    }

    @Test
    void readsCodesWithoutHeaderAsVersion01(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("codes"), "i n\r\ne n\n");
        BpeCodes c = BpeCodes.read(f);
        assertThat(c.separateEndOfWord()).isTrue();
        assertThat(c.merges()).containsExactly(new BpeMerge("i", "n"), new BpeMerge("e", "n"));
    }

    @Test
    void writesWhatItReads(@TempDir Path dir) throws Exception {
        String text = "#version: 0.2\ns t</w>\ne st</w>\n\u00e4 \uD83D\uDE00\n";
        Path f = Files.writeString(dir.resolve("codes"), text);
        Path g = dir.resolve("copy");
        BpeCodes.read(f).write(g);
        assertThat(Files.readString(g, StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    void malformedLinesNameTheFileAndLine(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("bad.codes"), "#version: 0.2\na b\nabc\n");
        assertThatThrownBy(() -> BpeCodes.read(f))
                .isInstanceOf(InputFormatException.class)
                .hasMessage(f + ":3: expected two symbols separated by one space ('left right'), found 'abc'");
        Path g = Files.writeString(dir.resolve("three.codes"), "a b\nc d e\n");
        assertThatThrownBy(() -> BpeCodes.read(g)).hasMessageStartingWith(g + ":2: ");
        Path h = Files.writeString(dir.resolve("blank.codes"), "a b\n\nc d\n");
        assertThatThrownBy(() -> BpeCodes.read(h)).hasMessage(h + ":2: empty line in BPE codes (expected 'left right')");
    }

    @Test
    void refusesUnknownVersions(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("v3.codes"), "#version: 0.3\na b\n");
        assertThatThrownBy(() -> BpeCodes.read(f)).hasMessageStartingWith(f + ":1: unsupported BPE codes version '0.3'");
        Path b = Files.writeString(dir.resolve("byte.codes"), "#version: 0.2 byte\na b\n");
        assertThatThrownBy(() -> BpeCodes.read(b)).hasMessageContaining("byte-level");
    }

    @Test
    void refusesInvalidUtf8(@TempDir Path dir) throws Exception {
        Path f = Files.write(dir.resolve("latin1.codes"), new byte[] {'a', ' ', (byte) 0xE9, '\n'});
        assertThatThrownBy(() -> BpeCodes.read(f)).isInstanceOf(InputFormatException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void aHeaderAloneIsNoMerges(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("empty.codes"), "#version: 0.2\n");
        assertThat(BpeCodes.read(f).size()).isZero();
    }

    @Test
    void aDuplicatePairKeepsItsFirstRank() {
        BpeCodes c = BpeCodes.of(List.of(new BpeMerge("a", "b"), new BpeMerge("c", "d"), new BpeMerge("a", "b")));
        int a = c.symbolId("a");
        int b = c.symbolId("b");
        assertThat(c.rank(a, b)).isZero();
        assertThat(c.limit(1).size()).isEqualTo(1);
    }
}
