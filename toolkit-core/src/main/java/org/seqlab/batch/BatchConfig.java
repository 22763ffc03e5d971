package org.seqlab.batch;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.seqlab.SeqlabException;

/**
 * How a dataset is cut into batches. A batch closes when adding the next sequence would exceed either limit that is
 * set; at least one must be.
 *
 * @param batchSize most sequences per batch; 0 for no count limit. Default 32, or 0 where a token budget is given.
 * @param tokenBudget most padded tokens per batch, counted as longest length in the batch × number of sequences (what
 *     padded computation costs); 0 for no budget. Default 0.
 * @param maxLength longest sequence accepted; 0 means no limit, or the token budget where one is set. Default 0.
 * @param longSequences what to do with a sequence longer than the maximum: refuse it or split it. Default
 *     {@link LongSequences#REFUSE}.
 * @param bucketWidth width of the length buckets for shuffled plans: sequences whose lengths fall in the same bucket
 *     of this many lengths are interchangeable, so they are mixed at random; 1 sorts by exact length (random order
 *     among equal lengths). 0 means 1. Default 1.
 */
public record BatchConfig(int batchSize, int tokenBudget, int maxLength, LongSequences longSequences, int bucketWidth) {

    /** 32 sequences per batch, no token budget, no length limit, width-1 buckets. */
    public static final BatchConfig DEFAULT = new BatchConfig(32, 0, 0, LongSequences.REFUSE, 1);

    public BatchConfig {
        if (batchSize < 0 || tokenBudget < 0 || maxLength < 0 || bucketWidth < 0) {
            throw new SeqlabException("batch settings must not be negative: batchSize " + batchSize
                    + ", tokenBudget " + tokenBudget + ", maxLength " + maxLength + ", bucketWidth " + bucketWidth);
        }
        if (batchSize == 0 && tokenBudget == 0) {
            throw new SeqlabException("set a batch size or a token budget (both are 0)");
        }
        if (tokenBudget > 0 && maxLength > tokenBudget) {
            throw new SeqlabException("maxLength " + maxLength + " exceeds tokenBudget " + tokenBudget
                    + ": a sequence that long could never fit in a batch");
        }
        if (longSequences == null) {
            longSequences = LongSequences.REFUSE;
        }
        if (bucketWidth == 0) {
            bucketWidth = 1;
        }
    }

    /** Reads a config in which every field is optional, applying the documented defaults to absent ones. */
    @JsonCreator
    static BatchConfig fromJson(@JsonProperty("batchSize") Integer batchSize,
            @JsonProperty("tokenBudget") Integer tokenBudget, @JsonProperty("maxLength") Integer maxLength,
            @JsonProperty("longSequences") LongSequences longSequences,
            @JsonProperty("bucketWidth") Integer bucketWidth) {
        int budget = tokenBudget == null ? 0 : tokenBudget;
        int size = batchSize != null ? batchSize : budget > 0 ? 0 : DEFAULT.batchSize();
        return new BatchConfig(size, budget, maxLength == null ? 0 : maxLength, longSequences,
                bucketWidth == null ? 1 : bucketWidth);
    }

    /** The longest sequence (or piece) a batch may hold: {@code maxLength}, else the token budget, else unlimited. */
    @JsonIgnore
    public int effectiveMaxLength() {
        if (maxLength > 0) {
            return maxLength;
        }
        return tokenBudget > 0 ? tokenBudget : Integer.MAX_VALUE;
    }
}
