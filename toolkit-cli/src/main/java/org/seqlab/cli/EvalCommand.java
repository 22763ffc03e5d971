package org.seqlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.seqlab.conll.ConllFormat;
import org.seqlab.tagger.Tagger;
import org.seqlab.tagger.TaggerEvaluation;
import org.seqlab.tagger.TaggerTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Scores a tagger on gold data ({@link TaggerEvaluation}). */
@Command(name = "eval",
        header = "Score a trained tagger on gold CoNLL-style data.",
        mixinStandardHelpOptions = true,
        description = "Tag gold CoNLL-style data with a trained tagger and score it: per-type precision, recall and "
                + "F1 (conlleval rules) ending with 'F1 <value>' for span tasks, per-tag accuracy ending with "
                + "'accuracy <value>' for POS (percent).",
        footer = {"", "Example: seqlab eval --model ner.zip --data eng.testb --format conll2003"})
public final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip", description = "a trained tagger")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "gold data")
    Path data;

    @Option(names = "--format", defaultValue = "conll2003", paramLabel = "FORMAT",
            description = "conll2003, conll2002, conll2000, wnut, conllu or columns (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--column", paramLabel = "NAME|N", description = "gold tag column (default: the format's)")
    String column;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ConllFormat f = TrainCommand.parseFormat(spec, format);
        Tagger tagger = Tagger.load(model);
        TaggerEvaluation e = TaggerEvaluation.evaluate(tagger, TaggerTrainer.reader(f, column).read(data));
        PrintWriter out = spec.commandLine().getOut();
        out.print(e.report());
        out.println(e.headline());
        out.flush();
        return 0;
    }
}
