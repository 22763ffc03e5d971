package org.seqlab.batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToIntFunction;
import org.seqlab.InputFormatException;
import org.seqlab.SeqlabException;

/**
 * Cuts a dataset, given by its item lengths, into a {@link BatchPlan} under a {@link BatchConfig}. Three orders:
 *
 * <ul>
 *   <li>{@link #shuffled}: for training. Items are grouped by length ({@link BatchConfig#bucketWidth() buckets}, at
 *       random within a bucket) so that batches hold similar lengths and waste little padding, cut into batches, and
 *       the batch order is shuffled. The same seed gives the same plan.
 *   <li>{@link #byLength}: for fast inference. Longest first, no randomness; {@link BatchPlan#joinRows} restores the
 *       dataset order of the outputs.
 *   <li>{@link #inOrder}: consecutive items in dataset order (streaming, or when batch composition must not depend
 *       on the other items' lengths).
 * </ul>
 *
 * <p>Items longer than the maximum length are refused or split, per {@link BatchConfig#longSequences()}. Empty items
 * are refused. Errors name the item index, and its source and line when an {@link ItemLines} is given. Immutable.
 */
public final class Batcher {
    private final BatchConfig config;

    public Batcher(BatchConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config is required");
        }
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    public BatchConfig config() {
        return config;
    }

    /** The lengths of a list of id sequences, for the planning methods. */
    public static int[] lengthsOf(List<int[]> sequences) {
        int[] lengths = new int[sequences.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = sequences.get(i).length;
        }
        return lengths;
    }

    /** The lengths of any items, for the planning methods: e.g. {@code lengthsOf(sentences, Sentence::size)}. */
    public static <T> int[] lengthsOf(List<T> items, ToIntFunction<? super T> length) {
        int[] lengths = new int[items.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = length.applyAsInt(items.get(i));
        }
        return lengths;
    }

    /** Bucketed by length, then batches in a random order; the same seed gives the same plan. */
    public BatchPlan shuffled(int[] lengths, long seed) {
        return shuffled(lengths, seed, null);
    }

    /** As {@link #shuffled(int[], long)}; errors name the item's source and line. */
    public BatchPlan shuffled(int[] lengths, long seed, ItemLines origin) {
        Piece[] pieces = pieces(lengths, origin);
        SplittableRandom random = new SplittableRandom(seed);
        shuffle(pieces, random);
        // Stable sort on the bucket alone: the shuffle above decides the order inside a bucket.
        int width = config.bucketWidth();
        Arrays.sort(pieces, Comparator.comparingInt(p -> (p.length() - 1) / width));
        List<Piece[]> batches = cut(pieces);
        for (int k = batches.size() - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            Piece[] swap = batches.get(k);
            batches.set(k, batches.get(j));
            batches.set(j, swap);
        }
        return new BatchPlan(lengths, batches);
    }

    /** Longest first (ties in dataset order), no randomness. */
    public BatchPlan byLength(int[] lengths) {
        return byLength(lengths, null);
    }

    /** As {@link #byLength(int[])}; errors name the item's source and line. */
    public BatchPlan byLength(int[] lengths, ItemLines origin) {
        Piece[] pieces = pieces(lengths, origin);
        Arrays.sort(pieces, Comparator.comparingInt(Piece::length).reversed());
        return new BatchPlan(lengths, cut(pieces));
    }

    /** Consecutive items in dataset order. */
    public BatchPlan inOrder(int[] lengths) {
        return inOrder(lengths, null);
    }

    /** As {@link #inOrder(int[])}; errors name the item's source and line. */
    public BatchPlan inOrder(int[] lengths, ItemLines origin) {
        return new BatchPlan(lengths, cut(pieces(lengths, origin)));
    }

    /** Whole items, or consecutive pieces of at most the maximum length, in dataset order. */
    private Piece[] pieces(int[] lengths, ItemLines origin) {
        int max = config.effectiveMaxLength();
        List<Piece> pieces = new ArrayList<>(lengths.length);
        for (int i = 0; i < lengths.length; i++) {
            int length = lengths[i];
            if (length < 1) {
                throw itemError(origin, i, "sequence " + i + " is empty: every sequence needs at least one token");
            }
            if (length <= max) {
                pieces.add(new Piece(i, 0, length));
            } else if (config.longSequences() == LongSequences.SPLIT) {
                for (int start = 0; start < length; start += max) {
                    pieces.add(new Piece(i, start, Math.min(max, length - start)));
                }
            } else {
                throw itemError(origin, i, "sequence " + i + " has " + length + " tokens, more than the maximum of "
                        + max + " (split long sequences, or raise the maximum length)");
            }
        }
        if (pieces.isEmpty()) {
            throw new SeqlabException(
                    origin == null ? "no sequences to batch" : origin.source() + ": no sequences to batch");
        }
        return pieces.toArray(new Piece[0]);
    }

    private static SeqlabException itemError(ItemLines origin, int item, String problem) {
        return origin == null ? new SeqlabException(problem)
                : new InputFormatException(origin.source(), origin.line(item), problem);
    }

    /** Cuts pieces, in the given order, into batches that respect both limits; a batch ends where the next won't fit. */
    private List<Piece[]> cut(Piece[] pieces) {
        int maxRows = config.batchSize() > 0 ? config.batchSize() : Integer.MAX_VALUE;
        long budget = config.tokenBudget() > 0 ? config.tokenBudget() : Long.MAX_VALUE;
        List<Piece[]> batches = new ArrayList<>();
        int begin = 0;
        int longest = 0;
        for (int p = 0; p < pieces.length; p++) {
            int rows = p - begin;
            int newLongest = Math.max(longest, pieces[p].length());
            if (rows > 0 && (rows + 1 > maxRows || (long) newLongest * (rows + 1) > budget)) {
                batches.add(Arrays.copyOfRange(pieces, begin, p));
                begin = p;
                newLongest = pieces[p].length();
            }
            longest = newLongest;
        }
        batches.add(Arrays.copyOfRange(pieces, begin, pieces.length));
        return batches;
    }

    private static void shuffle(Piece[] pieces, SplittableRandom random) {
        for (int i = pieces.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Piece swap = pieces[i];
            pieces[i] = pieces[j];
            pieces[j] = swap;
        }
    }

    /** Builds a {@link Batcher}; every setting is optional and starts at {@link BatchConfig#DEFAULT}. */
    public static final class Builder {
        private Integer batchSize;
        private int tokenBudget;
        private int maxLength;
        private LongSequences longSequences = LongSequences.REFUSE;
        private int bucketWidth = 1;

        private Builder() {
        }

        /** Most sequences per batch (0: no count limit). Default 32, or no limit when a token budget is set. */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Most padded tokens per batch, longest row × rows (0: no budget). */
        public Builder optTokenBudget(int tokenBudget) {
            this.tokenBudget = tokenBudget;
            return this;
        }

        /** Longest sequence accepted (0: no limit, or the token budget). */
        public Builder optMaxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /** Refuse (the default) or split sequences longer than the maximum. */
        public Builder optLongSequences(LongSequences longSequences) {
            this.longSequences = longSequences;
            return this;
        }

        /** Width of the length buckets of shuffled plans (default 1: exact lengths). */
        public Builder optBucketWidth(int bucketWidth) {
            this.bucketWidth = bucketWidth;
            return this;
        }

        public Batcher build() {
            int size = batchSize != null ? batchSize : tokenBudget > 0 ? 0 : BatchConfig.DEFAULT.batchSize();
            return new Batcher(new BatchConfig(size, tokenBudget, maxLength, longSequences, bucketWidth));
        }
    }
}
