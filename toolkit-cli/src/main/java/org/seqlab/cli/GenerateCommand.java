package org.seqlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.seqlab.SeqlabException;
import org.seqlab.lm.LanguageModel;
import org.seqlab.lm.TextGenerator;
import org.seqlab.lm.sampling.SamplingConfig;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate",
        mixinStandardHelpOptions = true,
        header = "Continue a prompt with a language model.",
        description = {
            "Generates text after a prompt with a model from lm-train (its model.zip): greedy (--temperature 0), "
                    + "temperature, top-k and top-p (nucleus) sampling and a repetition penalty, reproducible with "
                    + "--seed. The prompt is read as the start of a line.",
            "Prints the prompt followed by the generated text (and a line break unless it ends with one); --verbose adds lines tokens, stopped and log_prob to "
                    + "standard error."},
        footer = {"", "Example: seqlab generate --model runs/charlm/model.zip --prompt \"A man \" --temperature 0.8 "
                + "--top-p 0.9 --seed 7 --max-length 200 --stop '\\n'"})
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip", description = "A language model bundle.")
    Path model;

    @Option(names = "--prompt", defaultValue = "", paramLabel = "TEXT", description = "Text to continue (default: none).")
    String prompt;

    @Option(names = "--temperature", defaultValue = "1", paramLabel = "T",
            description = "Softmax temperature; 0 is greedy (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K",
            description = "Sample among the K most likely tokens; 0: all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", defaultValue = "1", paramLabel = "P",
            description = "Sample from the smallest set holding probability mass P (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--repetition-penalty", defaultValue = "1", paramLabel = "R",
            description = "CTRL-style penalty on tokens already seen; 1: off (default: ${DEFAULT-VALUE}).")
    double repetitionPenalty;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-length", defaultValue = "200", paramLabel = "N",
            description = "Most tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--stop", paramLabel = "S",
            description = "A token that ends generation (repeatable; \\n, \\t and \\\\ are escapes), kept in the output.")
    List<String> stops = new ArrayList<>();

    @Option(names = "--verbose", description = "Report tokens, stop and log-probability on standard error.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (maxLength < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-length must be at least 0, got "
                    + maxLength);
        }
        SamplingConfig sampling;
        try {
            sampling = new SamplingConfig(temperature, topK, topP, repetitionPenalty, seed);
        } catch (SeqlabException e) {
            // a bad --temperature, --top-k, --top-p or --repetition-penalty is bad usage, not a failed run
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<String> stopStrings = stops.stream().map(GenerateCommand::unescape).toList();
        TextGenerator.Result r = new TextGenerator(LanguageModel.load(model)).generate(prompt, sampling, maxLength,
                stopStrings);
        String text = prompt + r.text();
        System.out.print(text.endsWith("\n") ? text : text + "\n");
        if (verbose) {
            System.err.printf(Locale.ROOT, "tokens %d%nstopped %b%nlog_prob %.4f%n", r.tokens(), r.stopped(),
                    r.logProbability());
        }
        return 0;
    }

    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
