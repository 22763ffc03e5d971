package org.seqlab.conll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.seqlab.conll.CoNLL2003SchemesTest.sharedData;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Summaries by hand on small files, and the published counts of the real data sets in ../shared. */
class DatasetTest {
    @TempDir
    Path dir;

    private static DatasetSummary summary(ConllFormat format, Path file) {
        return ConllReader.builder().setFormat(format).build().read(file).summary();
    }

    @Test
    void summaryCountsSentencesTokensTagsChunksAndIllFormedSentences() throws IOException {
        Path f = dir.resolve("s.txt");
        Files.writeString(f, "-DOCSTART- O\n\na B-PER\nb I-PER\nc O\n\nd I-LOC\ne B-ORG\n\n-DOCSTART- O\nf O\n");
        DatasetSummary s = ConllReader.builder().setFormat(ConllFormat.COLUMNS).optScheme(TagScheme.IOB2).build()
                .read(f).summary();
        assertThat(s.documents()).isEqualTo(2);
        assertThat(s.sentences()).isEqualTo(3);
        assertThat(s.tokens()).isEqualTo(6);
        assertThat(s.longestSentence()).isEqualTo(3);
        assertThat(s.tagCounts()).containsExactly(entry("B-ORG", 1L), entry("B-PER", 1L), entry("I-LOC", 1L),
                entry("I-PER", 1L), entry("O", 2L));
        assertThat(s.chunkCounts()).containsExactly(entry("LOC", 1L), entry("ORG", 1L), entry("PER", 1L));
        assertThat(s.illFormedSentences()).isEqualTo(1); // I-LOC may not start an IOB2 sentence
        assertThat(s.report()).isEqualTo(String.join("\n", "file " + f, "format columns", "tags_from column 2",
                "scheme IOB2", "documents 2", "sentences 3", "tokens 6", "longest_sentence 3", "tags 5",
                "  B-ORG 1", "  B-PER 1", "  I-LOC 1", "  I-PER 1", "  O 2", "chunks 3", "  LOC 1", "  ORG 1",
                "  PER 1", "ill_formed_sentences 1", ""));
    }

    @Test
    void conll2003CountsMatchThePublishedOnes() {
        DatasetSummary train = summary(ConllFormat.CONLL2003, sharedData("conll2003/eng.train"));
        assertThat(train.sentences()).isEqualTo(14041);
        assertThat(train.tokens()).isEqualTo(203621);
        assertThat(train.documents()).isEqualTo(946);
        assertThat(train.tagCounts().keySet()).containsExactly("B-LOC", "B-MISC", "B-ORG", "I-LOC", "I-MISC",
                "I-ORG", "I-PER", "O");
        // Tjong Kim Sang & De Meulder (2003), table 2: training set entities.
        assertThat(train.chunkCounts()).containsExactly(entry("LOC", 7140L), entry("MISC", 3438L),
                entry("ORG", 6321L), entry("PER", 6600L));
        // Lines 152428 (Atlanta) and 175436 (Urdu-speaking) have B-MISC after O, which IOB1 does not allow (awk).
        assertThat(train.illFormedSentences()).isEqualTo(2);
        DatasetSummary dev = summary(ConllFormat.CONLL2003, sharedData("conll2003/eng.testa"));
        assertThat(dev.sentences()).isEqualTo(3250);
        assertThat(dev.tokens()).isEqualTo(51362);
        assertThat(dev.chunks()).isEqualTo(5942);
        assertThat(dev.illFormedSentences()).isZero();
    }

    @Test
    void udEwtWordCountsMatchThePublishedOnesAndDevWritesBackUnchanged() throws IOException {
        Path devFile = sharedData("ud-ewt/en_ewt-ud-dev.conllu");
        Dataset dev = ConllReader.builder().setFormat(ConllFormat.CONLLU).build().read(devFile);
        assertThat(dev.sentences()).hasSize(2001);
        assertThat(dev.tokenCount()).isEqualTo(25147);
        assertThat(dev.summary().tagCounts()).hasSize(17); // the 17 universal POS tags
        List<List<String>> gold = new ArrayList<>();
        for (ConllSentence s : dev.sentences()) {
            gold.add(s.tags());
        }
        StringWriter out = new StringWriter();
        ConllWriter.builder().setMode(ConllWriter.Mode.REPLACE_TAG).build().write(out, dev.sentences(), gold);
        assertThat(out.toString()).isEqualTo(Files.readString(devFile, StandardCharsets.UTF_8));
        DatasetSummary train = summary(ConllFormat.CONLLU, sharedData("ud-ewt/en_ewt-ud-train.conllu"));
        assertThat(train.sentences()).isEqualTo(12544);
        assertThat(train.tokens()).isEqualTo(204577);
    }

    @Test
    void wnutConll2000AndConll2002CountsMatchThePublishedOnes() {
        DatasetSummary wnut = summary(ConllFormat.WNUT, sharedData("wnut17/wnut17train.conll"));
        assertThat(wnut.sentences()).isEqualTo(3394);
        assertThat(wnut.tokens()).isEqualTo(62730);
        assertThat(wnut.chunkCounts().keySet()).containsExactly("corporation", "creative-work", "group",
                "location", "person", "product");
        DatasetSummary wnutDev = summary(ConllFormat.WNUT, sharedData("wnut17/emerging.dev.conll"));
        assertThat(wnutDev.sentences()).isEqualTo(1009);
        assertThat(wnutDev.tokens()).isEqualTo(15733);
        DatasetSummary chunking = summary(ConllFormat.CONLL2000, sharedData("conll2000/train.txt"));
        assertThat(chunking.sentences()).isEqualTo(8936);
        assertThat(chunking.tokens()).isEqualTo(211727);
        DatasetSummary dutch = summary(ConllFormat.CONLL2002, sharedData("conll2002/ned.train"));
        assertThat(dutch.documents()).isEqualTo(287);
        assertThat(dutch.illFormedSentences()).isZero();
    }
}
