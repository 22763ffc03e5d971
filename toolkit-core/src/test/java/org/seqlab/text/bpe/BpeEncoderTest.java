package org.seqlab.text.bpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.seqlab.InputFormatException;

class BpeEncoderTest {

    /** The thirteen merges of BpeLearnerTest's ten-line text, worked on paper there. */
    static BpeCodes tenLineCodes() {
        return BpeCodes.of(BpeLearnerTest.TEN_LINE_MERGES.stream()
                .map(s -> new BpeMerge(s.substring(0, s.indexOf(' ')), s.substring(s.indexOf(' ') + 1))).toList());
    }

    static BpeCodes codes(String text) throws Exception {
        return BpeCodes.read(new BufferedReader(new StringReader(text)), "test.codes");
    }

    private static BpeEncoder encoder(BpeCodes codes) {
        return BpeEncoder.builder().setCodes(codes).build();
    }

    @Test
    void appliesTheLowestRankedPairFirst() {
        BpeEncoder e = encoder(tenLineCodes());
        // lowest: l o w e s t</w> -> (s,t</w>)#0 -> (e,st</w>)#1 -> (l,o)#2 -> (w,est</w>)#3; (lo,west</w>) has no rank.
        assertThat(e.segment("lowest")).containsExactly("lo", "west");
        // newer: (n,e)#4 -> ne w e r</w> -> (w,e)#10 -> (we,r</w>)#11 -> ne wer</w>.
        assertThat(e.segment("newer")).containsExactly("ne", "wer");
        // wider: (w,i)#7 -> (wi,d)#8 -> wid e r</w>: (wid,e) and (e,r</w>) have no rank.
        assertThat(e.segment("wider")).containsExactly("wid", "e", "r");
        assertThat(e.segment("newest")).containsExactly("newest");
        assertThat(e.segment("est")).containsExactly("est");
    }

    @Test
    void theEndOfWordMarkMatters() {
        // "s t</w>" merges a word-final t only: in "sts" the t is not final.
        assertThat(encoder(tenLineCodes()).segment("sts")).containsExactly("s", "t", "s");
    }

    @Test
    void encodesLinesWithSeparatorsAndKeepsUnknownCharacters() {
        BpeEncoder e = encoder(tenLineCodes());
        assertThat(e.encodeLine("lowest newer wider low newest a xyz"))
                .isEqualTo("lo@@ west ne@@ wer wid@@ e@@ r low newest a x@@ y@@ z");
        assertThat(e.encodeTokens(List.of("lowest", "a"))).containsExactly("lo@@", "west", "a");
    }

    @Test
    void keepsTheLineEndsSpacesAndCollapsesInnerRuns() {
        BpeEncoder e = encoder(tenLineCodes());
        assertThat(e.encodeLine("  lowest   newer ")).isEqualTo("  lo@@ west ne@@ wer ");
        assertThat(e.encodeLine("")).isEmpty();
        assertThat(e.encodeLine("   ")).isEqualTo("   ");
    }

    @Test
    void usesTheGivenSeparator() {
        BpeEncoder e = BpeEncoder.builder().setCodes(tenLineCodes()).optSeparator("##").build();
        assertThat(e.encodeLine("lowest")).isEqualTo("lo## west");
    }

    @Test
    void decodingUndoesEncoding() {
        BpeEncoder e = encoder(tenLineCodes());
        BpeDecoder d = new BpeDecoder();
        for (String line : List.of("lowest newer wider", "low newest widest lower", "xyz sts a", "Ünïcödé \uD83D\uDE00s",
                "newest")) {
            assertThat(d.decode(e.encodeLine(line))).isEqualTo(line);
            assertThat(d.decodeTokens(e.encodeTokens(List.of(line.split(" "))))).containsExactly(line.split(" "));
        }
    }

    @Test
    void headerlessCodesAreVersion01WithASeparateEndOfWordSymbol() throws Exception {
        String merges = "l o\nlo w\nlow </w>\n";
        // 0.1: low = l o w </w> -> lo w </w> -> low </w> -> low</w>; lows = ... low s </w>.
        BpeEncoder v01 = encoder(codes(merges));
        assertThat(v01.encodeLine("low lows")).isEqualTo("low low@@ s");
        // 0.2: low = l o w</w> -> lo w</w>: (lo,w</w>) is no merge, (lo,w) needs a non-final w.
        BpeEncoder v02 = encoder(codes("#version: 0.2\n" + merges));
        assertThat(v02.encodeLine("low lows")).isEqualTo("lo@@ w low@@ s");
    }

    @Test
    void glossariesAreNeverSplitAndAreIsolatedInsideWords() {
        BpeEncoder e = BpeEncoder.builder().setCodes(tenLineCodes()).optGlossaries(List.of("new", "\\d+")).build();
        // newest -> "new" (glossary) + "est" (encoded as a word of its own: e s t</w> -> est</w>)
        assertThat(e.segment("newest")).containsExactly("new", "est");
        assertThat(e.segment("lowest2020")).containsExactly("lo", "west", "2020");
        assertThat(e.segment("newnew")).containsExactly("new", "new");
        assertThat(e.segment("12345")).containsExactly("12345");
        assertThat(e.encodeLine("x12y")).isEqualTo("x@@ 12@@ y");
    }

    @Test
    void vocabularyThresholdSplitsRareSubwordsBack() {
        BpeVocabulary v = BpeVocabulary.of(Map.of("lo@@", 5L, "w@@", 4L, "west", 1L, "est", 7L));
        BpeCodes c = tenLineCodes();
        // threshold 1: all known -> lo@@ west.
        assertThat(BpeEncoder.builder().setCodes(c).optVocabulary(v, 1).build().encodeLine("lowest"))
                .isEqualTo("lo@@ west");
        // threshold 2: west (1) is rare: its merge was (w, est</w>); w@@ (4) and est (7) are kept.
        assertThat(BpeEncoder.builder().setCodes(c).optVocabulary(v, 2).build().encodeLine("lowest"))
                .isEqualTo("lo@@ w@@ est");
        // threshold 6: only est survives; lo -> (l,o) -> l o; west -> w + est.
        assertThat(BpeEncoder.builder().setCodes(c).optVocabulary(v, 6).build().encodeLine("lowest"))
                .isEqualTo("l@@ o@@ w@@ est");
        // threshold 8 leaves the vocabulary empty, which (as in subword-nmt) filters nothing.
        assertThat(BpeEncoder.builder().setCodes(c).optVocabulary(v, 8).build().encodeLine("lowest"))
                .isEqualTo("lo@@ west");
    }

    @Test
    void emptyCodesSplitWordsIntoCharacters() throws Exception {
        BpeEncoder e = encoder(codes("#version: 0.2\n"));
        assertThat(e.encodeLine("ab c")).isEqualTo("a@@ b c");
    }

    @Test
    void keepsSurrogatePairsWhole() throws Exception {
        BpeEncoder e = encoder(codes("#version: 0.2\na \uD83D\uDE00\n"));
        assertThat(e.segment("a\uD83D\uDE00b")).containsExactly("a\uD83D\uDE00", "b");
        assertThat(e.segment("\uD83D\uDE00\uD83D\uDE01")).containsExactly("\uD83D\uDE00", "\uD83D\uDE01");
    }

    @Test
    void aMergeLimitUsesTheFirstMergesOnly() {
        BpeEncoder e = encoder(tenLineCodes().limit(2));
        // only (s,t</w>) and (e,st</w>)
        assertThat(e.segment("lowest")).containsExactly("l", "o", "w", "est");
    }

    private static String encodeStream(BpeEncoder e, String text, int threads) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        e.encode(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), out, "in.txt", threads);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void streamEncodingTreatsLineEndsAsSubwordNmtDoes() throws Exception {
        BpeEncoder e = encoder(tenLineCodes());
        // CR LF and CR become LF; spaces at line ends stay; a last line without a line end gets none.
        assertThat(encodeStream(e, "lowest  newer \r\nwider\rlow\n\n  \nnewest", 1))
                .isEqualTo("lo@@ west ne@@ wer \nwid@@ e@@ r\nlow\n\n  \nnewest");
        assertThat(encodeStream(e, "", 1)).isEmpty();
        assertThat(encodeStream(e, "\u00fcber \uD83D\uDE00x\n", 1)).isEqualTo("\u00fc@@ b@@ e@@ r \uD83D\uDE00@@ x\n");
    }

    @Test
    void parallelStreamEncodingKeepsTheLineOrder() throws Exception {
        // More than one 256 KiB chunk of lines, so that blocks are cut and encoded on two threads.
        Random r = new Random(7);
        String[] words = {"low", "lowest", "newer", "wider", "newest", "xyz", "sts", "\u00e4\u00df", "widest"};
        StringBuilder text = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        BpeEncoder e = encoder(tenLineCodes());
        for (int i = 0; i < 30000; i++) {
            StringBuilder line = new StringBuilder();
            for (int k = r.nextInt(5); k >= 0; k--) {
                line.append(words[r.nextInt(words.length)]).append(' ');
            }
            text.append(line).append('\n');
            expected.append(e.encodeLine(line.toString())).append('\n');
        }
        assertThat(text.length()).isGreaterThan(300_000);
        assertThat(encodeStream(encoder(tenLineCodes()), text.toString(), 2)).isEqualTo(expected.toString());
        assertThat(encodeStream(encoder(tenLineCodes()), text.toString(), 1)).isEqualTo(expected.toString());
    }

    @Test
    void invalidUtf8NamesTheSourceAndLine() {
        BpeEncoder e = encoder(tenLineCodes());
        byte[] bad = {'l', 'o', 'w', '\n', 'a', ' ', (byte) 0xC3, '(', '\n'};
        assertThatThrownBy(() -> e.encode(new ByteArrayInputStream(bad), new ByteArrayOutputStream(), "in.txt", 1))
                .isInstanceOf(InputFormatException.class).hasMessage("in.txt:2: not valid UTF-8");
    }
}
