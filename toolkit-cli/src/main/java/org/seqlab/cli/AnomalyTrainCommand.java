package org.seqlab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.seqlab.SeqlabException;
import org.seqlab.lm.LanguageModel;
import org.seqlab.lm.LmConfig;
import org.seqlab.lm.LmTrainer;
import org.seqlab.lm.anomaly.AnomalyDetector;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "anomaly-train",
        mixinStandardHelpOptions = true,
        header = "Fit an anomaly detector on normal lines.",
        description = {
            "Trains a language model (as lm-train, run folder OUT.work/) on normal lines, then calibrates a threshold "
                    + "on held-out normal lines (--calibration, default the --valid file) so that a fraction --fpr of "
                    + "them would be flagged, and writes model and threshold to OUT (a seqlab bundle).",
            "A line's score is its mean per-token surprisal in nats (the line end counts as a token); lines scoring "
                    + "above the threshold are flagged by anomaly-score. Prints the training epochs, then threshold, "
                    + "fpr and calibration_lines."},
        footer = {"", "Example: seqlab anomaly-train --train normal.txt --valid heldout.txt --fpr 0.05 --out detector.zip "
                + "--epochs 5",
            "", "Config (JSON): as lm-train's; \"unit\": \"BPE\" for a BPE-level model."})
public final class AnomalyTrainCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--train", required = true, paramLabel = "FILE", description = "Normal lines to train on (UTF-8).")
    Path train;

    @Option(names = "--valid", required = true, paramLabel = "FILE",
            description = "Held-out normal lines: early stopping and, by default, calibration.")
    Path valid;

    @Option(names = "--calibration", paramLabel = "FILE", description = "Held-out normal lines for the threshold "
            + "(default: the --valid file).")
    Path calibration;

    @Option(names = "--fpr", defaultValue = "0.05", paramLabel = "F",
            description = "False-positive rate on the calibration lines (default: ${DEFAULT-VALUE}).")
    double fpr;

    @Option(names = "--out", required = true, paramLabel = "MODEL.zip", description = "The detector bundle to write.")
    Path out;

    @Option(names = "--config", paramLabel = "FILE", description = "Model and training config (JSON, as lm-train's).")
    Path config;

    @Option(names = "--resume", description = "Continue the language model's training from OUT.work/.")
    boolean resume;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "0",
            description = "Train to N epochs in all (default: the config's trainer.maxEpochs).")
    int epochs;

    @Option(names = "--minutes", paramLabel = "M", defaultValue = "0",
            description = "Stop after the first epoch that ends past M minutes (default: no limit).")
    double minutes;

    @Override
    public Integer call() {
        if (!(fpr >= 0 && fpr < 1)) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--fpr must be in [0, 1), not " + fpr);
        }
        // checked before the training, which these would otherwise fail (or destroy an input) only at its end
        OutputFileOption.check(spec, "--out", out);
        OutputFileOption.checkNotInput(spec, "--out", out, "--train", train);
        OutputFileOption.checkNotInput(spec, "--out", out, "--valid", valid);
        if (calibration != null) {
            OutputFileOption.checkNotInput(spec, "--out", out, "--calibration", calibration);
        }
        if (config != null) {
            OutputFileOption.checkNotInput(spec, "--out", out, "--config", config);
        }
        Path calib = calibration == null ? valid : calibration;
        List<String> calibrationLines = LmTrainer.readText(calib).lines().toList();
        if (calibrationLines.stream().allMatch(String::isBlank)) {
            // a threshold from blank lines alone (or none) would flag nearly every real line
            throw new SeqlabException(calib + ": no non-blank lines to calibrate the threshold on");
        }
        LmConfig c = config == null ? LmConfig.defaults() : LanguageModel.readConfig(config);
        Path work = out.resolveSibling(out.getFileName() + ".work");
        LmTrainer.Result r = LmTrainer.builder()
                .setTrainText(LmTrainer.readText(train), train.toString())
                .setValidText(LmTrainer.readText(valid), valid.toString())
                .setConfig(c).setOutDir(work).optResume(resume).optMaxEpochs(epochs).optMinutes(minutes)
                // only the calibration lines are scored whole; training reads its lines as one stream of windows
                .optTokensCheck(t -> AnomalyDetector.checkLineLengths(t, calibrationLines, calib.toString(), 1))
                .optEpochListener(e -> {
                    System.out.printf(Locale.ROOT, "epoch %d train_nats_per_token %.5f valid_bpc %.5f seconds %.1f%n",
                            e.epoch(), e.trainCrossEntropy(), e.validBitsPerChar(), e.seconds());
                    System.out.flush();
                }).build().run();
        AnomalyDetector d = AnomalyDetector.calibrate(r.model(), calibrationLines, fpr);
        d.save(out, Map.of("valid_bpc", r.best().validBitsPerChar(), "threshold", d.settings().threshold()));
        System.out.printf(Locale.ROOT, "threshold %.6f%nfpr %s%ncalibration_lines %d%n", d.settings().threshold(),
                fpr, d.settings().calibrationLines());
        System.out.println("model " + out);
        return 0;
    }
}
