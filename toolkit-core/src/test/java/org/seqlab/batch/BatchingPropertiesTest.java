package org.seqlab.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Invariants checked on many seeded random datasets and settings. */
class BatchingPropertiesTest {
    private static final int TRIALS = 300;

    private static List<int[]> randomDataset(Random random, int maxItems, int maxLength) {
        int n = 1 + random.nextInt(maxItems);
        List<int[]> dataset = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] ids = new int[1 + random.nextInt(maxLength)];
            for (int t = 0; t < ids.length; t++) {
                ids[t] = 1 + random.nextInt(1000);
            }
            dataset.add(ids);
        }
        return dataset;
    }

    @Test
    void unpackingPackedIdsRestoresEverySequenceInOrder() {
        Random random = new Random(1);
        for (int trial = 0; trial < TRIALS; trial++) {
            List<int[]> dataset = randomDataset(random, 20, 30);
            PackedBatch b = PackedBatch.of(dataset);
            assertThat(b.layout().unpack(b.packedIds())).isDeepEqualTo(dataset.toArray(new int[0][]));
            for (int i = 0; i < dataset.size(); i++) {
                for (int t = 0; t < b.maxLength(); t++) {
                    int expected = t < dataset.get(i).length ? dataset.get(i)[t] : 0;
                    assertThat(b.paddedId(i, t)).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void batchSizesSumToTheTotalLengthAndNeverGrow() {
        Random random = new Random(2);
        for (int trial = 0; trial < TRIALS; trial++) {
            List<int[]> dataset = randomDataset(random, 20, 30);
            SequenceLayout layout = PackedBatch.of(dataset).layout();
            int total = 0;
            for (int[] ids : dataset) {
                total += ids.length;
            }
            int sum = 0;
            for (int t = 0; t < layout.maxLength(); t++) {
                sum += layout.batchSize(t);
                if (t > 0) {
                    assertThat(layout.batchSize(t)).isLessThanOrEqualTo(layout.batchSize(t - 1));
                }
            }
            assertThat(sum).isEqualTo(total).isEqualTo(layout.totalSteps());
            float maskSum = 0;
            for (float m : PackedBatch.of(dataset).mask()) {
                maskSum += m;
            }
            assertThat(maskSum).isEqualTo((float) total);
        }
    }

    @Test
    void gatherAfterScatterIsTheIdentityAndPaddingIsZero() {
        Random random = new Random(3);
        for (int trial = 0; trial < TRIALS; trial++) {
            List<int[]> dataset = randomDataset(random, 12, 15);
            SequenceLayout layout = PackedBatch.of(dataset).layout();
            int dim = 1 + random.nextInt(4);
            float[] packed = new float[layout.totalSteps() * dim];
            for (int k = 0; k < packed.length; k++) {
                packed[k] = 1 + random.nextFloat();
            }
            float[] padded = layout.toPadded(packed, dim);
            assertThat(layout.toPacked(padded, dim)).containsExactly(packed);
            int nonZero = 0;
            for (float v : padded) {
                nonZero += v != 0 ? 1 : 0;
            }
            assertThat(nonZero).isEqualTo(packed.length);
        }
    }

    @Test
    void everyPlanCoversEachTokenOnceAndRespectsItsLimits() {
        Random random = new Random(4);
        for (int trial = 0; trial < TRIALS; trial++) {
            List<int[]> dataset = randomDataset(random, 60, 40);
            int batchSize = random.nextInt(9);
            int budget = batchSize == 0 || random.nextBoolean() ? 20 + random.nextInt(80) : 0;
            int maxLength = random.nextInt(3) == 0 ? 1 + random.nextInt(budget > 0 ? budget : 50) : 0;
            Batcher batcher = Batcher.builder().optBatchSize(batchSize).optTokenBudget(budget)
                    .optMaxLength(maxLength).optLongSequences(LongSequences.SPLIT)
                    .optBucketWidth(1 + random.nextInt(4)).build();
            int[] lengths = Batcher.lengthsOf(dataset);
            long seed = random.nextLong();
            BatchPlan plan = switch (trial % 3) {
                case 0 -> batcher.shuffled(lengths, seed);
                case 1 -> batcher.byLength(lengths);
                default -> batcher.inOrder(lengths);
            };
            int[][] covered = new int[dataset.size()][];
            for (int i = 0; i < covered.length; i++) {
                covered[i] = new int[lengths[i]];
            }
            for (int k = 0; k < plan.size(); k++) {
                if (batchSize > 0) {
                    assertThat(plan.batch(k)).hasSizeLessThanOrEqualTo(batchSize);
                }
                if (budget > 0) {
                    assertThat(plan.paddedTokens(k)).isLessThanOrEqualTo(budget);
                }
                for (Piece p : plan.batch(k)) {
                    if (maxLength > 0) {
                        assertThat(p.length()).isLessThanOrEqualTo(maxLength);
                    }
                    for (int t = p.start(); t < p.end(); t++) {
                        covered[p.item()][t]++;
                    }
                }
            }
            for (int[] counts : covered) {
                for (int c : counts) {
                    assertThat(c).isEqualTo(1);
                }
            }
            // A model that echoes its input ids: joining its outputs must rebuild the dataset.
            List<int[]> echoed = new ArrayList<>();
            for (PackedBatch b : plan.packAll(dataset, 0)) {
                echoed.add(b.packedIds());
            }
            assertThat(plan.joinPacked(echoed)).isDeepEqualTo(dataset.toArray(new int[0][]));
            if (trial % 3 == 0) {
                assertThat(batcher.shuffled(lengths, seed)).isEqualTo(plan);
            }
        }
    }

    @Test
    void inOrderPlansVisitPiecesInDatasetOrder() {
        Random random = new Random(5);
        for (int trial = 0; trial < TRIALS; trial++) {
            List<int[]> dataset = randomDataset(random, 40, 30);
            Batcher batcher = Batcher.builder().optBatchSize(1 + random.nextInt(6)).optMaxLength(10)
                    .optLongSequences(LongSequences.SPLIT).build();
            BatchPlan plan = batcher.inOrder(Batcher.lengthsOf(dataset));
            int item = 0;
            int next = 0;
            for (int k = 0; k < plan.size(); k++) {
                for (Piece p : plan.batch(k)) {
                    if (next == dataset.get(item).length) {
                        item++;
                        next = 0;
                    }
                    assertThat(p.item()).isEqualTo(item);
                    assertThat(p.start()).isEqualTo(next);
                    next = p.end();
                }
            }
            assertThat(item).isEqualTo(dataset.size() - 1);
            assertThat(next).isEqualTo(dataset.get(item).length);
        }
    }

    @Test
    void charRowsMatchTheWordAtTheSamePackedRow() {
        Random random = new Random(6);
        for (int trial = 0; trial < TRIALS; trial++) {
            List<int[]> dataset = randomDataset(random, 10, 12);
            // Word id w is spelled as w % 7 + 1 copies of char w.
            List<int[][]> chars = new ArrayList<>();
            for (int[] ids : dataset) {
                int[][] spelled = new int[ids.length][];
                for (int t = 0; t < ids.length; t++) {
                    spelled[t] = new int[ids[t] % 7 + 1];
                    java.util.Arrays.fill(spelled[t], ids[t]);
                }
                chars.add(spelled);
            }
            PackedBatch words = PackedBatch.of(dataset);
            CharBatch c = CharBatch.of(words, chars, 0);
            for (int r = 0; r < c.rows(); r++) {
                int w = words.packedId(r);
                assertThat(c.wordLength(r)).isEqualTo(w % 7 + 1);
                for (int k = 0; k < c.maxWordLength(); k++) {
                    assertThat(c.charId(r, k)).isEqualTo(k < c.wordLength(r) ? w : 0);
                }
            }
        }
    }
}
