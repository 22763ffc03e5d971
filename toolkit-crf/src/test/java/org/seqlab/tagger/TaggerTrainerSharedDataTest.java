package org.seqlab.tagger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.seqlab.SharedData;
import org.seqlab.conll.ConllFormat;
import org.seqlab.conll.Dataset;
import org.seqlab.nn.NativeArrays;

/** Vocabulary and pretrained-vector preparation on CoNLL-2003 dev data (skipped without ../shared). */
class TaggerTrainerSharedDataTest {
    @Test
    void conll2003TrainsOnSeventeenIobesTagsWithPretrainedRowsCopiedFromTheFile() throws IOException {
        Path testa = SharedData.data("conll2003/eng.testa");
        Path glove = SharedData.data("embeddings/glove.6B.100d.top2604.txt");
        Dataset dev = TaggerTrainer.reader(ConllFormat.CONLL2003, null).read(testa);
        TaggerTrainer.Prepared p = TaggerTrainer.prepare(TaggerConfig.defaults(), dev, dev, glove);
        // O plus B/I/E/S of PER, LOC, ORG, MISC: CoNLL-2003's IOB1 tags converted to IOBES.
        assertThat(p.lexicon().tags()).hasSize(17).startsWith("O").contains("S-PER", "B-ORG", "E-LOC", "I-MISC");
        assertThat(p.config().wordDim()).isEqualTo(100);
        int id = p.lexicon().words().find("germany");
        assertThat(id).isPositive();
        // The outside oracle: the vector as the file writes it.
        String line = Files.lines(glove).filter(l -> l.startsWith("germany ")).findFirst().orElseThrow();
        String[] fields = line.split(" ");
        double[] row = NativeArrays.read(p.model().wordEmbedding().weight().value().getRow(id).dup());
        for (int j = 0; j < 100; j++) {
            assertThat(row[j]).isCloseTo(Double.parseDouble(fields[j + 1]), org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(p.train().size()).isEqualTo(dev.sentences().size());
        assertThat(List.of(p.lexicon().scheme())).containsExactly(org.seqlab.conll.TagScheme.IOBES);
    }
}
