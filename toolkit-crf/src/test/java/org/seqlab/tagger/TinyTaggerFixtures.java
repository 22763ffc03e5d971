package org.seqlab.tagger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.seqlab.conll.ConllFormat;
import org.seqlab.random.Rng;
import org.seqlab.train.OptimizerConfig;
import org.seqlab.train.ScheduleConfig;
import org.seqlab.train.TrainerConfig;

/**
 * Wrote the committed tiny tagger bundles under {@code src/test/resources/org/seqlab/tagger/}: {@code tiny-ner.zip}
 * (WNUT-style IOB2 PER/LOC spans) and {@code tiny-pos.zip} (CoNLL-U UPOS labels), each trained to 100% on a small
 * synthetic language whose words always carry the same tag, so tests may assert exact output. {@code tiny-ner.zip}
 * was written before bundles recorded tokenizer settings ({@code "tokenizer":"standard"} only) and guards that such
 * bundles keep loading: never regenerate it. Run from the repository root:
 *
 * <pre>
 * mvn -B -q -o -pl toolkit-crf -am test-compile
 * java -cp toolkit-crf/target/test-classes:toolkit-crf/target/classes:toolkit-core/target/classes:$(deps) \
 *     org.seqlab.tagger.TinyTaggerFixtures OUT-DIR
 * </pre>
 */
public final class TinyTaggerFixtures {
    static final String[] PERSONS = {"Alice", "Bob", "Carol", "Dave"};
    static final String[] PLACES = {"Paris", "London", "Rome"};
    static final String[] NOUNS = {"man", "city", "dog", "letter"};
    static final String[] VERBS = {"saw", "visited", "wrote", "left"};

    private TinyTaggerFixtures() {
    }

    static TaggerConfig config(int epochs) {
        TrainerConfig tc = TrainerConfig.builder().optMaxEpochs(epochs).optOptimizer(OptimizerConfig.adam())
                .optSchedule(ScheduleConfig.constant(0.02)).optSeed(3).build();
        return new TaggerConfig(16, true, 4, true, TaggerConfig.CNN, 8, 8, 3, 4, 20, 0, 0, 1, 16, TaggerConfig.CRF,
                5, tc);
    }

    /** Sentences "NAME VERB (the NOUN | New PLACE | PLACE) (and NAME)? ." with IOB2 tags in a WNUT file. */
    static Path writeNer(Path file, int count, long seed) throws IOException {
        Rng rng = new Rng(seed);
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < count; s++) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {PERSONS[rng.nextInt(PERSONS.length)], "B-PER"});
            rows.add(new String[] {VERBS[rng.nextInt(VERBS.length)], "O"});
            switch (rng.nextInt(3)) {
                case 0 -> {
                    rows.add(new String[] {"the", "O"});
                    rows.add(new String[] {NOUNS[rng.nextInt(NOUNS.length)], "O"});
                }
                case 1 -> {
                    rows.add(new String[] {"New", "B-LOC"});
                    rows.add(new String[] {PLACES[rng.nextInt(PLACES.length)], "I-LOC"});
                }
                default -> rows.add(new String[] {PLACES[rng.nextInt(PLACES.length)], "B-LOC"});
            }
            if (rng.nextInt(2) == 0) {
                rows.add(new String[] {"and", "O"});
                rows.add(new String[] {PERSONS[rng.nextInt(PERSONS.length)], "B-PER"});
            }
            rows.add(new String[] {".", "O"});
            for (String[] r : rows) {
                sb.append(r[0]).append('\t').append(r[1]).append('\n');
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString());
        return file;
    }

    /** The same language with UPOS labels, as a CoNLL-U file. */
    static Path writePos(Path file, int count, long seed) throws IOException {
        Rng rng = new Rng(seed);
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < count; s++) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {PERSONS[rng.nextInt(PERSONS.length)], "PROPN"});
            rows.add(new String[] {VERBS[rng.nextInt(VERBS.length)], "VERB"});
            if (rng.nextInt(2) == 0) {
                rows.add(new String[] {"the", "DET"});
                rows.add(new String[] {NOUNS[rng.nextInt(NOUNS.length)], "NOUN"});
            } else {
                rows.add(new String[] {PLACES[rng.nextInt(PLACES.length)], "PROPN"});
            }
            rows.add(new String[] {".", "PUNCT"});
            for (int i = 0; i < rows.size(); i++) {
                String[] r = rows.get(i);
                sb.append(i + 1).append('\t').append(r[0]).append("\t_\t").append(r[1])
                        .append("\t_\t_\t_\t_\t_\t_\n");
            }
            sb.append('\n');
        }
        Files.writeString(file, sb.toString());
        return file;
    }

    static Tagger train(Path data, ConllFormat format, Path out) {
        return TaggerTrainer.builder().setConfig(config(15)).setTrain(data).setDev(data).setFormat(format)
                .setOutput(out).build().train().tagger();
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "toolkit-crf/src/test/resources/org/seqlab/tagger");
        Files.createDirectories(dir);
        Path tmp = Files.createTempDirectory("tiny-taggers");
        Tagger ner = train(writeNer(tmp.resolve("ner.txt"), 40, 5), ConllFormat.WNUT, dir.resolve("tiny-ner.zip"));
        Tagger pos = train(writePos(tmp.resolve("pos.conllu"), 40, 6), ConllFormat.CONLLU,
                dir.resolve("tiny-pos.zip"));
        System.out.println("ner " + ner.info().metrics() + ", pos " + pos.info().metrics());
    }
}
