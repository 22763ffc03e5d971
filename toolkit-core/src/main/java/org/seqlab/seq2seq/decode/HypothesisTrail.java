package org.seqlab.seq2seq.decode;

/**
 * One emitted token of a hypothesis and a link to the tokens before it. Hypotheses that share a prefix share its
 * links, so a step of the search costs one link per surviving hypothesis, not a copy of its history.
 */
final class HypothesisTrail {
    final HypothesisTrail parent;
    final int token;
    final float logProb;
    final float[] attention;
    final int length;

    HypothesisTrail(HypothesisTrail parent, int token, float logProb, float[] attention) {
        this.parent = parent;
        this.token = token;
        this.logProb = logProb;
        this.attention = attention;
        this.length = parent == null ? 1 : parent.length + 1;
    }

    static int length(HypothesisTrail trail) {
        return trail == null ? 0 : trail.length;
    }

    /** The hypothesis that ends with {@code last} ({@code null}: the empty one) and has log-probability {@code score}. */
    static Hypothesis finish(HypothesisTrail last, double score, boolean ended, boolean withAttention,
            DecodeConfig config) {
        int n = length(last);
        int[] tokens = new int[n];
        float[] logProbs = new float[n];
        float[][] attention = withAttention ? new float[n][] : null;
        for (HypothesisTrail t = last; t != null; t = t.parent) {
            int i = t.length - 1;
            tokens[i] = t.token;
            logProbs[i] = t.logProb;
            if (withAttention) {
                attention[i] = t.attention;
            }
        }
        return new Hypothesis(tokens, score, score / config.lengthPenalty(n), logProbs, attention, ended);
    }
}
