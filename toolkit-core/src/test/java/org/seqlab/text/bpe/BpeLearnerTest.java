package org.seqlab.text.bpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeLearnerTest {

    /**
     * Ten lines: low x5, lower x2, newest x6, widest x3 (Sennrich et al.'s example), two lines blank or spaces only.
     */
    static final List<String> TEN_LINES = List.of(
            "low low", "low lower", "newest newest", "newest widest", "low newest",
            "widest newest", "lower widest", "newest low", "   ", "");

    /**
     * Worked on paper. Start: pairs (e,s) 9, (s,t&lt;/w&gt;) 9, (w,e) 8, (l,o) 7, (n,e) 6, (e,w) 6, (o,w&lt;/w&gt;) 5, ...
     * Ties go to the larger (left, right) by code point: s > e, w > n > e, 'we' > 'lo' > 'e'.
     */
    static final List<String> TEN_LINE_MERGES = List.of(
            "s t</w>",      // 9, tie with (e,s) 9: s > e
            "e st</w>",     // 9 (newest 6 + widest 3)
            "l o",          // 7
            "w est</w>",    // 6, tie with (n,e), (e,w): w largest
            "n e",          // 6, tie with (e,west</w>): n > e
            "ne west</w>",  // 6
            "lo w</w>",     // 5
            "w i",          // 3, tie with (i,d), (d,est</w>)
            "wi d",         // 3, tie with (d,est</w>): wi > d
            "wid est</w>",  // 3
            "w e",          // 2, tie with (lo,w), (e,r</w>)
            "we r</w>",     // 2, tie with (lo,we)
            "lo wer</w>");  // 2; then no pair is left

    private static List<String> strings(BpeCodes codes) {
        return codes.merges().stream().map(m -> m.left() + " " + m.right()).collect(Collectors.toList());
    }

    @Test
    void learnsTheHandComputedMergesOfTheTenLineText() {
        BpeCodes codes = BpeLearner.builder().setMerges(50).build().learn(WordCounts.ofLines(TEN_LINES));
        assertThat(strings(codes)).containsExactlyElementsOf(TEN_LINE_MERGES);
        assertThat(codes.separateEndOfWord()).isFalse();
    }

    @Test
    void stopsAfterTheRequestedNumberOfMerges() {
        BpeCodes codes = BpeLearner.builder().setMerges(4).build().learn(WordCounts.ofLines(TEN_LINES));
        assertThat(strings(codes)).containsExactlyElementsOf(TEN_LINE_MERGES.subList(0, 4));
    }

    @Test
    void stopsWhenNoPairReachesTheMinimumFrequency() {
        BpeCodes codes = BpeLearner.builder().setMerges(50).optMinFrequency(3).build().learn(WordCounts.ofLines(TEN_LINES));
        assertThat(strings(codes)).containsExactlyElementsOf(TEN_LINE_MERGES.subList(0, 10));
    }

    @Test
    void countsWordsSplitOnSpacesOnly() {
        WordCounts wc = WordCounts.ofLines(TEN_LINES);
        assertThat(wc.size()).isEqualTo(4);
        assertThat(wc.count("low")).isEqualTo(5);
        assertThat(wc.count("lower")).isEqualTo(2);
        assertThat(wc.count("newest")).isEqualTo(6);
        assertThat(wc.count("widest")).isEqualTo(3);
        // A tab is not a word boundary for subword-nmt, so neither is it here.
        assertThat(WordCounts.ofLines(List.of("a\tb  c")).count("a\tb")).isEqualTo(1);
    }

    @Test
    void jointLearningCountsAllFilesTogether(@TempDir Path dir) throws Exception {
        Path en = Files.writeString(dir.resolve("a.en"), String.join("\n", TEN_LINES.subList(0, 5)) + "\n");
        Path de = Files.writeString(dir.resolve("a.de"), String.join("\n", TEN_LINES.subList(5, 10)) + "\n");
        BpeCodes codes = BpeLearner.builder().setMerges(50).build().learn(WordCounts.ofFiles(List.of(en, de)));
        assertThat(strings(codes)).containsExactlyElementsOf(TEN_LINE_MERGES);
    }

    @Test
    void emptyInputLearnsNoMerges() {
        BpeCodes codes = BpeLearner.builder().setMerges(10).build().learn(WordCounts.ofLines(List.of("", "  ")));
        assertThat(codes.size()).isZero();
    }

    @Test
    void breaksTiesByCodePointNotByUtf16Unit() {
        // U+1D11E (a surrogate pair in UTF-16) is above U+FB01 as a code point but below it as UTF-16 units; Python,
        // and so subword-nmt, compares code points: the pair starting with U+1D11E wins the tie.
        BpeCodes codes = BpeLearner.builder().setMerges(5).optMinFrequency(1).build()
                .learn(WordCounts.ofLines(List.of("\uD834\uDD1Ex \uFB01x")));
        assertThat(strings(codes)).containsExactly("\uD834\uDD1E x</w>", "\uFB01 x</w>");
    }

    @Test
    void keepsSurrogatePairsWholeAsSymbols() {
        BpeCodes codes = BpeLearner.builder().setMerges(5).build()
                .learn(WordCounts.ofLines(List.of("a\uD83D\uDE00b a\uD83D\uDE00b")));
        // a 😀 b</w> x2: pairs (a,😀) 2, (😀,b</w>) 2; 😀 (U+1F600) > a, so (😀,b</w>) first.
        assertThat(strings(codes)).containsExactly("\uD83D\uDE00 b</w>", "a \uD83D\uDE00b</w>");
    }

    @Test
    void updatesOnlyThePairsAroundEachMerge() {
        // abc x3 = a b c</w>; bcd x2 = b c d</w>.
        BpeCodes codes = BpeLearner.builder().setMerges(10).build()
                .learn(WordCounts.ofLines(List.of("abc abc abc bcd bcd")));
        // (b,c</w>) 3, (a,b) 3, (b,c) 2, (c,d</w>) 2 -> tie at 3: b > a -> "b c</w>"; then (a, bc</w>) 3;
        // then (b,c) 2 vs (c,d</w>) 2: c > b -> "c d</w>"; then (b, cd</w>) 2.
        assertThat(strings(codes)).containsExactly("b c</w>", "a bc</w>", "c d</w>", "b cd</w>");
    }

    @Test
    void builderRequiresTheMergeCount() {
        assertThatThrownBy(() -> BpeLearner.builder().build()).hasMessageContaining("setMerges");
        assertThatThrownBy(() -> BpeLearner.builder().setMerges(-1)).hasMessageContaining(">= 0");
    }

    @Test
    void countsFilesAsTheLinesTheyHold(@TempDir Path dir) throws Exception {
        // More than one 256 KiB read, line ends of all three kinds, a last line without one.
        StringBuilder text = new StringBuilder();
        java.util.Random r = new java.util.Random(3);
        String[] words = {"low", "lower", "newest", "widest", "\u00fcber", "\uD83D\uDE00x", "a"};
        String[] ends = {"\n", "\r\n", "\r", "  \n"};
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 40000; i++) {
            StringBuilder line = new StringBuilder();
            for (int k = r.nextInt(4); k >= 0; k--) {
                line.append(words[r.nextInt(words.length)]).append(r.nextBoolean() ? " " : "  ");
            }
            lines.add(line.toString());
            text.append(line).append(ends[r.nextInt(ends.length)]);
        }
        text.append("low lower");
        lines.add("low lower");
        Path f = Files.writeString(dir.resolve("big.txt"), text);
        assertThat(Files.size(f)).isGreaterThan(300_000);
        WordCounts fromFile = WordCounts.ofFiles(List.of(f));
        WordCounts fromLines = WordCounts.ofLines(lines);
        assertThat(fromFile.size()).isEqualTo(words.length);
        for (String w : words) {
            assertThat(fromFile.count(w)).as(w).isEqualTo(fromLines.count(w)).isPositive();
        }
    }

    @Test
    void invalidUtf8InAFileNamesTheFileAndLine(@TempDir Path dir) throws Exception {
        Path f = Files.write(dir.resolve("bad.txt"), new byte[] {'a', '\r', '\n', 'b', '\n', 'c', ' ', (byte) 0xFF, '\n'});
        assertThatThrownBy(() -> WordCounts.ofFiles(List.of(f))).isInstanceOf(org.seqlab.InputFormatException.class)
                .hasMessage(f + ":3: not valid UTF-8");
    }
}
