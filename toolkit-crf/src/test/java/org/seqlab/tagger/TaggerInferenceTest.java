package org.seqlab.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.batch.BatchPlan;
import org.seqlab.batch.Batcher;
import org.seqlab.conll.TagScheme;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.init.Init;
import org.seqlab.random.Rng;
import org.seqlab.vocab.Vocabulary;

/**
 * The inference-only forward pass ({@link TaggerInference}) against the layers' own forward passes
 * ({@link TaggerModel#decodeThroughLayers}): the same tags, and confidences within 1e-4 (float32 rounding of a
 * differently ordered sum), for each input and output kind it covers.
 */
class TaggerInferenceTest {
    private static final double CONFIDENCE_TOLERANCE = 1e-4;

    /** An untrained model with every weight random (CRF scores too, so the best path is not trivially all O). */
    static TaggerModel randomModel(TaggerLexicon lex, String configJson, long seed) {
        TaggerConfig config = TaggerConfig.fromJson(configJson, "test config");
        int tables = lex.extraWords().size();
        int[] sizes = new int[tables];
        int[] unks = new int[tables];
        for (int k = 0; k < tables; k++) {
            sizes[k] = lex.extraWords().get(k).size();
            unks[k] = lex.extraWords().get(k).unkId();
        }
        TaggerModel model = new TaggerModel(config, lex.words().size(), lex.words().unkId(), sizes, unks,
                lex.chars().size(), lex.constraints(), DataType.FLOAT, new Rng(seed));
        Rng rng = new Rng(seed + 1);
        for (Parameter p : model.parameters().list()) {
            if (p.name().startsWith("crf") || p.name().startsWith("out")) {
                Init.uniform(p.value(), 2.0, rng);
            }
        }
        return model;
    }

    /** The synthetic words' lexicon, with a second, cased word table when asked. */
    private static TaggerLexicon lexicon(List<List<String>[]> data, boolean lowercase, boolean casedSecondTable) {
        TaggerLexicon one = TaggerModelTest.lexicon(data, lowercase);
        if (!casedSecondTable) {
            return one;
        }
        Vocabulary.Builder cased = Vocabulary.builder();
        for (List<String>[] pair : data) {
            pair[0].forEach(cased::add);
        }
        return new TaggerLexicon(one.words(), List.of(cased.build()), List.of(false), one.chars(), one.tags(),
                lowercase, TagScheme.IOBES, 20);
    }

    private static void assertSameDecoding(String configJson, boolean lowercase) {
        assertSameDecoding(configJson, lowercase, false);
    }

    private static void assertSameDecoding(String configJson, boolean lowercase, boolean casedSecondTable) {
        List<List<String>[]> data = TaggerModelTest.synthetic(60, 7);
        TaggerLexicon lex = lexicon(data, lowercase, casedSecondTable);
        TaggerLexicon.Encoded enc = TaggerModelTest.encode(lex, data);
        TaggerModel model = randomModel(lex, configJson, 3);
        assertThat(model.hasInferencePath()).as("inference path for %s", configJson).isTrue();
        for (int batchSize : new int[] {1, 7, 32}) {
            BatchPlan plan = Batcher.builder().optBatchSize(batchSize).build().byLength(enc.lengths());
            for (int k = 0; k < plan.size(); k++) {
                TaggerBatch batch = enc.batch(plan, k);
                TaggerModel.Decoded expected = model.decodeThroughLayers(batch, true);
                TaggerModel.Decoded fast = model.decode(batch, true);
                assertThat(fast.tags()).isEqualTo(expected.tags());
                for (int r = 0; r < expected.tags().length; r++) {
                    assertThat(fast.confidence()[r]).isCloseTo(expected.confidence()[r],
                            within(CONFIDENCE_TOLERANCE));
                }
                TaggerModel.Decoded tagsOnly = model.decode(batch, false);
                assertThat(tagsOnly.tags()).isEqualTo(expected.tags());
                assertThat(tagsOnly.confidence()).isNull();
            }
        }
        // frozen as Tagger.load leaves it (W_hh transposed once, the first layer's input gates from the word cache,
        // computed per word): the same tags, confidences to float32 rounding; without the cache, bit for bit
        BatchPlan plan = Batcher.builder().optBatchSize(32).build().byLength(enc.lengths());
        TaggerModel.Decoded[] before = new TaggerModel.Decoded[plan.size()];
        for (int k = 0; k < plan.size(); k++) {
            before[k] = model.decode(enc.batch(plan, k), true);
        }
        model.freezeForInference();
        assertThat(model.wordCache()).isNotNull();
        for (int k = 0; k < plan.size(); k++) {
            TaggerModel.Decoded after = model.decode(enc.batch(plan, k), true);
            assertThat(after.tags()).isEqualTo(before[k].tags());
            for (int r = 0; r < after.tags().length; r++) {
                assertThat(after.confidence()[r]).isCloseTo(before[k].confidence()[r], within(CONFIDENCE_TOLERANCE));
            }
        }
        assertThat(model.wordCache().size()).as("distinct words cached").isPositive();
        model.useWordCache(0);
        assertThat(model.wordCache()).isNull();
        for (int k = 0; k < plan.size(); k++) {
            TaggerModel.Decoded after = model.decode(enc.batch(plan, k), true);
            assertThat(after.tags()).isEqualTo(before[k].tags());
            assertThat(after.confidence()).containsExactly(before[k].confidence());
        }
    }

    /** Decodes every batch of {@code plan} in the given order; returns them by batch index. */
    private static TaggerModel.Decoded[] decodeAll(TaggerModel model, TaggerLexicon.Encoded enc, BatchPlan plan,
            boolean reverse) {
        TaggerModel.Decoded[] out = new TaggerModel.Decoded[plan.size()];
        for (int i = 0; i < plan.size(); i++) {
            int k = reverse ? plan.size() - 1 - i : i;
            out[k] = model.decode(enc.batch(plan, k), true);
        }
        return out;
    }

    /**
     * The word cache never changes what a frozen tagger outputs: a batch gets the same bits whether its words were
     * cached by earlier batches, by batches of another size, in another order, or not at all because the cache was
     * full (with a second word table, to cover every part of a word's key).
     */
    @Test
    void aFrozenTaggersOutputDoesNotDependOnWhatItTaggedBefore() {
        for (String cell : new String[] {"one table", "two tables"}) {
            String json = cell.equals("one table")
                    ? "{\"wordDim\": 16, \"charDim\": 8, \"charFilters\": 12, \"lstmHidden\": 20}"
                    : "{\"wordDim\": 16, \"extraWordTables\": [{\"lookup\": \"cased\", \"dim\": 6}], "
                    + "\"charDim\": 8, \"charFilters\": 12, \"lstmHidden\": 20}";
            List<List<String>[]> data = TaggerModelTest.synthetic(80, 13);
            TaggerLexicon lex = lexicon(data, true, cell.equals("two tables"));
            TaggerLexicon.Encoded enc = TaggerModelTest.encode(lex, data);
            BatchPlan plan = Batcher.builder().optBatchSize(16).build().byLength(enc.lengths());
            BatchPlan other = Batcher.builder().optBatchSize(5).build().byLength(enc.lengths());

            TaggerModel first = randomModel(lex, json, 21);
            TaggerModel.Decoded[] layers = new TaggerModel.Decoded[plan.size()];
            for (int k = 0; k < plan.size(); k++) {
                layers[k] = first.decodeThroughLayers(enc.batch(plan, k), true);
            }
            first.freezeForInference();
            TaggerModel.Decoded[] fresh = decodeAll(first, enc, plan, false); // fills the cache
            TaggerModel.Decoded[] again = decodeAll(first, enc, plan, false); // reads it
            long hits = first.wordCache().hits();
            assertThat(hits).as("%s: the second pass reads the cache", cell).isPositive();

            TaggerModel second = randomModel(lex, json, 21);
            second.freezeForInference();
            decodeAll(second, enc, other, true); // filled by other batches, in reverse
            TaggerModel.Decoded[] otherHistory = decodeAll(second, enc, plan, true);

            TaggerModel third = randomModel(lex, json, 21);
            third.freezeForInference();
            third.useWordCache(1); // room for no word: every word computed each time
            assertThat(third.wordCache()).isNull();
            third.useWordCache(5L * (4 * 2 * 4 * 20 + 160));
            assertThat(third.wordCache().capacity()).isEqualTo(5);
            TaggerModel.Decoded[] fullCache = decodeAll(third, enc, plan, false);
            assertThat(third.wordCache().size()).isEqualTo(5);

            for (int k = 0; k < plan.size(); k++) {
                for (TaggerModel.Decoded d : new TaggerModel.Decoded[] {again[k], otherHistory[k], fullCache[k]}) {
                    assertThat(d.tags()).as("%s batch %d", cell, k).isEqualTo(fresh[k].tags());
                    assertThat(d.confidence()).as("%s batch %d", cell, k).containsExactly(fresh[k].confidence());
                }
                assertThat(fresh[k].tags()).as("%s batch %d: the layers' tags", cell, k).isEqualTo(layers[k].tags());
                for (int r = 0; r < fresh[k].tags().length; r++) {
                    assertThat(fresh[k].confidence()[r]).isCloseTo(layers[k].confidence()[r],
                            within(CONFIDENCE_TOLERANCE));
                }
            }
        }
    }

    @Test
    void theWordCacheBudgetComesFromASystemPropertyAndIsChecked() {
        String saved = System.getProperty(TaggerInference.WORD_CACHE_PROPERTY);
        try {
            System.clearProperty(TaggerInference.WORD_CACHE_PROPERTY);
            assertThat(TaggerInference.configuredWordCacheBytes()).isEqualTo(64L << 20);
            System.setProperty(TaggerInference.WORD_CACHE_PROPERTY, " 3 ");
            assertThat(TaggerInference.configuredWordCacheBytes()).isEqualTo(3L << 20);
            System.setProperty(TaggerInference.WORD_CACHE_PROPERTY, "0");
            assertThat(TaggerInference.configuredWordCacheBytes()).isZero();
            for (String bad : new String[] {"-1", "lots", "1.5"}) {
                System.setProperty(TaggerInference.WORD_CACHE_PROPERTY, bad);
                org.assertj.core.api.Assertions.assertThatThrownBy(TaggerInference::configuredWordCacheBytes)
                        .hasMessageContaining(TaggerInference.WORD_CACHE_PROPERTY + "=" + bad).hasMessageContaining("MiB");
            }
        } finally {
            if (saved == null) {
                System.clearProperty(TaggerInference.WORD_CACHE_PROPERTY);
            } else {
                System.setProperty(TaggerInference.WORD_CACHE_PROPERTY, saved);
            }
        }
        // 64 MiB holds 10,230 words of a BiLSTM with 200 units per direction (6,400 values and the map's overhead)
        assertThat(org.seqlab.nn.recurrent.InputGateCache.capacityFor(64L << 20, 2 * 4 * 200)).isEqualTo(10_230);
    }

    @Test
    void charCnnCasingAndCrfGiveTheLayersTagsAndConfidences() {
        assertSameDecoding("{\"wordDim\": 16, \"charDim\": 8, \"charFilters\": 12, \"lstmHidden\": 20}", true);
    }

    @Test
    void aSecondWordTableGoesBetweenTheFirstAndTheCasingFeature() {
        assertSameDecoding("{\"wordDim\": 16, \"extraWordTables\": [{\"lookup\": \"cased\", \"dim\": 6}], "
                + "\"charDim\": 8, \"charFilters\": 12, \"lstmHidden\": 20}", true, true);
    }

    @Test
    void casedWordsWithoutCasingFeature() {
        assertSameDecoding("{\"wordDim\": 16, \"lowercaseWords\": false, \"charDim\": 8, \"charFilters\": 12, "
                + "\"charWidth\": 4, \"lstmHidden\": 20}", false);
    }

    @Test
    void noCharEncoderAndSoftmaxOutput() {
        assertSameDecoding("{\"wordDim\": 16, \"charEncoder\": \"none\", \"output\": \"softmax\", "
                + "\"lstmHidden\": 20, \"lstmLayers\": 2}", true);
    }

    @Test
    void charBiLstmModelsDecodeThroughTheLayers() {
        List<List<String>[]> data = TaggerModelTest.synthetic(10, 7);
        TaggerLexicon lex = TaggerModelTest.lexicon(data, true);
        TaggerModel model = randomModel(lex, "{\"wordDim\": 16, \"charEncoder\": \"lstm\", \"charDim\": 8, "
                + "\"charHidden\": 6, \"lstmHidden\": 20}", 3);
        assertThat(model.hasInferencePath()).isFalse();
        TaggerLexicon.Encoded enc = TaggerModelTest.encode(lex, data);
        BatchPlan plan = Batcher.builder().optBatchSize(4).build().byLength(enc.lengths());
        TaggerBatch batch = enc.batch(plan, 0);
        assertThat(model.decode(batch, false).tags()).isEqualTo(model.decodeThroughLayers(batch, true).tags());
        // a loaded (frozen) char-BiLSTM tagger still decodes through the layers
        int[] tags = model.decode(batch, false).tags();
        model.freezeForInference();
        assertThat(model.decode(batch, true).tags()).isEqualTo(tags);
    }

    @Test
    void bestTagsAreTagAllsTags() {
        List<List<String>[]> data = TaggerModelTest.synthetic(50, 11);
        TaggerLexicon lex = TaggerModelTest.lexicon(data, true);
        TaggerModel model = randomModel(lex, "{\"wordDim\": 16, \"charDim\": 8, \"charFilters\": 12, "
                + "\"lstmHidden\": 20}", 5);
        Tagger tagger = new Tagger(model, lex, new TaggerInfo("iob2", null, null));
        List<List<String>> sentences = new ArrayList<>();
        for (List<String>[] pair : data) {
            sentences.add(pair[0]);
        }
        sentences.add(List.of());
        List<List<String>> best = tagger.bestTags(sentences);
        List<TaggedSentence> full = tagger.tagAll(sentences);
        assertThat(best).hasSize(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            assertThat(best.get(i)).isEqualTo(full.get(i).tags());
        }
        assertThat(best.stream().flatMap(List::stream).distinct().count()).as("tags seen").isGreaterThan(1);
    }
}
