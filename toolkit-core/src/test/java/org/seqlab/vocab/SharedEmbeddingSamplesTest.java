package org.seqlab.vocab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.seqlab.SharedData;

/** The shared samples of every published format; expected values read by hand with zcat/unzip/awk. */
class SharedEmbeddingSamplesTest {

    private static PretrainedEmbeddings load(Path f) {
        return EmbeddingLoader.builder().setFile(f).build().load();
    }

    @Test
    void glove_6b_100d_gzip_sample() {
        PretrainedEmbeddings e = load(SharedData.data("embeddings/samples/glove.6B.100d.sample.txt.gz"));
        assertThat(e.format()).isEqualTo(EmbeddingFormat.GLOVE_TEXT);
        assertThat(e.size()).isEqualTo(100);
        assertThat(e.dim()).isEqualTo(100);
        assertThat(e.word(0)).isEqualTo("the");
        assertThat(e.get(0, 0)).isEqualTo(-0.038194f);
        assertThat(e.get(0, 99)).isEqualTo(0.27062f);
        assertThat(e.word(99)).isEqualTo("u.s.");
        assertThat(e.get(99, 99)).isEqualTo(0.30868f);
    }

    @Test
    void glove_6b_300d_gzip_sample() {
        PretrainedEmbeddings e = load(SharedData.data("embeddings/samples/glove.6B.300d.sample.txt.gz"));
        assertThat(e.size()).isEqualTo(100);
        assertThat(e.dim()).isEqualTo(300);
        assertThat(e.get(e.find(","), 0)).isEqualTo(-0.25539f);
        assertThat(e.get(e.find(","), 299)).isEqualTo(0.35499f);
        assertThat(e.get(e.find("u.s."), 299)).isEqualTo(-0.29933f);
    }

    @Test
    void glove_840b_zip_sample() {
        Path f = SharedData.data("embeddings/samples/glove.840B.300d.sample100.zip");
        assertThat(EmbeddingLoader.detect(f)).isEqualTo(EmbeddingFormat.GLOVE_TEXT);
        PretrainedEmbeddings e = load(f);
        assertThat(e.size()).isEqualTo(100);
        assertThat(e.dim()).isEqualTo(300);
        assertThat(e.word(0)).isEqualTo(",");
        assertThat(e.get(0, 0)).isEqualTo(-0.082752f);
        assertThat(e.get(1, 299)).isEqualTo(-0.035f);
        assertThat(e.get(e.find("people"), 0)).isEqualTo(-0.19686f);
    }

    @Test
    void fasttext_wiki_vec_sample_has_a_header_promising_more_rows_than_it_holds() {
        Path f = SharedData.data("embeddings/samples/wiki.en.sample100.vec");
        assertThat(EmbeddingLoader.detect(f)).isEqualTo(EmbeddingFormat.WORD2VEC_TEXT);
        // The sample keeps the full file's header "2519370 300" over its 99 rows.
        assertThatThrownBy(() -> load(f)).isInstanceOf(EmbeddingFormatException.class)
                .hasMessage(f + ":1: header declares 2519370 vectors but the file holds 99");
        PretrainedEmbeddings e = EmbeddingLoader.builder().setFile(f).optCheckHeaderCount(false).build().load();
        assertThat(e.size()).isEqualTo(99);
        assertThat(e.dim()).isEqualTo(300);
        assertThat(e.word(0)).isEqualTo(",");
        assertThat(e.get(0, 0)).isEqualTo(-0.023167f);
        assertThat(e.get(0, 299)).isEqualTo(0.14866f);
        assertThat(e.word(98)).isEqualTo("university");
        assertThat(e.get(98, 299)).isEqualTo(0.025977f);
    }

    @Test
    void glove_top2604_plain_text_filtered_with_lowercase_fallback() {
        Path f = SharedData.data("embeddings/glove.6B.100d.top2604.txt");
        PretrainedEmbeddings all = load(f);
        assertThat(all.size()).isEqualTo(2604);
        assertThat(all.word(2603)).isEqualTo("corner");
        assertThat(all.get(2603, 0)).isEqualTo(0.32792f);
        // The file is uncased: Paris and London come from their lowercase rows (lines 1036 and 517).
        Vocabulary v = Vocabulary.builder().add("Paris", 2).add("London").add("qwertyuiop").build();
        EmbeddingMatrix m = EmbeddingLoader.builder().setFile(f).build().loadFor(v);
        assertThat(m.get(v.find("Paris"), 0)).isEqualTo(0.92605f);
        assertThat(m.get(v.find("London"), 0)).isEqualTo(0.60553f);
        assertThat(m.exactCount()).isZero();
        assertThat(m.lowercaseCount()).isEqualTo(2);
        assertThat(m.missingCount()).isEqualTo(4); // <unk>, <s>, </s>, qwertyuiop
    }

    @Test
    void corenlp_coref_50d_full_file() {
        Path f = SharedData.data("embeddings/corenlp-coref-50d.txt.gz");
        long t0 = System.nanoTime();
        PretrainedEmbeddings e = load(f);
        // A log line, not an assertion: timings on a shared machine are noise (EmbeddingLoadBench races a peer).
        System.out.printf("corenlp_coref_50d_load_s %.3f%n", (System.nanoTime() - t0) / 1e9);
        assertThat(e.size()).isEqualTo(103_144);
        assertThat(e.dim()).isEqualTo(50);
        assertThat(e.word(0)).isEqualTo("!");
        assertThat(e.get(0, 0)).isEqualTo(0.52886f);
        assertThat(e.get(0, 49)).isEqualTo(-0.00958f);
        assertThat(e.find("the")).isEqualTo(91_631); // line 91632
        assertThat(e.get(91_631, 0)).isEqualTo(-0.01671f);
        assertThat(e.get(91_631, 49)).isEqualTo(-0.14518f);
        assertThat(e.find("paris")).isEqualTo(67_633);
        assertThat(e.get(67_633, 0)).isEqualTo(-0.02498f);
        assertThat(e.find("peña")).isEqualTo(69_181);
        assertThat(e.get(69_181, 0)).isEqualTo(0.36645f);
        assertThat(e.word(103_143)).isEqualTo("…");
        assertThat(e.get(103_143, 49)).isEqualTo(0.16998f);
    }
}
