package org.seqlab.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.seqlab.seq2seq.SubwordCodec.WordSplit;

class SubwordCodecTest {
    private static final List<String> CAPTIONS = List.of(
            "A man climbs a fence.",
            "The fence is wooden.",
            "A girl in a t-shirt, jumping over the fence.",
            "Two men, in the 1990s, build a fence!",
            "Ein Mädchen klettert über einen Zaun.");

    @Test
    void wordsAreCutBetweenLettersDigitsAndOtherCharacters() {
        assertThat(SubwordCodec.units("t-shirt,")).containsExactly("t", "-", "shirt", ",");
        assertThat(SubwordCodec.units("1990s")).containsExactly("1990", "s");
        assertThat(SubwordCodec.units("Mädchen")).containsExactly("Mädchen");
        assertThat(SubwordCodec.units("...")).containsExactly("...");
        // a combining acute accent stays with its letter; a letter outside the BMP is one letter
        assertThat(SubwordCodec.units("cafe\u0301.")).containsExactly("cafe\u0301", ".");
        assertThat(SubwordCodec.units("\uD835\uDC00b2")).containsExactly("\uD835\uDC00b", "2");
    }

    @Test
    void punctuationBecomesItsOwnPieceAndDecodesBackOntoItsWord() {
        WordSplit split = WordSplit.CHARACTER_CLASSES;
        SubwordCodec codec = SubwordCodec.learn(List.of(repeat(CAPTIONS, 20)), 60, split);
        assertThat(codec.wordSplit()).isEqualTo(split);
        // "fence" is frequent enough to be one piece, and the same piece before a full stop; the full stop joins it
        // from the left, the hyphen joins both sides, the letters-digits cut is marked on the digits
        assertThat(codec.pieces("A fence")).containsExactly("A", "fence");
        assertThat(codec.pieces("A fence.")).containsExactly("A", "fence", "@@.");
        assertThat(codec.pieces("t-shirt,")).containsExactly("t", "@@-@@", "shirt", "@@,");
        assertThat(codec.pieces("1990s")).containsExactly("1@@", "9@@", "9@@", "0@@", "s"); // digits: no merges learnt
        assertThat(codec.pieces("(fence)")).containsExactly("(@@", "fence", "@@)");
        for (String line : CAPTIONS) {
            assertThat(codec.decode(codec.encode(line))).as(line).isEqualTo(line);
        }
        assertThat(codec.decode(codec.encode("  Two   men.  "))).isEqualTo("Two men.");
        for (String line : List.of("A t-shirt, 1990s fence!", "Two men, jumping over a wooden fence.")) {
            assertThat(codec.decode(codec.encode(line))).as(line).isEqualTo(line);
        }
        assertThat(codec.vocabulary().contains("fence.")).isFalse();
        // where a long line may be cut: never inside "t-shirt," or before a glued full stop
        List<String> p = codec.pieces("a t-shirt, a fence.");
        assertThat(p).containsExactly("a", "t", "@@-@@", "shirt", "@@,", "a", "fence", "@@.");
        boolean[] cut = new boolean[p.size()];
        for (int i = 0; i < p.size(); i++) {
            cut[i] = !codec.joinsNext(p.get(i), i + 1 < p.size() ? p.get(i + 1) : null);
        }
        assertThat(cut).containsExactly(true, false, false, false, true, true, false, true);
    }

    @Test
    void withoutTheSplitBpeRunsOnWholeWordsAsBefore() {
        SubwordCodec codec = SubwordCodec.learn(List.of(repeat(CAPTIONS, 20)), 60);
        assertThat(codec.wordSplit()).isEqualTo(WordSplit.NONE);
        assertThat(codec.pieces("A fence.")).last().asString().endsWith(".");
        assertThat(codec.pieces("A fence.")).doesNotContain(".");
        assertThat(codec.joinsNext("fence", "@@.")).as("no prefix marks without the split").isFalse();
        for (String line : CAPTIONS) {
            assertThat(codec.decode(codec.encode(line))).as(line).isEqualTo(line);
        }
    }

    @Test
    void theSplitSurvivesTheTextsOfABundle() {
        SubwordCodec codec = SubwordCodec.learn(List.of(repeat(CAPTIONS, 20)), 60, WordSplit.CHARACTER_CLASSES);
        SubwordCodec back = SubwordCodec.fromTexts(codec.codesText(), codec.vocabularyText(),
                WordSplit.ofLabel(WordSplit.CHARACTER_CLASSES.label()), "test");
        for (String line : CAPTIONS) {
            assertThat(back.pieces(line)).isEqualTo(codec.pieces(line));
        }
        assertThat(WordSplit.CHARACTER_CLASSES.label()).isEqualTo("character-classes");
        assertThatThrownBy(() -> WordSplit.ofLabel("sentencepiece")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sentencepiece").hasMessageContaining("character-classes");
    }

    private static List<String> repeat(List<String> lines, int times) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            out.addAll(lines);
        }
        return Collections.unmodifiableList(out);
    }
}
