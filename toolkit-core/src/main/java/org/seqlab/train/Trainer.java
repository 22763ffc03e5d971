package org.seqlab.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.SeqlabException;
import org.seqlab.nn.NonFiniteValuesException;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.ParameterSet;
import org.seqlab.random.Rng;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The training loop shared by all models: epochs of shuffled batches, gradient clipping, an optimizer step per batch
 * with the scheduled learning rate, a dev evaluation per epoch, early stopping, the best parameters kept, a learning
 * curve, and a checkpoint per epoch (optionally also every n steps) from which {@link #resume(Path)} continues exactly.
 *
 * <p><b>Reproducibility.</b> Two generators, both seeded from {@link TrainerConfig#seed()}, drive everything random:
 * one orders the batches ({@link BatchSource#epoch}), one is handed to {@link TrainableModel#forwardBackward} (dropout).
 * Their states are in every checkpoint, together with the optimizer's and the schedule's state, so an uninterrupted run
 * and a run stopped anywhere and resumed from its last checkpoint end with the same parameters, bit for bit (on the
 * same machine and build). A checkpoint taken inside an epoch stores the batch generator's state at the start of that
 * epoch; resuming rebuilds the epoch's batch order from it and skips the batches already done.
 *
 * <p><b>Divergence.</b> A NaN or infinite loss or gradient norm, or a forward pass after an update that finds
 * non-finite values ({@link NonFiniteValuesException}), stops training with a {@link TrainingDivergedException}
 * naming the epoch, batch and step; the last checkpoint stays as it was.
 */
public final class Trainer<B, M extends TrainableModel<B>> {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    /** File names inside the checkpoint directory. */
    public static final String CHECKPOINT_FILE = "checkpoint.sqlt";
    public static final String BEST_PARAMETERS_FILE = "best-parameters.sqlt";

    private final M model;
    private final BatchSource<B> batches;
    private final TrainerConfig config;
    private final Evaluator<? super M> evaluator;
    private final Path checkpointDir;
    private final Path curveCsv;
    private final Path curvePng;
    private final int plotWidth;
    private final int plotHeight;
    private final EpochListener epochListener;
    private final double timeBudgetSeconds;
    private final String runConfig;
    private final RunConfigCheck runConfigCheck;

    /**
     * Told about each finished epoch, after its dev evaluation and before its checkpoint is written (so whatever the
     * listener saves is never older than the checkpoint a resumed run starts from), with the current parameters; it
     * must not change them.
     */
    public interface EpochListener {
        void epochEnded(EpochRecord record, ParameterSet parameters);
    }

    /** Decides whether a run may be resumed from a checkpoint, given the run settings stored in it. */
    public interface RunConfigCheck {
        /**
         * @param stored     the JSON stored with {@link Builder#optRunConfig}, or null for a checkpoint without one
         * @param checkpoint the checkpoint file, for messages
         * @throws SeqlabException to refuse the resume
         */
        void check(String stored, Path checkpoint);
    }

    private Trainer(Builder<B, M> b) {
        this.model = b.model;
        this.batches = b.batches;
        this.config = b.config;
        this.evaluator = b.evaluator;
        this.checkpointDir = b.checkpointDir;
        this.curveCsv = b.curveCsv;
        this.curvePng = b.curvePng;
        this.plotWidth = b.plotWidth;
        this.plotHeight = b.plotHeight;
        this.epochListener = b.epochListener;
        this.timeBudgetSeconds = b.timeBudgetSeconds;
        this.runConfig = b.runConfig;
        this.runConfigCheck = b.runConfigCheck;
    }

    public static <B, M extends TrainableModel<B>> Builder<B, M> builder() {
        return new Builder<>();
    }

    /** How a run ended. {@code bestEpoch} is 1-based, 0 without an evaluator. */
    public record Result(List<EpochRecord> history, int bestEpoch, double bestMetric, boolean stoppedEarly) {
    }

    /** The path of the checkpoint this trainer writes (in the checkpoint directory), or null without one. */
    public Path checkpointFile() {
        return checkpointDir == null ? null : checkpointDir.resolve(CHECKPOINT_FILE);
    }

    /** Trains from the model's current parameters. */
    public Result train() {
        Run run = new Run();
        run.shuffle = new Rng(config.seed());
        run.modelRng = new Rng(config.seed() ^ 0x5DEECE66DL);
        run.shuffleAtEpochStart = run.shuffle.state();
        run.progress = new Checkpoint.Progress(0, 0, 0, Double.NaN, 0, 0, false, 0, 0, 0, Double.NaN, List.of());
        return loop(run);
    }

    /**
     * Continues the run saved in {@code checkpoint} (parameters, optimizer, schedule, random states, best model,
     * history) to the configured number of epochs; a finished run resumed with a larger {@code maxEpochs} trains on,
     * one stopped early stays stopped. Refuses a checkpoint whose parameters disagree with the model's, or that the
     * {@link Builder#optRunConfig run config check} refuses.
     */
    public Result resume(Path checkpoint) {
        ParameterSet params = model.parameters();
        Checkpoint.Loaded loaded = Checkpoint.read(checkpoint, params, stored -> {
            if (runConfigCheck != null) {
                runConfigCheck.check(stored, checkpoint);
            }
        });
        Run run = new Run();
        try {
            run.optimizer.restoreState(loaded.optimizer());
            run.schedule.restoreState(loaded.schedule());
            run.shuffle = Rng.fromState(loaded.shuffleRng());
            run.shuffleAtEpochStart = loaded.shuffleAtEpochStart();
            run.modelRng = Rng.fromState(loaded.modelRng());
        } catch (IllegalArgumentException e) {
            throw new SeqlabException(checkpoint + ": checkpoint does not fit this training setup: " + e.getMessage(), e);
        }
        if (loaded.best() != null) {
            run.best = new LinkedHashMap<>();
            loaded.best().forEach((name, value) -> run.best.put(name, value.dup()));
        }
        run.progress = loaded.progress();
        LOG.info("resuming from {}: {} epochs done{}", checkpoint, run.progress.epochsDone(),
                run.progress.batchesDone() > 0 ? ", " + run.progress.batchesDone() + " batches into the next" : "");
        return loop(run);
    }

    /**
     * How far the run has come before batch {@code batch} of epoch {@code epoch}: the larger of the time budget spent
     * and the epochs done over {@code maxEpochs} (the schedules that anneal to the end of the run read it).
     */
    double runFraction(int epoch, int batch, int batchesInEpoch, double secondsSpent) {
        double byEpochs = (epoch + (double) batch / Math.max(1, batchesInEpoch)) / config.maxEpochs();
        double byTime = timeBudgetSeconds > 0 ? secondsSpent / timeBudgetSeconds : 0;
        return Math.min(1, Math.max(byEpochs, byTime));
    }

    /** Mutable state of one run. */
    private final class Run {
        final Optimizer optimizer = config.optimizer().create(model.parameters());
        final LearningRateSchedule schedule = config.schedule()
                .create(evaluator == null ? MetricGoal.MINIMIZE : evaluator.goal());
        Rng shuffle;
        long[] shuffleAtEpochStart;
        Rng modelRng;
        Checkpoint.Progress progress;
        Map<String, INDArray> best;
    }

    private Result loop(Run run) {
        deleteStaleTemporaries();
        ParameterSet params = model.parameters();
        List<Parameter> trainable = run.optimizer.parameters();
        Checkpoint.Progress p = run.progress;
        List<EpochRecord> history = new ArrayList<>(p.history());
        long steps = p.steps();
        double bestMetric = p.bestMetric();
        int bestEpoch = p.bestEpoch();
        int badEpochs = p.badEpochs();
        boolean stopped = p.stoppedEarly();
        double lastRate = p.lastRate();
        int firstBatch = p.batchesDone();
        double lossSum = p.lossSum();
        long items = p.items();
        double carriedSeconds = p.seconds();
        // seconds of the epochs already recorded (validation included) count against the time budget
        double recordedSeconds = 0;
        for (EpochRecord e : history) {
            recordedSeconds += e.seconds();
        }
        boolean budgetSpent = false;

        for (int epoch = p.epochsDone(); epoch < config.maxEpochs() && !stopped; epoch++) {
            long started = System.nanoTime();
            if (firstBatch > 0) {
                run.shuffle = Rng.fromState(run.shuffleAtEpochStart);
            } else {
                run.shuffleAtEpochStart = run.shuffle.state();
                lossSum = 0;
                items = 0;
                carriedSeconds = 0;
            }
            List<B> epochBatches = batches.epoch(run.shuffle);
            if (firstBatch > epochBatches.size()) {
                throw new SeqlabException("checkpoint was taken after batch " + firstBatch + " of epoch " + (epoch + 1)
                        + ", but the batch source now yields only " + epochBatches.size() + " batches");
            }
            try (ProgressBar bar = progressBar(epoch, epochBatches.size(), firstBatch)) {
                for (int i = firstBatch; i < epochBatches.size(); i++) {
                    params.zeroGrads();
                    TrainableModel.BatchLoss loss;
                    try {
                        loss = model.forwardBackward(epochBatches.get(i), run.modelRng);
                    } catch (NonFiniteValuesException e) {
                        if (steps == 0) {
                            throw e; // no update yet: the data or the initial parameters, not divergence
                        }
                        // a finite update can still leave parameters so large that the next forward overflows
                        throw new TrainingDivergedException("the parameters became non-finite after the update of "
                                + "step " + steps + " (" + e.getMessage() + ")", epoch + 1, i + 1,
                                epochBatches.size(), steps + 1);
                    }
                    if (!Double.isFinite(loss.loss())) {
                        throw new TrainingDivergedException("loss is " + loss.loss(), epoch + 1, i + 1,
                                epochBatches.size(), steps + 1);
                    }
                    double norm = config.clipNorm() > 0 ? GradientClipping.clipByGlobalNorm(trainable, config.clipNorm())
                            : GradientClipping.globalNorm(trainable);
                    if (!Double.isFinite(norm)) {
                        throw new TrainingDivergedException("gradient norm is " + norm, epoch + 1, i + 1,
                                epochBatches.size(), steps + 1);
                    }
                    if (config.clipValue() > 0) {
                        GradientClipping.clipByValue(trainable, config.clipValue());
                    }
                    lastRate = run.schedule.rate(epoch, steps, runFraction(epoch, i, epochBatches.size(),
                            recordedSeconds + carriedSeconds + (System.nanoTime() - started) * 1e-9));
                    run.optimizer.step(lastRate);
                    steps++;
                    lossSum += loss.loss();
                    items += loss.items();
                    if (bar != null) {
                        bar.step();
                        double secs = carriedSeconds + (System.nanoTime() - started) * 1e-9;
                        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f  %.0f items/s", lossSum / items,
                                items / Math.max(secs, 1e-9)));
                    }
                    boolean lastOfEpoch = i + 1 == epochBatches.size();
                    if (timeBudgetSeconds > 0 && recordedSeconds + carriedSeconds
                            + (System.nanoTime() - started) * 1e-9 >= timeBudgetSeconds) {
                        budgetSpent = true;
                        break;
                    }
                    if (!lastOfEpoch && config.checkpointEverySteps() > 0 && steps % config.checkpointEverySteps() == 0
                            && checkpointDir != null) {
                        double secs = carriedSeconds + (System.nanoTime() - started) * 1e-9;
                        writeCheckpoint(run, new Checkpoint.Progress(epoch, i + 1, steps, bestMetric, bestEpoch, badEpochs,
                                false, lossSum, items, secs, lastRate, history));
                    }
                }
            }
            firstBatch = 0;

            double metric = Double.NaN;
            if (evaluator != null) {
                metric = evaluator.evaluate(model);
                if (evaluator.goal().isBetter(metric, bestMetric)) {
                    bestMetric = metric;
                    bestEpoch = epoch + 1;
                    badEpochs = 0;
                    run.best = snapshot(params);
                    if (checkpointDir != null) {
                        Checkpoint.saveParameters(checkpointDir.resolve(BEST_PARAMETERS_FILE), params);
                    }
                } else {
                    badEpochs++;
                }
            }
            run.schedule.observe(epoch, metric);
            double seconds = carriedSeconds + (System.nanoTime() - started) * 1e-9;
            double trainLoss = items == 0 ? Double.NaN : lossSum / items;
            EpochRecord record = new EpochRecord(epoch + 1, trainLoss, metric, lastRate, seconds);
            history.add(record);
            if (epochListener != null) {
                epochListener.epochEnded(record, params);
            }
            recordedSeconds += seconds;
            LOG.info(String.format(Locale.ROOT, "epoch %d/%d: train loss %.5f%s, lr %.3g, %.1f s", epoch + 1,
                    config.maxEpochs(), trainLoss, evaluator == null ? ""
                            : String.format(Locale.ROOT, ", %s %.5f (best %.5f at epoch %d)", evaluator.metricName(),
                                    metric, bestMetric, bestEpoch),
                    lastRate, seconds));
            writeCurves(history);
            stopped = config.patience() > 0 && badEpochs >= config.patience();
            if (stopped) {
                LOG.info("early stop: no dev improvement for {} epochs; best epoch {}", badEpochs, bestEpoch);
            } else if (budgetSpent) {
                stopped = true;
                LOG.info(String.format(Locale.ROOT, "time budget of %.1f s spent (epoch %d partial); best epoch %d",
                        timeBudgetSeconds, epoch + 1, bestEpoch));
            }
            lossSum = 0;
            items = 0;
            if (checkpointDir != null) {
                writeCheckpoint(run, new Checkpoint.Progress(epoch + 1, 0, steps, bestMetric, bestEpoch, badEpochs,
                        stopped, 0, 0, 0, lastRate, history));
            }
        }

        if (config.restoreBest() && run.best != null) {
            for (Parameter param : params) {
                param.value().assign(run.best.get(param.name()));
            }
        }
        return new Result(List.copyOf(history), bestEpoch, bestMetric, stopped);
    }

    /** A killed run's half-written checkpoints would otherwise stay in the work directory for good. */
    private void deleteStaleTemporaries() {
        if (checkpointDir == null) {
            return;
        }
        try {
            int n = org.seqlab.bundle.AtomicFiles.deleteStaleTemporaries(checkpointDir);
            if (n > 0) {
                LOG.info("deleted {} temporary file(s) left in {} by an interrupted run", n, checkpointDir);
            }
        } catch (IOException e) {
            LOG.warn("cannot clear temporary files from {}: {}", checkpointDir, e.getMessage());
        }
    }

    private void writeCheckpoint(Run run, Checkpoint.Progress progress) {
        Checkpoint.write(checkpointFile(), model.parameters(), run.best, run.optimizer, run.schedule, run.shuffle,
                run.shuffleAtEpochStart, run.modelRng, progress, config, runConfig);
    }

    private static Map<String, INDArray> snapshot(ParameterSet params) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Parameter p : params) {
            out.put(p.name(), p.value().dup());
        }
        return out;
    }

    private void writeCurves(List<EpochRecord> history) {
        try {
            if (curveCsv != null) {
                LearningCurve.writeCsv(curveCsv, history);
            }
            if (curvePng != null) {
                LearningCurve.writePng(curvePng, history, evaluator == null ? "" : evaluator.metricName(), plotWidth,
                        plotHeight);
            }
        } catch (IOException e) {
            throw new SeqlabException("cannot write the learning curve: " + e.getMessage(), e);
        }
    }

    private ProgressBar progressBar(int epoch, int batchCount, int done) {
        if (!config.progressBar()) {
            return null;
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName("epoch " + (epoch + 1)).setInitialMax(batchCount)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" batches", 1)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(500).build();
        bar.stepTo(done);
        return bar;
    }

    public static final class Builder<B, M extends TrainableModel<B>> {
        private M model;
        private BatchSource<B> batches;
        private TrainerConfig config = TrainerConfig.defaults();
        private Evaluator<? super M> evaluator;
        private Path checkpointDir;
        private Path curveCsv;
        private Path curvePng;
        private int plotWidth = 800;
        private int plotHeight = 500;
        private EpochListener epochListener;
        private double timeBudgetSeconds;
        private String runConfig;
        private RunConfigCheck runConfigCheck;

        private Builder() {
        }

        /**
         * The settings of the whole run as JSON (the model's and the data's too, which this trainer does not see),
         * stored in every checkpoint; {@link #resume} hands the stored JSON to {@code onResume} first, so that a run is
         * not continued with settings other than those it was started with.
         */
        public Builder<B, M> optRunConfig(String json, RunConfigCheck onResume) {
            this.runConfig = json;
            this.runConfigCheck = onResume;
            return this;
        }

        /** Called after each epoch (e.g. a {@link CheckpointAverager}). */
        public Builder<B, M> optEpochListener(EpochListener listener) {
            this.epochListener = listener;
            return this;
        }

        public Builder<B, M> setModel(M model) {
            this.model = model;
            return this;
        }

        public Builder<B, M> setBatches(BatchSource<B> batches) {
            this.batches = batches;
            return this;
        }

        public Builder<B, M> optConfig(TrainerConfig config) {
            this.config = config;
            return this;
        }

        /** Dev evaluation after each epoch; without one there is no early stopping and no best model. */
        public Builder<B, M> optEvaluator(Evaluator<? super M> evaluator) {
            this.evaluator = evaluator;
            return this;
        }

        /** Where {@value #CHECKPOINT_FILE} and {@value #BEST_PARAMETERS_FILE} go; without it nothing is saved. */
        public Builder<B, M> optCheckpointDir(Path dir) {
            this.checkpointDir = dir;
            return this;
        }

        public Builder<B, M> optLearningCurveCsv(Path csv) {
            this.curveCsv = csv;
            return this;
        }

        public Builder<B, M> optLearningCurvePng(Path png, int width, int height) {
            this.curvePng = png;
            this.plotWidth = width;
            this.plotHeight = height;
            return this;
        }

        /**
         * Stop once the epochs have taken this many seconds in all (validation included, resumed runs counting the
         * recorded epochs): the budget is checked after each batch, the partial epoch is validated and recorded, and
         * the run ends as if stopped early. 0 (the default) is no budget.
         */
        public Builder<B, M> optTimeBudget(double seconds) {
            if (!(seconds >= 0)) {
                throw new IllegalArgumentException("time budget must be >= 0 seconds: " + seconds);
            }
            this.timeBudgetSeconds = seconds;
            return this;
        }

        public Trainer<B, M> build() {
            if (model == null || batches == null) {
                throw new IllegalStateException("a trainer needs a model and a batch source");
            }
            return new Trainer<>(this);
        }
    }
}
