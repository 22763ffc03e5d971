package org.seqlab.seq2seq.decode;

import java.util.ArrayList;
import java.util.List;
import org.seqlab.SeqlabException;

/**
 * Replaces each unknown-word token of an output by the source word its step attended to most (Luong et al. 2015's
 * simple copy), a post-processing step for names and numbers that the target vocabulary lacks.
 */
public final class UnkReplacer {
    private final String unkToken;

    /** @param unkToken the unknown-word token of the target vocabulary, e.g. {@code <unk>} */
    public UnkReplacer(String unkToken) {
        this.unkToken = unkToken;
    }

    /**
     * Replaces the unknown-word tokens of {@code output}.
     *
     * @param output the output tokens (as in {@link Hypothesis#outputTokens()}, mapped to strings)
     * @param source the source words, in the order of the attention positions
     * @param attention per output token its attention row ({@link Hypothesis#outputAttention()}); a row may be longer
     *     than {@code source} (for example a position for the source's {@code </s>}), but only the first
     *     {@code source.size()} positions are candidates. Ties go to the earlier source word.
     * @return a new list: {@code output} with each unknown-word token replaced
     */
    public List<String> replace(List<String> output, List<String> source, float[][] attention) {
        if (attention == null || attention.length < output.size()) {
            throw new SeqlabException("unknown-word replacement needs one attention row per output token: "
                    + output.size() + " tokens, " + (attention == null ? "no" : attention.length) + " rows");
        }
        List<String> replaced = new ArrayList<>(output);
        for (int i = 0; i < output.size(); i++) {
            if (!unkToken.equals(output.get(i))) {
                continue;
            }
            float[] row = attention[i];
            int best = -1;
            float bestWeight = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < Math.min(row.length, source.size()); j++) {
                if (row[j] > bestWeight) {
                    best = j;
                    bestWeight = row[j];
                }
            }
            if (best >= 0) {
                replaced.set(i, source.get(best));
            }
        }
        return replaced;
    }
}
