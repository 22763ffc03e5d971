package org.seqlab.tagger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.conll.ConllFormat;
import org.seqlab.train.OptimizerConfig;
import org.seqlab.train.ScheduleConfig;
import org.seqlab.train.TrainerConfig;

/** Plain labels (POS from CoNLL-U): trained as they are, scored by token accuracy, written into UPOS. */
class TaggerPosTest {
    @TempDir
    Path dir;

    @Test
    void posTaggerTrainsOnPlainLabelsAndScoresAccuracy() throws IOException {
        String[][] sentences = {
            {"the DET", "dog NOUN", "runs VERB"}, {"a DET", "cat NOUN", "sleeps VERB"},
            {"the DET", "cat NOUN", "runs VERB", "fast ADV"}, {"a DET", "dog NOUN", "sleeps VERB", "well ADV"},
            {"dogs NOUN", "run VERB"}, {"cats NOUN", "sleep VERB", "fast ADV"}};
        StringBuilder sb = new StringBuilder();
        for (int copy = 0; copy < 3; copy++) {
            for (String[] s : sentences) {
                sb.append("# text = x\n");
                for (int i = 0; i < s.length; i++) {
                    String[] wt = s[i].split(" ");
                    sb.append(i + 1).append('\t').append(wt[0]).append("\t_\t").append(wt[1])
                            .append("\t_\t_\t0\t_\t_\t_\n");
                }
                sb.append('\n');
            }
        }
        Path data = Files.writeString(dir.resolve("pos.conllu"), sb.toString());
        TrainerConfig tc = TrainerConfig.builder().optMaxEpochs(15).optOptimizer(OptimizerConfig.adam())
                .optSchedule(ScheduleConfig.constant(0.02)).optSeed(2).build();
        TaggerConfig config = new TaggerConfig(8, false, 1, true, TaggerConfig.NONE, 1, 1, 1, 1, 20, 0, 0, 2, 8,
                TaggerConfig.SOFTMAX, 6, tc);
        TaggerTrainer.Result r = TaggerTrainer.builder().setConfig(config).setTrain(data).setDev(data)
                .setFormat(ConllFormat.CONLLU).setOutput(dir.resolve("pos.zip")).build().train();
        assertThat(r.metricName()).isEqualTo("dev_accuracy");
        assertThat(r.bestMetric()).isEqualTo(100.0);
        Tagger tagger = Tagger.load(dir.resolve("pos.zip"));
        assertThat(tagger.spanTask()).isFalse();
        TaggedSentence s = tagger.tag(List.of("a", "cat", "runs"));
        assertThat(s.tags()).containsExactly("DET", "NOUN", "VERB");
        assertThat(s.spans()).isEmpty();
        TaggerEvaluation e = TaggerEvaluation.evaluate(tagger,
                TaggerTrainer.reader(ConllFormat.CONLLU, null).read(data));
        assertThat(e.headline()).isEqualTo("accuracy 100.00");
        assertThat(e.report()).contains("NOUN: accuracy: 100.00%");
        // gold labels from a column the model does not tag (XPOS, all '_') would score a silent 0: refused
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TaggerEvaluation.evaluate(tagger,
                TaggerTrainer.reader(ConllFormat.CONLLU, "xpos").read(data)))
                .isInstanceOf(org.seqlab.SeqlabException.class)
                .hasMessage(data + ": none of the gold labels (_) is one of the model's " + tagger.lexicon().tags()
                        .size() + " labels; the data was read as conllu with the tags in xpos (column 5): give the "
                        + "--format or --column of the labels the model tags");
        StringBuilder out = new StringBuilder();
        new TaggerIo(tagger).tagConll(List.of("1\tcats\t_\tX\t_\t_\t0\t_\t_\t_", "2\tsleep\t_\tX\t_\t_\t0\t_\t_\t_"),
                TaggerIo.Format.CONLLU, "in", out, null);
        assertThat(out.toString()).isEqualTo("1\tcats\t_\tNOUN\t_\t_\t0\t_\t_\t_\n2\tsleep\t_\tVERB\t_\t_\t0\t_\t_\t_\n");
    }
}
