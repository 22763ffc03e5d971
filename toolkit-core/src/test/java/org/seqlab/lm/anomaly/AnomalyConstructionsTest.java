package org.seqlab.lm.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.seqlab.random.Rng;

class AnomalyConstructionsTest {

    private static String[] sortedWords(String s) {
        String[] w = s.split(" ");
        Arrays.sort(w);
        return w;
    }

    @Test
    void shuffledWordsAreAPermutationThatNeverEqualsTheOriginal() {
        for (String sentence : new String[] {"the cat sat", "a b", "a a b", "I  am\there ."}) {
            String normalised = String.join(" ", sentence.split("\\s+"));
            for (long seed = 0; seed < 300; seed++) {
                String shuffled = AnomalyConstructions.shuffleWords(sentence, new Rng(seed));
                assertThat(shuffled).isNotEqualTo(normalised);
                assertThat(sortedWords(shuffled)).containsExactly(sortedWords(normalised));
            }
        }
        // "a b" has one other order only
        assertThat(AnomalyConstructions.shuffleWords("a b", new Rng(1))).isEqualTo("b a");
    }

    @Test
    void sentencesWithFewerThanTwoDistinctWordsStayAsTheyAre() {
        assertThat(AnomalyConstructions.shuffleWords("go", new Rng(1))).isEqualTo("go");
        assertThat(AnomalyConstructions.shuffleWords("no no  no", new Rng(1))).isEqualTo("no no no");
        assertThat(AnomalyConstructions.shuffleWords("  ", new Rng(1))).isEmpty();
    }

    @Test
    void theSameSeedGivesTheSameAnomalies() {
        String s = "the quick brown fox jumps over the lazy dog";
        assertThat(AnomalyConstructions.shuffleWords(s, new Rng(9)))
                .isEqualTo(AnomalyConstructions.shuffleWords(s, new Rng(9)));
        assertThat(AnomalyConstructions.corruptCharacters(s, 0.2, "abcdefghijklmnopqrstuvwxyz", new Rng(9)))
                .isEqualTo(AnomalyConstructions.corruptCharacters(s, 0.2, "abcdefghijklmnopqrstuvwxyz", new Rng(9)));
    }

    @Test
    void withQZeroExactlyOneCharacterChangesToAnotherLetterOfTheAlphabet() {
        String text = "Hello, world.";
        for (long seed = 0; seed < 200; seed++) {
            String c = AnomalyConstructions.corruptCharacters(text, 0, "xyz", new Rng(seed));
            assertThat(c).hasSameSizeAs(text);
            int changed = 0;
            for (int i = 0; i < text.length(); i++) {
                if (c.charAt(i) != text.charAt(i)) {
                    changed++;
                    assertThat("xyz").contains(String.valueOf(c.charAt(i)));
                }
            }
            assertThat(changed).isEqualTo(1);
        }
    }

    @Test
    void withQOneEveryCharacterChangesAndOnlyToOtherLetters() {
        String c = AnomalyConstructions.corruptCharacters("abcabc", 1, "ab", new Rng(3));
        // a -> b, b -> a, c -> a or b
        assertThat(c.charAt(0)).isEqualTo('b');
        assertThat(c.charAt(1)).isEqualTo('a');
        assertThat(c.charAt(3)).isEqualTo('b');
        assertThat(c.charAt(4)).isEqualTo('a');
        assertThat("ab").contains(c.substring(2, 3)).contains(c.substring(5, 6));
    }

    @Test
    void eachCharacterIsReplacedWithProbabilityQUniformlyAmongTheOthers() {
        String text = "a".repeat(10_000);
        String c = AnomalyConstructions.corruptCharacters(text, 0.3, "abc", new Rng(12));
        long b = c.chars().filter(ch -> ch == 'b').count();
        long cc = c.chars().filter(ch -> ch == 'c').count();
        // changed ~ Binomial(10000, 0.3): sd 45.8; b ~ Binomial(changed, 1/2): sd about 27; allow 5 sd each
        assertThat(b + cc).isBetween(3_000L - 229, 3_000L + 229);
        assertThat(b - cc).isBetween(-2 * 137L, 2 * 137L);
    }

    @Test
    void codePointsOutsideTheBasicPlaneAreOneCharacter() {
        String text = "a\uD83D\uDE00b"; // a, grinning face, b
        String c = AnomalyConstructions.corruptCharacters(text, 1, "xy", new Rng(2));
        assertThat(c.codePointCount(0, c.length())).isEqualTo(3);
        assertThat(c).matches("[xy]{3}");
    }

    @Test
    void emptyTextsBadRatesAndOneLetterAlphabetsAreRefused() {
        Rng rng = new Rng(1);
        assertThatThrownBy(() -> AnomalyConstructions.corruptCharacters("", 0.1, "ab", rng))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AnomalyConstructions.corruptCharacters("x", 1.5, "ab", rng))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AnomalyConstructions.corruptCharacters("x", 0.1, "aa", rng))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two distinct");
    }
}
