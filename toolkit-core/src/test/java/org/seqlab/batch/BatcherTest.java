package org.seqlab.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.seqlab.InputFormatException;
import org.seqlab.SeqlabException;

class BatcherTest {

    /** The items of each batch, in row order. */
    private static List<List<Integer>> items(BatchPlan plan) {
        List<List<Integer>> out = new ArrayList<>();
        for (int k = 0; k < plan.size(); k++) {
            out.add(plan.batch(k).stream().map(Piece::item).toList());
        }
        return out;
    }

    /** The items of each batch as sets, and the batches as a set: what a plan holds regardless of order. */
    private static Set<Set<Integer>> itemSets(BatchPlan plan) {
        Set<Set<Integer>> out = new HashSet<>();
        for (List<Integer> batch : items(plan)) {
            out.add(Set.copyOf(batch));
        }
        return out;
    }

    @Test
    void inOrderCutsConsecutiveItemsBySentenceCount() {
        BatchPlan plan = Batcher.builder().optBatchSize(2).build().inOrder(new int[] {3, 1, 4, 1, 5});
        assertThat(items(plan)).containsExactly(List.of(0, 1), List.of(2, 3), List.of(4));
        assertThat(plan.tokens(1)).isEqualTo(5);
        assertThat(plan.paddedTokens(1)).isEqualTo(8);
    }

    @Test
    void tokenBudgetBoundsLongestTimesRows() {
        // 2,2,2,2 -> 4 x 2 = 8 fits; adding the 5 would cost 5 x 5 = 25. Then 5 alone; 5 and 1 would cost 10.
        int[] lengths = {2, 2, 2, 2, 5, 1};
        BatchPlan plan = Batcher.builder().optTokenBudget(8).build().inOrder(lengths);
        assertThat(items(plan)).containsExactly(List.of(0, 1, 2, 3), List.of(4), List.of(5));
        assertThat(plan.paddedTokens(0)).isEqualTo(8);
    }

    @Test
    void sentenceCountAndTokenBudgetApplyTogether() {
        int[] lengths = {2, 2, 2, 2, 5, 1};
        BatchPlan plan = Batcher.builder().optBatchSize(3).optTokenBudget(8).build().inOrder(lengths);
        assertThat(items(plan)).containsExactly(List.of(0, 1, 2), List.of(3), List.of(4), List.of(5));
    }

    @Test
    void byLengthPutsLongestFirstAndKeepsTiesInDatasetOrder() {
        BatchPlan plan = Batcher.builder().optBatchSize(2).build().byLength(new int[] {2, 5, 3, 5, 1});
        assertThat(items(plan)).containsExactly(List.of(1, 3), List.of(2, 0), List.of(4));
    }

    @Test
    void shuffledPlansGroupEqualLengthsWhateverTheSeed() {
        int[] lengths = {1, 9, 2, 8, 1, 9, 2, 8};
        Batcher batcher = Batcher.builder().optBatchSize(2).build();
        for (long seed = 0; seed < 20; seed++) {
            assertThat(itemSets(batcher.shuffled(lengths, seed)))
                    .containsExactlyInAnyOrder(Set.of(0, 4), Set.of(2, 6), Set.of(3, 7), Set.of(1, 5));
        }
    }

    @Test
    void bucketWidthMixesLengthsWithinABucket() {
        // Width 3: lengths 1..3 form bucket 0 and 4..6 bucket 1; batches of 3 never mix buckets.
        int[] lengths = {4, 1, 6, 2, 5, 3};
        Batcher batcher = Batcher.builder().optBatchSize(3).optBucketWidth(3).build();
        Set<List<Integer>> rowOrders = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            BatchPlan plan = batcher.shuffled(lengths, seed);
            assertThat(itemSets(plan)).containsExactlyInAnyOrder(Set.of(1, 3, 5), Set.of(0, 2, 4));
            for (List<Integer> batch : items(plan)) {
                rowOrders.add(batch);
            }
        }
        assertThat(rowOrders).as("order inside a bucket is random").hasSizeGreaterThan(2);
    }

    @Test
    void theSameSeedGivesTheSamePlanAndSeedsDiffer() {
        int[] lengths = new int[40];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = 1 + (i * 7) % 13;
        }
        Batcher batcher = Batcher.builder().optBatchSize(4).build();
        assertThat(batcher.shuffled(lengths, 42)).isEqualTo(batcher.shuffled(lengths, 42));
        Set<List<List<Integer>>> plans = new HashSet<>();
        for (long seed = 0; seed < 5; seed++) {
            plans.add(items(batcher.shuffled(lengths, seed)));
        }
        assertThat(plans).hasSize(5);
    }

    @Test
    void splitsLongSequencesIntoConsecutivePiecesAndJoinsOutputsBack() {
        List<int[]> dataset = List.of(new int[] {1, 2, 3, 4, 5, 6, 7}, new int[] {8, 9});
        Batcher batcher = Batcher.builder().optBatchSize(10).optMaxLength(3)
                .optLongSequences(LongSequences.SPLIT).build();
        BatchPlan plan = batcher.inOrder(Batcher.lengthsOf(dataset));
        assertThat(plan.batch(0)).containsExactly(
                new Piece(0, 0, 3), new Piece(0, 3, 3), new Piece(0, 6, 1), new Piece(1, 0, 2));
        assertThat(plan.pieceCount()).isEqualTo(4);
        PackedBatch b = plan.pack(0, dataset);
        assertThat(b.paddedIds()).containsExactly(1, 2, 3, 4, 5, 6, 7, 0, 0, 8, 9, 0);
        // A model that echoes its input ids: joining must rebuild the dataset.
        assertThat(plan.joinPacked(List.of(b.packedIds())))
                .isDeepEqualTo(new int[][] {{1, 2, 3, 4, 5, 6, 7}, {8, 9}});
        assertThat(plan.joinRows(List.<int[][]>of(new int[][] {{10, 20, 30}, {40, 50, 60}, {70}, {80, 90}})))
                .isDeepEqualTo(new int[][] {{10, 20, 30, 40, 50, 60, 70}, {80, 90}});
    }

    @Test
    void joinsPaddedFloatOutputsPerItemInDatasetOrder() {
        // Items of lengths 2 and 1 in one batch, byLength keeps 0 then 1; dim 2.
        BatchPlan plan = Batcher.builder().optBatchSize(1).build().byLength(new int[] {1, 2});
        assertThat(items(plan)).containsExactly(List.of(1), List.of(0));
        float[][] joined = plan.joinPadded(List.of(new float[] {1, 2, 3, 4}, new float[] {5, 6}), 2);
        assertThat(joined[0]).containsExactly(5, 6);
        assertThat(joined[1]).containsExactly(1, 2, 3, 4);
    }

    @Test
    void refusesLongSequencesByDefaultNamingSourceAndLine() {
        Batcher batcher = Batcher.builder().optMaxLength(3).build();
        assertThatThrownBy(() -> batcher.inOrder(new int[] {2, 7}))
                .isInstanceOf(SeqlabException.class)
                .hasMessageStartingWith("sequence 1 has 7 tokens, more than the maximum of 3");
        ItemLines origin = new ItemLines("train.conll", new long[] {1, 9});
        assertThatThrownBy(() -> batcher.shuffled(new int[] {2, 7}, 1, origin))
                .isInstanceOf(InputFormatException.class)
                .hasMessageStartingWith("train.conll:9: sequence 1 has 7 tokens");
    }

    @Test
    void refusesEmptySequencesNamingIndexSourceAndLine() {
        Batcher batcher = Batcher.builder().build();
        assertThatThrownBy(() -> batcher.byLength(new int[] {3, 0}))
                .hasMessage("sequence 1 is empty: every sequence needs at least one token");
        ItemLines origin = new ItemLines("dev.conllu", new long[] {1, 5, 12});
        assertThatThrownBy(() -> batcher.inOrder(new int[] {3, 4, 0}, origin))
                .isInstanceOf(InputFormatException.class)
                .hasMessage("dev.conllu:12: sequence 2 is empty: every sequence needs at least one token");
        assertThatThrownBy(() -> batcher.inOrder(new int[0])).hasMessage("no sequences to batch");
    }

    @Test
    void tokenBudgetIsTheDefaultMaximumLength() {
        assertThatThrownBy(() -> Batcher.builder().optTokenBudget(4).build().inOrder(new int[] {5}))
                .hasMessageContaining("more than the maximum of 4");
        BatchPlan plan = Batcher.builder().optTokenBudget(4).optLongSequences(LongSequences.SPLIT).build()
                .inOrder(new int[] {5});
        assertThat(plan.batch(0)).containsExactly(new Piece(0, 0, 4));
        assertThat(plan.batch(1)).containsExactly(new Piece(0, 4, 1));
    }

    @Test
    void refusesToPackADatasetOtherThanThePlannedOne() {
        BatchPlan plan = Batcher.builder().optBatchSize(1).build().inOrder(new int[] {2, 3});
        assertThatThrownBy(() -> plan.pack(1, List.of(new int[] {1, 2}, new int[] {3, 4})))
                .hasMessage("item 1 has length 2 but the plan was made for length 3");
        assertThatThrownBy(() -> plan.pack(0, List.of(new int[] {1, 2})))
                .hasMessageContaining("the plan is for 2 items, the dataset has 1");
    }

    @Test
    void plansItemsOfAnyTypeByTheirLength() {
        int[] lengths = Batcher.lengthsOf(List.of("a b c", "d", "e f"), s -> s.split(" ").length);
        assertThat(lengths).containsExactly(3, 1, 2);
    }

    @Test
    void aSingleItemMakesOneBatch() {
        BatchPlan plan = Batcher.builder().build().shuffled(new int[] {6}, 3);
        assertThat(plan.size()).isEqualTo(1);
        assertThat(plan.batch(0)).containsExactly(new Piece(0, 0, 6));
    }

    @Test
    void refusesContradictorySettings() {
        assertThatThrownBy(() -> new BatchConfig(0, 0, 0, LongSequences.REFUSE, 1))
                .hasMessageContaining("set a batch size or a token budget");
        assertThatThrownBy(() -> new BatchConfig(8, 100, 200, LongSequences.SPLIT, 1))
                .hasMessageContaining("maxLength 200 exceeds tokenBudget 100");
        assertThatThrownBy(() -> new BatchConfig(-1, 0, 0, null, 1)).hasMessageContaining("must not be negative");
    }

    @Test
    void readsConfigFromJsonWithDocumentedDefaults() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readValue("{}", BatchConfig.class)).isEqualTo(BatchConfig.DEFAULT);
        assertThat(json.readValue("{\"tokenBudget\": 500}", BatchConfig.class))
                .isEqualTo(new BatchConfig(0, 500, 0, LongSequences.REFUSE, 1));
        BatchConfig config = new BatchConfig(16, 400, 100, LongSequences.SPLIT, 4);
        assertThat(json.readValue(json.writeValueAsString(config), BatchConfig.class)).isEqualTo(config);
    }
}
