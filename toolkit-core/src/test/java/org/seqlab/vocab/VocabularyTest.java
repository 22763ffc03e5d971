package org.seqlab.vocab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.InputFormatException;
import org.seqlab.SeqlabException;

class VocabularyTest {
    @TempDir
    Path dir;

    private static List<String> words(String text) {
        return List.of(text.split(" "));
    }

    @Test
    void specials_take_ids_0_to_3_then_count_descending_then_string_order() {
        // counts: b 3, a 2, c 2, B 2, d 1
        Vocabulary v = Vocabulary.builder().addAll(words("b a c b B a c b d B")).build();
        assertThat(v.tokens()).containsExactly("<pad>", "<unk>", "<s>", "</s>", "b", "B", "a", "c", "d");
        assertThat(v.padId()).isZero();
        assertThat(v.unkId()).isEqualTo(1);
        assertThat(v.bosId()).isEqualTo(2);
        assertThat(v.eosId()).isEqualTo(3);
        assertThat(v.specialCount()).isEqualTo(4);
        assertThat(v.count(4)).isEqualTo(3);
        assertThat(v.count(5)).isEqualTo(2);
        assertThat(v.count(8)).isEqualTo(1);
        assertThat(v.count(0)).isZero();
    }

    @Test
    void insertion_order_does_not_change_ids() {
        Vocabulary one = Vocabulary.builder().addAll(words("x y z z y x w")).build();
        Vocabulary two = Vocabulary.builder().addAll(words("w z z x x y y")).build();
        assertThat(one.tokens()).isEqualTo(two.tokens()).containsExactly("<pad>", "<unk>", "<s>", "</s>", "x", "y",
                "z", "w");
    }

    @Test
    void min_frequency_drops_rare_tokens_but_keeps_specials() {
        Vocabulary v = Vocabulary.builder().optMinFrequency(2).addAll(words("a a b c c c d")).build();
        assertThat(v.tokens()).containsExactly("<pad>", "<unk>", "<s>", "</s>", "c", "a");
    }

    @Test
    void max_size_counts_specials_and_cuts_ties_by_string_order() {
        Vocabulary v = Vocabulary.builder().optMaxSize(6).addAll(words("q p r r s s t")).build();
        // r 2, s 2, then p q t with 1: room for two after the four specials
        assertThat(v.tokens()).containsExactly("<pad>", "<unk>", "<s>", "</s>", "r", "s");
        assertThat(Vocabulary.builder().optMaxSize(7).addAll(words("q p r r s s t")).build().tokens())
                .containsExactly("<pad>", "<unk>", "<s>", "</s>", "r", "s", "p");
    }

    @Test
    void a_special_seen_in_the_stream_keeps_its_id_and_gets_the_count() {
        Vocabulary v = Vocabulary.builder().addAll(words("</s> a </s>")).build();
        assertThat(v.find("</s>")).isEqualTo(3);
        assertThat(v.count(3)).isEqualTo(2);
        assertThat(v.size()).isEqualTo(5);
    }

    @Test
    void unknown_tokens_map_to_unk_and_lowercase_fallback_is_optional() {
        Vocabulary plain = Vocabulary.builder().addAll(words("the cat")).build();
        assertThat(plain.index("cat")).isEqualTo(plain.find("cat"));
        assertThat(plain.index("The")).isEqualTo(1);
        assertThat(plain.index("dog")).isEqualTo(1);

        Vocabulary folding = Vocabulary.builder().optLowercaseFallback(true).addAll(words("the cat The")).build();
        // "The" itself is in the vocabulary: exact match wins over its lowercase form
        assertThat(folding.index("The")).isEqualTo(folding.find("The")).isNotEqualTo(folding.find("the"));
        assertThat(folding.index("CAT")).isEqualTo(folding.find("cat"));
        assertThat(folding.index("Dog")).isEqualTo(folding.unkId());
        assertThat(folding.indices(List.of("the", "CAT", "zebra", "<s>"))).containsExactly(
                folding.find("the"), folding.find("cat"), 1, 2);
    }

    @Test
    void custom_specials_and_a_vocabulary_without_unk_refuses_unknown_tokens() {
        Vocabulary labels = Vocabulary.builder().optSpecials(List.of()).addAll(words("O B-PER O I-PER")).build();
        assertThat(labels.tokens()).containsExactly("O", "B-PER", "I-PER");
        assertThat(labels.padId()).isEqualTo(-1);
        assertThat(labels.unkId()).isEqualTo(-1);
        assertThatThrownBy(() -> labels.index("B-LOC")).isInstanceOf(SeqlabException.class).hasMessageContaining("B-LOC");
    }

    @Test
    void tokens_with_tab_or_line_breaks_are_refused_but_spaces_are_allowed() {
        assertThatThrownBy(() -> Vocabulary.builder().add("a\tb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a\\tb");
        assertThatThrownBy(() -> Vocabulary.builder().add("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Vocabulary.builder().add("a\rb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Vocabulary.builder().add("")).isInstanceOf(IllegalArgumentException.class);
        Vocabulary v = Vocabulary.builder().add("New York", 3).build();
        assertThat(v.find("New York")).isEqualTo(4);
    }

    @Test
    void save_writes_token_tab_count_lines_and_load_restores_everything() throws IOException {
        Vocabulary v = Vocabulary.builder().optLowercaseFallback(true).addAll(words("b a b été")).add("New York", 2)
                .build();
        Path f = dir.resolve("vocab.txt");
        v.save(f);
        assertThat(Files.readAllLines(f, StandardCharsets.UTF_8)).containsExactly(
                "#seqlab-vocabulary\tv1\tspecials=4\tlowercase-fallback=true", "<pad>\t0", "<unk>\t0", "<s>\t0",
                "</s>\t0", "New York\t2", "b\t2", "a\t1", "été\t1");
        Vocabulary back = Vocabulary.load(f);
        assertThat(back.tokens()).isEqualTo(v.tokens());
        assertThat(back.count(5)).isEqualTo(2);
        assertThat(back.specialCount()).isEqualTo(4);
        assertThat(back.lowercaseFallback()).isTrue();
        assertThat(back.index("ÉTÉ")).isEqualTo(7);
    }

    @Test
    void load_names_file_and_line_of_each_problem() throws IOException {
        String header = "#seqlab-vocabulary\tv1\tspecials=1\tlowercase-fallback=false\n";
        assertLoadFails("", ": empty file");
        assertLoadFails("token\t1\n", ":1: not a seqlab vocabulary header");
        assertLoadFails(header + "<pad>\t0\nword 5\n", ":3: expected 'token<TAB>count', found no tab");
        assertLoadFails(header + "<pad>\t0\nword\t-5\n", ":3: count '-5' is not a non-negative integer");
        assertLoadFails(header + "<pad>\t0\nword\t1\nword\t2\n", ":4: token 'word' repeats line 3");
        assertLoadFails(header.replace("specials=1", "specials=3") + "<pad>\t0\n", ":1: header declares 3 specials");
        Path bad = dir.resolve("latin1.txt");
        Files.write(bad, (header + "<pad>\t0\ncaf\u00e9\t1\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Vocabulary.load(bad)).isInstanceOf(InputFormatException.class)
                .hasMessageContaining("latin1.txt").hasMessageContaining("not valid UTF-8");
    }

    private void assertLoadFails(String content, String expected) throws IOException {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Vocabulary.load(f)).isInstanceOf(InputFormatException.class)
                .hasMessageStartingWith(f.toString()).hasMessageContaining(expected);
    }

    @Test
    void lookups_from_many_threads_agree() throws Exception {
        Vocabulary v = Vocabulary.builder().optLowercaseFallback(true).addAll(words("a b c d e f g")).build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    int[] last = null;
                    for (int k = 0; k < 10_000; k++) {
                        last = v.indices(List.of("A", "b", "zz", "g"));
                    }
                    return last;
                }));
            }
            for (Future<int[]> f : results) {
                assertThat(f.get()).containsExactly(4, 5, 1, 10);
            }
        } finally {
            pool.shutdown();
        }
    }
}
