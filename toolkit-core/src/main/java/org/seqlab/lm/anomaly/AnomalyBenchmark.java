package org.seqlab.lm.anomaly;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.lm.LanguageModel;
import org.seqlab.lm.LmBenchmark;
import org.seqlab.lm.LmConfig;
import org.seqlab.lm.LmTokens;
import org.seqlab.lm.TextStream;
import org.seqlab.random.Rng;

/**
 * The anomaly benchmark of issue 7: a language model trained on normal lines for a fixed time, then the held-out
 * normal lines scored against three kinds of anomaly: the same lines word-shuffled, the same lines with characters
 * corrupted at random ({@value #CORRUPTION} per character, from a–z and space), and the French side of Tatoeba
 * English–French pairs. Reports the ROC-AUC of the mean per-token surprisal for each kind and, for reference, of
 * Tatoeba's English side (normal text from another source) against the same normal lines, and of the French side
 * against Tatoeba's English side (the language change alone, without the change of source).
 */
public final class AnomalyBenchmark {
    /** Per-character replacement probability of the corrupted kind. */
    public static final double CORRUPTION = 0.1;
    private static final String CORRUPTION_ALPHABET = "abcdefghijklmnopqrstuvwxyz ";

    private AnomalyBenchmark() {
    }

    /**
     * @param aucs ROC-AUC by kind: {@code shuffled}, {@code corrupted}, {@code french}, {@code tatoeba_english}
     *     (normal English from another source; near 0.5 means the score is not merely a domain detector) and
     *     {@code french_vs_tatoeba_english} (French against Tatoeba's English as the normal lines)
     * @param trainedTokens tokens the model was trained on; @param validBitsPerToken on the normal held-out lines
     */
    public record Result(Map<String, Double> aucs, long trainedTokens, double trainSeconds, double validBitsPerToken) {
    }

    public static Result run(String trainText, List<String> normalLines, List<SentencePair> tatoeba, LmConfig config,
            double trainSeconds, long seed) {
        if (!(trainSeconds > 0) || Double.isInfinite(trainSeconds)) {
            throw new IllegalArgumentException("anomaly benchmark: the training time must be a positive number of "
                    + "seconds, got " + trainSeconds);
        }
        LmTokens tokens = LmTokens.learn(config, trainText);
        LanguageModel model = new LanguageModel(config, tokens, DataType.FLOAT, config.trainer().seed());
        TextStream stream = TextStream.of(tokens.encode(trainText), config.streams(), "training text");
        long started = System.nanoTime();
        long trained = LmBenchmark.trainFor(model, stream, trainSeconds);
        double seconds = (System.nanoTime() - started) * 1e-9;

        Rng rng = new Rng(seed);
        List<String> shuffled = new ArrayList<>();
        List<String> corrupted = new ArrayList<>();
        for (String line : normalLines) {
            shuffled.add(AnomalyConstructions.shuffleWords(line, rng));
            corrupted.add(AnomalyConstructions.corruptCharacters(line, CORRUPTION, CORRUPTION_ALPHABET, rng));
        }
        List<String> french = tatoeba.stream().map(SentencePair::french).toList();
        List<String> english = tatoeba.stream().map(SentencePair::english).toList();

        List<double[]> normalSurprisals = AnomalyDetector.surprisals(model, normalLines);
        double[] normal = normalSurprisals.stream().mapToDouble(s -> SequenceScore.of(s).mean()).toArray();
        double sum = 0;
        long count = 0;
        for (double[] s : normalSurprisals) {
            for (double x : s) {
                sum += x;
            }
            count += s.length;
        }
        Map<String, Double> aucs = new LinkedHashMap<>();
        aucs.put("shuffled", Roc.auc(normal, AnomalyDetector.meanSurprisals(model, shuffled)));
        aucs.put("corrupted", Roc.auc(normal, AnomalyDetector.meanSurprisals(model, corrupted)));
        double[] frenchScores = AnomalyDetector.meanSurprisals(model, french);
        aucs.put("french", Roc.auc(normal, frenchScores));
        double[] tatoebaEnglish = AnomalyDetector.meanSurprisals(model, english);
        aucs.put("tatoeba_english", Roc.auc(normal, tatoebaEnglish));
        aucs.put("french_vs_tatoeba_english", Roc.auc(tatoebaEnglish, frenchScores));
        return new Result(aucs, trained, seconds, SequenceScore.bits(sum / count));
    }
}
