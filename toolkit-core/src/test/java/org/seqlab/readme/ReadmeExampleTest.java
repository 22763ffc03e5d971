package org.seqlab.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.batch.BatchPlan;
import org.seqlab.batch.Batcher;
import org.seqlab.batch.PackedBatch;
import org.seqlab.nn.Embedding;
import org.seqlab.random.Rng;
import org.seqlab.nn.recurrent.CellType;
import org.seqlab.nn.recurrent.RecurrentForward;
import org.seqlab.nn.recurrent.RecurrentStack;
import org.seqlab.text.Token;
import org.seqlab.text.WordTokenizer;
import org.seqlab.vocab.Vocabulary;

/** The README's Java example, verbatim between the markers, so the README cannot drift from the API. */
class ReadmeExampleTest {

    @Test
    void readmeExampleRuns() {
        // README-EXAMPLE-BEGIN
        WordTokenizer tokenizer = WordTokenizer.standard();
        List<String> texts = List.of("Mr. O'Neil didn't pay.", "He left!");

        List<List<String>> sentences = new ArrayList<>();
        for (String text : texts) {
            List<String> words = new ArrayList<>();
            for (Token t : tokenizer.tokenize(text)) {   // t.begin(), t.end(): offsets into text
                words.add(t.text());
            }
            sentences.add(words);
        }

        Vocabulary.Builder counts = Vocabulary.builder();
        sentences.forEach(counts::addAll);
        Vocabulary words = counts.build();               // <pad>=0, <unk>, <s>, </s>, then by count
        List<int[]> ids = sentences.stream().map(words::indices).toList();

        BatchPlan plan = Batcher.builder().optBatchSize(32).build().byLength(Batcher.lengthsOf(ids));
        PackedBatch batch = plan.pack(0, ids);           // sorted by length, live rows per step

        Rng rng = new Rng(42);
        Embedding embedding = Embedding.builder().setVocabularySize(words.size()).setDimension(50).setRng(rng).build();
        RecurrentStack bilstm = RecurrentStack.builder().setCell(CellType.LSTM).setInputSize(50).setHiddenSize(100)
                .optBidirectional(true).build(rng);

        Embedding.Result x = embedding.forward(batch.packedIds());
        RecurrentForward h = bilstm.forward(x.output(), batch.layout());
        INDArray states = h.output();                    // [total tokens, 200], packed time-major rows
        // README-EXAMPLE-END
        assertThat(states.shape()).containsExactly(batch.totalSteps(), 200);
        assertThat(batch.totalSteps()).isEqualTo(sentences.get(0).size() + sentences.get(1).size());
    }

    @Test
    void readmeShowsExactlyThisExample() throws IOException {
        // Surefire runs in the module folder; the README is at the repository root.
        String readme = Files.readString(Path.of("..", "README.md"));
        String test = Files.readString(Path.of("src/test/java/org/seqlab/readme/ReadmeExampleTest.java"));
        String body = test.substring(test.indexOf("// README-EXAMPLE-BEGIN\n") + "// README-EXAMPLE-BEGIN\n".length(),
                test.indexOf("        // README-EXAMPLE-END"));
        StringBuilder dedented = new StringBuilder();
        for (String line : body.split("\n", -1)) {
            dedented.append(line.length() >= 8 ? line.substring(8) : line.strip()).append('\n');
        }
        String example = dedented.toString().stripTrailing();
        assertThat(readme).contains("```java\n" + example + "\n```");
    }
}
