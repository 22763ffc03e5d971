package org.seqlab.tagger;

import org.seqlab.batch.CharBatch;
import org.seqlab.batch.PackedBatch;

/**
 * One batch of sentences in the packed time-major layout of {@link PackedBatch}: word ids, casing ids and gold tag
 * ids each one per packed row, the characters of each packed word (null without a char encoder), the gold tags
 * (null when tagging), and per further word table its word ids, one per packed row ({@code extraWords[k]}).
 */
public record TaggerBatch(PackedBatch words, int[] casing, CharBatch chars, int[] gold, int[][] extraWords) {
    public TaggerBatch {
        extraWords = extraWords == null ? new int[0][] : extraWords;
    }

    /** A batch for a model with one word table. */
    public TaggerBatch(PackedBatch words, int[] casing, CharBatch chars, int[] gold) {
        this(words, casing, chars, gold, new int[0][]);
    }
}
