package org.seqlab.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.SeqlabException;
import org.seqlab.batch.Piece;
import org.seqlab.bundle.ModelBundle;
import org.seqlab.conll.ConllFormat;
import org.seqlab.conll.ConllSentence;
import org.seqlab.conll.TagScheme;
import org.seqlab.nn.GradientCheck;
import org.seqlab.nn.NativeArrays;
import org.seqlab.nn.Parameter;
import org.seqlab.random.Rng;
import org.seqlab.train.OptimizerConfig;
import org.seqlab.train.ScheduleConfig;
import org.seqlab.train.TrainerConfig;
import org.seqlab.vocab.Vocabulary;

/**
 * The accuracy recipe's options on the synthetic NER set: two word tables (lowercase and cased), checkpoint
 * averaging, several training files without a dev set, and loading a bundle written before these options existed.
 */
class TaggerRecipeTest {
    @TempDir
    static Path dir;
    static Path train;
    static Path lowercaseVectors;
    static Path casedVectors;

    static TaggerConfig tiny(int epochs, long seed) {
        TrainerConfig tc = TrainerConfig.builder().optMaxEpochs(epochs).optOptimizer(OptimizerConfig.adam())
                .optSchedule(ScheduleConfig.constant(0.02)).optSeed(seed).build();
        return new TaggerConfig(16, true, 4, true, TaggerConfig.CNN, 8, 8, 3, 4, 20, 0, 0, 1, 16, TaggerConfig.CRF,
                5, tc);
    }

    /** A GloVe text file with a fixed pseudo-random vector of {@code dim} values per word. */
    static Path vectors(Path file, Set<String> words, int dim, long seed) throws IOException {
        Rng rng = new Rng(seed);
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            sb.append(w);
            for (int j = 0; j < dim; j++) {
                sb.append(' ').append(String.format(Locale.ROOT, "%.4f", rng.nextDouble() - 0.5));
            }
            sb.append('\n');
        }
        return Files.writeString(file, sb.toString());
    }

    @BeforeAll
    static void writeData() throws IOException {
        train = TaggerTrainerTest.writeWnut(dir.resolve("train.txt"), TaggerModelTest.synthetic(20, 5));
        Set<String> cased = new LinkedHashSet<>();
        for (List<String>[] pair : TaggerModelTest.synthetic(20, 5)) {
            cased.addAll(pair[0]);
        }
        cased.add("Berlin"); // only in the dev set below
        Set<String> lower = new LinkedHashSet<>();
        cased.forEach(w -> lower.add(w.toLowerCase(Locale.ROOT)));
        for (int i = 0; i < 200; i++) {
            lower.add("filler" + i);
        }
        lower.add("*UNK*"); // as corenlp-coref-50d has: one uppercase entry in 201 does not make a file cased
        lowercaseVectors = vectors(dir.resolve("lower.txt"), lower, 6, 1);
        casedVectors = vectors(dir.resolve("cased.txt"), cased, 5, 2);
    }

    private static List<ConllSentence> read(Path file) {
        return TaggerTrainer.reader(ConllFormat.WNUT, null).read(file).sentences();
    }

    private static double[] row(INDArray weight, int id) {
        return NativeArrays.read(weight.getRow(id).dup());
    }

    @Test
    void aSecondVectorFileFillsACasedTableWithItsOwnVocabularyAndDimension() throws IOException {
        assertThat(TaggerTrainer.isCased(casedVectors)).isTrue();
        assertThat(TaggerTrainer.isCased(lowercaseVectors)).isFalse();
        Path dev = Files.writeString(dir.resolve("dev-berlin.txt"), "Alice\tB-PER\nsaw\tO\nBerlin\tB-LOC\n\n");
        TaggerTrainer.Prepared p = TaggerTrainer.prepare(tiny(1, 3), read(train), true, "train", read(dev),
                List.of(lowercaseVectors, casedVectors));
        assertThat(p.config().wordDim()).isEqualTo(6);
        assertThat(p.config().extraWordTables()).containsExactly(new TaggerConfig.WordTable(TaggerConfig.CASED, 5));
        Vocabulary lower = p.lexicon().words();
        Vocabulary cased = p.lexicon().extraWords().get(0);
        assertThat(lower.contains("paris")).isTrue();
        assertThat(lower.contains("Paris")).isFalse();
        assertThat(cased.contains("Paris")).isTrue();
        assertThat(cased.contains("paris")).isFalse();
        assertThat(cased.contains("Berlin")).as("a dev word the cased file covers").isTrue();
        // The cased table's row of "Paris" is the cased file's vector.
        List<String> fileRow = Files.readAllLines(casedVectors).stream().filter(l -> l.startsWith("Paris ")).toList();
        String[] values = fileRow.get(0).split(" ");
        double[] expected = new double[5];
        for (int j = 0; j < 5; j++) {
            expected[j] = Float.parseFloat(values[j + 1]);
        }
        assertThat(row(p.model().extraWordEmbedding(0).weight().value(), cased.find("Paris")))
                .containsExactly(expected, Offset.offset(1e-6));
        // Encoding: the first table sees the lowercased word, the second the word as written.
        TaggerLexicon.Encoded enc = p.lexicon().encode(List.of(List.of("Paris", "PARIS")), null);
        assertThat(enc.words().get(0)).containsExactly(lower.find("paris"), lower.find("paris"));
        assertThat(enc.extraWords().get(0).get(0)).containsExactly(cased.find("Paris"), cased.unkId());
    }

    @Test
    void aFrozenSecondTableKeepsItsFileVectorsWhileTheFirstTrains() throws IOException {
        TaggerConfig config = tiny(3, 3).withExtraWordTables(List.of(new TaggerConfig.WordTable(TaggerConfig.CASED,
                5, false)));
        TaggerTrainer.Result r = TaggerTrainer.builder().setConfig(config).setTrain(train).setDev(train)
                .setFormat(ConllFormat.WNUT).optEmbeddings(List.of(lowercaseVectors, casedVectors))
                .setOutput(dir.resolve("frozen-second.zip")).build().train();
        TaggerModel model = r.tagger().model();
        assertThat(model.config().extraWordTables().get(0).fineTune()).isFalse();
        Vocabulary cased = r.tagger().lexicon().extraWords().get(0);
        String[] values = Files.readAllLines(casedVectors).stream().filter(l -> l.startsWith("Paris ")).toList()
                .get(0).split(" ");
        double[] fileRow = new double[5];
        for (int j = 0; j < 5; j++) {
            fileRow[j] = Float.parseFloat(values[j + 1]);
        }
        assertThat(row(model.extraWordEmbedding(0).weight().value(), cased.find("Paris")))
                .containsExactly(fileRow, Offset.offset(1e-7));
        String[] lower = Files.readAllLines(lowercaseVectors).stream().filter(l -> l.startsWith("paris ")).toList()
                .get(0).split(" ");
        double[] trained = row(model.wordEmbedding().weight().value(), r.tagger().lexicon().words().find("paris"));
        double moved = 0;
        for (int j = 0; j < trained.length; j++) {
            moved += Math.abs(trained[j] - Float.parseFloat(lower[j + 1]));
        }
        assertThat(moved).as("the first table trains").isGreaterThan(1e-4);
    }

    @Test
    void theLanguageModelObjectiveTrainsButItsLayersStayOutOfTheBundle() {
        Path model = dir.resolve("with-lm.zip");
        TaggerConfig config = tiny(12, 3).withLanguageModel(new TaggerConfig.LanguageModelTask(0.1, 7500, 8));
        TaggerTrainer.Result r = TaggerTrainer.builder().setConfig(config).setTrain(train).setDev(train)
                .setFormat(ConllFormat.WNUT).setOutput(model).build().train();
        assertThat(r.bestMetric()).isEqualTo(100.0);
        // The output words were capped to the small training vocabulary.
        int words = r.tagger().lexicon().words().size();
        assertThat(r.tagger().model().parameters().get("lm.forward.output.weight").shape()[0]).isEqualTo(words);
        ModelBundle bundle = ModelBundle.read(model);
        assertThat(bundle.tensors("weights").keySet()).noneMatch(name -> name.startsWith("lm."));
        assertThat(bundle.config().path("languageModel").path("vocabulary").asInt()).isEqualTo(words);
        Tagger loaded = Tagger.load(model);
        assertThat(loaded.model().parameters().list()).noneMatch(p -> p.name().startsWith("lm."));
        List<List<String>> sentences = new ArrayList<>();
        for (List<String>[] pair : TaggerModelTest.synthetic(20, 5)) {
            sentences.add(pair[0]);
        }
        assertThat(loaded.bestTags(sentences)).isEqualTo(r.tagger().bestTags(sentences));
    }

    @Test
    void silverSentencesAreLabelledByTheirTaggerAndTrainedOnAfterTheGoldOnes() throws IOException {
        Path taggerFile = dir.resolve("silver-tagger.zip");
        TaggerTrainer.Result labeller = TaggerTrainer.builder().setConfig(tiny(12, 3)).setTrain(train).setDev(train)
                .setFormat(ConllFormat.WNUT).setOutput(taggerFile).build().train();
        // other sentences of the same kind, one a line; one word ("Madrid") only here
        List<List<String>> sentences = new ArrayList<>();
        StringBuilder text = new StringBuilder("\uFEFF"); // a byte-order mark, dropped
        for (List<String>[] pair : TaggerModelTest.synthetic(8, 99)) {
            sentences.add(pair[0]);
            text.append(String.join(" ", pair[0])).append('\n');
        }
        sentences.add(List.of("Alice", "went", "to", "Madrid"));
        text.append("\n  Alice\twent to  Madrid \n");
        Path silverFile = Files.writeString(dir.resolve("silver.txt"), text.toString());
        TaggerTrainer.Silver silver = TaggerTrainer.silver(taggerFile, List.of(silverFile), true);
        assertThat(silver.words()).isEqualTo(sentences);
        assertThat(silver.tags()).isEqualTo(labeller.tagger().internalTags(sentences));

        Path model = dir.resolve("self-trained.zip");
        TaggerTrainer.Result r = TaggerTrainer.builder().setConfig(tiny(12, 4)).setTrain(train).setDev(train)
                .setFormat(ConllFormat.WNUT).setOutput(model).optSilver(List.of(silverFile), taggerFile).build()
                .train();
        assertThat(r.tagger().lexicon().words().contains("madrid")).isTrue();
        assertThat(Tagger.load(model).info().provenance()).containsEntry("silver", "silver.txt")
                .containsEntry("silver_sentences", "9").containsEntry("silver_tagger", "silver-tagger.zip")
                .containsEntry("silver_tagger_sha256", TaggerTrainer.sha256(taggerFile));
        // the silver sentences are trained on: the same seed on the gold alone trains otherwise
        TaggerTrainer.Result gold = TaggerTrainer.builder().setConfig(tiny(12, 4)).setTrain(train).setDev(train)
                .setFormat(ConllFormat.WNUT).setOutput(dir.resolve("gold-only.zip")).build().train();
        assertThat(r.training().history().get(0).trainLoss())
                .isNotCloseTo(gold.training().history().get(0).trainLoss(), within(1e-3));
        assertThat(gold.tagger().lexicon().words().contains("madrid")).isFalse();
        // with a teacher too, its soft targets cover the silver sentences after the gold ones
        TaggerTrainer.Result both = TaggerTrainer.builder().setConfig(tiny(12, 4)).setTrain(train).setDev(train)
                .setFormat(ConllFormat.WNUT).setOutput(dir.resolve("self-trained-distilled.zip"))
                .optSilver(List.of(silverFile), taggerFile).optTeacher(taggerFile, 0.5).build().train();
        assertThat(both.bestMetric()).isEqualTo(100.0);
        assertThat(both.tagger().info().provenance()).containsEntry("silver_sentences", "9")
                .containsEntry("teacher", "silver-tagger.zip");
        assertThat(both.training().history().get(0).trainLoss())
                .isNotCloseTo(r.training().history().get(0).trainLoss(), within(1e-3));

        // a tagger of plain labels cannot label span data; bad bytes are named by file and line
        Path posFile = Files.writeString(dir.resolve("silver-pos.txt"), "DT NN\nNN VB\n");
        Path pos = dir.resolve("pos-labeller.zip");
        Path posTrain = Files.writeString(dir.resolve("pos-train.txt"), "the\tDT\ncat\tNN\n\nit\tPRP\nran\tVB\n\n");
        TaggerTrainer.builder().setConfig(tiny(1, 3)).setTrain(posTrain).setFormat(ConllFormat.COLUMNS)
                .setOutput(pos).setConfig(tiny(1, 3).withoutEarlyStopping()).build().train();
        assertThatThrownBy(() -> TaggerTrainer.silver(pos, List.of(posFile), true)).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("pos-labeller.zip: tags plain labels, the training data chunk tags");
        Path bad = Files.write(dir.resolve("bad.txt"), new byte[] {'o', 'k', '\n', (byte) 0xC3, '(', '\n'});
        assertThatThrownBy(() -> TaggerTrainer.readTokenizedLines(bad)).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("bad.txt:2: invalid UTF-8");
    }

    /**
     * The synthetic set as a CoNLL-2000 file (word, part of speech, chunk tag in IOB2): the entities as chunks and a
     * part-of-speech column made up from the words (6 labels).
     */
    static Path writeConll2000(Path file, List<List<String>[]> data) throws IOException {
        Map<String, String> pos = Map.of("the", "DT", "a", "DT", "man", "NN", "city", "NN", "went", "VBD", "saw",
                "VBD", "to", "IN", "in", "IN", "and", "CC");
        StringBuilder sb = new StringBuilder();
        for (List<String>[] pair : data) {
            List<String> iob2 = TagScheme.IOBES.convert(pair[1], TagScheme.IOB2);
            for (int i = 0; i < pair[0].size(); i++) {
                String w = pair[0].get(i);
                sb.append(w).append(' ').append(pos.getOrDefault(w, "NNP")).append(' ').append(iob2.get(i))
                        .append('\n');
            }
            sb.append('\n');
        }
        return Files.writeString(file, sb.toString());
    }

    @Test
    void auxiliaryTagTasksTrainOnAnotherColumnButTheirLayersStayOutOfTheBundle() throws IOException {
        Path file = writeConll2000(dir.resolve("train-conll2000.txt"), TaggerModelTest.synthetic(20, 5));
        Path model = dir.resolve("with-aux.zip");
        TaggerConfig config = tiny(12, 3).withAuxiliaryTags(List.of(new TaggerConfig.AuxiliaryTagTask("pos", 1, 0)));
        TaggerTrainer.Result r = TaggerTrainer.builder().setConfig(config).setTrain(file).setDev(file)
                .setFormat(ConllFormat.CONLL2000).setOutput(model).build().train();
        assertThat(r.bestMetric()).isEqualTo(100.0);
        // the labels were counted in the training file's pos column: DT NN VBD IN CC NNP
        assertThat(r.tagger().model().parameters().get("aux.1.weight").shape()[0]).isEqualTo(6);
        ModelBundle bundle = ModelBundle.read(model);
        assertThat(bundle.tensors("weights").keySet()).noneMatch(name -> name.startsWith("aux."));
        assertThat(bundle.config().path("auxiliaryTags").get(0).path("column").asText()).isEqualTo("pos");
        assertThat(bundle.config().path("auxiliaryTags").get(0).path("labels").asInt()).isEqualTo(6);
        Tagger loaded = Tagger.load(model);
        assertThat(loaded.model().parameters().list()).noneMatch(p -> TaggerModel.trainingOnly(p.name()));
        List<List<String>> sentences = new ArrayList<>();
        for (List<String>[] pair : TaggerModelTest.synthetic(20, 5)) {
            sentences.add(pair[0]);
        }
        assertThat(loaded.bestTags(sentences)).isEqualTo(r.tagger().bestTags(sentences));
        // the same seed without the task trains otherwise from the first epoch
        TaggerTrainer.Result plain = TaggerTrainer.builder().setConfig(tiny(12, 3)).setTrain(file).setDev(file)
                .setFormat(ConllFormat.CONLL2000).setOutput(dir.resolve("without-aux.zip")).build().train();
        assertThat(r.training().history().get(0).trainLoss())
                .isGreaterThan(plain.training().history().get(0).trainLoss() + 1);
        // columns that cannot be a task are refused, naming the file and the column
        for (String[] bad : new String[][] {{"chunk", "chunk (column 3) is the column being tagged"},
                {"word", "word (column 1) is the word column"}, {"ner", "column 'ner' does not exist in conll2000"}}) {
            TaggerConfig c = tiny(1, 3).withAuxiliaryTags(List.of(new TaggerConfig.AuxiliaryTagTask(bad[0], 1, 0)));
            assertThatThrownBy(() -> TaggerTrainer.builder().setConfig(c).setTrain(file).setDev(file)
                    .setFormat(ConllFormat.CONLL2000).setOutput(dir.resolve("refused.zip")).build().train())
                    .isInstanceOf(SeqlabException.class).hasMessageContaining("train-conll2000.txt: auxiliaryTags: ")
                    .hasMessageContaining(bad[1]);
        }
    }

    @Test
    void aStudentDistilledFromATeacherBundleTrainsAndRecordsItsTeacher() throws IOException {
        Path teacherFile = dir.resolve("teacher.zip");
        TaggerTrainer.builder().setConfig(tiny(12, 3)).setTrain(train).setDev(train).setFormat(ConllFormat.WNUT)
                .setOutput(teacherFile).build().train();
        Path model = dir.resolve("student.zip");
        TaggerTrainer.Result student = TaggerTrainer.builder().setConfig(tiny(12, 4)).setTrain(train).setDev(train)
                .setFormat(ConllFormat.WNUT).setOutput(model).optTeacher(teacherFile, 0.5).build().train();
        assertThat(student.bestMetric()).isEqualTo(100.0);
        Map<String, String> recipe = Tagger.load(model).info().provenance();
        assertThat(recipe).containsEntry("teacher", "teacher.zip").containsEntry("teacher_weight", "0.5")
                .containsEntry("teacher_sha256", TaggerTrainer.sha256(teacherFile));
        // the same run without the teacher: the losses differ from the first epoch (the soft targets are in use)
        TaggerTrainer.Result gold = TaggerTrainer.builder().setConfig(tiny(12, 4)).setTrain(train).setDev(train)
                .setFormat(ConllFormat.WNUT).setOutput(dir.resolve("gold.zip")).build().train();
        assertThat(student.training().history().get(0).trainLoss())
                .isNotCloseTo(gold.training().history().get(0).trainLoss(), within(1e-3));
        // a teacher trained on other tags is refused, naming its file
        List<List<String>[]> personless = new ArrayList<>();
        for (List<String>[] pair : TaggerModelTest.synthetic(20, 5)) {
            List<String> tags = new ArrayList<>();
            for (String t : pair[1]) {
                tags.add(t.endsWith("PER") ? "O" : t);
            }
            @SuppressWarnings("unchecked")
            List<String>[] changed = new List[] {pair[0], tags};
            personless.add(changed);
        }
        Path otherTrain = TaggerTrainerTest.writeWnut(dir.resolve("no-per.txt"), personless);
        Path other = dir.resolve("teacher-no-per.zip");
        TaggerTrainer.builder().setConfig(tiny(2, 3)).setTrain(otherTrain).setDev(otherTrain)
                .setFormat(ConllFormat.WNUT).setOutput(other).build().train();
        assertThatThrownBy(() -> TaggerTrainer.builder().setConfig(tiny(2, 4)).setTrain(train).setDev(train)
                .setFormat(ConllFormat.WNUT).setOutput(dir.resolve("refused.zip")).optTeacher(other, 0.5).build()
                .train()).isInstanceOf(SeqlabException.class).hasMessageContaining("teacher-no-per.zip")
                .hasMessageContaining("same tag set");
    }

    @Test
    void aTaggerWithTwoWordTablesAndWordDropoutTrainsSavesAndReloads() {
        Path model = dir.resolve("two-tables.zip");
        TaggerConfig base = tiny(12, 3);
        TaggerConfig config = new TaggerConfig(16, true, 4, true, TaggerConfig.CNN, 8, 8, 3, 4, 20, 0, 0.05, 1, 16,
                TaggerConfig.CRF, 5, base.trainer());
        TaggerTrainer.Result r = TaggerTrainer.builder().setConfig(config).setTrain(train).setDev(train)
                .setFormat(ConllFormat.WNUT).optEmbeddings(List.of(lowercaseVectors, casedVectors)).setOutput(model)
                .build().train();
        assertThat(r.bestMetric()).isEqualTo(100.0);
        Tagger loaded = Tagger.load(model);
        assertThat(loaded.model().config().extraWordTables())
                .containsExactly(new TaggerConfig.WordTable(TaggerConfig.CASED, 5));
        assertThat(loaded.model().parameters().get("word2.weight").shape()[1]).isEqualTo(5);
        assertThat(loaded.lexicon().extraWords().get(0).tokens())
                .isEqualTo(r.tagger().lexicon().extraWords().get(0).tokens());
        assertThat(ModelBundle.read(model).text("words2.vocab")).contains("Paris");
        assertThat(loaded.info().data()).extracting(TaggerInfo.DataFile::role)
                .containsExactly("train", "dev", "embeddings", "embeddings");
        List<List<String>> sentences = new ArrayList<>();
        for (List<String>[] pair : TaggerModelTest.synthetic(30, 99)) {
            sentences.add(pair[0]);
        }
        List<TaggedSentence> a = r.tagger().tagAll(sentences);
        List<TaggedSentence> b = loaded.tagAll(sentences);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).tags()).isEqualTo(a.get(i).tags());
            assertThat(b.get(i).confidences()).containsExactly(a.get(i).confidences(), Offset.offset(1e-5));
        }
    }

    /** A lexicon with a lowercase table and a cased one over the synthetic words. */
    private static TaggerLexicon twoTableLexicon(List<List<String>[]> data) {
        TaggerLexicon one = TaggerModelTest.lexicon(data, true);
        Vocabulary.Builder cased = Vocabulary.builder();
        for (List<String>[] pair : data) {
            pair[0].forEach(cased::add);
        }
        return new TaggerLexicon(one.words(), List.of(cased.build()), List.of(false), one.chars(), one.tags(), true,
                TagScheme.IOBES, 20);
    }

    private static TaggerModel twoTableModel(TaggerConfig config, TaggerLexicon lex, DataType type) {
        Vocabulary cased = lex.extraWords().get(0);
        return new TaggerModel(config, lex.words().size(), lex.words().unkId(), new int[] {cased.size()},
                new int[] {cased.unkId()}, lex.chars().size(), lex.constraints(), type, new Rng(3));
    }

    @Test
    void twoTableGradientsMatchFiniteDifferences() {
        List<List<String>[]> data = TaggerModelTest.synthetic(3, 7);
        TaggerLexicon lex = twoTableLexicon(data);
        TaggerLexicon.Encoded enc = TaggerModelTest.encode(lex, data);
        // No char encoder: TaggerModelTest checks those; this checks the second table's columns of the input.
        TaggerConfig config = new TaggerConfig(4, true, 2, true, TaggerConfig.NONE, 3, 3, 3, 2, 20, 0, 0, 1, 3,
                TaggerConfig.CRF, 4, TaggerConfig.defaultTrainer(), List.of(new TaggerConfig.WordTable("cased", 3)), 0,
                TaggerConfig.BEST);
        TaggerModel model = twoTableModel(config, lex, DataType.DOUBLE);
        TaggerBatch batch = enc.batch(List.of(new Piece(0, 0, enc.words().get(0).length),
                new Piece(1, 0, enc.words().get(1).length), new Piece(2, 0, enc.words().get(2).length)));
        model.parameters().zeroGrads();
        model.forwardBackward(batch, new Rng(1));
        List<GradientCheck.Checked> checked = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            checked.add(new GradientCheck.Checked(p.name(), p.value(), p.grad()));
        }
        GradientCheck.Result r = GradientCheck.check(() -> model.loss(batch), checked);
        assertThat(model.parameters().get("word2.weight").grad().amaxNumber().doubleValue()).isPositive();
        assertThat(r.maxError()).isLessThan(1e-6);
    }

    @Test
    void aWordDroppedFromOneTableIsDroppedFromEvery() {
        // Every word distinct in both tables, so a row's gradient tells which positions kept their word.
        List<String> words = List.of("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India",
                "Juliet", "Kilo", "Lima");
        List<String> tags = new ArrayList<>();
        words.forEach(w -> tags.add("O"));
        @SuppressWarnings("unchecked")
        List<String>[] pair = new List[] {words, tags};
        List<List<String>[]> data = List.<List<String>[]>of(pair);
        TaggerLexicon lex = twoTableLexicon(data);
        TaggerConfig config = new TaggerConfig(4, true, 2, true, TaggerConfig.NONE, 3, 3, 3, 2, 20, 0, 0.5, 1, 3,
                TaggerConfig.CRF, 4, TaggerConfig.defaultTrainer(), List.of(new TaggerConfig.WordTable("cased", 3)), 0,
                TaggerConfig.BEST);
        TaggerModel model = twoTableModel(config, lex, DataType.FLOAT);
        TaggerBatch batch = TaggerModelTest.encode(lex, data).batch(List.of(new Piece(0, 0, words.size())));
        model.parameters().zeroGrads();
        model.forwardBackward(batch, new Rng(5));
        INDArray g1 = model.parameters().get("word.weight").grad();
        INDArray g2 = model.parameters().get("word2.weight").grad();
        int kept = 0;
        for (String w : words) {
            boolean first = g1.getRow(lex.words().find(w.toLowerCase(Locale.ROOT))).amaxNumber().doubleValue() > 0;
            boolean second = g2.getRow(lex.extraWords().get(0).find(w)).amaxNumber().doubleValue() > 0;
            assertThat(second).as(w).isEqualTo(first);
            kept += first ? 1 : 0;
        }
        assertThat(kept).as("some words kept, some dropped").isBetween(1, words.size() - 1);
        assertThat(g1.getRow(lex.words().unkId()).amaxNumber().doubleValue()).isPositive();
        assertThat(g2.getRow(lex.extraWords().get(0).unkId()).amaxNumber().doubleValue()).isPositive();
    }

    private static TaggerConfig averaging(TaggerConfig c, int k, String of) {
        return new TaggerConfig(c.wordDim(), c.lowercaseWords(), c.casingDim(), c.fineTuneEmbeddings(),
                c.charEncoder(), c.charDim(), c.charFilters(), c.charWidth(), c.charHidden(), c.maxWordLength(),
                c.dropout(), c.wordDropout(), c.lstmLayers(), c.lstmHidden(), c.output(), c.batchSize(), c.trainer(),
                c.extraWordTables(), k, of);
    }

    @Test
    void averagingTheLastEpochsSavesTheMeanOfTheirParameters() {
        TaggerConfig plain = tiny(2, 4).withoutEarlyStopping();
        Path two = dir.resolve("avg-two.zip");
        Path three = dir.resolve("avg-three.zip");
        Path averaged = dir.resolve("avg-mean.zip");
        TaggerTrainer.builder().setConfig(plain).setTrain(train).setDev(train).setFormat(ConllFormat.WNUT)
                .setOutput(two).build().train();
        TaggerTrainer.builder().setConfig(plain.withMaxEpochs(3)).setTrain(train).setDev(train)
                .setFormat(ConllFormat.WNUT).setOutput(three).build().train();
        TaggerTrainer.Result r = TaggerTrainer.builder()
                .setConfig(averaging(plain.withMaxEpochs(3), 2, TaggerConfig.LAST)).setTrain(train).setDev(train)
                .setFormat(ConllFormat.WNUT).setOutput(averaged).build().train();
        assertThat(r.averagedEpochs().get("last")).containsExactly(2, 3);
        Tagger a = Tagger.load(two);
        Tagger b = Tagger.load(three);
        Tagger mean = Tagger.load(averaged);
        for (Parameter p : mean.model().parameters()) {
            double[] x = NativeArrays.read(a.model().parameters().get(p.name()).value());
            double[] y = NativeArrays.read(b.model().parameters().get(p.name()).value());
            double[] m = NativeArrays.read(p.value());
            for (int i = 0; i < m.length; i++) {
                assertThat(m[i]).as(p.name()).isCloseTo((x[i] + y[i]) / 2, Offset.offset(1e-6));
            }
        }
        assertThat(r.metrics()).containsKeys("dev_f1_single", "dev_f1_average_best", "dev_f1_average_last");
        assertThat(r.metrics().get("dev_f1")).isEqualTo(r.metrics().get("dev_f1_average_last"));
        assertThat(mean.info().metrics().get("dev_f1_average_last")).isEqualTo(r.metrics().get("dev_f1"));
    }

    @Test
    void averagingTheBestEpochsPicksThemByDevScoreAndSurvivesAResume() throws IOException {
        TaggerConfig config = averaging(tiny(5, 3), 2, TaggerConfig.BEST);
        Path straight = dir.resolve("best-straight.zip");
        TaggerTrainer.Result r = TaggerTrainer.builder().setConfig(config).setTrain(train).setDev(train)
                .setFormat(ConllFormat.WNUT).setOutput(straight).build().train();
        List<Integer> best = r.averagedEpochs().get("best");
        assertThat(best).hasSize(2);
        double worstChosen = Math.min(r.training().history().get(best.get(0) - 1).devMetric(),
                r.training().history().get(best.get(1) - 1).devMetric());
        for (var e : r.training().history()) {
            if (!best.contains(e.epoch())) {
                assertThat(e.devMetric()).as("epoch %d", e.epoch()).isLessThanOrEqualTo(worstChosen);
            }
        }
        assertThat(r.metrics().get("dev_f1")).isEqualTo(r.metrics().get("dev_f1_average_best"));
        assertThat(r.metrics().get("averaged_epochs")).isEqualTo(2.0);
        try (Stream<Path> files = Files.list(TaggerTrainer.workDirectory(straight).resolve("averaging"))) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("epoch-")).count()).isBetween(2L, 4L);
        }

        Path resumed = dir.resolve("best-resumed.zip");
        TaggerTrainer.builder().setConfig(averaging(tiny(2, 3), 2, TaggerConfig.BEST)).setTrain(train).setDev(train)
                .setFormat(ConllFormat.WNUT).setOutput(resumed).build().train();
        TaggerTrainer.Result again = TaggerTrainer.builder().setConfig(config).setTrain(train).setDev(train)
                .setFormat(ConllFormat.WNUT).setOutput(resumed).optResume(true).build().train();
        assertThat(again.averagedEpochs()).isEqualTo(r.averagedEpochs());
        Tagger x = Tagger.load(straight);
        Tagger y = Tagger.load(resumed);
        for (Parameter p : x.model().parameters()) {
            assertThat(y.model().parameters().get(p.name()).value()).as(p.name()).isEqualTo(p.value());
        }
    }

    @Test
    void severalTrainingFilesWithoutADevSetTrainEveryEpoch() throws IOException {
        List<List<String>[]> all = TaggerModelTest.synthetic(20, 5);
        Path a = TaggerTrainerTest.writeWnut(dir.resolve("part-a.txt"), all.subList(0, 10));
        Path b = TaggerTrainerTest.writeWnut(dir.resolve("part-b.txt"), all.subList(10, 20));
        Path model = dir.resolve("train-dev.zip");
        TaggerTrainer.Result r = TaggerTrainer.builder().setConfig(averaging(tiny(12, 3).withoutEarlyStopping(), 3,
                TaggerConfig.LAST)).setTrain(List.of(a, b)).setFormat(ConllFormat.WNUT).setOutput(model).build()
                .train();
        assertThat(r.training().history()).hasSize(12);
        assertThat(r.averagedEpochs().get("last")).containsExactly(10, 11, 12);
        assertThat(r.metrics()).doesNotContainKey("dev_f1").containsEntry("epochs", 12.0);
        Tagger t = Tagger.load(model);
        assertThat(t.info().data()).extracting(TaggerInfo.DataFile::role).containsExactly("train", "train");
        assertThat(t.info().data()).extracting(TaggerInfo.DataFile::name).containsExactly("part-a.txt", "part-b.txt");
        // Both halves were learned: the whole set is tagged perfectly.
        assertThat(TaggerTrainer.score(t, read(train), true)).isEqualTo(100.0);

        TaggerConfig patient = tiny(2, 3).withTrainer(TrainerConfig.builder().optPatience(3).build());
        assertThatThrownBy(() -> TaggerTrainer.builder().setConfig(patient).setTrain(a)
                .setFormat(ConllFormat.WNUT).setOutput(dir.resolve("x.zip")).build().train())
                .isInstanceOf(SeqlabException.class).hasMessageContaining("needs a dev set");
        assertThatThrownBy(() -> TaggerTrainer.builder().setConfig(averaging(tiny(2, 3), 2, TaggerConfig.BEST))
                .setTrain(a).setFormat(ConllFormat.WNUT).setOutput(dir.resolve("y.zip")).build().train())
                .isInstanceOf(SeqlabException.class).hasMessageContaining("averageOf");
    }

    @Test
    void theSeedDecidesTheRun() {
        Path a = dir.resolve("seed-a.zip");
        Path b = dir.resolve("seed-b.zip");
        Path c = dir.resolve("seed-c.zip");
        TaggerTrainer.builder().setConfig(tiny(1, 3).withSeed(8)).setTrain(train).setDev(train)
                .setFormat(ConllFormat.WNUT).setOutput(a).build().train();
        TaggerTrainer.builder().setConfig(tiny(1, 5).withSeed(8)).setTrain(train).setDev(train)
                .setFormat(ConllFormat.WNUT).setOutput(b).build().train();
        TaggerTrainer.builder().setConfig(tiny(1, 3).withSeed(9)).setTrain(train).setDev(train)
                .setFormat(ConllFormat.WNUT).setOutput(c).build().train();
        INDArray wa = Tagger.load(a).model().parameters().get("lstm.weight_ih_l0").value();
        assertThat(Tagger.load(b).model().parameters().get("lstm.weight_ih_l0").value()).isEqualTo(wa);
        assertThat(Tagger.load(c).model().parameters().get("lstm.weight_ih_l0").value()).isNotEqualTo(wa);
        assertThat(Tagger.load(c).model().config().trainer().seed()).isEqualTo(9);
    }

    @Test
    void aBundleWrittenBeforeTheRecipeOptionsLoadsAndTagsAsItDid() throws IOException {
        Path bundle = dir.resolve("tagger-v1-single-table.zip");
        try (InputStream in = getClass().getResourceAsStream("tagger-v1-single-table.zip")) {
            Files.copy(in, bundle);
        }
        Tagger t = Tagger.load(bundle);
        assertThat(t.model().config().extraWordTables()).isEmpty();
        assertThat(t.model().config().averageCheckpoints()).isZero();
        assertThat(t.lexicon().extraWords()).isEmpty();
        String expected;
        try (InputStream in = getClass().getResourceAsStream("tagger-v1-single-table.expected.tsv")) {
            expected = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        List<String> lines = expected.lines().toList();
        List<List<String>> sentences = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : lines) {
            if (line.isEmpty()) {
                sentences.add(current);
                current = new ArrayList<>();
            } else {
                current.add(line.split("\t")[0]);
            }
        }
        int k = 0;
        for (List<String> sentence : sentences) {
            TaggedSentence s = t.tag(sentence);
            for (int i = 0; i < sentence.size(); i++, k++) {
                String[] f = lines.get(k).split("\t");
                assertThat(s.tags().get(i)).as(lines.get(k)).isEqualTo(f[1]);
                // Loose enough for a faster exp in the CRF, far too tight for a wrongly loaded weight.
                assertThat(s.confidences()[i]).as(lines.get(k))
                        .isCloseTo(Double.parseDouble(f[2]), Offset.offset(1e-4));
            }
            k++; // the blank line
        }
        assertThat(k).isEqualTo(lines.size());
    }
}
