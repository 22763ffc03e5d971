package org.seqlab.lm.anomaly;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.seqlab.SeqlabException;
import org.seqlab.bundle.ModelBundle;
import org.seqlab.lm.LanguageModel;
import org.seqlab.lm.LmTokens;
import org.seqlab.nn.recurrent.RecurrentConfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Flags anomalous lines with a {@link LanguageModel} trained on normal ones. A line's tokens and the line end after
 * them are scored from the state after a line end; each token's surprisal is −ln p (nats), the line's score is their
 * mean (length-normalised; see {@link SequenceScore}) and a line is flagged when the score exceeds a {@link Threshold}
 * calibrated on held-out normal lines to a chosen false-positive rate. Immutable and thread-safe.
 *
 * <p>Saved as a bundle of kind {@value #BUNDLE_KIND}: the language model's entries plus {@value #SETTINGS_NAME}
 * ({@code {"threshold": …, "falsePositiveRate": …, "calibrationLines": …}}).
 */
public final class AnomalyDetector {
    public static final String BUNDLE_KIND = "lm-anomaly-detector";
    static final String SETTINGS_NAME = "anomaly.json";
    /** Lines scored in one packed batch. */
    private static final int BATCH = 64;

    private final LanguageModel model;
    private final Settings settings;

    /**
     * @param threshold flag lines whose mean surprisal (nats) is above it
     * @param falsePositiveRate the rate it was calibrated to
     * @param calibrationLines the number of normal lines it was calibrated on
     */
    public record Settings(double threshold, double falsePositiveRate, int calibrationLines) {
    }

    public AnomalyDetector(LanguageModel model, Settings settings) {
        this.model = model;
        this.settings = settings;
    }

    /** Calibrates a detector on held-out normal lines to a false-positive rate in [0, 1). */
    public static AnomalyDetector calibrate(LanguageModel model, List<String> normalLines, double falsePositiveRate) {
        if (normalLines.isEmpty()) {
            throw new SeqlabException("threshold calibration needs at least one normal line");
        }
        double[] scores = meanSurprisals(model, normalLines);
        Threshold t = Threshold.calibrate(scores, falsePositiveRate);
        return new AnomalyDetector(model, new Settings(t.value(), falsePositiveRate, normalLines.size()));
    }

    public LanguageModel model() {
        return model;
    }

    public Settings settings() {
        return settings;
    }

    public Threshold threshold() {
        return new Threshold(settings.threshold());
    }

    /**
     * Refuses the first line with more tokens (its end included) than the model's recurrent layers read, as
     * {@code SOURCE:LINE: the line is N tokens long ...}: scoring it would fail with the layer's message, which names
     * neither input nor line (and, calibrating, only after the whole training).
     *
     * @param firstLineNumber the number of {@code lines.get(0)} in its input (1 for a whole file)
     */
    public static void checkLineLengths(LmTokens tokens, List<String> lines, String source, long firstLineNumber) {
        for (int i = 0; i < lines.size(); i++) {
            int length = tokens.encode(lines.get(i)).length + 1;
            if (length > RecurrentConfig.DEFAULT_MAX_LENGTH) {
                throw new SeqlabException(source + ":" + (firstLineNumber + i) + ": the line is " + length
                        + " tokens long (its end included); the model reads at most "
                        + RecurrentConfig.DEFAULT_MAX_LENGTH);
            }
        }
    }

    /** Per-token surprisals (nats) of each line: its tokens, then the line end. */
    public static List<double[]> surprisals(LanguageModel model, List<String> lines) {
        LmTokens tokens = model.tokens();
        List<int[]> sequences = new ArrayList<>(lines.size());
        for (String line : lines) {
            int[] ids = tokens.encode(line);
            int[] withEnd = java.util.Arrays.copyOf(ids, ids.length + 1);
            withEnd[ids.length] = tokens.lineEnd();
            sequences.add(withEnd);
        }
        List<double[]> out = new ArrayList<>(lines.size());
        for (double[] lp : model.logProbabilities(sequences, BATCH)) {
            out.add(SequenceScore.surprisalsFromLogProbabilities(lp));
        }
        return out;
    }

    /** The mean per-token surprisal of each line (the anomaly score). */
    public static double[] meanSurprisals(LanguageModel model, List<String> lines) {
        return surprisals(model, lines).stream().mapToDouble(s -> SequenceScore.of(s).mean()).toArray();
    }

    /**
     * Scores lines and decides each.
     *
     * @param firstLineNumber the number of {@code lines.get(0)} in its input (1 for a whole file)
     * @param keepSurprisals whether results keep the per-token surprisals
     */
    public List<AnomalyResult> score(List<String> lines, long firstLineNumber, boolean keepSurprisals) {
        List<double[]> s = surprisals(model, lines);
        Threshold t = threshold();
        List<AnomalyResult> out = new ArrayList<>(lines.size());
        for (int i = 0; i < s.size(); i++) {
            out.add(AnomalyResult.of(firstLineNumber + i, s.get(i), t, keepSurprisals));
        }
        return out;
    }

    /** Writes the detector as a bundle (the model and the settings) with the given metrics. */
    public void save(Path bundle, Map<String, Double> metrics) {
        try {
            model.save(bundle, BUNDLE_KIND, metrics,
                    Map.of(SETTINGS_NAME, new ObjectMapper().writeValueAsString(settings)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the anomaly settings as JSON", e);
        }
    }

    /** Reads a bundle written by {@link #save}. */
    public static AnomalyDetector load(Path bundle) {
        ModelBundle b = ModelBundle.read(bundle);
        if (!BUNDLE_KIND.equals(b.kind())) {
            throw new SeqlabException(bundle + ": holds a '" + b.kind() + "' model, not an anomaly detector ("
                    + BUNDLE_KIND + "); make one with seqlab anomaly-train");
        }
        Settings settings;
        try {
            settings = new ObjectMapper().readValue(b.text(SETTINGS_NAME), Settings.class);
        } catch (JsonProcessingException e) {
            throw new SeqlabException(bundle + ": " + SETTINGS_NAME + " is not valid: "
                    + e.getOriginalMessage(), e);
        }
        return new AnomalyDetector(LanguageModel.fromBundle(b, bundle.toString()), settings);
    }
}
