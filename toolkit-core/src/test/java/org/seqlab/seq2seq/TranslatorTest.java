package org.seqlab.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.SeqlabException;
import org.seqlab.bundle.ModelBundle;
import org.seqlab.bundle.TensorStorage;
import org.seqlab.nn.recurrent.CellType;
import org.seqlab.random.Rng;
import org.seqlab.seq2seq.decode.BeamSearch;
import org.seqlab.seq2seq.decode.DecodeConfig;
import org.seqlab.seq2seq.decode.Hypothesis;

class TranslatorTest {
    private static final List<String> LINES = List.of("1 2 3", "4 5 6 7", "8 9", "12 21 3");

    /** Untrained weights large enough for outputs that differ from line to line; sources of at most 3 pieces. */
    private static Translator untrainedWithMaxSourceLength3() {
        SubwordCodec codec = SubwordCodec.learn(List.of(LINES), 4);
        TranslatorConfig config = new TranslatorConfig(4, true, 8, CellType.LSTM, 1, true, 8, 16, "general", true, 0,
                0.1, false, 1.0, 3, ScheduledSampling.off(), CellType.LSTM);
        return new Translator(new Seq2SeqModel(config, codec.vocabulary().size(), codec.vocabulary().size(),
                DataType.FLOAT, new Rng(4)), codec, codec, Translator.LongLines.SPLIT);
    }

    private static Translator untrained(CellType decoderCell) {
        SubwordCodec codec = SubwordCodec.learn(List.of(LINES), 4);
        TranslatorConfig config = new TranslatorConfig(4, true, 4, CellType.LSTM, 1, true, 3, 5, "general", true, 0,
                0.1, false, 0.5, 20, ScheduledSampling.off(), decoderCell);
        Seq2SeqModel model = new Seq2SeqModel(config, codec.vocabulary().size(), codec.vocabulary().size(),
                DataType.FLOAT, new Rng(4));
        return new Translator(model, codec, codec, Translator.LongLines.SPLIT);
    }

    @Test
    void bundlesRoundTripWithLstmAndGruDecodersInFloat32AndFloat16(@TempDir Path dir) throws Exception {
        for (CellType cell : List.of(CellType.LSTM, CellType.GRU)) {
            Translator t = untrained(cell);
            Path f32 = dir.resolve(cell + "-32.zip");
            Path f16 = dir.resolve(cell + "-16.zip");
            t.save(f32, Map.of());
            t.save(f16, Map.of(), TensorStorage.FLOAT16);
            Translator loaded = Translator.load(f32);
            assertThat(loaded.model().config().decoderCell()).isEqualTo(cell);
            assertThat(loaded.translate(LINES)).isEqualTo(t.translate(LINES));
            // half precision halves the weights; the toy model is mostly texts and manifest, so just smaller
            assertThat(Files.size(f16)).isLessThan(Files.size(f32));
            assertThat(Translator.load(f16).translate(LINES)).hasSize(LINES.size());
        }
    }

    @Test
    void aBundleKeepsItsCodecsWordSplit(@TempDir Path dir) throws Exception {
        List<String> lines = List.of("a man, a fence.", "a fence!", "two men.");
        SubwordCodec codec = SubwordCodec.learn(List.of(lines), 6, SubwordCodec.WordSplit.CHARACTER_CLASSES);
        TranslatorConfig config = new TranslatorConfig(6, true, 4, CellType.LSTM, 1, true, 3, 5, "general", true, 0,
                0.1, false, 0.5, 20, ScheduledSampling.off(), CellType.LSTM, "character-classes");
        Seq2SeqModel model = new Seq2SeqModel(config, codec.vocabulary().size(), codec.vocabulary().size(),
                DataType.FLOAT, new Rng(4));
        Translator t = new Translator(model, codec, codec, Translator.LongLines.SPLIT);
        Path f = dir.resolve("split.zip");
        t.save(f, Map.of());
        assertThat(ModelBundle.read(f).texts().get(Translator.WORD_SPLIT)).isEqualTo("character-classes");
        Translator loaded = Translator.load(f);
        assertThat(loaded.sourceCodec().wordSplit()).isEqualTo(SubwordCodec.WordSplit.CHARACTER_CLASSES);
        assertThat(loaded.sourceCodec().pieces("a fence.")).isEqualTo(codec.pieces("a fence."));
        assertThat(loaded.translate(lines)).isEqualTo(t.translate(lines));
        // a bundle written without the split says so, and loads without it
        untrained(CellType.LSTM).save(dir.resolve("plain.zip"), Map.of());
        Translator plain = Translator.load(dir.resolve("plain.zip"));
        assertThat(plain.sourceCodec().wordSplit()).isEqualTo(SubwordCodec.WordSplit.NONE);
        assertThat(plain.model().config().wordSplit()).isEqualTo(SubwordCodec.WordSplit.NONE);
    }

    @Test
    void aBundleWhoseVocabularyDoesNotMatchItsWeightsRefusesToLoad(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.zip");
        untrained(CellType.LSTM).save(good, Map.of());
        ModelBundle b = ModelBundle.read(good);
        String vocab = b.texts().get("source.vocab");
        // one vocabulary entry fewer than the embedding and output rows
        String shorter = vocab.substring(0, vocab.stripTrailing().lastIndexOf('\n') + 1);
        Path bad = dir.resolve("bad.zip");
        ModelBundle.writer(Translator.KIND).setConfig(b.config()).addText("source.bpe", b.texts().get("source.bpe"))
                .addText("source.vocab", shorter).addTensors("weights", b.tensors("weights"), TensorStorage.FLOAT32)
                .write(bad);
        assertThatThrownBy(() -> Translator.load(bad)).isInstanceOf(SeqlabException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("src_emb.weight")
                .hasMessageContaining("need");
    }

    @Test
    void modelsAreFoundByPathOrByBundledName() {
        // en-de is a bundled name; while resources/models/en-de.zip is absent the message says so
        if (!org.seqlab.bundle.BundledModels.isAvailable("en-de")) {
            assertThatThrownBy(() -> Translator.load("en-de")).isInstanceOf(SeqlabException.class)
                    .hasMessageContaining("bundled model 'en-de' is not in this build");
        }
        assertThatThrownBy(() -> Translator.load("fr-en")).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("unknown model 'fr-en'");
        assertThatThrownBy(() -> Translator.load("nowhere/x.zip")).isInstanceOf(SeqlabException.class)
                .hasMessageContaining("nowhere/x.zip: no such file");
    }

    @Test
    void manyBatchesOnTwoWorkersAndSeveralCallingThreadsGiveEachLineItsOwnTranslationInOrder() throws Exception {
        // larger random weights than untrained(): an untrained model whose outputs differ from line to line
        SubwordCodec codec = SubwordCodec.learn(List.of(LINES), 4);
        TranslatorConfig config = new TranslatorConfig(4, true, 8, CellType.LSTM, 1, true, 8, 16, "general", true, 0,
                0.1, false, 1.0, 20, ScheduledSampling.off(), CellType.LSTM);
        Translator t = new Translator(new Seq2SeqModel(config, codec.vocabulary().size(), codec.vocabulary().size(),
                DataType.FLOAT, new Rng(4)), codec, codec, Translator.LongLines.SPLIT);
        checkManyBatchesAndThreads(t);
        if (org.seqlab.nn.kernel.Int8Matrix.supported()) {
            // the int8 decoder shares its quantised weights between threads, each search its own buffers
            checkManyBatchesAndThreads(t.withInt8(true));
        }
    }

    private static void checkManyBatchesAndThreads(Translator t) throws Exception {
        java.util.Random random = new java.util.Random(3);
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) { // five batches of 64 sources
            StringBuilder line = new StringBuilder();
            for (int w = 0, n = 1 + random.nextInt(6); w < n; w++) {
                line.append(w == 0 ? "" : " ").append(1 + random.nextInt(21));
            }
            lines.add(i % 50 == 7 ? "" : line.toString());
        }
        List<String> alone = lines.stream().map(t::translate).toList();
        assertThat(new java.util.HashSet<>(alone)).as("outputs that tell lines apart").hasSizeGreaterThan(30);
        List<Integer> reports = new java.util.ArrayList<>();
        assertThat(t.translate(lines, reports::add)).isEqualTo(alone);
        assertThat(reports).isSorted().hasSize(5).last().isEqualTo(300); // lines done, the empty ones included
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<List<String>>> runs = new java.util.ArrayList<>();
            for (int k = 0; k < 4; k++) {
                runs.add(pool.submit(() -> t.translate(lines)));
            }
            for (var run : runs) {
                assertThat(run.get()).isEqualTo(alone);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void linesOfOnlyInvisibleCharactersTranslateToEmptyLinesAsBlankOnesDo() {
        Translator t = untrainedWithMaxSourceLength3();
        // no-break space, zero-width space, BEL, byte-order mark, and a mix with white space
        List<String> invisible = List.of("\u00a0", "\u200b", "\u0007", "\ufeff", " \u2028\t\u00a0\u200b ");
        assertThat(t.translate(invisible)).containsExactly("", "", "", "", "");
        assertThat(t.withDecoding(DecodeConfig.DEFAULT).translate(invisible)).containsExactly("", "", "", "", "");
        assertThat(Translator.hasNothingToTranslate("\u00a0a")).isFalse();
        assertThat(t.translate("1\u00a0")).isNotEmpty(); // visible text beside them is translated
    }

    @Test
    void progressCountsLinesBlankAndSplitOnesIncluded() {
        Translator t = untrainedWithMaxSourceLength3();
        List<Integer> reports = new java.util.ArrayList<>();
        // 5 lines: one in 3 pieces, two blank, one invisible, one short: 4 segments, 5 lines
        t.translate(List.of("1 2 3 4 5 6 7", "", "8 9", "\u00a0", ""), reports::add);
        assertThat(reports).containsExactly(5);
        reports.clear();
        t.translate(List.of("", " "), reports::add); // no batch to decode: one report, all lines done
        assertThat(reports).containsExactly(2);
    }

    @Test
    void aRefusedLongLineIsAnExceptionThatNamesTheLineAndItsLength() {
        Translator t = untrainedWithMaxSourceLength3().withLongLines(Translator.LongLines.REFUSE);
        assertThatThrownBy(() -> t.translate(List.of("1", "", "1 2 3 4 5 6 7")))
                .isInstanceOfSatisfying(Translator.LineTooLongException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.pieces()).isEqualTo(7);
                    assertThat(e.maxSourceLength()).isEqualTo(3);
                })
                .hasMessage("line 3 has 7 BPE pieces, more than the model's maximum source length 3"
                        + " (LongLines.SPLIT translates it in pieces)");
    }

    @Test
    void aLineTranslatedInPiecesCarriesEachPiecesTranslationAndAttention() {
        Translator t = untrainedWithMaxSourceLength3();
        Translator.Translation whole = t.translateWithAttention(List.of("1 2 3 4 5 6 7"), true, n -> { }).get(0);
        assertThat(whole.parts()).hasSize(3);
        assertThat(whole.parts()).extracting(Translator.Translation::sourcePieces).containsExactly(
                List.of("1", "2", "3", "</s>"), List.of("4", "5", "6", "</s>"), List.of("7", "</s>"));
        for (int i = 0; i < 3; i++) {
            Translator.Translation part = whole.parts().get(i);
            assertThat(part.text()).isEqualTo(t.translate(List.of("1 2 3", "4 5 6", "7").get(i)));
            assertThat(part.attention().length).isEqualTo(part.targetPieces().size());
            assertThat(part.attention()[0]).hasSize(part.sourcePieces().size());
            assertThat(part.parts()).isEmpty();
        }
        assertThat(whole.text()).isEqualTo(String.join(" ", whole.parts().stream()
                .map(Translator.Translation::text).toList()).strip());
        assertThat(whole.attention()).isNull();
        // without attention the parts carry none either
        assertThat(t.translateWithAttention(List.of("1 2 3 4 5 6 7"), false, n -> { }).get(0).parts())
                .allSatisfy(p -> assertThat(p.attention()).isNull());
    }

    @Test
    void nBestListsAreTheBeamsBestHypothesesBestFirst() {
        Translator t = untrainedWithMaxSourceLength3();
        DecodeConfig beam4best3 = DecodeConfig.DEFAULT.withBeamSize(4).withNBest(3);
        Translator nBest = t.withDecoding(beam4best3);
        List<List<Translator.Translation>> lists = nBest.translateNBest(List.of("1 2 3", "", "1 2 3 4 5 6 7"), false,
                n -> { });
        // the first line's list is the beam search's own, in its order and with its scores
        List<Hypothesis> expected = new BeamSearch<>(t.model().decoder(), beam4best3)
                .decode(new int[][] {t.sourceCodec().encode("1 2 3")}).get(0);
        assertThat(lists.get(0)).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(lists.get(0).get(i).text()).isEqualTo(t.targetCodec().decode(expected.get(i).outputTokens()));
            // the same up to float rounding: the translator's batch also holds the third line's pieces
            assertThat(lists.get(0).get(i).score()).isCloseTo(expected.get(i).normalisedScore(), within(1e-5));
        }
        assertThat(lists.get(0).get(0).text()).isEqualTo(t.withDecoding(beam4best3.withNBest(1)).translate("1 2 3"));
        // a blank line: one empty translation scoring 0; a line in pieces: one, its pieces' best joined
        assertThat(lists.get(1)).singleElement().satisfies(e -> {
            assertThat(e.text()).isEmpty();
            assertThat(e.score()).isZero();
        });
        assertThat(lists.get(2)).singleElement().extracting(Translator.Translation::text)
                .isEqualTo(t.withDecoding(beam4best3.withNBest(1)).translate("1 2 3 4 5 6 7"));
    }

    @Test
    void unknownWordsAreReplacedByTheMostAttendedSourcePieceWhenAsked() {
        Translator t = untrainedWithMaxSourceLength3();
        // an output bias that makes every step emit <unk>: 2 * 1 + 10 = 12 of them for a one-piece source
        t.model().parameters().get("out.bias").value().putScalar(Seq2SeqModel.UNK, 1000);
        assertThat(t.replacesUnk()).isFalse();
        assertThat(t.translate("7")).isEqualTo(String.join(" ", java.util.Collections.nCopies(12, "<unk>")));
        Translator replacing = t.withUnkReplacement(true);
        assertThat(replacing.replacesUnk()).isTrue();
        assertThat(replacing.translate("7")).isEqualTo("7 7 7 7 7 7 7 7 7 7 7 7");
        // the pieces stay the model's
        assertThat(replacing.translateWithAttention(List.of("7"), true, n -> { }).get(0).targetPieces())
                .hasSize(12).containsOnly("<unk>");
        assertThat(replacing.withUnkReplacement(false).translate("7")).startsWith("<unk> <unk>");
    }

    @Test
    void nullArgumentsAreRefusedInWords() {
        // each failed as a bare or deep NPE (List.of, hasNothingToTranslate, the progress call after decoding), or,
        // for a null DecodeConfig, only at the first translation
        Translator t = untrained(CellType.LSTM);
        assertThatThrownBy(() -> t.translate((String) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("translate: the line is null");
        assertThatThrownBy(() -> t.translate((List<String>) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("translate: the list of lines is null");
        assertThatThrownBy(() -> t.translate(java.util.Arrays.asList("1 2", null)))
                .isInstanceOf(NullPointerException.class).hasMessage("translate: line 2 of 2 is null");
        assertThatThrownBy(() -> t.translate(List.of("1 2"), null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("the progress callback is null");
        assertThatThrownBy(() -> t.withDecoding(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("the decoding config is null");
        assertThatThrownBy(() -> t.withLongLines(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("the long-line policy is null");
        assertThatThrownBy(() -> Translator.load((Path) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("Translator.load: the path is null");
        assertThat(t.translate(List.of("1 2 3", ""))).hasSize(2);
    }
}
