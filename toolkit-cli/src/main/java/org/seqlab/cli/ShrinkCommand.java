package org.seqlab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.seqlab.SeqlabException;
import org.seqlab.bundle.BundledModels;
import org.seqlab.bundle.ModelBundle;
import org.seqlab.conll.ConllSentence;
import org.seqlab.tagger.TaggerShrinker;
import org.seqlab.tagger.TaggerTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Shrinks a tagger bundle for shipping ({@link TaggerShrinker}). */
@Command(name = "shrink",
        header = "Shrink a tagger: fewer word vectors, 8/16-bit weights.",
        mixinStandardHelpOptions = true,
        description = "Write a smaller copy of a tagger bundle: the word vectors of the words seen in training plus "
                + "the --keep-frequent most frequent others (ranked by --frequencies, a frequency-ordered word or "
                + "vector file such as the pretrained embeddings; else by the vocabulary's order), the word table "
                + "as int8 rows with a scale each (or float16) and the other weights as float16. With --dev, the "
                + "shrunk model is scored and its score recorded in the manifest beside the full-precision one; "
                + "prints the dev score before and after.",
        footer = {"", "Example: seqlab shrink --model ner-full.zip --keep-frequent 20000 --weights int8 "
                + "--frequencies corenlp-coref-50d.txt.gz --dev eng.testa --out ner.zip"})
public final class ShrinkCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "NAME|PATH", description = "the tagger to shrink")
    String model;

    @Option(names = "--out", required = true, paramLabel = "OUT.zip", description = "where to write the shrunk tagger")
    Path out;

    @Option(names = "--keep-frequent", defaultValue = "20000", paramLabel = "N",
            description = "words kept beyond those seen in training, most frequent first (default: ${DEFAULT-VALUE})")
    int keepFrequent;

    @Option(names = "--frequencies", paramLabel = "FILE", description = "words most frequent first, the first field "
            + "of each line (GloVe/word2vec/fastText text, plain or gzip)")
    Path frequencies;

    @Option(names = "--add-vectors", paramLabel = "FILE", description = "pretrained vectors (the file the model was "
            + "trained with): its words the model lacks join the candidates for --keep-frequent with their vectors, "
            + "ranked by the file's order, so the model knows frequent words its training data never showed it")
    Path addVectors;

    @Option(names = "--weights", defaultValue = "int8", paramLabel = "int8|float16|float32",
            description = "int8: word table int8 rows, the rest float16; float16: all float16 (default: "
                    + "${DEFAULT-VALUE})")
    String weights;

    @Option(names = "--dev", paramLabel = "FILE", description = "gold dev data to score the shrunk model on")
    Path dev;

    @Option(names = "--format", paramLabel = "FORMAT", description = "the dev data's format (default: the model's "
            + "training format)")
    String format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (keepFrequent < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--keep-frequent must be at least 0");
        }
        TaggerShrinker.Weights w;
        try {
            w = TaggerShrinker.Weights.parse(weights);
        } catch (SeqlabException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        OutputFileOption.check(spec, "--out", out);
        OutputFileOption.checkNotInput(spec, "--out", out, "--model", Path.of(model));
        ModelBundle in = BundledModels.readTagger(model);
        List<String> order = frequencies == null ? null : TaggerShrinker.readWordList(frequencies);
        PrintWriter o = spec.commandLine().getOut();
        String metric = null;
        Double before = null;
        java.util.function.Function<org.seqlab.tagger.Tagger, Map<String, Double>> rescore = null;
        if (dev != null) {
            String column = format == null ? in.manifest().provenance().get("column") : null;
            org.seqlab.tagger.Tagger full = org.seqlab.tagger.Tagger.load(model);
            List<ConllSentence> gold = EvalCommand.readGold(spec, in.manifest().provenance(), format, column, dev,
                    full.outputScheme()).sentences();
            metric = full.spanTask() ? "dev_f1" : "dev_accuracy";
            before = TaggerTrainer.score(full, gold, full.spanTask());
            String name = metric;
            rescore = t -> Map.of(name, TaggerTrainer.score(t, gold, t.spanTask()));
        }
        org.seqlab.vocab.PretrainedEmbeddings extra = addVectors == null ? null
                : org.seqlab.vocab.EmbeddingLoader.builder().setFile(addVectors).build().load();
        TaggerShrinker.Result r = TaggerShrinker.shrink(in, keepFrequent, order, extra, w, rescore, out);
        long inBytes = Files.exists(Path.of(model)) ? Files.size(Path.of(model)) : -1;
        o.printf(Locale.ROOT, "words %d -> %d (%d seen in training%s)%n", r.wordsBefore(), r.wordsAfter(),
                r.trainingWords(), r.trainingWordsKnown() ? "" : ": not recorded in this bundle, all kept");
        if (inBytes >= 0) {
            o.printf(Locale.ROOT, "bytes %d -> %d%n", inBytes, r.bytes());
        } else {
            o.printf(Locale.ROOT, "bytes %d%n", r.bytes());
        }
        if (metric != null) {
            double after = r.bundle().manifest().metrics().get(metric);
            o.printf(Locale.ROOT, "%s before %.2f after %.2f change %+.2f%n", metric, before, after, after - before);
        }
        o.println("model " + out);
        o.flush();
        return 0;
    }
}
