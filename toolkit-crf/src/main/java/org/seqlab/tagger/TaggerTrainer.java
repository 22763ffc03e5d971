package org.seqlab.tagger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
import org.seqlab.text.TextInput;
import org.seqlab.train.CheckpointAverager;
import org.seqlab.train.Evaluator;
import org.seqlab.train.MetricGoal;
import org.seqlab.train.Trainer;
import org.seqlab.vocab.EmbeddingLoader;
import org.seqlab.vocab.EmbeddingMatrix;
import org.seqlab.vocab.Vocabulary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a tagger from CoNLL-style files: reads the training files (one or more, concatenated) and dev with
 * {@link ConllReader}, builds the vocabularies, loads pretrained vectors, runs the {@link Trainer} with early stopping
 * on dev span F1 (conlleval rules; token accuracy for plain labels), keeps checkpoints beside the output
 * ({@code <out>.work/}: checkpoint, best parameters, learning curve CSV and PNG) and saves the best tagger to the
 * output file.
 *
 * <p><b>Without a dev set</b> (e.g. the final model trained on train+dev for an epoch count chosen on dev) early
 * stopping must be off (patience 0): every epoch runs and the last epoch's parameters are saved.
 *
 * <p><b>Checkpoint averaging</b> ({@link TaggerConfig#averageCheckpoints()} k &gt; 0): a {@link CheckpointAverager}
 * keeps the k best and k last epochs in {@code <out>.work/averaging/}; after training the dev score of the model the
 * trainer ended with (the best epoch, or the last without early stopping), of the mean of the best k and of the mean of
 * the last k are all measured and recorded as metrics, and the mean that {@link TaggerConfig#averageOf()} names is
 * saved.
 *
 * <p><b>Vocabularies.</b> Words: every training word (lowercased when {@link TaggerConfig#lowercaseWords()}), plus,
 * when pretrained vectors are given, the dev words that the vector file covers (NCRF++ keeps the whole file; keeping
 * only the words of train and dev gives the same dev results with a far smaller model; words unseen at training time
 * fall back to {@code <unk>}). Each further word table ({@link TaggerConfig#extraWordTables()}) gets its own
 * vocabulary by the same rule, in its own lookup form, from its own vector file. Chars: every code point of the
 * training words. Tags: the training tags (converted to IOBES for span tasks), {@code O} first.
 */
public final class TaggerTrainer {
    /** Share of a vector file's words holding an uppercase letter above which it is taken to be cased. */
    static final double CASED_FILE_SHARE = 0.01;
    private static final Logger LOG = LoggerFactory.getLogger(TaggerTrainer.class);

    private final TaggerConfig config;
    private final List<Path> trainFiles;
    private final Path devFile; // null: no dev set, no early stopping
    private final ConllFormat format;
    private final String column;
    private final List<Path> embeddings;
    private final Path output;
    private final boolean resume;
    private final Map<String, String> provenance;
    private final TokenizerSettings tokenizer;
    private final Path teacher; // null: trained on the gold tags alone
    private final double teacherWeight;
    private final List<Path> silverFiles; // empty: no silver sentences
    private final Path silverTagger; // the tagger that labels them

    private TaggerTrainer(Builder b) {
        this.provenance = new LinkedHashMap<>(b.provenance);
        this.config = b.config;
        this.trainFiles = List.copyOf(b.train);
        this.devFile = b.dev;
        this.format = b.format;
        this.column = b.column;
        this.embeddings = List.copyOf(b.embeddings);
        this.output = b.output;
        this.resume = b.resume;
        this.tokenizer = b.tokenizer != null ? b.tokenizer : TokenizerSettings.forFormat(b.format);
        this.teacher = b.teacher;
        this.teacherWeight = b.teacherWeight;
        this.silverFiles = List.copyOf(b.silverFiles);
        this.silverTagger = b.silverTagger;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The outcome: the saved tagger, the per-epoch history, the saved model's dev metric (NaN without dev) and every
     * metric recorded in the bundle (with averaging: {@code <metric>_single}, {@code <metric>_average_best},
     * {@code <metric>_average_last} and the epochs each mean covers in {@code averagedEpochs}).
     */
    public record Result(Tagger tagger, Trainer.Result training, String metricName, double bestMetric,
            Map<String, Double> metrics, Map<String, List<Integer>> averagedEpochs) {
    }

    /** The directory of checkpoints and learning curves of a model file. */
    public static Path workDirectory(Path output) {
        return output.resolveSibling(output.getFileName() + ".work");
    }

    public Result train() {
        ConllReader reader = reader(format, column);
        List<ConllSentence> trainSentences = new ArrayList<>();
        TagScheme trainScheme = null;
        for (int i = 0; i < trainFiles.size(); i++) {
            Dataset d = reader.read(trainFiles.get(i));
            if (i == 0) {
                trainScheme = d.scheme();
            } else if ((d.scheme() == null) != (trainScheme == null)) {
                throw new SeqlabException(d.source() + ": " + kindOfTags(d.scheme()) + ", but " + trainFiles.get(0)
                        + " has " + kindOfTags(trainScheme));
            }
            trainSentences.addAll(d.sentences());
        }
        boolean span = trainScheme != null;
        List<ConllSentence> devSentences = devFile == null ? List.of() : reader.read(devFile).sentences();
        if (devFile == null && config.trainer().patience() > 0) {
            throw new SeqlabException("early stopping (patience " + config.trainer().patience()
                    + ") needs a dev set: give one, or turn early stopping off");
        }
        int averageK = config.averageCheckpoints();
        if (devFile == null && averageK > 0 && TaggerConfig.BEST.equals(config.averageOf())) {
            throw new SeqlabException("averaging the best " + averageK + " epochs needs a dev set: give one, or "
                    + "average the last epochs (\"averageOf\": \"last\")");
        }
        Silver silver = silverFiles.isEmpty() ? Silver.NONE : silver(silverTagger, silverFiles, span);
        Prepared prepared = prepare(config, trainSentences, span, trainFiles.get(0).toString(), devSentences,
                embeddings, silver);
        TaggerConfig cfg = prepared.config;
        TaggerModel model = prepared.model;
        TaggerLexicon lexicon = prepared.lexicon;
        TaggerLexicon.Encoded trainEnc = prepared.train;
        TeacherTargets targets = null;
        if (teacher != null) {
            long started = System.nanoTime();
            Tagger t = Tagger.load(teacher);
            List<List<String>> words = new ArrayList<>(trainSentences.size() + silver.words().size());
            for (ConllSentence s : trainSentences) {
                words.add(s.words());
            }
            words.addAll(silver.words()); // in the order prepare() encodes them
            try {
                targets = TeacherTargets.compute(t, words, lexicon, cfg.crf(), teacherWeight);
            } catch (SeqlabException e) {
                throw new SeqlabException(teacher + ": " + e.getMessage());
            }
            LOG.info("teacher {} ({} member{}): targets for {} sentences in {} s", teacher.getFileName(),
                    t.memberCount(), t.memberCount() == 1 ? "" : "s", words.size(),
                    String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
        }
        TaggerInfo info = new TaggerInfo(span ? trainScheme.name() : null, Map.of(), dataFiles(), tokenizer);
        Tagger tagger = new Tagger(model, lexicon, info);
        String metricName = span ? "dev_f1" : "dev_accuracy";
        Evaluator<TaggerModel> evaluator = devFile == null ? null : new Evaluator<>() {
            @Override
            public String metricName() {
                return metricName;
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
        CheckpointAverager averager = averageK == 0 ? null
                : new CheckpointAverager(work.resolve("averaging"), averageK,
                        evaluator == null ? null : evaluator.goal(), resume);
        Trainer<TaggerBatch, TaggerModel> trainer = Trainer.<TaggerBatch, TaggerModel>builder().setModel(model)
                .setBatches(batches(trainEnc, cfg.batchSize(), targets)).optConfig(cfg.trainer())
                .optEvaluator(evaluator)
                .optCheckpointDir(work).optLearningCurveCsv(work.resolve("learning-curve.csv"))
                .optLearningCurvePng(work.resolve("learning-curve.png"), 800, 500).optEpochListener(averager).build();
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
        double metric = devFile == null ? Double.NaN : score(tagger, devSentences, span);
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, List<Integer>> averaged = new LinkedHashMap<>();
        if (averager != null) {
            // The model the trainer ended with (best epoch, or last without early stopping), then both means;
            // the configured mean is applied last, so it is what is saved.
            if (devFile != null) {
                metrics.put(metricName + "_single", metric);
            }
            CheckpointAverager.Selection chosen = TaggerConfig.LAST.equals(cfg.averageOf())
                    ? CheckpointAverager.Selection.LAST : CheckpointAverager.Selection.BEST;
            List<CheckpointAverager.Selection> order = new ArrayList<>();
            if (devFile != null) {
                for (CheckpointAverager.Selection sel : CheckpointAverager.Selection.values()) {
                    if (sel != chosen) {
                        order.add(sel);
                    }
                }
            }
            order.add(chosen);
            for (CheckpointAverager.Selection sel : order) {
                String key = sel.name().toLowerCase(java.util.Locale.ROOT);
                averaged.put(key, averager.average(sel, model.parameters()));
                if (devFile != null) {
                    metric = score(tagger, devSentences, span);
                    metrics.put(metricName + "_average_" + key, metric);
                }
            }
            String chosenKey = chosen.name().toLowerCase(java.util.Locale.ROOT);
            metrics.put("averaged_epochs", (double) averaged.get(chosenKey).size());
        }
        if (devFile != null) {
            metrics.put(metricName, metric);
            metrics.put("best_epoch", (double) result.bestEpoch());
        }
        metrics.put("epochs", (double) result.history().size());
        Map<String, Path> files = new LinkedHashMap<>();
        for (Path f : trainFiles) {
            files.put(f.getFileName().toString(), f);
        }
        if (devFile != null) {
            files.put(devFile.getFileName().toString(), devFile);
        }
        for (Path f : embeddings) {
            files.put(f.getFileName().toString(), f);
        }
        // The words seen in training are what shrinking must keep (TaggerShrinker); the recipe goes to the manifest.
        Set<String> trainingForms = new java.util.HashSet<>();
        for (ConllSentence s : trainSentences) {
            for (String w : s.words()) {
                trainingForms.add(lexicon.lookupForm(w));
            }
        }
        Map<String, String> recipe = new LinkedHashMap<>();
        recipe.put("format", format.name().toLowerCase(java.util.Locale.ROOT));
        if (column != null) {
            recipe.put("column", column);
        }
        recipe.put("train", String.join(" ", trainFiles.stream().map(f -> f.getFileName().toString()).toList()));
        if (devFile != null) {
            recipe.put("dev", devFile.getFileName().toString());
        }
        if (!embeddings.isEmpty()) {
            recipe.put("embeddings", String.join(" ",
                    embeddings.stream().map(f -> f.getFileName().toString()).toList()));
        }
        recipe.put("seed", String.valueOf(cfg.trainer().seed()));
        recipe.put("max_epochs", String.valueOf(cfg.trainer().maxEpochs()));
        if (teacher != null) {
            recipe.put("teacher", teacher.getFileName().toString());
            recipe.put("teacher_sha256", sha256(teacher));
            recipe.put("teacher_weight", String.valueOf(teacherWeight));
        }
        if (!silverFiles.isEmpty()) {
            recipe.put("silver", String.join(" ", silverFiles.stream().map(f -> f.getFileName().toString()).toList()));
            recipe.put("silver_sentences", String.valueOf(silver.words().size()));
            recipe.put("silver_tagger", silverTagger.getFileName().toString());
            recipe.put("silver_tagger_sha256", sha256(silverTagger));
        }
        recipe.putAll(provenance);
        Tagger saved = new Tagger(model, lexicon, new TaggerInfo(info.dataScheme(), metrics, info.data(), recipe,
                tokenizer));
        TaggerArchive.save(output, model, lexicon, saved.info(), files, trainingForms);
        return new Result(saved, result, metricName, metric, java.util.Collections.unmodifiableMap(metrics),
                java.util.Collections.unmodifiableMap(averaged));
    }

    private static String kindOfTags(TagScheme scheme) {
        return scheme == null ? "plain labels" : "chunk tags";
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

    /**
     * Silver sentences: unlabelled sentences with the tags a trained tagger gave them (its best path, in the
     * training's internal scheme), trained on as if they were gold.
     */
    record Silver(String tagger, List<List<String>> words, List<List<String>> tags) {
        static final Silver NONE = new Silver(null, List.of(), List.of());
    }

    /**
     * Reads the silver files (one tokenized sentence a line, tokens separated by white space; blank lines skipped)
     * and tags them with the tagger in {@code bundle}, which must use the training's kind of tags.
     */
    static Silver silver(Path bundle, List<Path> files, boolean span) {
        List<List<String>> words = new ArrayList<>();
        for (Path file : files) {
            words.addAll(readTokenizedLines(file));
        }
        if (words.isEmpty()) {
            throw new SeqlabException(files.get(0) + ": no sentences to label as silver data");
        }
        Tagger tagger = Tagger.load(bundle);
        TagScheme expected = span ? TagScheme.IOBES : null;
        if (tagger.lexicon().scheme() != expected) {
            throw new SeqlabException(bundle + ": tags " + kindOfTags(tagger.lexicon().scheme())
                    + ", the training data " + kindOfTags(expected) + ": it cannot label silver sentences for it");
        }
        long started = System.nanoTime();
        List<List<String>> tags = tagger.internalTags(words);
        LOG.info("silver: {} sentences from {} labelled by {} in {} s", words.size(), files.size() == 1
                ? files.get(0).getFileName() : files.size() + " files", bundle.getFileName(),
                String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
        return new Silver(bundle.toString(), words, tags);
    }

    /**
     * Sentences of a text file with one tokenized sentence a line (strict UTF-8, {@link TextInput}: an error names
     * the file and line; blank lines skipped).
     */
    static List<List<String>> readTokenizedLines(Path file) {
        String text;
        try {
            text = TextInput.readUtf8(file);
        } catch (IOException e) {
            throw new SeqlabException(file + ": cannot read: " + e.getMessage());
        }
        List<List<String>> out = new ArrayList<>();
        text.lines().map(String::strip).filter(line -> !line.isEmpty())
                .forEach(line -> out.add(List.of(line.split("\\s+"))));
        return out;
    }

    /** Builds vocabularies and the model (pretrained vectors loaded), as {@link #train()} does, without training. */
    static Prepared prepare(TaggerConfig config, Dataset train, Dataset dev, Path embeddings) {
        return prepare(config, train.sentences(), train.scheme() != null, train.source(), dev.sentences(),
                embeddings == null ? List.of() : List.of(embeddings));
    }

    /**
     * As {@link #train()} prepares: the first vector file fills the first word table, the next ones the further
     * tables in order ({@link TaggerConfig#extraWordTables()}, entries added for files the config does not list).
     */
    static Prepared prepare(TaggerConfig config, List<ConllSentence> train, boolean span, String trainSource,
            List<ConllSentence> dev, List<Path> embeddings) {
        return prepare(config, train, span, trainSource, dev, embeddings, Silver.NONE);
    }

    /** As {@link #prepare(TaggerConfig, List, boolean, String, List, List)}, the silver sentences after the gold. */
    static Prepared prepare(TaggerConfig config, List<ConllSentence> train, boolean span, String trainSource,
            List<ConllSentence> dev, List<Path> embeddings, Silver silver) {
        List<List<String>> trainWords = new ArrayList<>();
        List<List<String>> trainTags = new ArrayList<>();
        Set<String> tagSet = new TreeSet<>();
        for (ConllSentence s : train) {
            List<String> tags = span ? s.tagsAsIobes() : s.tags();
            trainWords.add(s.words());
            trainTags.add(tags);
            tagSet.addAll(tags);
        }
        if (!silver.words().isEmpty()) {
            if (!config.auxiliaryTags().isEmpty()) {
                throw new SeqlabException("silver sentences have no auxiliary columns: train with auxiliaryTags or "
                        + "with silver sentences, not both");
            }
            Set<String> foreign = new TreeSet<>();
            for (List<String> tags : silver.tags()) {
                for (String t : tags) {
                    if (!tagSet.contains(t)) {
                        foreign.add(t);
                    }
                }
            }
            if (!foreign.isEmpty()) {
                throw new SeqlabException(silver.tagger() + ": labels the silver sentences with " + foreign
                        + ", which " + trainSource + " does not hold: the tagger must be trained on the same tags");
            }
            trainWords.addAll(silver.words());
            trainTags.addAll(silver.tags());
        }
        if (trainWords.isEmpty()) {
            throw new SeqlabException(trainSource + ": no sentences to train on");
        }
        List<String> tags = new ArrayList<>();
        if (tagSet.remove("O")) {
            tags.add("O");
        }
        tags.addAll(tagSet);
        Vocabulary.Builder charsB = Vocabulary.builder();
        for (List<String> sentence : trainWords) {
            for (String w : sentence) {
                w.codePoints().forEach(cp -> charsB.add(new String(Character.toChars(cp))));
            }
        }
        Vocabulary chars = charsB.build();
        List<TaggerConfig.WordTable> extraTables = new ArrayList<>(config.extraWordTables());
        for (int k = extraTables.size(); k < embeddings.size() - 1; k++) {
            Path file = embeddings.get(k + 1);
            extraTables.add(new TaggerConfig.WordTable(isCased(file) ? TaggerConfig.CASED : TaggerConfig.LOWERCASE,
                    config.wordDim()));
        }
        TaggerConfig cfg = config;
        WordTableData first = wordTable(config.lowercaseWords(), trainWords, dev,
                embeddings.isEmpty() ? null : embeddings.get(0));
        if (first.matrix != null) {
            cfg = cfg.withWordDim(first.matrix.dim());
        }
        List<WordTableData> extra = new ArrayList<>();
        for (int k = 0; k < extraTables.size(); k++) {
            TaggerConfig.WordTable table = extraTables.get(k);
            WordTableData d = wordTable(table.lowercase(), trainWords, dev,
                    k + 1 < embeddings.size() ? embeddings.get(k + 1) : null);
            extra.add(d);
            if (d.matrix != null) {
                extraTables.set(k, table.withDim(d.matrix.dim()));
            }
        }
        cfg = cfg.withExtraWordTables(extraTables);
        List<Vocabulary> extraVocabs = new ArrayList<>();
        List<Boolean> extraLowercase = new ArrayList<>();
        int[] extraCounts = new int[extra.size()];
        int[] extraUnks = new int[extra.size()];
        for (int k = 0; k < extra.size(); k++) {
            Vocabulary v = extra.get(k).words;
            extraVocabs.add(v);
            extraLowercase.add(extraTables.get(k).lowercase());
            extraCounts[k] = v.size();
            extraUnks[k] = v.unkId();
        }
        Vocabulary words = first.words;
        TaggerLexicon lexicon = new TaggerLexicon(words, extraVocabs, extraLowercase, chars, tags,
                cfg.lowercaseWords(), span ? TagScheme.IOBES : null, cfg.maxWordLength());
        if (cfg.languageModel() != null) {
            cfg = cfg.withLanguageModel(cfg.languageModel().capped(words.size()));
        }
        List<List<int[]>> auxiliaryIds = new ArrayList<>();
        if (!cfg.auxiliaryTags().isEmpty()) {
            cfg = cfg.withAuxiliaryTags(auxiliaryTasks(cfg.auxiliaryTags(), train, trainSource, auxiliaryIds));
        }
        TaggerModel model = new TaggerModel(cfg, words.size(), words.unkId(), extraCounts, extraUnks, chars.size(),
                lexicon.constraints(), DataType.FLOAT, new Rng(cfg.trainer().seed()));
        if (first.matrix != null) {
            loadVectors(model.wordEmbedding().weight().value(), words, first.matrix);
        }
        for (int k = 0; k < extra.size(); k++) {
            if (extra.get(k).matrix != null) {
                loadVectors(model.extraWordEmbedding(k).weight().value(), extra.get(k).words, extra.get(k).matrix);
            }
        }
        return new Prepared(cfg, lexicon, model,
                lexicon.encode(trainWords, trainTags).withAuxiliaryTags(auxiliaryIds));
    }

    /**
     * The auxiliary tag tasks with their label counts, and into {@code ids} per task the label ids of every training
     * sentence (labels numbered in sorted order). The columns are named as the training file's format names them.
     */
    private static List<TaggerConfig.AuxiliaryTagTask> auxiliaryTasks(List<TaggerConfig.AuxiliaryTagTask> tasks,
            List<ConllSentence> train, String trainSource, List<List<int[]>> ids) {
        ConllSentence first = train.get(0);
        List<TaggerConfig.AuxiliaryTagTask> out = new ArrayList<>();
        Set<Integer> used = new HashSet<>();
        for (TaggerConfig.AuxiliaryTagTask task : tasks) {
            int column;
            try {
                column = first.format().column(task.column());
            } catch (SeqlabException e) {
                throw new SeqlabException(trainSource + ": auxiliaryTags: " + e.getMessage());
            }
            String name = first.format().describeColumn(column);
            if (column == first.tagColumn() || column == first.format().wordColumn()) {
                throw new SeqlabException(trainSource + ": auxiliaryTags: " + name + " is the "
                        + (column == first.tagColumn() ? "column being tagged" : "word column")
                        + "; name another column");
            }
            if (!used.add(column)) {
                throw new SeqlabException(trainSource + ": auxiliaryTags: " + name + " is named twice");
            }
            if (column > first.columnCount()) {
                throw new SeqlabException(trainSource + ": auxiliaryTags: " + name + " does not exist: the file has "
                        + first.columnCount() + " columns");
            }
            Set<String> labelSet = new TreeSet<>();
            for (ConllSentence s : train) {
                labelSet.addAll(s.column(column));
            }
            Map<String, Integer> index = new HashMap<>();
            for (String label : labelSet) {
                index.put(label, index.size());
            }
            if (index.size() < 2) {
                throw new SeqlabException(trainSource + ": auxiliaryTags: " + name + " holds " + index.size()
                        + " distinct label" + (index.size() == 1 ? "" : "s") + "; a task needs at least 2");
            }
            List<int[]> perSentence = new ArrayList<>(train.size());
            for (ConllSentence s : train) {
                int[] y = new int[s.size()];
                for (int t = 0; t < y.length; t++) {
                    y[t] = index.get(s.field(t, column));
                }
                perSentence.add(y);
            }
            ids.add(perSentence);
            out.add(task.withLabels(index.size()));
        }
        return out;
    }

    /** A word table's vocabulary and (or null) its vectors from a file. */
    private record WordTableData(Vocabulary words, EmbeddingMatrix matrix) {
    }

    /** The vocabulary of one word table and its vectors, by the rule in the class comment. */
    private static WordTableData wordTable(boolean lowercase, List<List<String>> trainWords, List<ConllSentence> dev,
            Path embeddings) {
        Vocabulary.Builder wordsB = Vocabulary.builder();
        for (List<String> sentence : trainWords) {
            for (String w : sentence) {
                wordsB.add(lowercase ? w.toLowerCase(java.util.Locale.ROOT) : w);
            }
        }
        Vocabulary words = wordsB.build();
        if (embeddings == null) {
            return new WordTableData(words, null);
        }
        // Candidates: train and dev words; dev-only words stay only when the file has a vector for them.
        Set<String> candidates = new LinkedHashSet<>(words.tokens());
        for (ConllSentence s : dev) {
            for (String w : s.words()) {
                candidates.add(lowercase ? w.toLowerCase(java.util.Locale.ROOT) : w);
            }
        }
        Vocabulary.Builder cb = Vocabulary.builder();
        candidates.stream().filter(t -> !Vocabulary.DEFAULT_SPECIALS.contains(t)).forEach(cb::add);
        Vocabulary candidateVocab = cb.build();
        EmbeddingMatrix matrix = EmbeddingLoader.builder().setFile(embeddings).optLowercaseFallback(true).build()
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
        return new WordTableData(fb.build(), matrix);
    }

    /**
     * Whether a vector file is cased: more than {@value #CASED_FILE_SHARE} of its words hold an uppercase letter (a
     * lowercase file may still have a few, such as {@code *UNK*}).
     */
    static boolean isCased(Path file) {
        List<String> words = EmbeddingLoader.builder().setFile(file).build().load().words();
        long upper = words.stream().filter(w -> w.chars().anyMatch(Character::isUpperCase)).count();
        return upper > CASED_FILE_SHARE * words.size();
    }

    private static void loadVectors(INDArray weight, Vocabulary words, EmbeddingMatrix matrix) {
        Vocabulary from = matrix.vocabulary();
        int dim = matrix.dim();
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
        return batches(data, batchSize, null);
    }

    /** As {@link #batches(TaggerLexicon.Encoded, int)}, each batch with its soft targets where a teacher gives them. */
    static org.seqlab.train.BatchSource<TaggerBatch> batches(TaggerLexicon.Encoded data, int batchSize,
            TeacherTargets teacher) {
        Batcher batcher = Batcher.builder().optBatchSize(batchSize).build();
        int[] lengths = data.lengths();
        return rng -> {
            BatchPlan plan = batcher.shuffled(lengths, rng.nextLong());
            List<TaggerBatch> out = new ArrayList<>(plan.size());
            for (int k = 0; k < plan.size(); k++) {
                TaggerBatch b = data.batch(plan, k);
                out.add(teacher == null ? b : b.withTargets(teacher.forBatch(b, plan.batch(k))));
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
        for (Path f : trainFiles) {
            files.add(new TaggerInfo.DataFile("train", f.getFileName().toString(), sha256(f)));
        }
        if (devFile != null) {
            files.add(new TaggerInfo.DataFile("dev", devFile.getFileName().toString(), sha256(devFile)));
        }
        for (Path f : embeddings) {
            files.add(new TaggerInfo.DataFile("embeddings", f.getFileName().toString(), sha256(f)));
        }
        return files;
    }

    /** The SHA-256 of a file's content, lower-case hex. */
    public static String sha256(Path file) {
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

    /**
     * Required: config, at least one training file, format, output; optional: dev (required with early stopping or
     * averaging of the best epochs), tag column, embeddings, resume.
     */
    public static final class Builder {
        private TaggerConfig config = TaggerConfig.defaults();
        private final List<Path> train = new ArrayList<>();
        private Path dev;
        private ConllFormat format;
        private String column;
        private final List<Path> embeddings = new ArrayList<>();
        private Path output;
        private boolean resume;
        private final Map<String, String> provenance = new LinkedHashMap<>();
        private TokenizerSettings tokenizer;
        private Path teacher;
        private double teacherWeight = 0.5;
        private final List<Path> silverFiles = new ArrayList<>();
        private Path silverTagger;

        /** A recipe item for the bundle manifest's provenance (the command line, say). */
        public Builder optProvenance(String key, String value) {
            provenance.put(key, value);
            return this;
        }

        public Builder setConfig(TaggerConfig c) {
            config = c;
            return this;
        }

        /** The one training file (replaces any set before). */
        public Builder setTrain(Path p) {
            train.clear();
            train.add(p);
            return this;
        }

        /** The training files, read in order and concatenated (e.g. train and dev for a final model). */
        public Builder setTrain(List<Path> files) {
            train.clear();
            train.addAll(files);
            return this;
        }

        /** Dev data for early stopping and model selection; null for none. */
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

        /** One pretrained vector file for the word table (replaces any set before); null for none. */
        public Builder optEmbeddings(Path p) {
            embeddings.clear();
            if (p != null) {
                embeddings.add(p);
            }
            return this;
        }

        /** Pretrained vector files: the first for the word table, each next one for a further word table. */
        public Builder optEmbeddings(List<Path> files) {
            embeddings.clear();
            embeddings.addAll(files);
            return this;
        }

        /** Continue from the checkpoint in the output's work directory. */
        public Builder optResume(boolean r) {
            resume = r;
            return this;
        }

        /**
         * Distillation: fit the student to a teacher tagger's distribution over each training sentence's tag paths
         * (an ensemble's mean) as well as to the gold path, {@code (1 − weight)·NLL(gold) + weight·CE(teacher,
         * student)}. The teacher must be trained on the same tag set and scheme; it is recorded in the recipe.
         */
        public Builder optTeacher(Path bundle, double weight) {
            teacher = bundle;
            teacherWeight = weight;
            return this;
        }

        /**
         * Self-training: the sentences of {@code files} (one tokenized sentence a line, tokens separated by white
         * space) tagged by the tagger (or ensemble) in {@code tagger} and added to the training data, after the
         * training files. The tagger must be trained on the same kind of tags; files and tagger are recorded in the
         * recipe.
         */
        public Builder optSilver(List<Path> files, Path tagger) {
            silverFiles.clear();
            silverFiles.addAll(files);
            silverTagger = tagger;
            return this;
        }

        /** How raw text is cut into words for the saved tagger; default {@link TokenizerSettings#forFormat}. */
        public Builder optTokenizer(TokenizerSettings t) {
            tokenizer = t;
            return this;
        }

        public TaggerTrainer build() {
            if (config == null || train.isEmpty() || train.contains(null) || embeddings.contains(null)
                    || format == null || output == null) {
                throw new IllegalArgumentException("a tagger trainer needs a config, training files, a format and an "
                        + "output file");
            }
            if (!silverFiles.isEmpty() && silverTagger == null || silverFiles.contains(null)) {
                throw new IllegalArgumentException("silver sentences need a tagger to label them");
            }
            return new TaggerTrainer(this);
        }
    }
}
