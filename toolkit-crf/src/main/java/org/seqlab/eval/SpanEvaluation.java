package org.seqlab.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * The result of a {@link SpanEvaluator}: token counts, overall and per-type chunk counts (types in conlleval's sorted
 * order), and the token confusion.
 */
public record SpanEvaluation(long tokens, long correctTokens, SpanCounts overall, Map<String, SpanCounts> byType,
                             Confusion confusion) {

    /** Percent of tokens whose tag is right; 0 without tokens. */
    public double accuracy() {
        return tokens > 0 ? 100.0 * correctTokens / tokens : 0.0;
    }

    /**
     * The report conlleval prints, figure for figure:
     * <pre>
     * processed 51362 tokens with 5942 phrases; found: 5927 phrases; correct: 5362.
     * accuracy:  97.92%; precision:  90.47%; recall:  90.24%; FB1:  90.35
     *               LOC: precision:  92.17%; recall:  93.74%; FB1:  92.95  1868
     * </pre>
     */
    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append("processed ").append(tokens).append(" tokens with ").append(overall.gold())
                .append(" phrases; found: ").append(overall.predicted()).append(" phrases; correct: ")
                .append(overall.correct()).append(".\n");
        if (tokens > 0) {
            sb.append("accuracy: ").append(percent(accuracy())).append("%; ")
                    .append("precision: ").append(percent(overall.precision())).append("%; ")
                    .append("recall: ").append(percent(overall.recall())).append("%; ")
                    .append("FB1: ").append(percent(overall.f1())).append('\n');
        }
        byType.forEach((type, c) -> sb.append(String.format("%17s: ", type))
                .append("precision: ").append(percent(c.precision())).append("%; ")
                .append("recall: ").append(percent(c.recall())).append("%; ")
                .append("FB1: ").append(percent(c.f1())).append("  ").append(c.predicted()).append('\n'));
        return sb.toString();
    }

    /**
     * {@code printf("%6.2f")} as Perl/C does it: the exact binary value rounded half-to-even. Java's {@code %.2f}
     * rounds the shortest decimal form half-up, which differs on values such as 0.125 or 2.675.
     */
    static String percent(double v) {
        String s = new BigDecimal(v).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        return s.length() >= 6 ? s : " ".repeat(6 - s.length()) + s;
    }
}
