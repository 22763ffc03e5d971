package org.seqlab.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.seqlab.bundle.BundledModels;
import org.seqlab.tagger.TaggedSentence;
import org.seqlab.tagger.TaggedSpan;
import org.seqlab.tagger.Tagger;

/**
 * The README's tagger quick start, verbatim between the markers: always compiled, run when the bundled ner model is
 * in the build (skipped with a message while resources/models/ner.zip is absent).
 */
class ReadmeTaggerExampleTest {

    @Test
    void readmeTaggerExampleRuns() {
        Assumptions.assumeTrue(BundledModels.isAvailable("ner"),
                "skipped: resources/models/ner.zip is absent (scripts/build-default-models.sh builds it)");
        // README-TAGGER-BEGIN
        // Maven: org.seqlab:toolkit-crf:0.1.0-SNAPSHOT, and org.seqlab:resources:0.1.0-SNAPSHOT for the bundled models
        Tagger tagger = Tagger.load("ner");              // a bundled name ("ner", "pos") or a bundle file's path
        String text = "Angela Merkel met Emmanuel Macron in Paris.";
        List<String> entities = new ArrayList<>();
        for (TaggedSentence sentence : tagger.tag(text)) {
            for (TaggedSpan span : sentence.spans()) {   // begin(), endChar(): character offsets into text
                entities.add(span.label() + " " + span.text() + " " + span.begin() + "-" + span.endChar());
            }
        }
        // entities: [PER Angela Merkel 0-13, PER Emmanuel Macron 18-33, LOC Paris 37-42]
        // README-TAGGER-END
        assertThat(entities).contains("PER Angela Merkel 0-13", "LOC Paris 37-42");
    }

    @Test
    void readmeShowsExactlyThisExample() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String test = Files.readString(Path.of("src/test/java/org/seqlab/readme/ReadmeTaggerExampleTest.java"));
        String begin = "// README-TAGGER-BEGIN\n";
        String body = test.substring(test.indexOf(begin) + begin.length(),
                test.indexOf("        // README-TAGGER-END"));
        StringBuilder dedented = new StringBuilder();
        for (String line : body.split("\n", -1)) {
            dedented.append(line.length() >= 8 ? line.substring(8) : line.strip()).append('\n');
        }
        assertThat(readme).contains("```java\n" + dedented.toString().stripTrailing() + "\n```");
    }
}
