package org.seqlab.conll;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.seqlab.eval.SpanEvaluation;
import org.seqlab.eval.SpanEvaluator;

/** The tagging schemes on the real CoNLL-2003 English dev set (IOB1), read from ../shared when present. */
class CoNLL2003SchemesTest {

    /** {@code shared/data/<relative>}, or skips the test naming the missing path (as toolkit-core's SharedData). */
    static Path sharedData(String relative) {
        String root = System.getProperty("seqlab.shared");
        Path p = Path.of(root != null ? root : "../shared").toAbsolutePath().normalize().resolve("data")
                .resolve(relative);
        Assumptions.assumeTrue(Files.exists(p),
                () -> "skipped: " + p + " is absent (tests read ../shared beside the repository)");
        return p;
    }

    /** NER tags (last column) per sentence; -DOCSTART- lines are document separators. */
    static List<List<String>> nerTags(Path file) throws IOException {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("-DOCSTART-")) {
                if (!cur.isEmpty()) {
                    out.add(cur);
                    cur = new ArrayList<>();
                }
                continue;
            }
            String[] f = line.split(" ");
            cur.add(f[f.length - 1]);
        }
        if (!cur.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    @Test
    void devSetIsWellFormedIob1AndRoundTripsThroughIob2AndIobes() throws IOException {
        List<List<String>> sentences = nerTags(sharedData("conll2003/eng.testa"));
        assertThat(sentences).hasSize(3250);
        int tokens = 0;
        for (List<String> iob1 : sentences) {
            tokens += iob1.size();
            assertThat(TagScheme.IOB1.isWellFormed(iob1)).as("%s", iob1).isTrue();
            List<String> iob2 = TagScheme.IOB1.convert(iob1, TagScheme.IOB2);
            List<String> iobes = TagScheme.IOB2.convert(iob2, TagScheme.IOBES);
            assertThat(TagScheme.IOB2.isWellFormed(iob2)).isTrue();
            assertThat(TagScheme.IOBES.isWellFormed(iobes)).isTrue();
            assertThat(TagScheme.IOBES.convert(iobes, TagScheme.IOB1)).isEqualTo(iob1);
        }
        assertThat(tokens).isEqualTo(51362);
    }

    @Test
    void devSetHasThePublishedEntityCountsUnderConllevalRules() throws IOException {
        // CoNLL-2003 English dev (testa): 5942 entities, LOC 1837, MISC 922, ORG 1341, PER 1842 (Tjong Kim Sang &
        // De Meulder 2003, table 2; conlleval prints "processed 51362 tokens with 5942 phrases").
        List<List<String>> gold = nerTags(sharedData("conll2003/eng.testa"));
        SpanEvaluation r = SpanEvaluator.evaluate(TagScheme.IOB1, gold, gold);
        assertThat(r.tokens()).isEqualTo(51362);
        assertThat(r.overall().gold()).isEqualTo(5942);
        assertThat(r.byType().get("LOC").gold()).isEqualTo(1837);
        assertThat(r.byType().get("MISC").gold()).isEqualTo(922);
        assertThat(r.byType().get("ORG").gold()).isEqualTo(1341);
        assertThat(r.byType().get("PER").gold()).isEqualTo(1842);
        assertThat(r.overall().f1()).isEqualTo(100.0);
        // The same gold in IOBES scores the same chunks.
        List<List<String>> iobes = gold.stream().map(s -> TagScheme.IOB1.convert(s, TagScheme.IOBES)).toList();
        assertThat(SpanEvaluator.evaluate(TagScheme.IOBES, iobes, iobes).overall().gold()).isEqualTo(5942);
    }
}
