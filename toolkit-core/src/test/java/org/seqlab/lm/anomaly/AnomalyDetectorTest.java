package org.seqlab.lm.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.SeqlabException;
import org.seqlab.lm.LanguageModel;
import org.seqlab.lm.LmConfig;
import org.seqlab.lm.LmTrainer;
import org.seqlab.nn.recurrent.CellType;
import org.seqlab.random.Rng;
import org.seqlab.train.ScheduleConfig;
import org.seqlab.train.TrainerConfig;

class AnomalyDetectorTest {
    private static final String[] WORDS = {"the", "a", "man", "dog", "runs", "sits", "on", "in", "green", "grass",
        "park", "with", "ball"};
    private static LanguageModel model;

    /** Sentences "the man runs in the green park ." from a fixed grammar-ish template and a fixed seed. */
    private static List<String> sentences(int n, long seed) {
        Rng rng = new Rng(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(WORDS[rng.nextInt(2)] + " " + WORDS[2 + rng.nextInt(2)] + " " + WORDS[4 + rng.nextInt(2)] + " "
                    + WORDS[6 + rng.nextInt(2)] + " the " + WORDS[8 + rng.nextInt(3)] + " .");
        }
        return out;
    }

    @BeforeAll
    static void train(@TempDir Path dir) {
        TrainerConfig t = TrainerConfig.builder().optMaxEpochs(6).optSchedule(ScheduleConfig.constant(0.02))
                .optClipNorm(1).optSeed(3).build();
        LmConfig c = new LmConfig(CellType.LSTM, 8, 32, 1, 25, 25, 8, 2, t);
        model = LmTrainer.builder().setTrainText(String.join("\n", sentences(300, 1)) + "\n", "train")
                .setValidText(String.join("\n", sentences(20, 2)) + "\n", "valid").setConfig(c).setOutDir(dir)
                .build().run().model();
    }

    @Test
    void surprisalsAreTheStreamingLogProbabilitiesOfTheLineAndItsEnd() {
        String line = "a dog sits on the grass .";
        double[] s = AnomalyDetector.surprisals(model, List.of(line, "the man")).get(0);
        double[] lp = model.session().feed(line + "\n");
        assertThat(s).hasSize(line.length() + 1);
        for (int i = 0; i < s.length; i++) {
            assertThat(s[i]).isCloseTo(-lp[i], within(1e-5));
        }
    }

    @Test
    void theThresholdHoldsTheFalsePositiveRateAndAnomaliesScoreHigher() {
        List<String> calibration = sentences(100, 3);
        AnomalyDetector d = AnomalyDetector.calibrate(model, calibration, 0.1);
        assertThat(d.settings().calibrationLines()).isEqualTo(100);
        long flagged = d.score(calibration, 1, false).stream().filter(AnomalyResult::flagged).count();
        assertThat(flagged).isLessThanOrEqualTo(10).isGreaterThanOrEqualTo(5);

        Rng rng = new Rng(4);
        List<String> normal = sentences(50, 5);
        List<String> shuffled = normal.stream().map(l -> AnomalyConstructions.shuffleWords(l, rng)).toList();
        List<String> foreign = List.of("un homme court dans le parc vert .", "le chien est assis sur l'herbe .",
                "zwei Hunde spielen im Schnee .");
        double[] n = AnomalyDetector.meanSurprisals(model, normal);
        assertThat(Roc.auc(n, AnomalyDetector.meanSurprisals(model, shuffled))).isGreaterThan(0.9);
        assertThat(Roc.auc(n, AnomalyDetector.meanSurprisals(model, foreign))).isEqualTo(1.0);
        List<AnomalyResult> results = d.score(foreign, 7, true);
        assertThat(results).allMatch(AnomalyResult::flagged);
        assertThat(results.get(0).line()).isEqualTo(7);
        assertThat(results.get(2).surprisals()).hasSize(foreign.get(2).length() + 1);
        assertThat(results.get(2).score()).isCloseTo(SequenceScore.of(results.get(2).surprisals()).mean(), within(0.0));
    }

    @Test
    void aSavedDetectorLoadsWithTheSameThresholdAndScores(@TempDir Path dir) {
        AnomalyDetector d = AnomalyDetector.calibrate(model, sentences(30, 6), 0.05);
        Path bundle = dir.resolve("detector.zip");
        d.save(bundle, Map.of("valid_bpc", 1.0));
        AnomalyDetector back = AnomalyDetector.load(bundle);
        assertThat(back.settings()).isEqualTo(d.settings());
        List<String> lines = List.of("the dog runs in the park .", "park the in runs dog the .");
        for (int i = 0; i < lines.size(); i++) {
            assertThat(back.score(lines, 1, false).get(i).score()).isCloseTo(d.score(lines, 1, false).get(i).score(),
                    within(1e-6));
        }
        // A plain language model bundle is not a detector, and says how to make one.
        Path lm = dir.resolve("lm.zip");
        model.save(lm, Map.of());
        assertThatThrownBy(() -> AnomalyDetector.load(lm)).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("lm.zip").hasMessageContaining("anomaly-train");
        // ... while a detector's language model loads as one.
        assertThat(LanguageModel.load(lm).parameters().size()).isEqualTo(model.parameters().size());
    }
}
