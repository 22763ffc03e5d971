package org.seqlab.seq2seq.bleu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class BleuAccumulatorTest {

    @Test
    void addingPairsOneByOneEqualsTheCorpusScore() {
        BleuAccumulator acc = Bleu.defaults().accumulator();
        acc.add("the cat sat on the mat", "the cat is on the mat");
        assertThat(acc.segments()).isEqualTo(1);
        acc.add("a dog.", "a dog barks.");
        BleuScore s = acc.score();
        assertThat(s.counts()).containsExactly(8, 4, 1, 0);
        assertThat(s.score()).isEqualTo(Bleu.corpusScore(List.of("the cat sat on the mat", "a dog."),
                List.of("the cat is on the mat", "a dog barks.")).score());
    }

    @Test
    void anEmptyAccumulatorScoresZero() {
        assertThat(Bleu.defaults().accumulator().score().score()).isEqualTo(0.0);
    }

    @Test
    void pairsAddedFromSeveralThreadsInAnyOrderGiveTheSequentialScore() throws Exception {
        Random rnd = new Random(7);
        String[] words = {"ein", "Mann", "Hund", "läuft", ".", ",", "im", "Park", "3-4", "der"};
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            pairs.add(new String[] {sentence(rnd, words), sentence(rnd, words) + "x"});
        }
        BleuAccumulator sequential = Bleu.defaults().accumulator();
        pairs.forEach(p -> sequential.add(p[0], p[1]));
        BleuScore want = sequential.score();

        Collections.shuffle(pairs, rnd);
        BleuAccumulator parallel = Bleu.defaults().accumulator();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                List<String[]> part = pairs.subList(t * 500, (t + 1) * 500);
                jobs.add(pool.submit(() -> part.forEach(p -> parallel.add(p[0], p[1]))));
            }
            for (Future<?> j : jobs) {
                j.get();
            }
        } finally {
            pool.shutdown();
        }
        BleuScore got = parallel.score();
        assertThat(parallel.segments()).isEqualTo(2000);
        assertThat(got.counts()).containsExactly(want.counts());
        assertThat(got.totals()).containsExactly(want.totals());
        assertThat(got.score()).isEqualTo(want.score());
        assertThat(got.score()).isBetween(1.0, 99.0);
    }

    private static String sentence(Random rnd, String[] words) {
        StringBuilder s = new StringBuilder();
        for (int i = rnd.nextInt(12); i >= 0; i--) {
            s.append(words[rnd.nextInt(words.length)]).append(' ');
        }
        return s.toString();
    }
}
