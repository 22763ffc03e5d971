package org.seqlab.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.SeqlabException;
import org.seqlab.bundle.AtomicFiles;
import org.seqlab.bundle.TensorFile;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.ParameterSet;

/**
 * Checkpoint averaging: keeps the parameters of the {@code k} epochs with the best dev metric and of the {@code k}
 * last epochs as files in a directory ({@code epoch-NNNN.sqlt}, {@link Checkpoint#saveParameters} format, with an
 * index {@value #INDEX}), and writes their element-wise mean into a model. Register it with
 * {@link Trainer.Builder#optEpochListener}; it is told about each epoch before the trainer's checkpoint is written, so
 * a resumed run ({@code resume = true}) finds every epoch its checkpoint covers (an epoch redone after a crash
 * replaces its file). At most 2k parameter files are on disk at a time; the parameters are read back only to average.
 */
public final class CheckpointAverager implements Trainer.EpochListener {
    /** The index file: the epochs kept, with their metric. */
    public static final String INDEX = "averaging.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which epochs to average. */
    public enum Selection {
        /** The k epochs with the best dev metric (ties: the earlier). */
        BEST,
        /** The k last epochs run. */
        LAST
    }

    private record Entry(int epoch, double metric) {
    }

    private final Path dir;
    private final int k;
    private final MetricGoal goal;
    private final List<Entry> entries = new ArrayList<>();

    /**
     * @param dir    where the parameter files go (created; a fresh run empties it of earlier snapshots)
     * @param k      how many epochs each selection keeps
     * @param goal   how the metric ranks (null without a dev metric: then only {@link Selection#LAST} is possible)
     * @param resume keep and continue the snapshots already in {@code dir}
     */
    public CheckpointAverager(Path dir, int k, MetricGoal goal, boolean resume) {
        if (k < 1) {
            throw new IllegalArgumentException("checkpoint averaging needs k ≥ 1, got " + k);
        }
        this.dir = dir;
        this.k = k;
        this.goal = goal;
        try {
            Files.createDirectories(dir);
            Path index = dir.resolve(INDEX);
            if (resume && Files.exists(index)) {
                JsonNode root = JSON.readTree(Files.readString(index, StandardCharsets.UTF_8));
                for (JsonNode e : root.path("epochs")) {
                    JsonNode m = e.path("metric");
                    entries.add(new Entry(e.path("epoch").asInt(), m.isNumber() ? m.asDouble() : Double.NaN));
                }
            } else {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        if (isSnapshot(f) || f.getFileName().toString().equals(INDEX)) {
                            Files.delete(f);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new SeqlabException(dir + ": cannot prepare the checkpoint averaging directory: " + e.getMessage(),
                    e);
        }
    }

    private static boolean isSnapshot(Path f) {
        String n = f.getFileName().toString();
        return n.startsWith("epoch-") && n.endsWith(".sqlt");
    }

    private Path file(int epoch) {
        return dir.resolve(String.format(Locale.ROOT, "epoch-%04d.sqlt", epoch));
    }

    @Override
    public void epochEnded(EpochRecord record, ParameterSet parameters) {
        Checkpoint.saveParameters(file(record.epoch()), parameters);
        entries.removeIf(e -> e.epoch() == record.epoch());
        entries.add(new Entry(record.epoch(), record.devMetric()));
        entries.sort(Comparator.comparingInt(Entry::epoch));
        Set<Integer> keep = new TreeSet<>(epochs(Selection.LAST));
        if (goal != null) {
            keep.addAll(epochs(Selection.BEST));
        }
        List<Entry> dropped = new ArrayList<>();
        for (Entry e : entries) {
            if (!keep.contains(e.epoch())) {
                dropped.add(e);
            }
        }
        entries.removeAll(dropped);
        writeIndex();
        try {
            for (Entry e : dropped) {
                Files.deleteIfExists(file(e.epoch()));
            }
        } catch (IOException e) {
            throw new SeqlabException(dir + ": cannot remove an old snapshot: " + e.getMessage(), e);
        }
    }

    private void writeIndex() {
        ObjectNode root = JSON.createObjectNode();
        root.put("k", k);
        ArrayNode list = root.putArray("epochs");
        for (Entry e : entries) {
            ObjectNode n = list.addObject();
            n.put("epoch", e.epoch());
            if (Double.isFinite(e.metric())) {
                n.put("metric", e.metric());
            }
        }
        try {
            AtomicFiles.writeBytes(dir.resolve(INDEX), JSON.writeValueAsBytes(root));
        } catch (IOException e) {
            throw new SeqlabException(dir.resolve(INDEX) + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** The (1-based) epochs a selection averages now, ascending; fewer than k when fewer epochs qualify. */
    public List<Integer> epochs(Selection selection) {
        List<Entry> chosen;
        if (selection == Selection.LAST) {
            chosen = entries.subList(Math.max(0, entries.size() - k), entries.size());
        } else {
            if (goal == null) {
                throw new IllegalStateException("averaging the best epochs needs a dev metric");
            }
            List<Entry> ranked = new ArrayList<>();
            for (Entry e : entries) {
                if (!Double.isNaN(e.metric())) {
                    ranked.add(e);
                }
            }
            // Stable sort: among equal metrics the earlier epoch ranks first.
            ranked.sort((a, b) -> goal.isBetter(a.metric(), b.metric()) ? -1
                    : goal.isBetter(b.metric(), a.metric()) ? 1 : 0);
            chosen = ranked.subList(0, Math.min(k, ranked.size()));
        }
        List<Integer> out = new ArrayList<>();
        for (Entry e : chosen) {
            out.add(e.epoch());
        }
        out.sort(Integer::compare);
        return out;
    }

    /**
     * Writes the element-wise mean of the selected epochs' parameters into {@code into} (summed in double precision)
     * and returns those epochs; refuses when no epoch qualifies.
     */
    public List<Integer> average(Selection selection, ParameterSet into) {
        List<Integer> epochs = epochs(selection);
        if (epochs.isEmpty()) {
            throw new SeqlabException(dir + ": no epoch to average (" + selection.name().toLowerCase(Locale.ROOT)
                    + ")");
        }
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (int epoch : epochs) {
            Path f = file(epoch);
            TensorFile.Contents c = TensorFile.read(f);
            Checkpoint.checkCompatible(f, c.tensors(), "", into);
            for (Parameter p : into) {
                double[] v = c.tensor(p.name()).castTo(DataType.DOUBLE).data().asDouble();
                double[] sum = sums.computeIfAbsent(p.name(), n -> new double[v.length]);
                for (int i = 0; i < v.length; i++) {
                    sum[i] += v[i];
                }
            }
        }
        for (Parameter p : into) {
            double[] sum = sums.get(p.name());
            for (int i = 0; i < sum.length; i++) {
                sum[i] /= epochs.size();
            }
            INDArray mean = Nd4j.createFromArray(sum).reshape(p.shape()).castTo(p.dataType());
            p.value().assign(mean);
        }
        return epochs;
    }
}
