package org.seqlab.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.SeqlabException;
import org.seqlab.batch.Piece;
import org.seqlab.bundle.ModelBundle;
import org.seqlab.conll.TagScheme;

/**
 * Ensembles of taggers ({@link Tagger#ensemble}, {@link TaggerEnsemble}): the members' tag probabilities averaged
 * token by token (members may number their tags differently), the best allowed path through them, and ensemble
 * bundles that load as the ensemble they were written from.
 */
class TaggerEnsembleTest {
    private static final String CONFIG = "{\"wordDim\": 16, \"charDim\": 8, \"charFilters\": 12, \"lstmHidden\": 20}";
    private static final List<List<String>[]> DATA = TaggerModelTest.synthetic(60, 7);
    private static final TaggerLexicon LEX_A = TaggerModelTest.lexicon(DATA, true);
    /** The same tags numbered backwards: the ensemble must match tags by name, not by id. */
    private static final TaggerLexicon LEX_B = reversedTags(LEX_A);

    @TempDir
    Path dir;

    private static TaggerLexicon reversedTags(TaggerLexicon lex) {
        List<String> tags = new ArrayList<>(lex.tags());
        Collections.reverse(tags);
        return new TaggerLexicon(lex.words(), lex.chars(), tags, lex.lowercase(), TagScheme.IOBES, 20);
    }

    private static Tagger tagger(TaggerLexicon lex, long seed) {
        return new Tagger(TaggerInferenceTest.randomModel(lex, CONFIG, seed), lex,
                new TaggerInfo(null, Map.of("dev_f1", 10.0 + seed), List.of()));
    }

    private static List<List<String>> sentences(int maxLength) {
        List<List<String>> out = new ArrayList<>();
        for (List<String>[] pair : DATA) {
            if (pair[0].size() <= maxLength) {
                out.add(pair[0]);
            }
        }
        return out;
    }

    /** One member's probabilities for one sentence, {@code [token][tag]}, tags numbered as in {@code LEX_A}. */
    static double[][] probabilities(Tagger member, List<String> sentence) {
        int n = sentence.size();
        TaggerBatch batch = member.lexicon().encode(List.of(sentence), null).batch(List.of(new Piece(0, 0, n)));
        double[] p = member.model().tagProbabilities(batch);
        List<String> tags = member.lexicon().tags();
        double[][] out = new double[n][tags.size()];
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < tags.size(); j++) {
                out[t][LEX_A.tags().indexOf(tags.get(j))] = p[t * tags.size() + j];
            }
        }
        return out;
    }

    @Test
    void averagesTheMembersProbabilitiesAndTakesTheBestPathTheSchemeAllows() {
        Tagger a = tagger(LEX_A, 3);
        Tagger b = tagger(LEX_B, 5);
        Tagger ensemble = Tagger.ensemble(List.of(a, b));
        assertThat(ensemble.memberCount()).isEqualTo(2);
        List<List<String>> sentences = sentences(5);
        assertThat(sentences).hasSizeGreaterThan(15);
        List<TaggedSentence> got = ensemble.tagAll(sentences);
        int numTags = LEX_A.tags().size();
        int differFromA = 0;
        List<List<String>> aloneA = a.internalTags(sentences);
        for (int s = 0; s < sentences.size(); s++) {
            double[][] pa = probabilities(a, sentences.get(s));
            double[][] pb = probabilities(b, sentences.get(s));
            int n = pa.length;
            double[][] mean = new double[n][numTags];
            for (int t = 0; t < n; t++) {
                for (int j = 0; j < numTags; j++) {
                    mean[t][j] = (pa[t][j] + pb[t][j]) / 2;
                }
            }
            // Every path of the sentence, the allowed one with the largest sum of log mean probabilities.
            int[] path = new int[n];
            int[] best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (long code = 0; code < Math.pow(numTags, n); code++) {
                long c = code;
                double score = 0;
                for (int t = 0; t < n; t++) {
                    path[t] = (int) (c % numTags);
                    c /= numTags;
                    score += Math.log(mean[t][path[t]]);
                }
                if (score > bestScore && LEX_A.constraints().allowsPath(path)) {
                    bestScore = score;
                    best = path.clone();
                }
            }
            List<String> expected = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                expected.add(LEX_A.tags().get(best[t]));
            }
            assertThat(got.get(s).tags()).as("sentence %d", s).isEqualTo(expected);
            for (int t = 0; t < n; t++) {
                assertThat(got.get(s).confidences()[t]).isCloseTo(mean[t][best[t]], within(1e-6));
            }
            if (!expected.equals(aloneA.get(s))) {
                differFromA++;
            }
        }
        // Random members disagree: the test would not notice an ensemble that only ran its first member.
        assertThat(differFromA).isPositive();
    }

    @Test
    void anEnsembleBundleLoadsAsTheEnsembleItWasWrittenFrom() {
        Tagger a = tagger(LEX_A, 3);
        Tagger b = tagger(LEX_B, 5);
        Path pa = dir.resolve("a.zip");
        Path pb = dir.resolve("b.zip");
        a.save(pa);
        b.save(pb);
        Path file = dir.resolve("ensemble.zip");
        TaggerEnsemble.write(file, List.of(ModelBundle.read(pa), ModelBundle.read(pb)), Map.of("dev_f1", 42.5),
                Map.of("members", "a.zip b.zip"));
        ModelBundle bundle = ModelBundle.read(file);
        assertThat(bundle.kind()).isEqualTo(TaggerEnsemble.KIND);
        assertThat(bundle.texts()).containsKeys("m1.tagger.json", "m2.words.vocab", "m2.member.json");
        Tagger loaded = Tagger.load(file);
        assertThat(loaded.memberCount()).isEqualTo(2);
        assertThat(loaded.devScore()).isEqualTo(42.5);
        assertThat(loaded.info().provenance()).containsEntry("members", "a.zip b.zip");
        assertThat(loaded.members().get(1).info().metrics()).containsEntry("dev_f1", 15.0);
        assertThat(loaded.members().get(1).lexicon().tags()).isEqualTo(LEX_B.tags());

        List<List<String>> sentences = sentences(20);
        // the members as loaded alone (frozen, as a loaded ensemble's are): the same bits
        List<TaggedSentence> expected = Tagger.ensemble(List.of(Tagger.load(pa), Tagger.load(pb))).tagAll(sentences);
        List<TaggedSentence> got = loaded.tagAll(sentences);
        for (int s = 0; s < sentences.size(); s++) {
            assertThat(got.get(s).tags()).isEqualTo(expected.get(s).tags());
            assertThat(got.get(s).confidences()).isEqualTo(expected.get(s).confidences());
        }
        // An ensemble made in memory saves as one too.
        Path saved = dir.resolve("saved.zip");
        Tagger.ensemble(List.of(a, b)).save(saved);
        Tagger again = Tagger.load(saved);
        assertThat(again.memberCount()).isEqualTo(2);
        assertThat(again.tagAll(sentences).get(3).confidences()).isEqualTo(expected.get(3).confidences());
    }

    @Test
    void shrunkMembersStayShrunkInTheEnsemble() {
        Tagger a = tagger(LEX_A, 3);
        Path pa = dir.resolve("a.zip");
        a.save(pa);
        Path small = dir.resolve("small.zip");
        TaggerShrinker.shrink(ModelBundle.read(pa), 0, null, TaggerShrinker.Weights.INT8, null, small);
        Tagger b = tagger(LEX_B, 5);
        Path pb = dir.resolve("b.zip");
        b.save(pb);
        Path file = dir.resolve("ensemble.zip");
        TaggerEnsemble.write(file, List.of(ModelBundle.read(small), ModelBundle.read(pb)), Map.of(), Map.of());
        var storages = new java.util.HashMap<String, String>();
        ModelBundle.read(file).manifest().entries().forEach(e -> storages.put(e.path(), e.storage()));
        ModelBundle.read(small).manifest().entries().forEach(e -> {
            if (e.storage() != null) {
                assertThat(storages.get(e.path().replace("tensors/", "tensors/m1."))).isEqualTo(e.storage());
            }
        });
        assertThat(storages).containsEntry("tensors/m1.weights.words", "int8_rows")
                .containsEntry("tensors/m2.weights", "float32");
        List<List<String>> sentences = sentences(20);
        List<TaggedSentence> expected = Tagger.ensemble(List.of(Tagger.load(small), b)).tagAll(sentences);
        List<TaggedSentence> got = Tagger.load(file).tagAll(sentences);
        for (int s = 0; s < sentences.size(); s++) {
            assertThat(got.get(s).tags()).isEqualTo(expected.get(s).tags());
            for (int t = 0; t < sentences.get(s).size(); t++) {
                assertThat(got.get(s).confidences()[t]).isCloseTo(expected.get(s).confidences()[t], within(1e-6));
            }
        }
        assertThatThrownBy(() -> TaggerShrinker.shrink(ModelBundle.read(file), 0, null, TaggerShrinker.Weights.INT8,
                null, dir.resolve("x.zip"))).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("shrink each member");
    }

    @Test
    void membersMustShareTheirTagsSchemeAndOutputLayer() throws Exception {
        Tagger a = tagger(LEX_A, 3);
        List<String> fewer = new ArrayList<>(LEX_A.tags().subList(0, 5));
        TaggerLexicon other = new TaggerLexicon(LEX_A.words(), LEX_A.chars(), fewer, true, TagScheme.IOBES, 20);
        assertThatThrownBy(() -> Tagger.ensemble(List.of(a, tagger(other, 4)))).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("ensemble member 2 has the tags").hasMessageContaining("share one tag set");
        Tagger softmax = new Tagger(TaggerInferenceTest.randomModel(LEX_A, "{\"wordDim\": 16, \"charDim\": 8, "
                + "\"charFilters\": 12, \"lstmHidden\": 20, \"output\": \"softmax\"}", 4), LEX_A,
                new TaggerInfo(null, Map.of(), List.of()));
        assertThatThrownBy(() -> Tagger.ensemble(List.of(a, softmax))).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("ensemble member 2 differs from member 1").hasMessageContaining("softmax");

        Path pa = dir.resolve("a.zip");
        a.save(pa);
        Path pair = dir.resolve("pair.zip");
        TaggerEnsemble.write(pair, List.of(ModelBundle.read(pa), ModelBundle.read(pa)), Map.of(), Map.of());
        assertThatThrownBy(() -> TaggerEnsemble.write(dir.resolve("x.zip"),
                List.of(ModelBundle.read(pair), ModelBundle.read(pa)), Map.of(), Map.of()))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("an ensemble is made of single taggers");
        assertThatThrownBy(() -> TaggerEnsemble.write(dir.resolve("x.zip"), List.of(ModelBundle.read(pa)),
                Map.of(), Map.of())).isInstanceOf(SeqlabException.class).hasMessageContaining("at least two");

        // A bundle from a later seqlab that combines its members some other way is refused, not misread.
        ModelBundle good = ModelBundle.read(pair);
        ModelBundle.Writer w = ModelBundle.writer(TaggerEnsemble.KIND).setConfig(new ObjectMapper()
                .readTree("{\"layoutVersion\": 1, \"members\": 2, \"combination\": \"majority-vote\"}"));
        good.texts().forEach(w::addText);
        Path vote = dir.resolve("vote.zip");
        w.write(vote);
        assertThatThrownBy(() -> Tagger.load(vote)).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("vote.zip: config.json: unknown combination 'majority-vote'");
    }

    @Test
    void oneEnsembleServesManyThreadsWithTheSingleThreadedOutput() throws Exception {
        Tagger ensemble = Tagger.ensemble(List.of(tagger(LEX_A, 3), tagger(LEX_B, 5), tagger(LEX_A, 8)));
        List<List<String>> sentences = new ArrayList<>();
        for (List<String>[] pair : TaggerModelTest.synthetic(300, 9)) {
            sentences.add(pair[0]);
        }
        List<List<String>> expected = ensemble.bestTags(sentences);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<List<String>>>> results = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                results.add(pool.submit(() -> ensemble.bestTags(sentences)));
            }
            for (Future<List<List<String>>> r : results) {
                assertThat(r.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }
    }
}
