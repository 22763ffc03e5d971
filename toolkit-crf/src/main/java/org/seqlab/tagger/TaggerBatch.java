package org.seqlab.tagger;

import org.seqlab.batch.CharBatch;
import org.seqlab.batch.PackedBatch;

/**
 * One batch of sentences in the packed time-major layout of {@link PackedBatch}: word ids, casing ids and gold tag
 * ids each one per packed row, the characters of each packed word (null without a char encoder), and the gold tags
 * (null when tagging).
 */
public record TaggerBatch(PackedBatch words, int[] casing, CharBatch chars, int[] gold) {
}
