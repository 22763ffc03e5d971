package org.seqlab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.SeqlabException;
import org.seqlab.nn.Parameter;

class TrainerTest {
    private static final int BATCHES_PER_EPOCH = 12;

    @TempDir
    Path dir;

    /** Adam with warm-up into reduce-on-plateau, clipping: every piece of state a resume must restore. */
    private static TrainerConfig config(int epochs, int checkpointEvery) {
        return TrainerConfig.builder().optMaxEpochs(epochs).optSeed(11).optClipNorm(0.5)
                .optCheckpointEverySteps(checkpointEvery).optRestoreBest(true)
                .optOptimizer(OptimizerConfig.adamW(0.01))
                .optSchedule(ScheduleConfig.plateau(0.05, 0.5, 0, 1e-4).withWarmup(20)).build();
    }

    private Trainer<int[], LogisticModel> trainer(LogisticModel model, TrainerConfig config, Path ckptDir) {
        Trainer.Builder<int[], LogisticModel> b = Trainer.<int[], LogisticModel>builder().setModel(model)
                .setBatches(LogisticModel.batches(model)).optConfig(config)
                .optEvaluator(LogisticModel.devLossEvaluator());
        if (ckptDir != null) {
            b.optCheckpointDir(ckptDir);
        }
        return b.build();
    }

    private static void assertSameBits(LogisticModel a, LogisticModel b) {
        for (Parameter p : a.parameters()) {
            INDArray other = b.parameters().get(p.name()).value();
            // float32 -> float64 widening is exact, so equal doubles mean equal bits
            assertThat(other.data().asDouble()).as(p.name()).isEqualTo(p.value().data().asDouble());
        }
    }

    @Test
    void seededRunsAreReproducibleBitForBit() {
        LogisticModel a = new LogisticModel(DataType.FLOAT);
        LogisticModel b = new LogisticModel(DataType.FLOAT);
        Trainer.Result ra = trainer(a, config(3, 0), null).train();
        Trainer.Result rb = trainer(b, config(3, 0), null).train();
        assertSameBits(a, b);
        assertThat(rb.history().stream().map(EpochRecord::trainLoss).toList())
                .isEqualTo(ra.history().stream().map(EpochRecord::trainLoss).toList());
        // training does learn: dev loss falls below chance (log 2)
        assertThat(ra.bestMetric()).isLessThan(0.5);
    }

    @Test
    void resumeAfterACrashBetweenEpochsEndsBitForBitLikeTheUninterruptedRun() {
        LogisticModel reference = new LogisticModel(DataType.FLOAT);
        Trainer.Result expected = trainer(reference, config(6, 0), dir.resolve("ref")).train();

        LogisticModel crashing = new LogisticModel(DataType.FLOAT);
        crashing.crashAtCall = 3 * BATCHES_PER_EPOCH + 5;
        Path ckpt = dir.resolve("run");
        assertThatThrownBy(() -> trainer(crashing, config(6, 0), ckpt).train()).hasMessage("simulated crash");

        // a fresh process: other initial values, which the checkpoint must overwrite
        LogisticModel resumed = new LogisticModel(DataType.FLOAT, LogisticModel.FEATURES, 99);
        Trainer<int[], LogisticModel> t = trainer(resumed, config(6, 0), ckpt);
        Trainer.Result got = t.resume(t.checkpointFile());
        assertSameBits(reference, resumed);
        assertThat(got.history().stream().map(EpochRecord::trainLoss).toList())
                .isEqualTo(expected.history().stream().map(EpochRecord::trainLoss).toList());
        assertThat(got.history().stream().map(EpochRecord::devMetric).toList())
                .isEqualTo(expected.history().stream().map(EpochRecord::devMetric).toList());
        assertThat(got.bestEpoch()).isEqualTo(expected.bestEpoch());
        assertThat(resumed.calls).isEqualTo(3 * BATCHES_PER_EPOCH);
    }

    @Test
    void resumeAfterACrashInsideAnEpochEndsBitForBitLikeTheUninterruptedRun() {
        LogisticModel reference = new LogisticModel(DataType.FLOAT);
        trainer(reference, config(4, 0), null).train();

        LogisticModel crashing = new LogisticModel(DataType.FLOAT);
        // checkpoints every 5 steps: the last one before the crash is step 30, batch 6 of epoch 3
        crashing.crashAtCall = 2 * BATCHES_PER_EPOCH + 9;
        Path ckpt = dir.resolve("run");
        assertThatThrownBy(() -> trainer(crashing, config(4, 5), ckpt).train()).hasMessage("simulated crash");

        LogisticModel resumed = new LogisticModel(DataType.FLOAT, LogisticModel.FEATURES, 99);
        Trainer<int[], LogisticModel> t = trainer(resumed, config(4, 5), ckpt);
        t.resume(t.checkpointFile());
        assertThat(resumed.calls).isEqualTo(4 * BATCHES_PER_EPOCH - 30);
        assertSameBits(reference, resumed);
    }

    @Test
    void resumingAFinishedRunTrainsNoMore() {
        LogisticModel model = new LogisticModel(DataType.DOUBLE);
        Path ckpt = dir.resolve("run");
        Trainer.Result first = trainer(model, config(2, 0), ckpt).train();
        LogisticModel again = new LogisticModel(DataType.DOUBLE, LogisticModel.FEATURES, 5);
        Trainer<int[], LogisticModel> t = trainer(again, config(2, 0), ckpt);
        Trainer.Result second = t.resume(t.checkpointFile());
        assertThat(again.calls).isZero();
        assertThat(second.history()).isEqualTo(first.history());
        assertSameBits(model, again);
    }

    @Test
    void aFinishedRunResumedWithMoreEpochsTrainsOnLikeALongerRun() {
        LogisticModel longer = new LogisticModel(DataType.FLOAT);
        trainer(longer, config(4, 0), null).train();
        LogisticModel shorter = new LogisticModel(DataType.FLOAT);
        Path ckpt = dir.resolve("run");
        Trainer<int[], LogisticModel> first = trainer(shorter, config(2, 0), ckpt);
        first.train();
        LogisticModel extended = new LogisticModel(DataType.FLOAT, LogisticModel.FEATURES, 4);
        Trainer.Result r = trainer(extended, config(4, 0), ckpt).resume(first.checkpointFile());
        assertThat(r.history()).hasSize(4);
        assertThat(extended.calls).isEqualTo(2 * BATCHES_PER_EPOCH);
        assertSameBits(longer, extended);
    }

    @Test
    void earlyStoppingEndsWithTheBestEpochsParameters() {
        LogisticModel model = new LogisticModel(DataType.DOUBLE);
        double[] scripted = {0.5, 0.7, 0.6, 0.65, 0.69, 0.9};
        List<double[]> snapshots = new ArrayList<>();
        Evaluator<LogisticModel> eval = new Evaluator<>() {
            @Override
            public String metricName() {
                return "accuracy";
            }

            @Override
            public MetricGoal goal() {
                return MetricGoal.MAXIMIZE;
            }

            @Override
            public double evaluate(LogisticModel m) {
                snapshots.add(m.parameters().get("w").value().data().asDouble());
                return scripted[snapshots.size() - 1];
            }
        };
        Path ckpt = dir.resolve("run");
        TrainerConfig cfg = TrainerConfig.builder().optMaxEpochs(6).optPatience(3).optSeed(2)
                .optOptimizer(OptimizerConfig.sgd(0.9, true)).optSchedule(ScheduleConfig.constant(0.1)).build();
        Trainer.Result r = Trainer.<int[], LogisticModel>builder().setModel(model).setBatches(LogisticModel.batches(model))
                .optConfig(cfg).optEvaluator(eval).optCheckpointDir(ckpt).build().train();
        // best 0.7 at epoch 2, then three epochs without improvement
        assertThat(r.history()).hasSize(5);
        assertThat(r.stoppedEarly()).isTrue();
        assertThat(r.bestEpoch()).isEqualTo(2);
        assertThat(r.bestMetric()).isEqualTo(0.7);
        assertThat(model.parameters().get("w").value().data().asDouble()).isEqualTo(snapshots.get(1));

        LogisticModel loaded = new LogisticModel(DataType.DOUBLE, LogisticModel.FEATURES, 8);
        Checkpoint.loadParameters(ckpt.resolve(Trainer.BEST_PARAMETERS_FILE), loaded.parameters());
        assertThat(loaded.parameters().get("w").value().data().asDouble()).isEqualTo(snapshots.get(1));
    }

    @Test
    void nanLossStopsTrainingNamingEpochBatchAndStep() {
        LogisticModel model = new LogisticModel(DataType.FLOAT);
        model.nanLossAtCall = BATCHES_PER_EPOCH + 3;
        assertThatThrownBy(() -> trainer(model, config(3, 0), null).train())
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("loss is NaN at epoch 2, batch 3 of 12 (step 15)")
                .satisfies(e -> assertThat(((TrainingDivergedException) e).epoch()).isEqualTo(2));
    }

    @Test
    void nanGradientStopsTrainingEvenWhenTheLossIsFinite() {
        LogisticModel model = new LogisticModel(DataType.DOUBLE);
        model.nanGradAtCall = 4;
        Path ckpt = dir.resolve("run");
        assertThatThrownBy(() -> trainer(model, config(3, 0), ckpt).train())
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("gradient norm is NaN at epoch 1, batch 4 of 12 (step 4)");
        assertThat(ckpt.resolve(Trainer.CHECKPOINT_FILE)).doesNotExist();
    }

    @Test
    void nonFiniteValuesInTheForwardPassAfterAnUpdateAreDivergenceAndKeepTheLastCheckpoint() throws Exception {
        LogisticModel model = new LogisticModel(DataType.DOUBLE);
        model.nonFiniteInputAtCall = BATCHES_PER_EPOCH + 2;
        Path ckpt = dir.resolve("diverged");
        assertThatThrownBy(() -> trainer(model, config(3, 0), ckpt).train())
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessage("training diverged: the parameters became non-finite after the update of step 13 "
                        + "(LSTM layer: the input contains NaN) at epoch 2, batch 2 of 12 (step 14); lower the "
                        + "learning rate or clip gradients (the last checkpoint is intact)");
        // the checkpoint of epoch 1 is still there and loads
        Checkpoint.loadParameters(ckpt.resolve(Trainer.CHECKPOINT_FILE), new LogisticModel(DataType.DOUBLE)
                .parameters());
        // before any update the values come from the data or the initialisation: the layer's own error
        LogisticModel fresh = new LogisticModel(DataType.DOUBLE);
        fresh.nonFiniteInputAtCall = 1;
        assertThatThrownBy(() -> trainer(fresh, config(1, 0), null).train())
                .isInstanceOf(org.seqlab.nn.NonFiniteValuesException.class)
                .hasMessage("LSTM layer: the input contains NaN");
    }

    @Test
    void aRunDeletesTheTemporaryFilesThatAKilledRunLeftInItsWorkDirectoryOnly() throws Exception {
        Path ckpt = java.nio.file.Files.createDirectories(dir.resolve("killed"));
        Path stale = java.nio.file.Files.writeString(ckpt.resolve(".checkpoint.sqlt.1x9zq3k.tmp"), "half");
        Path staleBest = java.nio.file.Files.writeString(ckpt.resolve(".best.sqlt.abc.tmp"), "half");
        Path notOurs = java.nio.file.Files.writeString(ckpt.resolve("notes.tmp"), "mine");
        Path otherPattern = java.nio.file.Files.writeString(ckpt.resolve(".checkpoint.sqlt.NOPE.tmp"), "mine");
        Path elsewhere = java.nio.file.Files.writeString(dir.resolve(".checkpoint.sqlt.1x9zq3k.tmp"), "half");
        trainer(new LogisticModel(DataType.FLOAT), config(1, 0), ckpt).train();
        assertThat(stale).doesNotExist();
        assertThat(staleBest).doesNotExist();
        assertThat(notOurs).exists();
        assertThat(otherPattern).exists();
        assertThat(elsewhere).exists();
        java.nio.file.Files.writeString(stale, "half");
        Trainer<int[], LogisticModel> resumed = trainer(new LogisticModel(DataType.FLOAT), config(2, 0), ckpt);
        resumed.resume(resumed.checkpointFile());
        assertThat(stale).doesNotExist();
    }

    @Test
    void aCheckpointOfAnotherModelIsRefusedNamingTheFirstMismatch() {
        LogisticModel model = new LogisticModel(DataType.FLOAT);
        Path ckpt = dir.resolve("run");
        Trainer<int[], LogisticModel> t = trainer(model, config(1, 0), ckpt);
        t.train();
        LogisticModel wider = new LogisticModel(DataType.FLOAT, 6, 3);
        assertThatThrownBy(() -> trainer(wider, config(2, 0), ckpt).resume(t.checkpointFile()))
                .isInstanceOf(SeqlabException.class)
                .hasMessageContaining(t.checkpointFile().toString())
                .hasMessageContaining("parameter 'w' has shape [5] in the file but [6] in the model");
        LogisticModel doubles = new LogisticModel(DataType.DOUBLE);
        assertThatThrownBy(() -> trainer(doubles, config(2, 0), ckpt).resume(t.checkpointFile()))
                .hasMessageContaining("parameter 'w' is FLOAT in the file but DOUBLE in the model");
        LogisticModel extra = new LogisticModel(DataType.FLOAT);
        extra.parameters().add(Parameter.zeros("scale", DataType.FLOAT, 1));
        assertThatThrownBy(() -> Checkpoint.loadParameters(t.checkpointFile(), extra.parameters()))
                .hasMessageContaining("the model's parameter 'scale' [1] is missing from the file");
    }

    @Test
    void learningCurveIsWrittenAsCsvAndPngEachEpoch() throws IOException {
        LogisticModel model = new LogisticModel(DataType.DOUBLE);
        Path csv = dir.resolve("curve.csv");
        Path png = dir.resolve("curve.png");
        Trainer.Result r = Trainer.<int[], LogisticModel>builder().setModel(model).setBatches(LogisticModel.batches(model))
                .optConfig(config(5, 0)).optEvaluator(LogisticModel.devLossEvaluator()).optLearningCurveCsv(csv)
                .optLearningCurvePng(png, 640, 400).build().train();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).isEqualTo("epoch,train_loss,dev_metric,lr,seconds");
        String[] third = lines.get(3).split(",");
        assertThat(Integer.parseInt(third[0])).isEqualTo(3);
        assertThat(Double.parseDouble(third[1])).isEqualTo(r.history().get(2).trainLoss());
        assertThat(Double.parseDouble(third[2])).isEqualTo(r.history().get(2).devMetric());
        assertThat(Double.parseDouble(third[3])).isEqualTo(r.history().get(2).learningRate());
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(400);
        if (System.getenv("SEQLAB_KEEP_PLOT") != null) {
            Files.copy(png, Path.of(System.getenv("SEQLAB_KEEP_PLOT")), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void progressBarReportsEpochLossAndSpeedOnStandardError() {
        LogisticModel model = new LogisticModel(DataType.FLOAT);
        TrainerConfig cfg = TrainerConfig.builder().optMaxEpochs(2).optProgressBar(true).build();
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Trainer.<int[], LogisticModel>builder().setModel(model).setBatches(LogisticModel.batches(model)).optConfig(cfg)
                    .build().train();
        } finally {
            System.setErr(original);
        }
        String out = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(out).contains("epoch 1").contains("epoch 2").contains("12/12").contains("loss ").contains("items/s");
    }

    @Test
    void withoutAnEvaluatorTheLastParametersAreKeptAndNaNMetricsSurviveACheckpoint() {
        LogisticModel model = new LogisticModel(DataType.DOUBLE);
        Path ckpt = dir.resolve("run");
        Trainer.Result r = Trainer.<int[], LogisticModel>builder().setModel(model).setBatches(LogisticModel.batches(model))
                .optConfig(config(2, 0)).optCheckpointDir(ckpt).build().train();
        assertThat(r.bestEpoch()).isZero();
        assertThat(r.history()).extracting(EpochRecord::devMetric).containsExactly(Double.NaN, Double.NaN);
        assertThat(ckpt.resolve(Trainer.BEST_PARAMETERS_FILE)).doesNotExist();
        LogisticModel again = new LogisticModel(DataType.DOUBLE, LogisticModel.FEATURES, 6);
        Trainer<int[], LogisticModel> t = Trainer.<int[], LogisticModel>builder().setModel(again)
                .setBatches(LogisticModel.batches(again)).optConfig(config(2, 0)).optCheckpointDir(ckpt).build();
        assertThat(t.resume(t.checkpointFile()).history()).isEqualTo(r.history());
        assertSameBits(model, again);
    }

    @Test
    void aSpentTimeBudgetEndsTheRunAfterTheBatchWithThePartialEpochValidatedAndRecorded() {
        LogisticModel model = new LogisticModel(DataType.DOUBLE);
        Path ckpt = dir.resolve("budget");
        Trainer<int[], LogisticModel> t = Trainer.<int[], LogisticModel>builder().setModel(model)
                .setBatches(LogisticModel.batches(model)).optConfig(config(5, 0))
                .optEvaluator(LogisticModel.devLossEvaluator()).optCheckpointDir(ckpt).optTimeBudget(1e-9).build();
        Trainer.Result r = t.train();
        // one batch runs before the (tiny) budget is checked; its epoch is validated and recorded, then the run ends
        assertThat(model.calls).isEqualTo(1);
        assertThat(r.history()).hasSize(1);
        assertThat(r.history().get(0).devMetric()).isFinite();
        assertThat(r.stoppedEarly()).isTrue();
        // a resumed run that already spent its budget trains no more
        assertThat(t.resume(t.checkpointFile()).history()).hasSize(1);
        assertThat(model.calls).isEqualTo(1);
        // without a budget the same setup runs all 5 epochs of 12 batches
        LogisticModel unlimited = new LogisticModel(DataType.DOUBLE);
        trainer(unlimited, config(5, 0), null).train();
        assertThat(unlimited.calls).isEqualTo(5 * BATCHES_PER_EPOCH);
    }

    @Test
    void configReadFromJsonFillsDefaults() throws IOException {
        TrainerConfig c = Checkpoint.JSON.readValue(
                "{\"maxEpochs\": 3, \"optimizer\": {\"kind\": \"sgd\", \"momentum\": 0.9},"
                        + " \"schedule\": {\"kind\": \"inverse\", \"learningRate\": 0.015}}",
                TrainerConfig.class);
        assertThat(c.maxEpochs()).isEqualTo(3);
        assertThat(c.clipNorm()).isEqualTo(5.0);
        assertThat(c.restoreBest()).isTrue();
        assertThat(c.optimizer().kind()).isEqualTo(OptimizerConfig.Kind.SGD);
        assertThat(c.optimizer().momentum()).isEqualTo(0.9);
        assertThat(c.schedule().decay()).isEqualTo(0.05);
        assertThat(c.schedule().create(MetricGoal.MAXIMIZE).rate(2, 0)).isEqualTo(0.015 / 1.1);
        assertThat(Checkpoint.JSON.readValue(Checkpoint.toJson(c), TrainerConfig.class)).isEqualTo(c);
    }

    @Test
    void aCosineScheduleAnnealsOverTheEpochsOfTheRun() throws IOException {
        TrainerConfig c = Checkpoint.JSON.readValue("{\"maxEpochs\": 4, \"schedule\": {\"kind\": \"cosine\","
                + " \"learningRate\": 0.05, \"hold\": 0.5, \"minLr\": 0.005}}", TrainerConfig.class);
        assertThat(c.schedule()).isEqualTo(ScheduleConfig.cosine(0.05, 0.5, 0.005));
        LogisticModel model = new LogisticModel(DataType.DOUBLE);
        Trainer.Result r = trainer(model, c, null).train();
        // an epoch's recorded rate is its last batch's: batch 11 of 12 of epoch e is at (e + 11/12) / 4 of the run
        double[] rates = r.history().stream().mapToDouble(EpochRecord::learningRate).toArray();
        double[] expected = new double[4];
        for (int e = 0; e < 4; e++) {
            double p = (e + 11.0 / BATCHES_PER_EPOCH) / 4;
            expected[e] = p <= 0.5 ? 0.05 : 0.005 + 0.045 * 0.5 * (1 + Math.cos(Math.PI * (p - 0.5) / 0.5));
        }
        assertThat(rates).containsExactly(expected, within(1e-12));
        assertThat(rates[3]).isLessThan(rates[2]).isLessThan(rates[1]).isLessThan(0.05);
    }
}
