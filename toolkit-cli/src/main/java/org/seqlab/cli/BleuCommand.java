package org.seqlab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.seqlab.seq2seq.bleu.Bleu;
import org.seqlab.seq2seq.bleu.BleuScore;
import org.seqlab.seq2seq.bleu.Smoothing;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bleu",
        header = "Corpus BLEU of a hypothesis file, equal to sacreBLEU 2.6.0.",
        mixinStandardHelpOptions = true,
        description = {
            "Corpus BLEU of a hypothesis file against a reference file, equal to sacreBLEU 2.6.0 (13a tokenizer, "
                    + "n-grams up to 4, exp smoothing, mixed case unless --lowercase).",
            "Both files: UTF-8, one segment per line, the same number of lines. Prints sacreBLEU's line, its "
                    + "signature, and last 'BLEU <score>' with the score at full precision."},
        footer = {"", "Example: seqlab bleu --lowercase e_punct_case.hyp.de e_punct_case.ref.de",
            "  (the files are in shared/fixtures/bleu) prints",
            "  BLEU = 79.88 89.0/82.7/77.2/71.6 (BP = 1.000 ratio = 1.073 hyp_len = 191 ref_len = 178)",
            "  signature nrefs:1|case:lc|eff:no|tok:13a|smooth:exp|version:2.6.0",
            "  BLEU 79.87708169795661"})
public final class BleuCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "HYP", description = "Hypotheses (system output), one per line.")
    Path hypotheses;

    @Parameters(index = "1", paramLabel = "REF", description = "References, one per line.")
    Path references;

    @Option(names = {"-lc", "--lowercase"}, description = "Lowercase hypotheses and references first.")
    boolean lowercase;

    @Option(names = "--smooth", paramLabel = "METHOD", converter = SmoothingConverter.class,
            description = "Smoothing: exp (default), none, floor or add-k.")
    Smoothing smoothing = Smoothing.EXP;

    @Option(names = "--smooth-value", paramLabel = "V",
            description = "Value for floor (default 0.1) and add-k (default 1); ignored by the others.")
    Double smoothValue;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Bleu.Builder builder = Bleu.builder().optLowercase(lowercase).optSmoothing(smoothing);
        if (smoothValue != null) {
            if (!(smoothValue >= 0) || smoothValue.isInfinite()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--smooth-value must be >= 0 and finite, not " + smoothValue);
            }
            builder.optSmoothValue(smoothValue);
        }
        BleuScore score = builder.build().scoreFiles(hypotheses, references);
        PrintStream out = System.out;
        out.println(score.format());
        out.println("signature " + score.signature());
        out.println("BLEU " + score.scoreText());
        out.flush();
        return 0;
    }

    /** Picocli prints a TypeConversionException's message alone; other exceptions would show their class name. */
    static final class SmoothingConverter implements CommandLine.ITypeConverter<Smoothing> {
        @Override
        public Smoothing convert(String value) {
            try {
                return Smoothing.fromLabel(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
