package org.seqlab.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.seqlab.SeqlabException;
import org.seqlab.conll.ConllFormat;
import org.seqlab.conll.ConllReader;
import org.seqlab.conll.TagScheme;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Reads CoNLL-style files and prints their {@link org.seqlab.conll.DatasetSummary}, to check data before training. */
@Command(name = "data-stats",
        header = "Summarise CoNLL and CoNLL-U files: sentences, tokens, tags.",
        mixinStandardHelpOptions = true,
        description = "Read CoNLL-style files and print what they hold: documents, sentences, tokens, the tag set "
                + "with counts and, for chunk tags, chunks per type and sentences that break the scheme. A malformed "
                + "line is reported as FILE:LINE: problem.",
        footer = {"", "Example: seqlab data-stats --format conll2003 ../shared/data/conll2003/eng.train",
            "         seqlab data-stats --format conllu --column xpos en_ewt-ud-dev.conllu"})
public final class DataStatsCommand implements Callable<Integer> {

    @Option(names = "--format", required = true, paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "conll2003 (word POS chunk NER, IOB1), conll2002 (word POS NER, IOB2), conll2000 (word POS "
                    + "chunk, IOB2), wnut (word<TAB>tag, IOB2), conllu (10 columns, UPOS) or columns (any "
                    + "whitespace columns, tag in the last)")
    ConllFormat format;

    @Option(names = "--column", paramLabel = "NAME|N",
            description = "the tag column by name (ner, chunk, pos, upos, xpos, ...) or 1-based number "
                    + "(default: NER, chunk or UPOS; the last column for 'columns')")
    String column;

    @Option(names = "--scheme", paramLabel = "SCHEME",
            description = "scheme of the tags: IOB1, IOB2, IOBES, or none for plain labels (default: the column's "
                    + "scheme in the format, none for POS columns and 'columns')")
    String scheme;

    @Option(names = "--encoding", paramLabel = "CHARSET", defaultValue = "UTF-8", converter = CharsetConverter.class,
            description = "file encoding (default: ${DEFAULT-VALUE}; the original CoNLL-2002 files are ISO-8859-1)")
    Charset encoding;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "files to read")
    List<Path> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ConllReader reader = reader();
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < files.size(); i++) {
            if (i > 0) {
                out.println();
            }
            out.print(reader.read(files.get(i)).summary().report());
            out.flush();
        }
        return 0;
    }

    /** Bad option values are usage errors (exit 2), found before any file is read. */
    private ConllReader reader() {
        try {
            ConllReader.Builder b = ConllReader.builder().setFormat(format).optEncoding(encoding);
            if (column != null) {
                b.optColumn(column);
            }
            if (scheme != null) {
                b.optScheme(scheme.trim().toLowerCase(Locale.ROOT).equals("none") ? null : TagScheme.parse(scheme));
            }
            return b.build();
        } catch (SeqlabException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<ConllFormat> {
        @Override
        public ConllFormat convert(String value) {
            try {
                return ConllFormat.parse(value);
            } catch (SeqlabException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class CharsetConverter implements CommandLine.ITypeConverter<Charset> {
        @Override
        public Charset convert(String value) {
            try {
                return Charset.forName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("unknown encoding '" + value + "'");
            }
        }
    }
}
