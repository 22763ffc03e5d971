package org.seqlab.cli;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.seqlab.text.bpe.BpeCodes;
import org.seqlab.text.bpe.BpeDecoder;
import org.seqlab.text.bpe.BpeEncoder;
import org.seqlab.text.bpe.BpeLearner;
import org.seqlab.text.bpe.BpeVocabulary;
import org.seqlab.text.bpe.WordCounts;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seqlab bpe learn|apply|decode}: byte-pair encoding compatible with subword-nmt's codes and vocabulary files. */
@Command(name = "bpe",
        header = "Learn, apply and undo BPE (subword-nmt compatible codes).",
        mixinStandardHelpOptions = true,
        description = "Learn, apply and undo byte-pair encoding (subword-nmt compatible codes files).",
        synopsisSubcommandLabel = "learn|apply|decode",
        subcommands = {BpeCommand.Learn.class, BpeCommand.Apply.class, BpeCommand.Decode.class},
        footer = "%nExample: seqlab bpe learn --merges 10000 -o codes.bpe train.en train.de")
public final class BpeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: learn, apply or decode");
    }

    @Command(name = "learn", mixinStandardHelpOptions = true,
            description = "Learn merges jointly on all FILES (words split on spaces); optionally write one vocabulary "
                    + "per file after applying the merges to it (for 'apply --vocabulary').",
            footer = "%nExample: seqlab bpe learn --merges 10000 -o codes.bpe train.en train.de "
                    + "--write-vocabulary vocab.en vocab.de")
    static final class Learn implements Callable<Integer> {
        @Option(names = {"--merges", "-s", "--symbols"}, required = true, paramLabel = "N", description = "Merge operations to learn.")
        int merges;

        @Option(names = "--min-frequency", defaultValue = "2", paramLabel = "F",
                description = "Stop when no pair occurs F times (default: ${DEFAULT-VALUE}).")
        int minFrequency;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "CODES", description = "Codes file to write.")
        Path output;

        @Option(names = "--write-vocabulary", arity = "1..*", paramLabel = "VOCAB",
                description = "One vocabulary file per input file.")
        List<Path> vocabularies;

        @Parameters(arity = "1..*", paramLabel = "FILES")
        List<Path> files;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (vocabularies != null && vocabularies.size() != files.size()) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--write-vocabulary needs one file per input file (" + files.size() + ")");
            }
            BpeCodes codes = BpeLearner.builder().setMerges(merges).optMinFrequency(minFrequency).build()
                    .learn(WordCounts.ofFiles(files));
            codes.write(output);
            if (vocabularies != null) {
                BpeEncoder encoder = BpeEncoder.builder().setCodes(codes).build();
                for (int i = 0; i < files.size(); i++) {
                    BpeVocabulary.count(encoder, files.get(i)).write(vocabularies.get(i));
                }
            }
            System.err.println("seqlab: learned " + codes.size() + " merges into " + output);
            return 0;
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Segment text with BPE codes (standard input to standard output unless -i/-o are given).",
            footer = "%nExample: seqlab bpe apply -c codes.bpe --vocabulary vocab.en --vocabulary-threshold 50 "
                    + "-i test.en -o test.bpe.en")
    static final class Apply implements Callable<Integer> {
        @Option(names = {"-c", "--codes"}, required = true, paramLabel = "CODES",
                description = "Codes file (ours or subword-nmt's, with or without '#version: 0.2').")
        Path codes;

        @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "Text to segment (default: standard input).")
        Path input;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output (default: standard output).")
        Path output;

        @Option(names = {"-m", "--merges"}, defaultValue = "-1", paramLabel = "N",
                description = "Use only the first N merges (default: all).")
        int merges;

        @Option(names = {"-s", "--separator"}, defaultValue = "@@", paramLabel = "STR",
                description = "Marks a subword that continues (default: ${DEFAULT-VALUE}).")
        String separator;

        @Option(names = "--vocabulary", paramLabel = "VOCAB", description = "Vocabulary file (from learn --write-vocabulary).")
        Path vocabulary;

        @Option(names = "--vocabulary-threshold", paramLabel = "N",
                description = "With --vocabulary: subwords seen fewer than N times are split back.")
        Long threshold;

        @Option(names = "--threads", paramLabel = "T", description = "Encoding threads (default: the number of cores).")
        Integer threads;

        @Option(names = "--glossaries", arity = "1..*", paramLabel = "REGEX", description = "Text never split (regular expressions).")
        List<String> glossaries;

        @Override
        public Integer call() throws IOException {
            BpeCodes c = BpeCodes.read(codes);
            if (merges >= 0) {
                c = c.limit(merges);
            }
            BpeEncoder.Builder b = BpeEncoder.builder().setCodes(c).optSeparator(separator);
            if (vocabulary != null) {
                b.optVocabulary(BpeVocabulary.read(vocabulary), threshold != null ? threshold : Long.MIN_VALUE);
            }
            if (glossaries != null) {
                b.optGlossaries(glossaries);
            }
            BpeEncoder encoder = b.build();
            int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            try (InputStream in = input != null ? Files.newInputStream(input) : System.in;
                 OutputStream out = new BufferedOutputStream(output != null ? Files.newOutputStream(output) : System.out,
                         1 << 16)) {
                encoder.encode(in, out, input != null ? input.toString() : "<stdin>", t);
            }
            return 0;
        }
    }

    @Command(name = "decode", mixinStandardHelpOptions = true,
            description = "Join BPE subwords back into words (removes 'SEP ' and a final SEP).",
            footer = "%nExample: seqlab bpe decode -i hyp.bpe.de -o hyp.de")
    static final class Decode implements Callable<Integer> {
        @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "Segmented text (default: standard input).")
        Path input;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output (default: standard output).")
        Path output;

        @Option(names = {"-s", "--separator"}, defaultValue = "@@", paramLabel = "STR",
                description = "The continuation mark (default: ${DEFAULT-VALUE}).")
        String separator;

        @Override
        public Integer call() throws IOException {
            BpeDecoder decoder = new BpeDecoder(separator);
            Lines.map(input, output, decoder::decode);
            return 0;
        }
    }

    /** Line-by-line filtering from a file or standard input to a file or standard output, in UTF-8. */
    private static final class Lines {
        interface LineFunction {
            CharSequence apply(String line);
        }

        static void map(Path input, Path output, LineFunction f) throws IOException {
            try (BufferedReader in = input != null
                    ? Files.newBufferedReader(input, StandardCharsets.UTF_8)
                    : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                 BufferedWriter out = output != null
                    ? Files.newBufferedWriter(output, StandardCharsets.UTF_8)
                    : new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.append(f.apply(line)).append('\n');
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }
}
