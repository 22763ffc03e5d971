package org.seqlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.seqlab.SeqlabException;
import org.seqlab.conll.TagScheme;
import org.seqlab.eval.ConllevalFile;
import org.seqlab.eval.SpanEvaluation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Span precision/recall/F1 of a tagged file, with conlleval's rules and report. */
@Command(name = "conlleval",
        header = "Score predicted tags against gold by conlleval's rules.",
        mixinStandardHelpOptions = true,
        description = "Score predicted chunk tags against gold ones with conlleval's rules (span P/R/F1 per type "
                + "and overall, token accuracy). FILE has one token per line, the last two fields being the gold "
                + "and the predicted tag, and a blank line between sentences.",
        footer = {"", "Example: seqlab conlleval --scheme iob1 --confusion 10 dev.pred.txt"})
public final class ConllevalCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "conlleval-format file: ... GOLD PREDICTED per line")
    Path file;

    @Option(names = "--scheme", paramLabel = "SCHEME", converter = SchemeConverter.class, defaultValue = "IOB2",
            description = "tagging scheme of the tags: IOB1, IOB2 or IOBES (default: ${DEFAULT-VALUE})")
    TagScheme scheme;

    @Option(names = "--confusion", paramLabel = "N", defaultValue = "0",
            description = "also print the N most frequent gold -> predicted tag errors (default: none)")
    int confusion;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (confusion < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--confusion must be at least 0");
        }
        SpanEvaluation result = ConllevalFile.evaluate(file, scheme);
        spec.commandLine().getOut().print(result.report());
        if (confusion > 0) {
            spec.commandLine().getOut().println("most frequent errors (gold -> predicted, count):");
            spec.commandLine().getOut().print(result.confusion().formatTopErrors(confusion));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Parses scheme names case-insensitively; a bad name is a usage error. */
    static final class SchemeConverter implements CommandLine.ITypeConverter<TagScheme> {
        @Override
        public TagScheme convert(String value) {
            try {
                return TagScheme.parse(value);
            } catch (SeqlabException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
