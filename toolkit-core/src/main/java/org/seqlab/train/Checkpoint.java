package org.seqlab.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.SeqlabException;
import org.seqlab.bundle.TensorFile;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.ParameterSet;
import org.seqlab.random.Rng;

/**
 * Training checkpoints and parameter files, both {@link TensorFile}s written atomically.
 *
 * <p>A checkpoint holds: metadata {@code format = seqlab-checkpoint}, {@code trainer} (JSON of {@link Progress}: epochs
 * done, position within the current epoch, step count, best metric and epoch, epochs without improvement, partial
 * epoch sums, history), {@code config} (JSON of the {@link TrainerConfig}, for the record) and, when the trainer was
 * given one, {@code run-config} (the JSON of the whole run's settings, which a resumed run is checked against); tensors
 * {@code param/<name>} (all parameters), {@code best/<name>} (the best epoch's parameters, when there is one),
 * {@code optim/<key>} (the {@link Optimizer#state()}), {@code schedule/state}, and the {@link Rng} states
 * {@code rng/shuffle}, {@code rng/shuffle_epoch_start} and {@code rng/model}.
 *
 * <p>A parameter file holds {@code format = seqlab-parameters} and one tensor per parameter, under its own name.
 */
public final class Checkpoint {
    static final String FORMAT_KEY = "format";
    static final String CHECKPOINT_FORMAT = "seqlab-checkpoint";
    static final String PARAMETERS_FORMAT = "seqlab-parameters";
    /** Metadata key of the run's own settings (see {@link Trainer.Builder#optRunConfig}). */
    static final String RUN_CONFIG_KEY = "run-config";
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Checkpoint() {
    }

    /**
     * Where training stands. {@code epochsDone} full epochs are finished; when {@code batchesDone > 0} the checkpoint
     * was taken inside the next epoch after that many batches, with {@code lossSum}, {@code items} and
     * {@code seconds} its partial sums. {@code stoppedEarly}: early stopping ended the run.
     */
    public record Progress(int epochsDone, int batchesDone, long steps, double bestMetric, int bestEpoch, int badEpochs,
            boolean stoppedEarly, double lossSum, long items, double seconds, double lastRate, List<EpochRecord> history) {
    }

    /** The parts of a checkpoint that are not parameters (those are loaded into the model directly). */
    record Loaded(Progress progress, Map<String, INDArray> best, Map<String, INDArray> optimizer, double[] schedule,
            long[] shuffleRng, long[] shuffleAtEpochStart, long[] modelRng) {
    }

    static void write(Path path, ParameterSet params, Map<String, INDArray> best, Optimizer optimizer,
            LearningRateSchedule schedule, Rng shuffle, long[] shuffleAtEpochStart, Rng model, Progress progress,
            TrainerConfig config, String runConfig) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT_KEY, CHECKPOINT_FORMAT);
        meta.put("trainer", toJson(progress));
        meta.put("config", toJson(config));
        if (runConfig != null) {
            meta.put(RUN_CONFIG_KEY, runConfig);
        }
        Map<String, INDArray> t = new LinkedHashMap<>();
        for (Parameter p : params) {
            t.put("param/" + p.name(), p.value());
        }
        if (best != null) {
            best.forEach((name, value) -> t.put("best/" + name, value));
        }
        optimizer.state().forEach((key, value) -> t.put("optim/" + key, value));
        double[] s = schedule.state();
        t.put("schedule/state", Nd4j.create(s, new long[] {s.length}, DataType.DOUBLE));
        t.put("rng/shuffle", longs(shuffle.state()));
        t.put("rng/shuffle_epoch_start", longs(shuffleAtEpochStart));
        t.put("rng/model", longs(model.state()));
        try {
            TensorFile.write(path, meta, t);
        } catch (IOException e) {
            throw new SeqlabException(path + ": cannot write checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a checkpoint, hands its run settings ({@code run-config}, null if it has none) to {@code checkRunConfig}
     * before anything else is checked or loaded (a run started with other settings is best told so, not that a shape
     * differs), checks it against {@code params} and loads the parameter values into them.
     */
    static Loaded read(Path path, ParameterSet params, Consumer<String> checkRunConfig) {
        TensorFile.Contents c = TensorFile.read(path);
        if (!CHECKPOINT_FORMAT.equals(c.metadata().get(FORMAT_KEY))) {
            throw new SeqlabException(path + ": not a training checkpoint (format '" + c.metadata().get(FORMAT_KEY) + "')");
        }
        checkRunConfig.accept(c.metadata().get(RUN_CONFIG_KEY));
        Progress progress;
        try {
            progress = JSON.readValue(c.metadata().get("trainer"), Progress.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new SeqlabException(path + ": unreadable trainer state: " + e.getMessage(), e);
        }
        checkCompatible(path, c.tensors(), "param/", params);
        Map<String, INDArray> best = section(c.tensors(), "best/");
        if (!best.isEmpty()) {
            checkCompatible(path, c.tensors(), "best/", params);
        }
        for (Parameter p : params) {
            p.value().assign(c.tensor("param/" + p.name()));
        }
        return new Loaded(progress, best.isEmpty() ? null : best, section(c.tensors(), "optim/"),
                required(path, c, "schedule/state").data().asDouble(), required(path, c, "rng/shuffle").data().asLong(),
                required(path, c, "rng/shuffle_epoch_start").data().asLong(), required(path, c, "rng/model").data().asLong());
    }

    /** Saves parameter values alone (for example the best model), atomically. */
    public static void saveParameters(Path path, ParameterSet params) {
        Map<String, INDArray> t = new LinkedHashMap<>();
        for (Parameter p : params) {
            t.put(p.name(), p.value());
        }
        try {
            TensorFile.write(path, Map.of(FORMAT_KEY, PARAMETERS_FORMAT), t);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot write parameters", e);
        }
    }

    /**
     * Loads parameter values saved by {@link #saveParameters} or the current parameters of a checkpoint into
     * {@code params}; refuses, naming the first mismatch, a file whose names, shapes or data types disagree.
     */
    public static void loadParameters(Path path, ParameterSet params) {
        TensorFile.Contents c = TensorFile.read(path);
        String format = c.metadata().get(FORMAT_KEY);
        String prefix;
        if (PARAMETERS_FORMAT.equals(format)) {
            prefix = "";
        } else if (CHECKPOINT_FORMAT.equals(format)) {
            prefix = "param/";
        } else {
            throw new SeqlabException(path + ": holds neither parameters nor a checkpoint (format '" + format + "')");
        }
        checkCompatible(path, c.tensors(), prefix, params);
        for (Parameter p : params) {
            p.value().assign(c.tensor(prefix + p.name()));
        }
    }

    /** The first disagreement between the stored parameters under {@code prefix} and the model's, as an exception. */
    static void checkCompatible(Path path, Map<String, INDArray> stored, String prefix, ParameterSet params) {
        for (Parameter p : params) {
            INDArray t = stored.get(prefix + p.name());
            if (t == null) {
                throw new SeqlabException(path + ": the model's parameter '" + p.name() + "' "
                        + Arrays.toString(p.shape()) + " is missing from the file");
            }
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new SeqlabException(path + ": parameter '" + p.name() + "' has shape " + Arrays.toString(t.shape())
                        + " in the file but " + Arrays.toString(p.shape()) + " in the model");
            }
            if (t.dataType() != p.dataType()) {
                throw new SeqlabException(path + ": parameter '" + p.name() + "' is " + t.dataType() + " in the file but "
                        + p.dataType() + " in the model");
            }
        }
        for (String name : stored.keySet()) {
            if (name.startsWith(prefix) && !params.contains(name.substring(prefix.length()))) {
                throw new SeqlabException(path + ": the file has parameter '" + name.substring(prefix.length())
                        + "', which the model lacks");
            }
        }
    }

    private static Map<String, INDArray> section(Map<String, INDArray> tensors, String prefix) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> {
            if (name.startsWith(prefix)) {
                out.put(name.substring(prefix.length()), t);
            }
        });
        return out;
    }

    private static INDArray required(Path path, TensorFile.Contents c, String name) {
        INDArray t = c.tensors().get(name);
        if (t == null) {
            throw new SeqlabException(path + ": checkpoint lacks " + name);
        }
        return t;
    }

    private static INDArray longs(long[] v) {
        return Nd4j.create(v, new long[] {v.length}, DataType.INT64);
    }

    static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
