package org.seqlab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.SeqlabException;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.ParameterSet;

class CheckpointAveragerTest {
    @TempDir
    Path dir;

    private static ParameterSet params() {
        ParameterSet set = new ParameterSet();
        set.add(Parameter.zeros("a", DataType.FLOAT, 2, 2));
        set.add(Parameter.zeros("b", DataType.FLOAT, 3));
        return set;
    }

    /** Epoch e's parameters: every value of "a" is e, every value of "b" is 10·e. */
    private static void feed(CheckpointAverager averager, ParameterSet set, int epoch, double metric) {
        set.get("a").value().assign(epoch);
        set.get("b").value().assign(10 * epoch);
        averager.epochEnded(new EpochRecord(epoch, 1.0, metric, 0.1, 1.0), set);
    }

    private List<String> snapshotFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("epoch-")).sorted().toList();
        }
    }

    @Test
    void theBestAndTheLastEpochsAreKeptAndAveraged() throws IOException {
        ParameterSet set = params();
        CheckpointAverager averager = new CheckpointAverager(dir, 2, MetricGoal.MAXIMIZE, false);
        double[] metrics = {1, 5, 2, 4, 3};
        for (int e = 1; e <= metrics.length; e++) {
            feed(averager, set, e, metrics[e - 1]);
        }
        assertThat(averager.epochs(CheckpointAverager.Selection.BEST)).containsExactly(2, 4);
        assertThat(averager.epochs(CheckpointAverager.Selection.LAST)).containsExactly(4, 5);
        assertThat(snapshotFiles()).containsExactly("epoch-0002.sqlt", "epoch-0004.sqlt", "epoch-0005.sqlt");

        assertThat(averager.average(CheckpointAverager.Selection.BEST, set)).containsExactly(2, 4);
        assertThat(set.get("a").value()).isEqualTo(Nd4j.valueArrayOf(new long[] {2, 2}, 3f));
        assertThat(set.get("b").value()).isEqualTo(Nd4j.valueArrayOf(new long[] {3}, 30f));
        averager.average(CheckpointAverager.Selection.LAST, set);
        assertThat(set.get("a").value()).isEqualTo(Nd4j.valueArrayOf(new long[] {2, 2}, 4.5f));
    }

    @Test
    void aResumedRunContinuesTheKeptEpochsAndAFreshRunClearsThem() throws IOException {
        ParameterSet set = params();
        CheckpointAverager first = new CheckpointAverager(dir, 2, MetricGoal.MAXIMIZE, false);
        feed(first, set, 1, 1);
        feed(first, set, 2, 5);
        feed(first, set, 3, 2);
        // An epoch redone after a crash replaces its snapshot instead of counting twice.
        CheckpointAverager resumed = new CheckpointAverager(dir, 2, MetricGoal.MAXIMIZE, true);
        feed(resumed, set, 3, 2);
        feed(resumed, set, 4, 4);
        assertThat(resumed.epochs(CheckpointAverager.Selection.BEST)).containsExactly(2, 4);
        assertThat(resumed.epochs(CheckpointAverager.Selection.LAST)).containsExactly(3, 4);

        CheckpointAverager fresh = new CheckpointAverager(dir, 2, MetricGoal.MAXIMIZE, false);
        assertThat(snapshotFiles()).isEmpty();
        assertThatThrownBy(() -> fresh.average(CheckpointAverager.Selection.LAST, set))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("no epoch to average");
    }

    @Test
    void withoutADevMetricOnlyTheLastEpochsCanBeAveraged() {
        ParameterSet set = params();
        CheckpointAverager averager = new CheckpointAverager(dir, 3, null, false);
        for (int e = 1; e <= 4; e++) {
            feed(averager, set, e, Double.NaN);
        }
        assertThat(averager.average(CheckpointAverager.Selection.LAST, set)).containsExactly(2, 3, 4);
        assertThat(set.get("a").value()).isEqualTo(Nd4j.valueArrayOf(new long[] {2, 2}, 3f));
        assertThatThrownBy(() -> averager.epochs(CheckpointAverager.Selection.BEST))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theTrainerTellsTheListenerAboutEveryEpoch() {
        LogisticModel model = new LogisticModel(DataType.FLOAT);
        CheckpointAverager averager = new CheckpointAverager(dir, 2, MetricGoal.MINIMIZE, false);
        Trainer.<int[], LogisticModel>builder().setModel(model).setBatches(LogisticModel.batches(model))
                .optEvaluator(LogisticModel.devLossEvaluator())
                .optConfig(TrainerConfig.builder().optMaxEpochs(3).build()).optEpochListener(averager).build().train();
        assertThat(averager.epochs(CheckpointAverager.Selection.LAST)).containsExactly(2, 3);
        // Adam on a convex loss: the dev loss falls every epoch, so the best two are the last two.
        assertThat(averager.epochs(CheckpointAverager.Selection.BEST)).containsExactly(2, 3);
    }
}
