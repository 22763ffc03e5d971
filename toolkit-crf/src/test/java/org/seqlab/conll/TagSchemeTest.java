package org.seqlab.conll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqlabException;

class TagSchemeTest {

    private static List<String> tags(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
    }

    @Test
    void iob1ChunkStartsAtIAndBOnlySeparatesAdjacentChunksOfOneType() {
        // I-PER I-PER B-PER O I-LOC I-ORG: PER[0,2) PER[2,3) LOC[4,5) ORG[5,6)
        assertThat(TagScheme.IOB1.chunks(tags("I-PER I-PER B-PER O I-LOC I-ORG"))).containsExactly(
                new Chunk("PER", 0, 2), new Chunk("PER", 2, 3), new Chunk("LOC", 4, 5), new Chunk("ORG", 5, 6));
    }

    @Test
    void iobesChunksEndAfterEAndS() {
        assertThat(TagScheme.IOBES.chunks(tags("S-PER S-PER B-LOC I-LOC E-LOC O B-ORG E-ORG"))).containsExactly(
                new Chunk("PER", 0, 1), new Chunk("PER", 1, 2), new Chunk("LOC", 2, 5), new Chunk("ORG", 6, 8));
    }

    @Test
    void typesMayContainHyphensLikeConlleval() {
        assertThat(TagScheme.IOB2.chunks(tags("B-MISC-X I-MISC-X"))).containsExactly(new Chunk("MISC-X", 0, 2));
    }

    @Test
    void convertsBetweenSchemesByHand() {
        List<String> iob2 = tags("B-PER I-PER B-PER O B-LOC B-ORG I-ORG O");
        assertThat(TagScheme.IOB2.convert(iob2, TagScheme.IOB1))
                .isEqualTo(tags("I-PER I-PER B-PER O I-LOC I-ORG I-ORG O"));
        assertThat(TagScheme.IOB2.convert(iob2, TagScheme.IOBES))
                .isEqualTo(tags("B-PER E-PER S-PER O S-LOC B-ORG E-ORG O"));
        assertThat(TagScheme.IOB1.convert(tags("I-PER I-PER B-PER O I-LOC I-ORG I-ORG O"), TagScheme.IOB2))
                .isEqualTo(iob2);
        assertThat(TagScheme.IOBES.convert(tags("B-PER E-PER S-PER O S-LOC B-ORG E-ORG O"), TagScheme.IOB2))
                .isEqualTo(iob2);
    }

    @Test
    void randomChunkingsRoundTripBetweenEverySchemePair() {
        Random rnd = new Random(42);
        String[] types = {"PER", "LOC", "ORG"};
        for (int rep = 0; rep < 300; rep++) {
            int n = 1 + rnd.nextInt(10);
            List<Chunk> chunks = new ArrayList<>();
            int i = 0;
            while (i < n) {
                if (rnd.nextBoolean()) {
                    i++; // an O token
                    continue;
                }
                int len = 1 + rnd.nextInt(Math.min(3, n - i));
                chunks.add(new Chunk(types[rnd.nextInt(types.length)], i, i + len));
                i += len;
            }
            for (TagScheme from : TagScheme.values()) {
                List<String> encoded = from.encode(chunks, n);
                assertThat(from.isWellFormed(encoded)).as("%s %s", from, encoded).isTrue();
                assertThat(from.chunks(encoded)).isEqualTo(chunks);
                for (TagScheme to : TagScheme.values()) {
                    List<String> converted = from.convert(encoded, to);
                    assertThat(converted).isEqualTo(to.encode(chunks, n));
                    assertThat(to.convert(converted, from)).isEqualTo(encoded);
                }
            }
        }
    }

    @Test
    void invalidTagErrorNamesTheTagAndTheScheme() {
        assertThatThrownBy(() -> TagScheme.IOB2.validate("E-PER", "train.txt:12"))
                .isInstanceOf(InvalidTagException.class)
                .isInstanceOf(SeqlabException.class)
                .hasMessageContaining("train.txt:12")
                .hasMessageContaining("'E-PER'")
                .hasMessageContaining("IOB2");
        assertThat(TagScheme.IOB1.isValid("B-")).isFalse();
        assertThat(TagScheme.IOB1.isValid("B")).isFalse();
        assertThat(TagScheme.IOB1.isValid("X-PER")).isFalse();
        assertThat(TagScheme.IOB1.isValid("o")).isFalse();
        assertThat(TagScheme.IOBES.isValid("S-PER")).isTrue();
        assertThat(TagScheme.IOB1.isValid("S-PER")).isFalse();
        assertThatThrownBy(() -> TagScheme.IOB1.chunks(tags("O S-PER")))
                .isInstanceOf(InvalidTagException.class).hasMessageContaining("token 1");
    }

    @Test
    void parsesSchemeNamesAndRejectsUnknownOnes() {
        assertThat(TagScheme.parse("iobes")).isEqualTo(TagScheme.IOBES);
        assertThat(TagScheme.parse("BIO")).isEqualTo(TagScheme.IOB2);
        assertThatThrownBy(() -> TagScheme.parse("bilou")).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("bilou");
    }

    @Test
    void iob2TransitionRules() {
        TagScheme s = TagScheme.IOB2;
        assertThat(s.allowsTransition("O", "I-PER")).isFalse();
        assertThat(s.allowsTransition("B-LOC", "I-PER")).isFalse();
        assertThat(s.allowsTransition("I-LOC", "I-PER")).isFalse();
        assertThat(s.allowsTransition("B-PER", "I-PER")).isTrue();
        assertThat(s.allowsTransition("I-PER", "I-PER")).isTrue();
        assertThat(s.allowsTransition("I-PER", "B-PER")).isTrue();
        assertThat(s.allowsTransition("O", "B-PER")).isTrue();
        assertThat(s.allowsStart("I-PER")).isFalse();
        assertThat(s.allowsStart("B-PER")).isTrue();
        assertThat(s.allowsEnd("B-PER")).isTrue();
    }

    @Test
    void iob1TransitionRules() {
        TagScheme s = TagScheme.IOB1;
        assertThat(s.allowsTransition("O", "I-PER")).isTrue();
        assertThat(s.allowsTransition("I-LOC", "I-PER")).isTrue();
        assertThat(s.allowsTransition("I-PER", "B-PER")).isTrue();
        assertThat(s.allowsTransition("O", "B-PER")).isFalse();
        assertThat(s.allowsTransition("I-LOC", "B-PER")).isFalse();
        assertThat(s.allowsStart("B-PER")).isFalse();
        assertThat(s.allowsStart("I-PER")).isTrue();
    }

    @Test
    void iobesTransitionRules() {
        TagScheme s = TagScheme.IOBES;
        for (String from : List.of("O", "E-PER", "S-LOC")) {
            for (String to : List.of("O", "B-PER", "S-PER")) {
                assertThat(s.allowsTransition(from, to)).as(from + " -> " + to).isTrue();
            }
            assertThat(s.allowsTransition(from, "I-PER")).isFalse();
            assertThat(s.allowsTransition(from, "E-PER")).isFalse();
        }
        for (String from : List.of("B-PER", "I-PER")) {
            assertThat(s.allowsTransition(from, "I-PER")).isTrue();
            assertThat(s.allowsTransition(from, "E-PER")).isTrue();
            assertThat(s.allowsTransition(from, "I-LOC")).isFalse();
            assertThat(s.allowsTransition(from, "O")).isFalse();
            assertThat(s.allowsTransition(from, "B-PER")).isFalse();
        }
        assertThat(s.allowsStart("I-PER")).isFalse();
        assertThat(s.allowsStart("E-PER")).isFalse();
        assertThat(s.allowsEnd("B-PER")).isFalse();
        assertThat(s.allowsEnd("I-PER")).isFalse();
        assertThat(s.allowsEnd("E-PER")).isTrue();
        assertThat(s.isWellFormed(tags("B-PER I-PER E-PER S-LOC O"))).isTrue();
        assertThat(s.isWellFormed(tags("B-PER O"))).isFalse();
    }
}
