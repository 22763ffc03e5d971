package org.seqlab.seq2seq.bleu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class PythonTextTest {

    @Test
    void whitespaceIsExactlyPython311sIsspaceSet() {
        // [hex(c) for c in range(0x110000) if chr(c).isspace()] on Python 3.11.2
        List<Integer> python = List.of(0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
                0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029,
                0x202f, 0x205f, 0x3000);
        List<Integer> ours = new ArrayList<>();
        for (int c = 0; c <= 0xffff; c++) {
            if (PythonText.isSpace((char) c)) {
                ours.add(c);
            }
        }
        assertThat(ours).isEqualTo(python);
    }

    @Test
    void splitAndRstripUsePythonWhitespace() {
        assertThat(PythonText.split("\u00a0a  b\u3000")).containsExactly("a", "b");
        assertThat(PythonText.split("")).isEmpty();
        assertThat(PythonText.rstrip("a b \u00a0\r")).isEqualTo("a b");
        assertThat(PythonText.rstrip("\u200b")).isEqualTo("\u200b");
    }
}
