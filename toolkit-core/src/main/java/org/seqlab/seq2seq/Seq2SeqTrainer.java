package org.seqlab.seq2seq;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.SeqlabException;
import org.seqlab.batch.BatchConfig;
import org.seqlab.batch.BatchPlan;
import org.seqlab.batch.Batcher;
import org.seqlab.batch.LongSequences;
import org.seqlab.batch.Piece;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.ParameterSet;
import org.seqlab.random.Rng;
import org.seqlab.seq2seq.bleu.Bleu;
import org.seqlab.train.BatchSource;
import org.seqlab.train.CheckpointAverager;
import org.seqlab.train.Evaluator;
import org.seqlab.train.MetricGoal;
import org.seqlab.train.Trainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link Translator} from a parallel corpus: learns BPE (joint or per side) and the vocabularies, encodes
 * the corpus, and runs the {@link Trainer} on a {@link TranslationTask} with length-bucketed batches, early stopping
 * on validation BLEU (greedy decoding, sacreBLEU's corpus BLEU on the detokenised output), checkpoints and the
 * learning curve in the work directory. Pairs with a blank side (no words in the source, the target or both) are no
 * translation examples and are left out before anything is learned (counted in {@link Result#blankPairs}); pairs
 * whose source has more BPE pieces than {@code maxSourceLength} are left out of training (counted in
 * {@link Result#skippedPairs}).
 *
 * <p>Every checkpoint holds the whole config as JSON; {@link #resume} refuses a config that differs from it in
 * anything but {@code training.maxEpochs} (and {@code training.progressBar}, which only changes the display).
 *
 * <pre>{@code
 * Seq2SeqTrainer.Result r = Seq2SeqTrainer.builder().setConfig(config).setTrainingData(train)
 *         .optValidationData(valid).optWorkDir(dir).build().train();
 * r.translator().save(Path.of("model.zip"), Map.of("val_bleu", r.history().bestMetric()));
 * }</pre>
 */
public final class Seq2SeqTrainer {
    public static final String METRIC = "val_bleu";
    private static final Logger LOG = LoggerFactory.getLogger(Seq2SeqTrainer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Config fields that may change when a run is resumed: a larger maxEpochs extends a finished run, which is a
     * legitimate continuation (the time budget is not part of the config, so it may change too); progressBar only
     * changes the display. Everything else (model, seed, dropout, batch size, optimizer, schedule...) shapes the
     * run, and changing it would break "resume continues exactly".
     */
    private static final Set<String> MAY_CHANGE_ON_RESUME = Set.of("training.maxEpochs", "training.progressBar");

    private final TranslationTrainingConfig config;
    private final ParallelCorpus training;
    private final ParallelCorpus validation;
    private final Path workDir;
    private final DataType dataType;
    private final double timeBudgetSeconds;

    private Seq2SeqTrainer(Builder b) {
        this.config = b.config;
        this.training = b.training;
        this.validation = b.validation;
        this.workDir = b.workDir;
        this.dataType = b.dataType;
        this.timeBudgetSeconds = b.timeBudgetSeconds;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The trained translator (best validation epoch's parameters when restoreBest, or the checkpoint mean that scored
     * higher), the training history, and with averaging the validation BLEU of each candidate ({@code val_bleu_single},
     * {@code val_bleu_average_best}, {@code val_bleu_average_last}) and which was kept ({@link #kept}).
     * {@code blankPairs}: pairs left out for a blank side; {@code skippedPairs}: pairs left out for a source longer
     * than {@code maxSourceLength}.
     */
    public record Result(Translator translator, Trainer.Result history, int blankPairs, int skippedPairs,
            Map<String, Double> averagingMetrics, String kept) {
        public Result(Translator translator, Trainer.Result history, int blankPairs, int skippedPairs) {
            this(translator, history, blankPairs, skippedPairs, Map.of(), "single");
        }

        /** Validation BLEU of the translator returned (the best epoch's, or the kept mean's). */
        public double validationBleu() {
            Double v = averagingMetrics.get(METRIC + "_" + kept);
            return v != null ? v : history.bestMetric();
        }
    }

    public Result train() {
        return run(false);
    }

    /** Continues an interrupted run from the checkpoint in the work directory, exactly. */
    public Result resume() {
        if (workDir == null || !Files.exists(workDir.resolve(Trainer.CHECKPOINT_FILE))) {
            throw new SeqlabException("nothing to resume: no " + Trainer.CHECKPOINT_FILE + " in "
                    + (workDir == null ? "(no work directory)" : workDir));
        }
        return run(true);
    }

    private Result run(boolean resume) {
        TranslatorConfig mc = config.model();
        if (training.size() == 0) {
            throw new SeqlabException(training.sourceName() + ": no training pairs");
        }
        ParallelCorpus usable = withoutBlankPairs(training);
        int blank = training.size() - usable.size();
        if (usable.size() == 0) {
            throw new SeqlabException(usable.sourceName() + ": no training pairs: each of the " + blank
                    + " lines is blank in " + usable.sourceName() + " or " + usable.targetName());
        }
        if (blank > 0) {
            LOG.info("left out {} of {} pairs with a blank side", blank, training.size());
        }
        SubwordCodec source;
        SubwordCodec target;
        if (mc.jointVocabulary()) {
            source = SubwordCodec.learn(List.of(usable.sources(), usable.targets()), mc.bpeMerges(),
                    mc.wordSplit());
            target = source;
        } else if (mc.sharedBpeCodes()) {
            SubwordCodec both = SubwordCodec.learn(List.of(usable.sources(), usable.targets()), mc.bpeMerges(),
                    mc.wordSplit());
            source = both.withVocabularyOf(List.of(usable.sources()));
            target = both.withVocabularyOf(List.of(usable.targets()));
        } else {
            source = SubwordCodec.learn(List.of(usable.sources()), mc.bpeMerges(), mc.wordSplit());
            target = SubwordCodec.learn(List.of(usable.targets()), mc.bpeMerges(), mc.wordSplit());
        }
        List<Seq2SeqModel.Pair> pairs = new ArrayList<>();
        int skipped = 0;
        for (int k = 0; k < usable.size(); k++) {
            int[] s = source.encode(usable.sources().get(k));
            if (s.length > mc.maxSourceLength()) {
                skipped++;
                continue;
            }
            pairs.add(new Seq2SeqModel.Pair(s, target.encode(usable.targets().get(k))));
        }
        if (pairs.isEmpty()) {
            throw new SeqlabException(usable.sourceName() + ": no training pair fits maxSourceLength "
                    + mc.maxSourceLength() + " (" + skipped + " longer sources)");
        }
        Seq2SeqModel model = new Seq2SeqModel(mc, source.vocabulary().size(), target.vocabulary().size(), dataType,
                new Rng(config.training().seed()));
        Translator translator = new Translator(model, source, target, Translator.LongLines.SPLIT);
        TranslationTask task = new TranslationTask(model);
        Batcher batcher = Batcher.builder().optBatchSize(config.batchSize())
                .optLongSequences(LongSequences.REFUSE).build();
        int[] lengths = new int[pairs.size()];
        for (int k = 0; k < lengths.length; k++) {
            lengths[k] = pairs.get(k).source().length + 1;
        }
        BatchSource<List<Seq2SeqModel.Pair>> batches = rng -> {
            BatchPlan plan = batcher.shuffled(lengths, rng.nextLong());
            List<List<Seq2SeqModel.Pair>> epoch = new ArrayList<>(plan.size());
            for (int b = 0; b < plan.size(); b++) {
                List<Seq2SeqModel.Pair> batch = new ArrayList<>();
                for (Piece p : plan.batch(b)) {
                    batch.add(pairs.get(p.item()));
                }
                epoch.add(batch);
            }
            return epoch;
        };
        Trainer.Builder<List<Seq2SeqModel.Pair>, TranslationTask> tb = Trainer
                .<List<Seq2SeqModel.Pair>, TranslationTask>builder().setModel(task).setBatches(batches)
                .optConfig(config.training()).optTimeBudget(timeBudgetSeconds)
                .optRunConfig(configJson(), this::checkSameConfig);
        if (validation != null) {
            tb.optEvaluator(new BleuEvaluator(translator.withLongLines(Translator.LongLines.SPLIT), validation));
        }
        if (workDir != null) {
            try {
                Files.createDirectories(workDir);
            } catch (java.io.IOException e) {
                throw new SeqlabException("cannot create " + workDir + ": " + e.getMessage());
            }
            tb.optCheckpointDir(workDir).optLearningCurveCsv(workDir.resolve("learning-curve.csv"))
                    .optLearningCurvePng(workDir.resolve("learning-curve.png"), 800, 500);
        }
        int averageK = config.averageCheckpoints();
        if (averageK > 0 && (validation == null || workDir == null)) {
            throw new SeqlabException("averageCheckpoints needs validation data and a work directory");
        }
        CheckpointAverager averager = averageK == 0 ? null
                : new CheckpointAverager(workDir.resolve("averaging"), averageK, MetricGoal.MAXIMIZE, resume);
        tb.optEpochListener(averager);
        Trainer<List<Seq2SeqModel.Pair>, TranslationTask> trainer = tb.build();
        Trainer.Result history = resume ? trainer.resume(trainer.checkpointFile()) : trainer.train();
        if (averager == null) {
            return new Result(translator, history, blank, skipped);
        }
        return keepBestOfAverages(translator, task.parameters(), history, blank, skipped, averager);
    }

    /** The pairs with words on both sides (a line of whitespace alone is blank). */
    private static ParallelCorpus withoutBlankPairs(ParallelCorpus corpus) {
        List<String> sources = new ArrayList<>(corpus.size());
        List<String> targets = new ArrayList<>(corpus.size());
        for (int k = 0; k < corpus.size(); k++) {
            if (!corpus.sources().get(k).isBlank() && !corpus.targets().get(k).isBlank()) {
                sources.add(corpus.sources().get(k));
                targets.add(corpus.targets().get(k));
            }
        }
        return sources.size() == corpus.size() ? corpus
                : new ParallelCorpus(sources, targets, corpus.sourceName(), corpus.targetName());
    }

    /** The config as stored in checkpoints. */
    private String configJson() {
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the translation training config as JSON", e);
        }
    }

    /** Refuses to resume a run whose checkpoint was written under another config (see MAY_CHANGE_ON_RESUME). */
    private void checkSameConfig(String stored, Path checkpoint) {
        if (stored == null) {
            // checkpoints written before the config was stored in them: nothing to compare with
            LOG.warn("{} does not record the config its run was started with; resuming without checking it",
                    checkpoint);
            return;
        }
        List<String> differences = new ArrayList<>();
        try {
            differences(JSON.readTree(stored), JSON.readTree(configJson()), "", differences);
        } catch (JsonProcessingException e) {
            throw new SeqlabException(checkpoint + ": unreadable stored config: " + e.getOriginalMessage(), e);
        }
        if (!differences.isEmpty()) {
            throw new SeqlabException(checkpoint + ": the config differs from the one this run was started with in "
                    + String.join(", ", differences) + "; --resume continues a run exactly, so only"
                    + " training.maxEpochs and the time budget may change (train without --resume to start afresh)");
        }
    }

    /** Appends {@code path (then, now)} for each field whose value differs, depth first in the current config's order. */
    private static void differences(JsonNode then, JsonNode now, String path, List<String> out) {
        if (MAY_CHANGE_ON_RESUME.contains(path)) {
            return;
        }
        if (then != null && now != null && then.isObject() && now.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            now.fieldNames().forEachRemaining(names::add);
            then.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                differences(then.get(name), now.get(name), path.isEmpty() ? name : path + "." + name, out);
            }
        } else if (then == null || now == null || !then.equals(now)) {
            out.add(path + " (" + (then == null ? "absent" : then.toString()) + " then, "
                    + (now == null ? "absent" : now.toString()) + " now)");
        }
    }

    /**
     * Scores the trainer's model and the means of the best and of the last k epochs on the validation set (greedy
     * BLEU) and leaves the model holding whichever scores highest (ties: the single model, then the best-k mean).
     */
    private Result keepBestOfAverages(Translator translator, ParameterSet parameters, Trainer.Result history,
            int blank, int skipped, CheckpointAverager averager) {
        BleuEvaluator bleu = new BleuEvaluator(translator.withLongLines(Translator.LongLines.SPLIT), validation);
        Map<String, INDArray> single = new LinkedHashMap<>();
        for (Parameter p : parameters) {
            single.put(p.name(), p.value().dup());
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(METRIC + "_single", bleu.evaluate(null));
        String kept = "single";
        Map<String, INDArray> keptValues = single;
        for (CheckpointAverager.Selection sel : CheckpointAverager.Selection.values()) {
            String key = "average_" + sel.name().toLowerCase(Locale.ROOT);
            List<Integer> epochs = averager.average(sel, parameters);
            double score = bleu.evaluate(null);
            metrics.put(METRIC + "_" + key, score);
            metrics.put(key + "_epochs", (double) epochs.size());
            if (score > metrics.get(METRIC + "_" + kept)) {
                kept = key;
                keptValues = new LinkedHashMap<>();
                for (Parameter p : parameters) {
                    keptValues.put(p.name(), p.value().dup());
                }
            }
        }
        for (Parameter p : parameters) {
            p.value().assign(keptValues.get(p.name()));
        }
        return new Result(translator, history, blank, skipped, metrics, kept);
    }

    /** Greedy-decoded corpus BLEU of a validation set (sacreBLEU defaults, detokenised output vs raw references). */
    static final class BleuEvaluator implements Evaluator<TranslationTask> {
        private final Translator translator;
        private final ParallelCorpus data;

        BleuEvaluator(Translator translator, ParallelCorpus data) {
            this.translator = translator;
            this.data = data;
        }

        @Override
        public String metricName() {
            return METRIC;
        }

        @Override
        public MetricGoal goal() {
            return MetricGoal.MAXIMIZE;
        }

        @Override
        public double evaluate(TranslationTask model) {
            return Bleu.corpusScore(translator.translate(data.sources()), data.targets()).score();
        }
    }

    public static final class Builder {
        private TranslationTrainingConfig config = TranslationTrainingConfig.defaults();
        private ParallelCorpus training;
        private ParallelCorpus validation;
        private Path workDir;
        private DataType dataType = DataType.FLOAT;
        private double timeBudgetSeconds;

        public Builder setConfig(TranslationTrainingConfig config) {
            this.config = config;
            return this;
        }

        public Builder setTrainingData(ParallelCorpus training) {
            this.training = training;
            return this;
        }

        /** Validation pairs: BLEU after each epoch decides early stopping and the best parameters. */
        public Builder optValidationData(ParallelCorpus validation) {
            this.validation = validation;
            return this;
        }

        /** Checkpoints, best parameters and the learning curve (CSV, PNG) go here. */
        public Builder optWorkDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /** float32 (default) or float64. */
        public Builder optDataType(DataType dataType) {
            this.dataType = dataType;
            return this;
        }

        /**
         * Wall-clock budget for the epochs (validation included; 0, the default, is none): training stops after the
         * batch that spends it, and the partial epoch is validated and recorded.
         */
        public Builder optTimeBudget(double seconds) {
            this.timeBudgetSeconds = seconds;
            return this;
        }

        public Seq2SeqTrainer build() {
            if (training == null) {
                throw new IllegalArgumentException("Seq2SeqTrainer: training data is required");
            }
            return new Seq2SeqTrainer(this);
        }
    }

    /** Metrics to store in the bundle: the kept model's validation BLEU and, with averaging, each candidate's. */
    public static Map<String, Double> metrics(Result r) {
        if (Double.isNaN(r.history().bestMetric())) {
            return Map.of();
        }
        Map<String, Double> m = new LinkedHashMap<>(r.averagingMetrics());
        m.put(METRIC, r.validationBleu());
        m.put("best_epoch", (double) r.history().bestEpoch());
        return m;
    }
}
