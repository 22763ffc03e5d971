package org.seqlab.lm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import org.seqlab.bundle.AtomicFiles;
import java.util.function.Consumer;

import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.SeqlabException;
import org.seqlab.train.EpochRecord;
import org.seqlab.train.Evaluator;
import org.seqlab.train.MetricGoal;
import org.seqlab.train.Trainer;
import org.seqlab.train.TrainerConfig;

/**
 * Trains a {@link LanguageModel} on a text with truncated BPTT through the shared {@link Trainer}: gradient-norm
 * clipping, the configured optimizer and schedule, validation bits per character after every epoch, early stopping,
 * the best parameters kept, an atomic checkpoint per epoch, a learning curve (CSV and PNG) and exact resume.
 *
 * <h2>The output directory</h2>
 * {@code config.json} and the tokens ({@code alphabet.json}, or {@code bpe-codes.txt} and {@code bpe-pieces.txt}; written first, read back on resume), {@code checkpoint.sqlt},
 * {@code best-parameters.sqlt}, {@code learning-curve.csv}/{@code .png}, and at the end {@code model.zip} (the best
 * model as a {@link org.seqlab.bundle.ModelBundle}, loadable with {@link LanguageModel#load}). A fresh run that fails
 * before its first epoch ends removes the files it wrote (and the folders it created), keeping whatever was there.
 *
 * <p>A time limit is checked between epochs: training stops after the first epoch that ends past it (the checkpoint
 * then lets a later run continue).
 */
public final class LmTrainer {
    public static final String MODEL_FILE = "model.zip";
    public static final String CONFIG_FILE = "config.json";
    public static final String ALPHABET_FILE = CharAlphabet.TEXT_NAME;
    public static final String CURVE_CSV = "learning-curve.csv";
    public static final String CURVE_PNG = "learning-curve.png";

    /** Every file a run writes into its output directory. */
    private static final List<String> RUN_FILES = List.of(CONFIG_FILE, CharAlphabet.TEXT_NAME, BpeTokens.CODES_NAME,
            BpeTokens.VOCABULARY_NAME, Trainer.CHECKPOINT_FILE, Trainer.BEST_PARAMETERS_FILE, CURVE_CSV, CURVE_PNG,
            MODEL_FILE);

    private final Builder b;

    private LmTrainer(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * One finished epoch: mean training loss in nats per token (per character for a character model), validation bits
     * per character (for a BPE model, the validation text's bits over its characters).
     */
    public record EpochReport(int epoch, double trainCrossEntropy, double validBitsPerChar, double seconds) {
        /** Validation cross-entropy in nats per character. */
        public double validCrossEntropy() {
            return validBitsPerChar * Math.log(2);
        }

        /** Validation perplexity per character, e^cross-entropy = 2^bpc. */
        public double validPerplexity() {
            return Math.pow(2, validBitsPerChar);
        }
    }

    /** The trained (best) model, every epoch so far (resumed runs include the earlier ones), the best epoch (1-based). */
    public record Result(LanguageModel model, List<EpochReport> epochs, int bestEpoch, boolean stoppedEarly) {
        public EpochReport best() {
            return epochs.get(bestEpoch - 1);
        }
    }

    public Result run() {
        Path out = b.outDir;
        Path checkpoint = out.resolve(Trainer.CHECKPOINT_FILE);
        LmConfig config;
        LmTokens tokens;
        if (b.resume) {
            if (!Files.isRegularFile(checkpoint)) {
                throw new SeqlabException(out + ": no checkpoint to resume (" + Trainer.CHECKPOINT_FILE + " is missing)");
            }
            config = LanguageModel.readConfig(out.resolve(CONFIG_FILE));
            tokens = loadTokens(config.unit(), out);
        } else {
            config = b.config;
            tokens = LmTokens.learn(config, b.trainText);
        }
        if (b.tokensCheck != null) {
            b.tokensCheck.accept(tokens);
        }
        if (b.maxEpochs > 0) {
            config = config.withTrainer(withEpochs(config.trainer(), b.maxEpochs));
        }
        if (config.trainer().checkpointEverySteps() > 0) {
            throw new SeqlabException("truncated-BPTT training carries the recurrent state from chunk to chunk, so it"
                    + " checkpoints at epoch ends only: set trainer.checkpointEverySteps to 0");
        }
        LanguageModel model = new LanguageModel(config, tokens, b.dataType, config.trainer().seed());
        // Built before anything is written, so that a text too short for the streams leaves the output untouched.
        TextStream train = TextStream.of(tokens.encode(b.trainText), config.streams(), b.trainSource);
        int[] validIds = tokens.encode(b.validText);
        TextStream valid = TextStream.of(validIds, config.validStreams(), b.validSource);
        if (b.resume) {
            return train(model, config, tokens, train, valid, validIds, new ArrayList<>());
        }
        // A fresh run that fails before its first checkpoint (a diverged first epoch, a config the trainer refuses)
        // has nothing to resume: it removes what it wrote, but never a file or folder that was there before it.
        Path firstCreated = firstMissing(out.toAbsolutePath());
        List<Path> preexisting = RUN_FILES.stream().map(out::resolve).filter(Files::exists).toList();
        List<EpochReport> reports = new ArrayList<>();
        try {
            // What a resumed run needs besides the checkpoint, which takes over after the first epoch.
            try {
                Files.createDirectories(out);
            } catch (java.io.IOException e) {
                throw new SeqlabException(out + ": cannot create the output directory: " + e.getMessage(), e);
            }
            LanguageModel.writeConfig(config, out.resolve(CONFIG_FILE));
            for (Map.Entry<String, String> t : tokens.toTexts().entrySet()) {
                try {
                    AtomicFiles.writeBytes(out.resolve(t.getKey()), t.getValue().getBytes(StandardCharsets.UTF_8));
                } catch (java.io.IOException e) {
                    throw new SeqlabException(out.resolve(t.getKey()) + ": cannot write: " + e.getMessage(), e);
                }
            }
            return train(model, config, tokens, train, valid, validIds, reports);
        } catch (RuntimeException | Error e) {
            if (reports.isEmpty()) {
                removeNew(out, preexisting, firstCreated, e);
            }
            throw e;
        }
    }

    /** The outermost folder of {@code dir}'s path (dir included) that does not exist yet; null if dir exists. */
    private static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /**
     * Deletes the run files in {@code out} that are not among {@code preexisting}, then the folders from {@code out}
     * up to {@code firstCreated} (those the run created), each only if it is empty. A failure to clean up is added to
     * {@code failure} rather than hiding it.
     */
    private static void removeNew(Path out, List<Path> preexisting, Path firstCreated, Throwable failure) {
        try {
            for (String name : RUN_FILES) {
                Path f = out.resolve(name);
                if (Files.isDirectory(out) && !preexisting.contains(f)) {
                    Files.deleteIfExists(f);
                }
            }
            if (firstCreated != null) {
                for (Path d = out.toAbsolutePath(); d != null && d.startsWith(firstCreated); d = d.getParent()) {
                    try (java.util.stream.Stream<Path> entries = Files.list(d)) {
                        if (entries.findAny().isPresent()) {
                            break;
                        }
                    } catch (java.nio.file.NoSuchFileException e) {
                        continue;
                    }
                    Files.delete(d);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private Result train(LanguageModel model, LmConfig config, LmTokens tokens, TextStream train, TextStream valid,
            int[] validIds, List<EpochReport> reports) {
        Path out = b.outDir;
        Path checkpoint = out.resolve(Trainer.CHECKPOINT_FILE);
        // Bits per character whatever the unit: a BPE model's nats per piece spread over the characters per piece.
        double tokensPerChar = tokens.unit() == LmUnit.CHAR ? 1
                : validIds.length / (double) Math.max(1, b.validText.codePointCount(0, b.validText.length()));
        TbpttTraining training = new TbpttTraining(model, train);
        int window = config.window();
        Evaluator<TbpttTraining> evaluator = new Evaluator<>() {
            @Override
            public String metricName() {
                return "valid_bpc";
            }

            @Override
            public MetricGoal goal() {
                return MetricGoal.MINIMIZE;
            }

            @Override
            public double evaluate(TbpttTraining t) {
                return t.model().crossEntropy(valid, window) / Math.log(2) * tokensPerChar;
            }
        };

        // Elapsed time against a budget, not now + budget: the sum overflowed for a large --minutes (1e12 stopped the
        // run after its first epoch), while the cast saturates and the difference does not overflow.
        long started = System.nanoTime();
        long budget = b.minutes > 0 ? (long) (b.minutes * 60e9) : Long.MAX_VALUE;
        int target = config.trainer().maxEpochs();
        boolean fresh = !b.resume;
        // One trainer call per epoch (each resuming the last one's checkpoint) so the time limit can end the run
        // between epochs; the trainer's resume is exact, so this equals one uninterrupted call.
        for (int next = 1;; ) {
            Trainer<org.seqlab.train.TruncatedBptt.Chunk, TbpttTraining> trainer = Trainer.<org.seqlab.train.TruncatedBptt.Chunk, TbpttTraining>builder()
                    .setModel(training).setBatches(training).optConfig(withEpochs(config.trainer(), next))
                    .optEvaluator(evaluator).optCheckpointDir(out).optLearningCurveCsv(out.resolve(CURVE_CSV))
                    .optLearningCurvePng(out.resolve(CURVE_PNG), 800, 500).build();
            Trainer.Result r = fresh ? trainer.train() : trainer.resume(checkpoint);
            fresh = false;
            for (EpochRecord e : r.history().subList(reports.size(), r.history().size())) {
                EpochReport report = new EpochReport(e.epoch(), e.trainLoss(), e.devMetric(), e.seconds());
                reports.add(report);
                if (b.listener != null) {
                    b.listener.accept(report);
                }
            }
            if (r.stoppedEarly() || reports.size() >= target || System.nanoTime() - started > budget) {
                Result result = new Result(model, List.copyOf(reports), r.bestEpoch(), r.stoppedEarly());
                model.save(out.resolve(MODEL_FILE), java.util.Map.of("valid_bpc", result.best().validBitsPerChar()));
                return result;
            }
            next = reports.size() + 1;
        }
    }

    /** The tokens a run folder holds (written by a fresh run, read back on resume). */
    private static LmTokens loadTokens(LmUnit unit, Path out) {
        Map<String, String> texts = new HashMap<>();
        for (String name : List.of(CharAlphabet.TEXT_NAME, BpeTokens.CODES_NAME, BpeTokens.VOCABULARY_NAME)) {
            if (Files.isRegularFile(out.resolve(name))) {
                texts.put(name, readText(out.resolve(name)));
            }
        }
        return LmTokens.fromTexts(unit, texts, out.toString());
    }

    /**
     * Reads a UTF-8 text file; a file that is not UTF-8 (named with the line of the first bad byte) or cannot be read
     * is a user error naming it. A leading byte-order mark is dropped, as {@link org.seqlab.text.TextInput} drops it
     * everywhere else (kept, it became a character of the alphabet that the model learned and could generate).
     */
    public static String readText(Path file) {
        try {
            return org.seqlab.text.TextInput.readUtf8(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SeqlabException(file + ": no such file", e);
        } catch (java.io.IOException e) {
            throw new SeqlabException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static TrainerConfig withEpochs(TrainerConfig t, int epochs) {
        return new TrainerConfig(epochs, t.patience(), t.clipNorm(), t.clipValue(), t.seed(), t.checkpointEverySteps(),
                t.progressBar(), t.restoreBest(), t.optimizer(), t.schedule());
    }

    /** {@code setTrainText}, {@code setValidText}, {@code setConfig} (for a fresh run) and {@code setOutDir} are required. */
    public static final class Builder {
        private String trainText;
        private String trainSource = "training text";
        private String validText;
        private String validSource = "validation text";
        private LmConfig config;
        private Path outDir;
        private boolean resume;
        private int maxEpochs;
        private double minutes;
        private DataType dataType = DataType.FLOAT;
        private Consumer<EpochReport> listener;
        private Consumer<LmTokens> tokensCheck;

        public Builder setTrainText(String text, String source) {
            this.trainText = text;
            this.trainSource = source;
            return this;
        }

        public Builder setValidText(String text, String source) {
            this.validText = text;
            this.validSource = source;
            return this;
        }

        public Builder setConfig(LmConfig config) {
            this.config = config;
            return this;
        }

        public Builder setOutDir(Path dir) {
            this.outDir = dir;
            return this;
        }

        /** Continue from the checkpoint in the output directory, with the config and tokens stored there. */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** Overrides the config's trainer.maxEpochs (0: keep it). */
        public Builder optMaxEpochs(int epochs) {
            if (epochs < 0) {
                throw new IllegalArgumentException("epochs must be ≥ 0: " + epochs);
            }
            this.maxEpochs = epochs;
            return this;
        }

        /** Stop after the first epoch that ends past this many minutes (0: no limit). */
        public Builder optMinutes(double minutes) {
            if (!(minutes >= 0)) {
                throw new IllegalArgumentException("minutes must be ≥ 0: " + minutes);
            }
            this.minutes = minutes;
            return this;
        }

        /** FLOAT (default) or DOUBLE. */
        public Builder optDataType(DataType dataType) {
            this.dataType = dataType;
            return this;
        }

        /** Told about each epoch as it finishes. */
        public Builder optEpochListener(Consumer<EpochReport> listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Given the tokens once they are learned (or, resuming, read), before anything is written or trained: checks
         * of other inputs that need the tokens (such as the lengths of lines to score later) fail here, not after the
         * training.
         */
        public Builder optTokensCheck(Consumer<LmTokens> check) {
            this.tokensCheck = check;
            return this;
        }

        public LmTrainer build() {
            if (trainText == null || validText == null || outDir == null || (config == null && !resume)) {
                throw new IllegalStateException("the language model trainer needs training and validation text, an output"
                        + " directory and (unless resuming) a config");
            }
            return new LmTrainer(this);
        }
    }
}
