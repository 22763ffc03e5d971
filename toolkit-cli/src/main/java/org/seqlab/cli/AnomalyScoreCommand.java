package org.seqlab.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.seqlab.SeqlabException;
import org.seqlab.bundle.AtomicFiles;
import org.seqlab.lm.LmTrainer;
import org.seqlab.lm.anomaly.AnomalyDetector;
import org.seqlab.lm.anomaly.AnomalyResult;
import org.seqlab.lm.anomaly.AnomalyResultWriter;
import org.seqlab.text.TextInput;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "anomaly-score",
        mixinStandardHelpOptions = true,
        header = "Score lines for anomaly with a trained detector.",
        description = {
            "Scores every line of the input with a detector from anomaly-train: score (mean per-token surprisal, "
                    + "nats, length-normalised), max (the largest per-token surprisal), flagged (score above the "
                    + "calibrated threshold) and, with --surprisals, every token's surprisal.",
            "TSV has a header line (line, score, max, flagged[, surprisals]); JSON is an array of objects with the "
                    + "same fields. Line numbers count from 1 in each input."},
        footer = {"", "Example: seqlab anomaly-score --model detector.zip --format json --surprisals logs.txt",
            "         seqlab anomaly-score --model detector.zip --flagged-only --text \"Un homme fait du vélo.\""})
public final class AnomalyScoreCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip", description = "A detector from anomaly-train.")
    Path model;

    @Option(names = "--format", defaultValue = "tsv", paramLabel = "FORMAT", description = "tsv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--surprisals", description = "Include each token's surprisal (nats).")
    boolean surprisals;

    @Option(names = "--flagged-only", description = "Write only the flagged lines.")
    boolean flaggedOnly;

    @Option(names = "--text", paramLabel = "TEXT", description = "Lines to score (instead of a file).")
    String text;

    @Option(names = "--output", paramLabel = "FILE", description = "Write here (atomically) instead of standard output.")
    Path output;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The lines to score (UTF-8; default: standard input).")
    Path input;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("tsv") && !format.equals("json")) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--format must be tsv or json, not " + format);
        }
        if (text != null && input != null) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "give either --text or a FILE, not both");
        }
        if (output != null) {
            OutputFileOption.check(spec, "--output", output);
            if (input != null) {
                OutputFileOption.checkNotInput(spec, "--output", output, "FILE", input);
            }
        }
        String source = text != null ? "--text" : input != null ? input.toString() : "standard input";
        String all = text != null ? text : input != null ? LmTrainer.readText(input)
                : TextInput.readUtf8(System.in, source); // strict: bad bytes are an error, not U+FFFD scored
        List<String> lines = all.lines().toList();
        if (lines.isEmpty()) {
            throw new SeqlabException(source + ": no lines to score");
        }
        AnomalyDetector detector = AnomalyDetector.load(model);
        AnomalyDetector.checkLineLengths(detector.model().tokens(), lines, source, 1);
        List<AnomalyResult> results = new ArrayList<>();
        for (AnomalyResult r : detector.score(lines, 1, surprisals)) {
            if (!flaggedOnly || r.flagged()) {
                results.add(r);
            }
        }
        Writer w = output == null ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                : new StringWriter();
        if (format.equals("json")) {
            AnomalyResultWriter.writeJson(results, surprisals, w);
        } else {
            AnomalyResultWriter.writeTsv(results, surprisals, w);
        }
        if (output != null) {
            AtomicFiles.writeBytes(output, w.toString().getBytes(StandardCharsets.UTF_8));
        }
        return 0;
    }
}
