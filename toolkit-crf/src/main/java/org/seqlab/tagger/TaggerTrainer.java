package org.seqlab.tagger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.SeqlabException;
import org.seqlab.batch.BatchPlan;
import org.seqlab.batch.Batcher;
import org.seqlab.conll.ConllFormat;
import org.seqlab.conll.ConllReader;
import org.seqlab.conll.ConllSentence;
import org.seqlab.conll.Dataset;
import org.seqlab.conll.TagScheme;
import org.seqlab.eval.SpanEvaluator;
import org.seqlab.eval.TokenAccuracy;
import org.seqlab.random.Rng;
import org.seqlab.train.Evaluator;
import org.seqlab.train.MetricGoal;
import org.seqlab.train.Trainer;
import org.seqlab.vocab.EmbeddingLoader;
import org.seqlab.vocab.EmbeddingMatrix;
import org.seqlab.vocab.Vocabulary;

/**
 * Trains a tagger from CoNLL-style files: reads train and dev with {@link ConllReader}, builds the vocabularies,
 * loads pretrained vectors, runs the {@link Trainer} with early stopping on dev span F1 (conlleval rules; token
 * accuracy for plain labels), keeps checkpoints beside the output ({@code <out>.work/}: checkpoint, best parameters,
 * learning curve CSV and PNG) and saves the best tagger to the output file.
 *
 * <p><b>Vocabularies.</b> Words: every training word (lowercased when {@link TaggerConfig#lowercaseWords()}), plus,
 * when pretrained vectors are given, the dev words that the vector file covers (NCRF++ keeps the whole file; keeping
 * only the words of train and dev gives the same dev results with a far smaller model; words unseen at training time
 * fall back to {@code <unk>}). Chars: every code point of the training words. Tags: the training tags (converted to
 * IOBES for span tasks), {@code O} first.
 */
public final class TaggerTrainer {
    private final TaggerConfig config;
    private final Path trainFile;
    private final Path devFile;
    private final ConllFormat format;
    private final String column;
    private final Path embeddings;
    private final Path output;
    private final boolean resume;
    private final TokenizerSettings tokenizer;

    private TaggerTrainer(Builder b) {
        this.config = b.config;
        this.trainFile = b.train;
        this.devFile = b.dev;
        this.format = b.format;
        this.column = b.column;
        this.embeddings = b.embeddings;
        this.output = b.output;
        this.resume = b.resume;
        this.tokenizer = b.tokenizer != null ? b.tokenizer : TokenizerSettings.forFormat(b.format);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The outcome: the saved tagger, the per-epoch history and the best dev metric. */
    public record Result(Tagger tagger, Trainer.Result training, String metricName, double bestMetric) {
    }

    /** The directory of checkpoints and learning curves of a model file. */
    public static Path workDirectory(Path output) {
        return output.resolveSibling(output.getFileName() + ".work");
    }

    public Result train() {
        ConllReader reader = reader(format, column);
        Dataset train = reader.read(trainFile);
        Dataset dev = reader.read(devFile);
        boolean span = train.scheme() != null;
        Prepared prepared = prepare(config, train, dev, embeddings);
        TaggerConfig cfg = prepared.config;
        TaggerModel model = prepared.model;
        TaggerLexicon lexicon = prepared.lexicon;
        TaggerLexicon.Encoded trainEnc = prepared.train;
        TaggerInfo info = new TaggerInfo(span ? train.scheme().name() : null, Map.of(), dataFiles(), tokenizer);
        Tagger tagger = new Tagger(model, lexicon, info);
        List<ConllSentence> devSentences = dev.sentences();
        Evaluator<TaggerModel> evaluator = new Evaluator<>() {
            @Override
            public String metricName() {
                return span ? "dev_f1" : "dev_accuracy";
            }

            @Override
            public MetricGoal goal() {
                return MetricGoal.MAXIMIZE;
            }

            @Override
            public double evaluate(TaggerModel m) {
                return score(tagger, devSentences, span);
            }
        };
        Path work = workDirectory(output);
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new SeqlabException(work + ": cannot create the work directory: " + e.getMessage());
        }
        Trainer<TaggerBatch, TaggerModel> trainer = Trainer.<TaggerBatch, TaggerModel>builder().setModel(model)
                .setBatches(batches(trainEnc, cfg.batchSize())).optConfig(cfg.trainer()).optEvaluator(evaluator)
                .optCheckpointDir(work).optLearningCurveCsv(work.resolve("learning-curve.csv"))
                .optLearningCurvePng(work.resolve("learning-curve.png"), 800, 500).build();
        Trainer.Result result;
        if (resume) {
            Path checkpoint = trainer.checkpointFile();
            if (!Files.exists(checkpoint)) {
                throw new SeqlabException(checkpoint + ": no checkpoint to resume from");
            }
            result = trainer.resume(checkpoint);
        } else {
            result = trainer.train();
        }
        double metric = score(tagger, devSentences, span);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(evaluator.metricName(), metric);
        metrics.put("best_epoch", (double) result.bestEpoch());
        Tagger saved = new Tagger(model, lexicon, new TaggerInfo(info.dataScheme(), metrics, info.data(), tokenizer));
        Map<String, Path> files = new LinkedHashMap<>();
        files.put(trainFile.getFileName().toString(), trainFile);
        files.put(devFile.getFileName().toString(), devFile);
        if (embeddings != null) {
            files.put(embeddings.getFileName().toString(), embeddings);
        }
        saved.save(output, files);
        return new Result(saved, result, evaluator.metricName(), metric);
    }

    /** A reader of the given format and tag column (null: the format's default). */
    public static ConllReader reader(ConllFormat format, String column) {
        ConllReader.Builder b = ConllReader.builder().setFormat(format);
        if (column != null) {
            b.optColumn(column);
        }
        return b.build();
    }

    /** Everything built before training: the final config, lexicon, model and encoded training set. */
    record Prepared(TaggerConfig config, TaggerLexicon lexicon, TaggerModel model, TaggerLexicon.Encoded train) {
    }

    /** Builds vocabularies and the model (pretrained vectors loaded), as {@link #train()} does, without training. */
    static Prepared prepare(TaggerConfig config, Dataset train, Dataset dev, Path embeddings) {
        boolean span = train.scheme() != null;
        List<List<String>> trainWords = new ArrayList<>();
        List<List<String>> trainTags = new ArrayList<>();
        Set<String> tagSet = new TreeSet<>();
        for (ConllSentence s : train.sentences()) {
            List<String> tags = span ? s.tagsAsIobes() : s.tags();
            trainWords.add(s.words());
            trainTags.add(tags);
            tagSet.addAll(tags);
        }
        if (trainWords.isEmpty()) {
            throw new SeqlabException(train.source() + ": no sentences to train on");
        }
        List<String> tags = new ArrayList<>();
        if (tagSet.remove("O")) {
            tags.add("O");
        }
        tags.addAll(tagSet);
        Vocabulary.Builder wordsB = Vocabulary.builder();
        Vocabulary.Builder charsB = Vocabulary.builder();
        for (List<String> sentence : trainWords) {
            for (String w : sentence) {
                wordsB.add(config.lowercaseWords() ? w.toLowerCase(java.util.Locale.ROOT) : w);
                w.codePoints().forEach(cp -> charsB.add(new String(Character.toChars(cp))));
            }
        }
        Vocabulary words = wordsB.build();
        Vocabulary chars = charsB.build();
        TaggerConfig cfg = config;
        EmbeddingMatrix matrix = null;
        if (embeddings != null) {
            // Candidates: train and dev words; dev-only words stay only when the file has a vector for them.
            Set<String> candidates = new LinkedHashSet<>(words.tokens());
            for (ConllSentence s : dev.sentences()) {
                for (String w : s.words()) {
                    candidates.add(config.lowercaseWords() ? w.toLowerCase(java.util.Locale.ROOT) : w);
                }
            }
            Vocabulary.Builder cb = Vocabulary.builder();
            candidates.stream().filter(t -> !Vocabulary.DEFAULT_SPECIALS.contains(t)).forEach(cb::add);
            Vocabulary candidateVocab = cb.build();
            matrix = EmbeddingLoader.builder().setFile(embeddings).optLowercaseFallback(true).build()
                    .loadFor(candidateVocab);
            Vocabulary.Builder fb = Vocabulary.builder();
            for (String t : words.tokens()) {
                if (!Vocabulary.DEFAULT_SPECIALS.contains(t)) {
                    fb.add(t, Math.max(1, words.count(words.find(t))));
                }
            }
            for (int id = 0; id < candidateVocab.size(); id++) {
                String t = candidateVocab.token(id);
                EmbeddingMatrix.Source src = matrix.source(id);
                if (!words.contains(t) && (src == EmbeddingMatrix.Source.EXACT
                        || src == EmbeddingMatrix.Source.LOWERCASE)) {
                    fb.add(t, 1);
                }
            }
            words = fb.build();
            cfg = config.withWordDim(matrix.dim());
        }
        TaggerLexicon lexicon = new TaggerLexicon(words, chars, tags, cfg.lowercaseWords(),
                span ? TagScheme.IOBES : null, cfg.maxWordLength());
        TaggerModel model = new TaggerModel(cfg, words.size(), words.unkId(), chars.size(), lexicon.constraints(),
                DataType.FLOAT, new Rng(cfg.trainer().seed()));
        if (matrix != null) {
            loadVectors(model, words, matrix);
        }
        return new Prepared(cfg, lexicon, model, lexicon.encode(trainWords, trainTags));
    }

    private static void loadVectors(TaggerModel model, Vocabulary words, EmbeddingMatrix matrix) {
        Vocabulary from = matrix.vocabulary();
        int dim = matrix.dim();
        INDArray weight = model.wordEmbedding().weight().value();
        float[] values = weight.castTo(DataType.FLOAT).data().asFloat();
        for (int id = 0; id < words.size(); id++) {
            int src = from.find(words.token(id));
            if (src < 0 || id == words.padId()) {
                continue;
            }
            EmbeddingMatrix.Source s = matrix.source(src);
            if (s == EmbeddingMatrix.Source.EXACT || s == EmbeddingMatrix.Source.LOWERCASE) {
                System.arraycopy(matrix.vector(src), 0, values, id * dim, dim);
            }
        }
        weight.assign(Nd4j.createFromArray(values).reshape(weight.shape()).castTo(weight.dataType()));
    }

    /** Shuffled length-bucketed batches, the order drawn from the trainer's generator. */
    static org.seqlab.train.BatchSource<TaggerBatch> batches(TaggerLexicon.Encoded data, int batchSize) {
        Batcher batcher = Batcher.builder().optBatchSize(batchSize).build();
        int[] lengths = data.lengths();
        return rng -> {
            BatchPlan plan = batcher.shuffled(lengths, rng.nextLong());
            List<TaggerBatch> out = new ArrayList<>(plan.size());
            for (int k = 0; k < plan.size(); k++) {
                out.add(data.batch(plan, k));
            }
            return out;
        };
    }

    /** Span F1 (percent, conlleval rules, in IOBES) or token accuracy (percent) of the tagger on gold sentences. */
    public static double score(Tagger tagger, List<ConllSentence> gold, boolean span) {
        List<List<String>> words = new ArrayList<>(gold.size());
        for (ConllSentence s : gold) {
            words.add(s.words());
        }
        List<List<String>> predicted = tagger.internalTags(words);
        if (span) {
            SpanEvaluator eval = new SpanEvaluator(TagScheme.IOBES);
            for (int i = 0; i < gold.size(); i++) {
                eval.add(gold.get(i).tagsAsIobes(), predicted.get(i));
            }
            return eval.result().overall().f1();
        }
        TokenAccuracy acc = new TokenAccuracy();
        for (int i = 0; i < gold.size(); i++) {
            acc.add(gold.get(i).tags(), predicted.get(i));
        }
        return acc.accuracy();
    }

    private List<TaggerInfo.DataFile> dataFiles() {
        List<TaggerInfo.DataFile> files = new ArrayList<>();
        files.add(new TaggerInfo.DataFile("train", trainFile.getFileName().toString(), sha256(trainFile)));
        files.add(new TaggerInfo.DataFile("dev", devFile.getFileName().toString(), sha256(devFile)));
        if (embeddings != null) {
            files.add(new TaggerInfo.DataFile("embeddings", embeddings.getFileName().toString(), sha256(embeddings)));
        }
        return files;
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new SeqlabException(file + ": cannot read: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Required: config, train, dev, format, output; optional: tag column, embeddings, resume, tokenizer settings. */
    public static final class Builder {
        private TaggerConfig config = TaggerConfig.defaults();
        private Path train;
        private Path dev;
        private ConllFormat format;
        private String column;
        private Path embeddings;
        private Path output;
        private boolean resume;
        private TokenizerSettings tokenizer;

        public Builder setConfig(TaggerConfig c) {
            config = c;
            return this;
        }

        public Builder setTrain(Path p) {
            train = p;
            return this;
        }

        public Builder setDev(Path p) {
            dev = p;
            return this;
        }

        public Builder setFormat(ConllFormat f) {
            format = f;
            return this;
        }

        public Builder setOutput(Path p) {
            output = p;
            return this;
        }

        /** Tag column, a name or 1-based number; default the format's. */
        public Builder optColumn(String c) {
            column = c;
            return this;
        }

        public Builder optEmbeddings(Path p) {
            embeddings = p;
            return this;
        }

        /** Continue from the checkpoint in the output's work directory. */
        public Builder optResume(boolean r) {
            resume = r;
            return this;
        }

        /** How raw text is cut into words for the saved tagger; default {@link TokenizerSettings#forFormat}. */
        public Builder optTokenizer(TokenizerSettings t) {
            tokenizer = t;
            return this;
        }

        public TaggerTrainer build() {
            if (config == null || train == null || dev == null || format == null || output == null) {
                throw new IllegalArgumentException("a tagger trainer needs a config, train and dev files, a format "
                        + "and an output file");
            }
            return new TaggerTrainer(this);
        }
    }
}
