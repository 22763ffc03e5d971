package org.seqlab.text;

import java.util.Arrays;

/**
 * Token and sentence F1 (percent) of a tokenization against gold, as {@code ../shared/bench/ud_tokens.py} computes them:
 * tokens match by exact offsets, sentences by their end offsets; duplicates count once (set semantics); F1 is 0 when
 * either side is empty or nothing matches.
 */
public record TokenizationScore(double tokenF1, double sentenceF1, int goldTokens, int predictedTokens) {

    /** Scores packed token spans (see {@link UdTokenizationGold#span}) and sentence end offsets. */
    public static TokenizationScore of(long[] goldSpans, long[] predSpans, int[] goldEnds, int[] predEnds) {
        double tokenF1 = f1(Arrays.stream(goldSpans).distinct().sorted().toArray(),
                Arrays.stream(predSpans).distinct().sorted().toArray());
        double sentenceF1 = f1(Arrays.stream(goldEnds).asLongStream().distinct().sorted().toArray(),
                Arrays.stream(predEnds).asLongStream().distinct().sorted().toArray());
        return new TokenizationScore(tokenF1, sentenceF1, goldSpans.length, predSpans.length);
    }

    /** F1 in percent of two sorted sets without duplicates. */
    private static double f1(long[] gold, long[] pred) {
        int tp = 0;
        int i = 0;
        int j = 0;
        while (i < gold.length && j < pred.length) {
            if (gold[i] == pred[j]) {
                tp++;
                i++;
                j++;
            } else if (gold[i] < pred[j]) {
                i++;
            } else {
                j++;
            }
        }
        if (gold.length == 0 || pred.length == 0 || tp == 0) {
            return 0.0;
        }
        double precision = (double) tp / pred.length;
        double recall = (double) tp / gold.length;
        return 200 * precision * recall / (precision + recall);
    }
}
