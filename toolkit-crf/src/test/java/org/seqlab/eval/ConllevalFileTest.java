package org.seqlab.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.InputFormatException;
import org.seqlab.conll.TagScheme;

class ConllevalFileTest {
    @TempDir
    Path dir;

    @Test
    void readsSentencesSplitByBlankAndBoundaryLinesAndScoresThem() throws IOException {
        Path f = dir.resolve("out.txt");
        Files.writeString(f, String.join("\n",
                "John NNP B-PER B-PER",
                "Smith NNP I-PER I-PER",
                "-X- -X- O O",
                "in IN O O",
                "Paris NNP B-LOC\tB-ORG",
                "",
                "",
                "Rome NNP B-LOC B-LOC"));
        List<ConllevalFile.Sentence> s = ConllevalFile.read(f, TagScheme.IOB2);
        assertThat(s).hasSize(3);
        assertThat(s.get(1).gold()).containsExactly("O", "B-LOC");
        assertThat(s.get(1).predicted()).containsExactly("O", "B-ORG");
        SpanEvaluation r = ConllevalFile.evaluate(f, TagScheme.IOB2);
        // Gold PER, LOC, LOC; predicted PER, ORG, LOC; correct PER and the last LOC. 5 tokens, 4 tags right.
        assertThat(r.overall()).isEqualTo(new SpanCounts(3, 3, 2));
        assertThat(r.tokens()).isEqualTo(5);
        assertThat(r.correctTokens()).isEqualTo(4);
    }

    @Test
    void malformedLinesNameFileAndLine() throws IOException {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, "a B-PER B-PER\nb O\n");
        assertThatThrownBy(() -> ConllevalFile.read(f, TagScheme.IOB2))
                .isInstanceOf(InputFormatException.class)
                .hasMessage(f + ":2: expected 3 fields like the first line, found 2");
        Files.writeString(f, "a B-PER S-PER\n");
        assertThatThrownBy(() -> ConllevalFile.read(f, TagScheme.IOB2))
                .isInstanceOf(InputFormatException.class)
                .hasMessageStartingWith(f + ":1: predicted tag 'S-PER' is not valid in the IOB2 scheme");
    }
}
