package org.seqlab.tagger;

import org.seqlab.batch.CharBatch;
import org.seqlab.batch.PackedBatch;

/**
 * One batch of sentences in the packed time-major layout of {@link PackedBatch}: word ids, casing ids and gold tag
 * ids each one per packed row, the characters of each packed word (null without a char encoder), the gold tags
 * (null when tagging), per further word table its word ids, one per packed row ({@code extraWords[k]}), and the soft
 * targets of distillation (null when training on the gold tags alone), and per auxiliary tag task
 * ({@link TaggerConfig#auxiliaryTags()}) its label ids, one per packed row ({@code auxiliaryGold[k]}; empty when
 * there are none).
 */
public record TaggerBatch(PackedBatch words, int[] casing, CharBatch chars, int[] gold, int[][] extraWords,
        SoftTargets targets, int[][] auxiliaryGold) {
    public TaggerBatch {
        extraWords = extraWords == null ? new int[0][] : extraWords;
        auxiliaryGold = auxiliaryGold == null ? new int[0][] : auxiliaryGold;
    }

    /** A batch without auxiliary labels. */
    public TaggerBatch(PackedBatch words, int[] casing, CharBatch chars, int[] gold, int[][] extraWords,
            SoftTargets targets) {
        this(words, casing, chars, gold, extraWords, targets, null);
    }

    /** A batch for a model with one word table. */
    public TaggerBatch(PackedBatch words, int[] casing, CharBatch chars, int[] gold) {
        this(words, casing, chars, gold, new int[0][], null, null);
    }

    /** A batch without soft targets. */
    public TaggerBatch(PackedBatch words, int[] casing, CharBatch chars, int[] gold, int[][] extraWords) {
        this(words, casing, chars, gold, extraWords, null, null);
    }

    /** This batch with the given soft targets. */
    public TaggerBatch withTargets(SoftTargets t) {
        return new TaggerBatch(words, casing, chars, gold, extraWords, t, auxiliaryGold);
    }

    /**
     * What a training batch is fitted to instead of its gold tags alone: a distribution over each sentence's tag paths
     * given by its node marginals and its pair marginals summed over the batch (see
     * {@link org.seqlab.crf.LinearChainCrf#crossEntropy}).
     *
     * @param nodes {@code [packed rows × tags]}: the target probability of each tag at each token
     * @param pairs {@code [tags × tags]}: Σ over the batch's sentences and positions of the target probability of
     *              tag {@code i} followed by tag {@code j}
     */
    public record SoftTargets(double[] nodes, double[] pairs) {
    }
}
