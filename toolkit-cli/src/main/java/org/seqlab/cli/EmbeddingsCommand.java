package org.seqlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.seqlab.vocab.EmbeddingFormat;
import org.seqlab.vocab.EmbeddingLoader;
import org.seqlab.vocab.EmbeddingMatrix;
import org.seqlab.vocab.EmbeddingWriter;
import org.seqlab.vocab.PretrainedEmbeddings;
import org.seqlab.vocab.Vocabulary;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Reads a pretrained-embedding file, reports what it holds, and optionally shrinks it to a vocabulary or converts it. */
@Command(name = "embeddings",
        header = "Inspect, filter or convert a pretrained-embedding file.",
        mixinStandardHelpOptions = true,
        description = {"Read a pretrained-embedding file (GloVe, word2vec text or binary, fastText .vec; plain, gzip or "
                + "zip, detected from the content) and print 'key value' lines: format, rows, dim, load_s; with "
                + "--vocab also exact, lowercase and missing counts. With --out, write the vectors (only the rows "
                + "found for the vocabulary, under its tokens, when --vocab is given)."},
        footer = {"", "Example: seqlab embeddings glove.6B.100d.txt.gz --vocab vocab.txt --out small.txt --out-format "
                + "GLOVE_TEXT"})
public final class EmbeddingsCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The embedding file.")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Insist on a format (${COMPLETION-CANDIDATES}) instead of detecting it.")
    EmbeddingFormat format;

    @Option(names = "--vocab", paramLabel = "VOCAB",
            description = "A vocabulary file (token<TAB>count lines, as seqlab saves them): keep only its tokens' rows.")
    Path vocab;

    @Option(names = "--no-lowercase-fallback", negatable = false,
            description = "Match vocabulary tokens to rows of exactly the same word only.")
    boolean noLowercaseFallback;

    @Option(names = "--allow-short", description = "Accept fewer rows than the header declares (truncated samples).")
    boolean allowShort;

    @Option(names = "--words-with-blanks",
            description = "Text rows: the last DIM fields are the values, all before them the word (GloVe 840B).")
    boolean wordsWithBlanks;

    @Option(names = "--out", paramLabel = "OUT", description = "Write the vectors here (gzip when it ends in .gz).")
    Path out;

    @Option(names = "--out-format", paramLabel = "FORMAT", defaultValue = "WORD2VEC_TEXT",
            description = "Format of --out: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    EmbeddingFormat outFormat;

    @Override
    public Integer call() {
        if (out != null) {
            // before the load (minutes for a large file); --out FILE would replace the embeddings it was read from
            OutputFileOption.check(spec, "--out", out);
            OutputFileOption.checkNotInput(spec, "--out", out, "FILE", file);
            if (vocab != null) {
                OutputFileOption.checkNotInput(spec, "--out", out, "--vocab", vocab);
            }
        }
        EmbeddingLoader.Builder b = EmbeddingLoader.builder().setFile(file).optCheckHeaderCount(!allowShort)
                .optLowercaseFallback(!noLowercaseFallback).optWordsWithBlanks(wordsWithBlanks);
        if (format != null) {
            b.optFormat(format);
        }
        EmbeddingLoader loader = b.build();
        long t0 = System.nanoTime();
        PretrainedEmbeddings written;
        if (vocab == null) {
            PretrainedEmbeddings e = loader.load();
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.println("format " + e.format());
            System.out.println("rows " + e.size());
            System.out.println("dim " + e.dim());
            System.out.printf("load_s %.3f%n", seconds);
            written = e;
        } else {
            Vocabulary v = Vocabulary.load(vocab);
            EmbeddingMatrix m = loader.loadFor(v);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.println("format " + m.format());
            System.out.println("rows " + m.rows());
            System.out.println("dim " + m.dim());
            System.out.printf("load_s %.3f%n", seconds);
            System.out.println("exact " + m.exactCount());
            System.out.println("lowercase " + m.lowercaseCount());
            System.out.println("missing " + m.missingCount());
            written = m.foundRows();
        }
        if (out != null) {
            EmbeddingWriter.write(out, outFormat, written);
            System.out.println("written " + written.size());
        }
        return 0;
    }
}
