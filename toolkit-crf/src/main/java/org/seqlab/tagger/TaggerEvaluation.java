package org.seqlab.tagger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.seqlab.conll.ConllSentence;
import org.seqlab.conll.Dataset;
import org.seqlab.eval.SpanEvaluation;
import org.seqlab.eval.SpanEvaluator;
import org.seqlab.eval.TokenAccuracy;

/**
 * A tagger scored on gold data: span precision, recall and F1 per type and overall (conlleval rules, the report
 * conlleval prints) for span tasks, token accuracy per gold tag and overall for plain labels. {@link #value()} is
 * the headline figure in percent and {@link #metric()} its name ({@code F1} or {@code accuracy}).
 */
public record TaggerEvaluation(String metric, double value, String report) {

    public static TaggerEvaluation evaluate(Tagger tagger, Dataset gold) {
        List<ConllSentence> sentences = gold.sentences();
        List<List<String>> words = new ArrayList<>(sentences.size());
        for (ConllSentence s : sentences) {
            words.add(s.words());
        }
        List<List<String>> predicted = tagger.internalTags(words);
        if (tagger.spanTask()) {
            if (gold.scheme() == null) {
                throw new org.seqlab.SeqlabException(gold.source() + ": the tagger predicts spans but the data's tag "
                        + "column holds plain labels; choose the span column");
            }
            SpanEvaluator eval = new SpanEvaluator(gold.scheme());
            for (int i = 0; i < sentences.size(); i++) {
                eval.add(sentences.get(i).tags(), sentences.get(i).fromIobes(predicted.get(i)));
            }
            SpanEvaluation r = eval.result();
            return new TaggerEvaluation("F1", r.overall().f1(), r.report());
        }
        requireSomeKnownLabel(tagger, gold);
        TokenAccuracy overall = new TokenAccuracy();
        Map<String, long[]> byTag = new TreeMap<>();
        for (int i = 0; i < sentences.size(); i++) {
            List<String> g = sentences.get(i).tags();
            overall.add(g, predicted.get(i));
            for (int t = 0; t < g.size(); t++) {
                long[] c = byTag.computeIfAbsent(g.get(t), k -> new long[2]);
                c[0]++;
                if (g.get(t).equals(predicted.get(i).get(t))) {
                    c[1]++;
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "processed %d tokens; correct: %d.%n", overall.tokens(), overall.correct()));
        byTag.forEach((tag, c) -> sb.append(String.format(Locale.ROOT, "%17s: accuracy: %6.2f%%  %d%n", tag,
                100.0 * c[1] / c[0], c[0])));
        return new TaggerEvaluation("accuracy", overall.accuracy(), sb.toString());
    }

    /**
     * Refuses gold labels none of which the tagger knows: the data was read from another column than the one it
     * was trained on (CoNLL-2003 NER tags scored against a POS model), and the accuracy would be a silent 0.
     */
    private static void requireSomeKnownLabel(Tagger tagger, Dataset gold) {
        java.util.Set<String> known = new java.util.HashSet<>(tagger.lexicon().tags());
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (ConllSentence s : gold.sentences()) {
            for (String t : s.tags()) {
                if (known.contains(t)) {
                    return;
                }
                seen.add(t);
            }
        }
        if (seen.isEmpty()) {
            return;
        }
        List<String> some = new ArrayList<>(seen).subList(0, Math.min(5, seen.size()));
        throw new org.seqlab.SeqlabException(gold.source() + ": none of the gold labels (" + String.join(", ", some)
                + (seen.size() > some.size() ? ", ..." : "") + ") is one of the model's " + known.size() + " labels; the data "
                + "was read as " + gold.format().id() + " with the tags in " + gold.format()
                .describeColumn(gold.tagColumn()) + ": give the --format or --column of the labels the model tags");
    }

    /** The headline line: {@code F1 91.23} or {@code accuracy 95.10}. */
    public String headline() {
        return String.format(Locale.ROOT, "%s %.2f", metric, value);
    }
}
