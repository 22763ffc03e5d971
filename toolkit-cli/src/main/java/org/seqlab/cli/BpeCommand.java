package org.seqlab.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.seqlab.SeqlabException;
import org.seqlab.bundle.AtomicFiles;
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
            for (Path f : files) {
                checkFiles(spec, f, "input", output);
            }
            if (vocabularies != null) {
                // written after the codes, one by one: a vocabulary at an input's, the codes' or another vocabulary's
                // path would replace that file
                for (int i = 0; i < vocabularies.size(); i++) {
                    Path v = vocabularies.get(i);
                    OutputFileOption.check(spec, "--write-vocabulary", v);
                    for (Path f : files) {
                        OutputFileOption.checkNotInput(spec, "--write-vocabulary", v, "input", f);
                    }
                    OutputFileOption.checkNotOutput(spec, "--write-vocabulary", v, "-o", output);
                    for (Path earlier : vocabularies.subList(0, i)) {
                        OutputFileOption.checkNotOutput(spec, "--write-vocabulary", v, "--write-vocabulary", earlier);
                    }
                }
            }
            WordCounts words = WordCounts.ofFiles(files);
            if (words.size() == 0) {
                // empty codes would be written and 'apply' would then split every word into characters
                throw new SeqlabException(String.join(", ", files.stream().map(Path::toString).toList())
                        + ": no words to learn merges from (empty or blank lines only)");
            }
            BpeCodes codes = BpeLearner.builder().setMerges(merges).optMinFrequency(minFrequency).build()
                    .learn(words);
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

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            checkFiles(spec, input, "-i", output);
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
            String source = input != null ? input.toString() : "<stdin>";
            try (InputStream in = input != null ? Files.newInputStream(input) : System.in) {
                if (output != null) {
                    // atomically: a failure half-way (bad UTF-8 on line 1000) leaves no half-segmented file
                    AtomicFiles.write(output, out -> encoder.encode(in, out, source, t));
                } else {
                    OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
                    encoder.encode(in, out, source, t);
                    out.flush();
                }
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

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            checkFiles(spec, input, "-i", output);
            BpeDecoder decoder = new BpeDecoder(separator);
            Lines.map(input, output, decoder::decode);
            return 0;
        }
    }

    /**
     * Refuses an output that is the input (opening it for writing would empty the input before a line was read) or a
     * directory, and an input that is a directory (reading one fails with a bare "Is a directory", naming no file).
     * {@code inputName} names the input in the message as the command line gave it ({@code -i}, or {@code input} for
     * learn's files).
     */
    private static void checkFiles(CommandLine.Model.CommandSpec spec, Path input, String inputName, Path output) {
        if (input != null && Files.isDirectory(input)) {
            throw new SeqlabException(input + ": is a directory");
        }
        if (output != null) {
            OutputFileOption.check(spec, "-o", output);
            if (input != null) {
                OutputFileOption.checkNotInput(spec, "-o", output, inputName, input);
            }
        }
    }

    /** Line-by-line filtering from a file or standard input to a file (atomically) or standard output, in UTF-8. */
    private static final class Lines {
        interface LineFunction {
            CharSequence apply(String line);
        }

        static void map(Path input, Path output, LineFunction f) throws IOException {
            // strict UTF-8 with the source and line in the error: a Reader would say only "Input length = 1" for a
            // file, and turn bad bytes on standard input into U+FFFD without a word
            try (InputStream in = input != null ? Files.newInputStream(input) : System.in) {
                LineBatchReader lines = new LineBatchReader(in, input != null ? input.toString() : "<stdin>");
                if (output != null) {
                    AtomicFiles.write(output, out -> copy(lines, out, f));
                } else {
                    OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
                    copy(lines, out, f);
                    out.flush();
                }
            }
        }

        private static void copy(LineBatchReader lines, OutputStream out, LineFunction f) throws IOException {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            for (List<String> batch = lines.next(1024); !batch.isEmpty(); batch = lines.next(1024)) {
                for (String line : batch) {
                    w.append(f.apply(line)).append('\n');
                }
            }
            w.flush();
        }
    }
}
