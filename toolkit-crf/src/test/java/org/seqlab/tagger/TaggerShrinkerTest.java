package org.seqlab.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.SeqlabException;
import org.seqlab.bundle.ModelBundle;
import org.seqlab.conll.ConllFormat;
import org.seqlab.random.Rng;

/**
 * Shrinking a tiny tagger trained with pretrained vectors: the training words stay, the most frequent others are
 * kept in the frequency list's order, the rest go; tags are unchanged and confidences move by less than 0.02.
 */
class TaggerShrinkerTest {
    @TempDir
    static Path dir;
    static Path full;
    static Tagger trained;
    /** Dev-only words that have vectors, in the vector file's (frequency) order. */
    static final List<String> EXTRA = List.of("berlin", "madrid", "tokyo", "lisbon", "vienna");

    @BeforeAll
    static void trainWithVectors() throws IOException {
        List<List<String>[]> data = TaggerModelTest.synthetic(20, 5);
        Path train = TaggerTrainerTest.writeWnut(dir.resolve("train.txt"), data);
        StringBuilder dev = new StringBuilder(Files.readString(train));
        for (String w : EXTRA) {
            dev.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1)).append("\tB-LOC\n");
        }
        dev.append('\n');
        Path devFile = Files.writeString(dir.resolve("dev.txt"), dev.toString());
        // vectors: the extra words first (most frequent), then the training words
        List<String> vocab = new ArrayList<>(EXTRA);
        for (List<String>[] pair : data) {
            for (String w : pair[0]) {
                String lower = w.toLowerCase(java.util.Locale.ROOT);
                if (!vocab.contains(lower)) {
                    vocab.add(lower);
                }
            }
        }
        Rng rng = new Rng(7);
        StringBuilder vec = new StringBuilder();
        for (String w : vocab) {
            vec.append(w);
            for (int d = 0; d < 16; d++) {
                vec.append(' ').append(String.format(java.util.Locale.ROOT, "%.4f", rng.nextFloat() - 0.5f));
            }
            vec.append('\n');
        }
        Path vectors = Files.writeString(dir.resolve("vectors.txt"), vec.toString());
        full = dir.resolve("full.zip");
        trained = TaggerTrainer.builder().setConfig(TaggerTrainerTest.tinyConfig(12)).setTrain(train).setDev(devFile)
                .setFormat(ConllFormat.WNUT).optEmbeddings(vectors).setOutput(full).build().train().tagger();
        for (String w : EXTRA) {
            assertThat(trained.lexicon().words().contains(w)).as(w).isTrue();
        }
    }

    private static List<List<String>> sentences() {
        List<List<String>> out = new ArrayList<>();
        for (List<String>[] pair : TaggerModelTest.synthetic(40, 99)) {
            out.add(pair[0]);
        }
        return out;
    }

    @Test
    void keepsTrainingWordsPlusTheMostFrequentOthersAndTagsAsBefore() throws IOException {
        Path out = dir.resolve("int8.zip");
        TaggerShrinker.Result r = TaggerShrinker.shrink(ModelBundle.read(full), 2, EXTRA,
                TaggerShrinker.Weights.INT8, null, out);
        assertThat(r.trainingWordsKnown()).isTrue();
        assertThat(r.wordsBefore()).isEqualTo(r.wordsAfter() + EXTRA.size() - 2);
        Tagger shrunk = Tagger.load(out);
        assertThat(shrunk.lexicon().words().contains("berlin")).isTrue();
        assertThat(shrunk.lexicon().words().contains("madrid")).isTrue();
        assertThat(shrunk.lexicon().words().contains("tokyo")).isFalse();
        assertThat(shrunk.lexicon().words().contains("alice")).isTrue();
        assertThat(shrunk.info().metrics()).isEqualTo(trained.info().metrics());
        assertThat(shrunk.info().provenance()).containsKey("shrink").containsEntry("format", "wnut");
        assertThat(Files.size(out)).isLessThan(Files.size(full));
        assertThat(r.bundle().manifest().entries()).anyMatch(e -> e.path().equals("tensors/weights.words")
                && "int8_rows".equals(e.storage()));

        List<TaggedSentence> a = trained.tagAll(sentences());
        List<TaggedSentence> b = shrunk.tagAll(sentences());
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).tags()).as("sentence %d", i).isEqualTo(a.get(i).tags());
            for (int t = 0; t < a.get(i).confidences().length; t++) {
                assertThat(Math.abs(b.get(i).confidences()[t] - a.get(i).confidences()[t])).isLessThan(0.02);
            }
        }
        // a dropped word is now unknown, as any word unseen in training
        assertThat(shrunk.lexicon().words().index("tokyo")).isEqualTo(shrunk.lexicon().words().unkId());
    }

    @Test
    void rescoringRecordsTheShrunkScoreBesideTheFullPrecisionOne() {
        Path out = dir.resolve("f16.zip");
        TaggerShrinker.Result r = TaggerShrinker.shrink(ModelBundle.read(full), 0, null,
                TaggerShrinker.Weights.FLOAT16, t -> Map.of("dev_f1", 12.5), out);
        assertThat(r.wordsAfter()).isEqualTo(r.wordsBefore() - EXTRA.size());
        assertThat(r.bundle().manifest().metrics()).containsEntry("dev_f1", 12.5)
                .containsEntry("full_precision_dev_f1", trained.info().metrics().get("dev_f1"));
    }

    @Test
    void addedPretrainedWordsJoinWithTheirExactVectorsInFileOrder() {
        float[] oslo = new float[16];
        float[] rome = new float[16];
        for (int d = 0; d < 16; d++) {
            oslo[d] = 0.25f - d / 64f;
            rome[d] = d / 32f;
        }
        float[] rows = new float[3 * 16];
        System.arraycopy(oslo, 0, rows, 0, 16);
        System.arraycopy(rome, 0, rows, 32, 16);
        // "Oslo" (looked up lowercased by this model), "berlin" (already in the model: its trained row stays), "quito"
        org.seqlab.vocab.PretrainedEmbeddings vectors = new org.seqlab.vocab.PretrainedEmbeddings(
                List.of("Oslo", "berlin", "quito"), rows, 16, org.seqlab.vocab.EmbeddingFormat.GLOVE_TEXT);
        Path out = dir.resolve("added.zip");
        TaggerShrinker.Result r = TaggerShrinker.shrink(ModelBundle.read(full), 2, null, vectors,
                TaggerShrinker.Weights.FLOAT32, null, out);
        // two others kept, ranked by the file: "oslo" (added) and "berlin" (the model's own); "quito" is third
        Tagger shrunk = Tagger.load(out);
        org.seqlab.vocab.Vocabulary words = shrunk.lexicon().words();
        assertThat(words.contains("oslo")).isTrue();
        assertThat(words.contains("berlin")).isTrue();
        assertThat(words.contains("quito")).isFalse();
        assertThat(r.wordsAfter()).isEqualTo(r.wordsBefore() - EXTRA.size() + 2);
        org.nd4j.linalg.api.ndarray.INDArray table = TaggerArchive.weights(r.bundle()).values().stream()
                .filter(a -> a.rank() == 2 && a.size(0) == words.size() && a.size(1) == 16).findFirst().orElseThrow();
        float[] got = table.getRow(words.find("oslo")).toFloatVector();
        assertThat(got).containsExactly(oslo);
        float[] berlinBefore = TaggerArchive.weights(ModelBundle.read(full)).values().stream()
                .filter(a -> a.rank() == 2 && a.size(0) == trained.lexicon().words().size() && a.size(1) == 16)
                .findFirst().orElseThrow().getRow(trained.lexicon().words().find("berlin")).toFloatVector();
        assertThat(table.getRow(words.find("berlin")).toFloatVector()).containsExactly(berlinBefore);
        assertThat(r.bundle().manifest().provenance().get("shrink")).contains("2 added pretrained words");

        org.seqlab.vocab.PretrainedEmbeddings wrongDim = new org.seqlab.vocab.PretrainedEmbeddings(
                List.of("oslo"), new float[8], 8, org.seqlab.vocab.EmbeddingFormat.GLOVE_TEXT);
        assertThatThrownBy(() -> TaggerShrinker.shrink(ModelBundle.read(full), 2, null, wrongDim,
                TaggerShrinker.Weights.FLOAT32, null, dir.resolve("bad.zip"))).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("dimension 8").hasMessageContaining("16");
    }

    @Test
    void aBundleWithoutTrainingWordsKeepsEveryWord() throws IOException {
        Path plain = dir.resolve("plain.zip");
        trained.save(plain);   // the public save does not know the training words
        TaggerShrinker.Result r = TaggerShrinker.shrink(ModelBundle.read(plain), 0, null,
                TaggerShrinker.Weights.INT8, null, dir.resolve("plain-shrunk.zip"));
        assertThat(r.trainingWordsKnown()).isFalse();
        assertThat(r.wordsAfter()).isEqualTo(r.wordsBefore());
    }

    @Test
    void wordListsSkipAWord2vecHeaderAndBadStorageIsNamed() throws IOException {
        Path list = Files.writeString(dir.resolve("list.vec"), "3 2\nthe 0.1 0.2\nof 0.3 0.4\n");
        assertThat(TaggerShrinker.readWordList(list)).containsExactly("the", "of");
        assertThatThrownBy(() -> TaggerShrinker.Weights.parse("int4")).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("int4");
        assertThatThrownBy(() -> TaggerShrinker.readWordList(dir.resolve("nope.txt")))
                .hasMessageContaining("nope.txt: no such file");
    }
}
