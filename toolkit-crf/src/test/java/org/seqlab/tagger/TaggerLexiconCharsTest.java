package org.seqlab.tagger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.conll.TagScheme;
import org.seqlab.vocab.Vocabulary;

/** The char ids of a word: the table kept for code points below 256 gives what a lookup of each character gives. */
class TaggerLexiconCharsTest {
    @Test
    void charIdsEqualPerCharacterLookupsForLatin1OtherScriptsAndUnknownCharacters() {
        Vocabulary.Builder chars = Vocabulary.builder();
        for (String c : List.of("a", "b", "é", "ß", "Ж", "\uD83D\uDE00", "1", "-")) {
            chars.add(c);
        }
        Vocabulary.Builder words = Vocabulary.builder();
        words.add("ab");
        Vocabulary charVocab = chars.build();
        TaggerLexicon lexicon = new TaggerLexicon(words.build(), charVocab, List.of("O", "S-PER"), true,
                TagScheme.IOBES, 20);
        // Latin-1 characters known and unknown ("Z", "ÿ", a tab), another script, a character outside the BMP (one id
        // for its two chars), and an unknown character beyond Latin-1 ("水")
        List<String> sentence = List.of("ab", "éßZ", "ÿ\t1-", "Жa", "a\uD83D\uDE00b", "水");
        int[][] ids = lexicon.encode(List.of(sentence), null).chars().get(0);
        for (int t = 0; t < sentence.size(); t++) {
            String word = sentence.get(t);
            int[] expected = word.codePoints().map(cp -> charVocab.index(new String(Character.toChars(cp)))).toArray();
            assertThat(ids[t]).as(word).containsExactly(expected);
        }
        assertThat(ids[1][2]).isEqualTo(charVocab.unkId());
        assertThat(ids[4]).hasSize(3);
        assertThat(ids[4][1]).isNotEqualTo(charVocab.unkId());
        assertThat(ids[5][0]).isEqualTo(charVocab.unkId());
    }
}
