package org.seqlab.tagger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.seqlab.ConfigFiles;
import org.seqlab.SeqlabException;
import org.seqlab.train.OptimizerConfig;
import org.seqlab.train.ScheduleConfig;
import org.seqlab.train.TrainerConfig;

/**
 * How a BiLSTM-CRF tagger is shaped and trained (NCRF++ / Ma and Hovy defaults). Every field is optional in JSON; the
 * defaults are:
 * <ul>
 * <li>{@code wordDim} 50: word vector size (a pretrained file's dimension wins when one is given);
 * <li>{@code lowercaseWords} true: words are looked up lowercased, and a casing feature embedding of
 * {@code casingDim} 8 (all-lower, all-upper, initial-upper, mixed, numeric, contains-digit, other) keeps what was
 * lost; false: words are looked up as written and there is no casing feature;
 * <li>{@code extraWordTables} []: further word embedding tables, each {@code {"lookup": "cased"|"lowercase",
 * "dim": 50, "fineTune": true}} with its own vocabulary and {@code <unk>} (fineTune false freezes that table); their vectors are concatenated after the first table's
 * (e.g. lowercase corenlp-coref-50d first, cased corenlp-nndep-ud-50d-cased second). {@code seqlab train}'s second and
 * later {@code --embeddings} files fill them in order; a file without an entry here gets one, cased when more than
 * 1% of its words hold an uppercase letter, lowercase otherwise; a file's dimension wins over {@code dim};
 * <li>{@code fineTuneEmbeddings} true: word vectors (all tables) are trained (false freezes them);
 * <li>{@code charEncoder} {@code cnn}: 30-d chars ({@code charDim}), 50 filters ({@code charFilters}) of width 3
 * ({@code charWidth}), max-pooled; {@code lstm}: a char BiLSTM of {@code charHidden} 25 per direction; {@code none};
 * words are cut to their first {@code maxWordLength} 40 chars;
 * <li>{@code dropout} 0.5 (on the BiLSTM's input and output), {@code wordDropout} 0 (a word id replaced by
 * {@code <unk>} with this probability while training); {@code variationalDropout} false: a new dropout mask for every
 * token; true: one mask per sentence, shared by all its tokens (Gal and Ghahramani's variational dropout, which
 * Reimers and Gurevych 2017 found the better choice for BiLSTM-CRF taggers);
 * <li>{@code lstmLayers} 1 (1 or 2), {@code lstmHidden} 200 per direction;
 * <li>{@code languageModel} none: {@code {"weight": 0.1, "vocabulary": 7500, "hidden": 50}} adds a language-model
 * objective while training ({@link LanguageModelTask});
 * <li>{@code auxiliaryTags} []: further columns of the training file predicted while training, each
 * {@code {"column": "xpos", "weight": 1.0}} ({@link AuxiliaryTagTask});
 * <li>{@code adversarial} 0 (off): &alpha; &gt; 0 adds adversarial training (Goodfellow et al. 2015 as Yasunaga et
 * al. 2018 apply it to BiLSTM-CRF taggers): each batch is run a second time with every sentence's BiLSTM input moved
 * by the perturbation of norm &alpha;&middot;&radic;(tokens &middot; input width) that raises its loss most to first
 * order (along the loss gradient), and that loss is added to the clean one; &alpha; is the perturbation's
 * root-mean-square per input coordinate;
 * <li>{@code output} {@code crf} (Viterbi under the tag scheme's constraints, confidences are CRF marginals) or
 * {@code softmax} (independent per-token argmax);
 * <li>{@code batchSize} 32 sentences;
 * <li>{@code trainer}: 50 epochs, patience 8, gradient norm clipped at 5, SGD with momentum 0.9 and learning rate
 * 0.015/(1 + 0.05·epoch), seed 1, progress bar on (a partial {@code trainer} block takes these for its absent
 * fields);
 * <li>{@code averageCheckpoints} 0 (off): K &gt; 0 saves the final model as the element-wise mean of the parameters
 * of K epochs, chosen by {@code averageOf}: {@code best} (default; the K epochs with the best dev score, needs a dev
 * set) or {@code last} (the K last epochs run, for training without early stopping, e.g. on train+dev). The trainer
 * reports the best single epoch's dev score and both averages' beside each other.
 * </ul>
 * Tag schemes are not configured: span tasks (a format whose tag column is IOB1/IOB2/IOBES) are trained in IOBES and
 * written back in the data's own scheme; plain labels (POS) are trained as they are.
 */
public record TaggerConfig(int wordDim, boolean lowercaseWords, int casingDim, boolean fineTuneEmbeddings,
        String charEncoder, int charDim, int charFilters, int charWidth, int charHidden, int maxWordLength,
        double dropout, double wordDropout, int lstmLayers, int lstmHidden, String output, int batchSize,
        TrainerConfig trainer, List<WordTable> extraWordTables, int averageCheckpoints, String averageOf,
        boolean variationalDropout, LanguageModelTask languageModel, List<AuxiliaryTagTask> auxiliaryTags,
        double adversarial) {

    public static final String CNN = "cnn";
    public static final String LSTM = "lstm";
    public static final String NONE = "none";
    public static final String CRF = "crf";
    public static final String SOFTMAX = "softmax";
    public static final String LOWERCASE = "lowercase";
    public static final String CASED = "cased";
    public static final String BEST = "best";
    public static final String LAST = "last";

    /**
     * A further word embedding table: {@code lookup} {@value #LOWERCASE} (words lowercased before lookup) or
     * {@value #CASED} (as written), vectors of {@code dim}; {@code fineTune} false keeps its vectors as loaded while
     * the other tables train (a table is trained only where {@code fineTuneEmbeddings} and its own flag allow).
     */
    public record WordTable(String lookup, int dim, boolean fineTune) {
        public WordTable {
            if (!LOWERCASE.equals(lookup) && !CASED.equals(lookup)) {
                throw new IllegalArgumentException("extraWordTables: lookup must be lowercase or cased, got " + lookup);
            }
            positive("extraWordTables dim", dim);
        }

        /** A table that trains with the others. */
        public WordTable(String lookup, int dim) {
            this(lookup, dim, true);
        }

        @JsonCreator
        static WordTable fromJson(@JsonProperty("lookup") String lookup, @JsonProperty("dim") Integer dim,
                @JsonProperty("fineTune") Boolean fineTune) {
            return new WordTable(lookup == null ? CASED : lookup, dim == null ? 50 : dim,
                    fineTune == null || fineTune);
        }

        public boolean lowercase() {
            return LOWERCASE.equals(lookup);
        }

        public WordTable withDim(int d) {
            return new WordTable(lookup, d, fineTune);
        }
    }

    /** The configuration without the recipe options: no extra word tables, no checkpoint averaging. */
    public TaggerConfig(int wordDim, boolean lowercaseWords, int casingDim, boolean fineTuneEmbeddings,
            String charEncoder, int charDim, int charFilters, int charWidth, int charHidden, int maxWordLength,
            double dropout, double wordDropout, int lstmLayers, int lstmHidden, String output, int batchSize,
            TrainerConfig trainer) {
        this(wordDim, lowercaseWords, casingDim, fineTuneEmbeddings, charEncoder, charDim, charFilters, charWidth,
                charHidden, maxWordLength, dropout, wordDropout, lstmLayers, lstmHidden, output, batchSize, trainer,
                List.of(), 0, BEST);
    }

    /** The configuration with per-token dropout masks. */
    public TaggerConfig(int wordDim, boolean lowercaseWords, int casingDim, boolean fineTuneEmbeddings,
            String charEncoder, int charDim, int charFilters, int charWidth, int charHidden, int maxWordLength,
            double dropout, double wordDropout, int lstmLayers, int lstmHidden, String output, int batchSize,
            TrainerConfig trainer, List<WordTable> extraWordTables, int averageCheckpoints, String averageOf) {
        this(wordDim, lowercaseWords, casingDim, fineTuneEmbeddings, charEncoder, charDim, charFilters, charWidth,
                charHidden, maxWordLength, dropout, wordDropout, lstmLayers, lstmHidden, output, batchSize, trainer,
                extraWordTables, averageCheckpoints, averageOf, false);
    }

    /** The configuration without the language-model objective. */
    public TaggerConfig(int wordDim, boolean lowercaseWords, int casingDim, boolean fineTuneEmbeddings,
            String charEncoder, int charDim, int charFilters, int charWidth, int charHidden, int maxWordLength,
            double dropout, double wordDropout, int lstmLayers, int lstmHidden, String output, int batchSize,
            TrainerConfig trainer, List<WordTable> extraWordTables, int averageCheckpoints, String averageOf,
            boolean variationalDropout) {
        this(wordDim, lowercaseWords, casingDim, fineTuneEmbeddings, charEncoder, charDim, charFilters, charWidth,
                charHidden, maxWordLength, dropout, wordDropout, lstmLayers, lstmHidden, output, batchSize, trainer,
                extraWordTables, averageCheckpoints, averageOf, variationalDropout, null);
    }

    /**
     * A language-model objective beside the tagging loss while training (Rei 2017, "Semi-supervised multitask learning
     * for sequence labeling"): from the BiLSTM's forward states a small softmax predicts the next word, from its
     * backward states the previous one, each through a {@code hidden}-unit tanh layer, over the {@code vocabulary}
     * most frequent training words (the rest as {@code <unk>}; {@code </s>} and {@code <s>} past the ends); its cross
     * entropy, times {@code weight}, is added to the loss. Only training uses it: tagging and saved models do not
     * carry these layers.
     */
    public record LanguageModelTask(double weight, int vocabulary, int hidden) {
        public LanguageModelTask {
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("languageModel weight must be > 0, got " + weight);
            }
            positive("languageModel vocabulary", vocabulary);
            positive("languageModel hidden", hidden);
        }

        @JsonCreator
        static LanguageModelTask fromJson(@JsonProperty("weight") Double weight,
                @JsonProperty("vocabulary") Integer vocabulary, @JsonProperty("hidden") Integer hidden) {
            return new LanguageModelTask(weight == null ? 0.1 : weight, vocabulary == null ? 7500 : vocabulary,
                    hidden == null ? 50 : hidden);
        }

        /** The same task over at most {@code words} output words (a small training vocabulary). */
        public LanguageModelTask capped(int words) {
            return new LanguageModelTask(weight, Math.min(vocabulary, words), hidden);
        }
    }

    /** The configuration without auxiliary tag tasks. */
    public TaggerConfig(int wordDim, boolean lowercaseWords, int casingDim, boolean fineTuneEmbeddings,
            String charEncoder, int charDim, int charFilters, int charWidth, int charHidden, int maxWordLength,
            double dropout, double wordDropout, int lstmLayers, int lstmHidden, String output, int batchSize,
            TrainerConfig trainer, List<WordTable> extraWordTables, int averageCheckpoints, String averageOf,
            boolean variationalDropout, LanguageModelTask languageModel) {
        this(wordDim, lowercaseWords, casingDim, fineTuneEmbeddings, charEncoder, charDim, charFilters, charWidth,
                charHidden, maxWordLength, dropout, wordDropout, lstmLayers, lstmHidden, output, batchSize, trainer,
                extraWordTables, averageCheckpoints, averageOf, variationalDropout, languageModel, List.of());
    }

    /**
     * A further column of the training file (by name, e.g. {@code xpos}, {@code deprel}, {@code pos},
     * {@code chunk}, or 1-based number) predicted from the BiLSTM's output while training, by a softmax over that
     * column's labels in the training data (multi-task learning, as Søgaard and Goldberg 2016 and Plank et al. 2016
     * use it); its cross entropy, times {@code weight}, is added to the loss. {@code labels} is the number of labels,
     * filled in by the trainer from the training data (0 until then). Only training uses it: tagging and saved models
     * do not carry these layers.
     */
    public record AuxiliaryTagTask(String column, double weight, int labels) {
        public AuxiliaryTagTask {
            if (column == null || column.isBlank()) {
                throw new IllegalArgumentException("auxiliaryTags: each task needs a column");
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("auxiliaryTags weight must be > 0, got " + weight);
            }
            if (labels < 0) {
                throw new IllegalArgumentException("auxiliaryTags labels must be ≥ 0, got " + labels);
            }
        }

        @JsonCreator
        static AuxiliaryTagTask fromJson(@JsonProperty("column") String column, @JsonProperty("weight") Double weight,
                @JsonProperty("labels") Integer labels) {
            return new AuxiliaryTagTask(column, weight == null ? 1.0 : weight, labels == null ? 0 : labels);
        }

        /** The same task over {@code n} labels (the trainer counts them in the training data). */
        public AuxiliaryTagTask withLabels(int n) {
            return new AuxiliaryTagTask(column, weight, n);
        }
    }

    /** The configuration without adversarial training. */
    public TaggerConfig(int wordDim, boolean lowercaseWords, int casingDim, boolean fineTuneEmbeddings,
            String charEncoder, int charDim, int charFilters, int charWidth, int charHidden, int maxWordLength,
            double dropout, double wordDropout, int lstmLayers, int lstmHidden, String output, int batchSize,
            TrainerConfig trainer, List<WordTable> extraWordTables, int averageCheckpoints, String averageOf,
            boolean variationalDropout, LanguageModelTask languageModel, List<AuxiliaryTagTask> auxiliaryTags) {
        this(wordDim, lowercaseWords, casingDim, fineTuneEmbeddings, charEncoder, charDim, charFilters, charWidth,
                charHidden, maxWordLength, dropout, wordDropout, lstmLayers, lstmHidden, output, batchSize, trainer,
                extraWordTables, averageCheckpoints, averageOf, variationalDropout, languageModel, auxiliaryTags, 0);
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public TaggerConfig {
        positive("wordDim", wordDim);
        positive("maxWordLength", maxWordLength);
        positive("lstmHidden", lstmHidden);
        positive("batchSize", batchSize);
        if (lowercaseWords) {
            positive("casingDim", casingDim);
        }
        if (!CNN.equals(charEncoder) && !LSTM.equals(charEncoder) && !NONE.equals(charEncoder)) {
            throw new IllegalArgumentException("charEncoder must be cnn, lstm or none, got " + charEncoder);
        }
        if (!NONE.equals(charEncoder)) {
            positive("charDim", charDim);
        }
        if (CNN.equals(charEncoder)) {
            positive("charFilters", charFilters);
            positive("charWidth", charWidth);
        }
        if (LSTM.equals(charEncoder)) {
            positive("charHidden", charHidden);
        }
        if (!(dropout >= 0 && dropout < 1) || !(wordDropout >= 0 && wordDropout < 1)) {
            throw new IllegalArgumentException("dropout and wordDropout must be in [0, 1)");
        }
        if (lstmLayers < 1 || lstmLayers > 2) {
            throw new IllegalArgumentException("lstmLayers must be 1 or 2, got " + lstmLayers);
        }
        if (!CRF.equals(output) && !SOFTMAX.equals(output)) {
            throw new IllegalArgumentException("output must be crf or softmax, got " + output);
        }
        if (trainer == null) {
            throw new IllegalArgumentException("trainer is required");
        }
        extraWordTables = extraWordTables == null ? List.of() : List.copyOf(extraWordTables);
        auxiliaryTags = auxiliaryTags == null ? List.of() : List.copyOf(auxiliaryTags);
        if (!(adversarial >= 0) || Double.isInfinite(adversarial)) {
            throw new IllegalArgumentException("adversarial must be ≥ 0, got " + adversarial);
        }
        if (averageCheckpoints < 0) {
            throw new IllegalArgumentException("averageCheckpoints must be ≥ 0, got " + averageCheckpoints);
        }
        if (!BEST.equals(averageOf) && !LAST.equals(averageOf)) {
            throw new IllegalArgumentException("averageOf must be best or last, got " + averageOf);
        }
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be ≥ 1, got " + v);
        }
    }

    public static TrainerConfig defaultTrainer() {
        return TrainerConfig.builder().optMaxEpochs(50).optPatience(8).optClipNorm(5).optSeed(1).optProgressBar(true)
                .optOptimizer(OptimizerConfig.sgd(0.9, false)).optSchedule(ScheduleConfig.inverse(0.015, 0.05))
                .build();
    }

    public static TaggerConfig defaults() {
        return new TaggerConfig(50, true, 8, true, CNN, 30, 50, 3, 25, 40, 0.5, 0, 1, 200, CRF, 32,
                defaultTrainer());
    }

    @JsonCreator
    static TaggerConfig fromJson(@JsonProperty("wordDim") Integer wordDim,
            @JsonProperty("lowercaseWords") Boolean lowercaseWords, @JsonProperty("casingDim") Integer casingDim,
            @JsonProperty("fineTuneEmbeddings") Boolean fineTuneEmbeddings,
            @JsonProperty("charEncoder") String charEncoder, @JsonProperty("charDim") Integer charDim,
            @JsonProperty("charFilters") Integer charFilters, @JsonProperty("charWidth") Integer charWidth,
            @JsonProperty("charHidden") Integer charHidden, @JsonProperty("maxWordLength") Integer maxWordLength,
            @JsonProperty("dropout") Double dropout, @JsonProperty("wordDropout") Double wordDropout,
            @JsonProperty("lstmLayers") Integer lstmLayers, @JsonProperty("lstmHidden") Integer lstmHidden,
            @JsonProperty("output") String output, @JsonProperty("batchSize") Integer batchSize,
            @JsonProperty("trainer") TrainerConfig trainer,
            @JsonProperty("extraWordTables") List<WordTable> extraWordTables,
            @JsonProperty("averageCheckpoints") Integer averageCheckpoints,
            @JsonProperty("averageOf") String averageOf,
            @JsonProperty("variationalDropout") Boolean variationalDropout,
            @JsonProperty("languageModel") LanguageModelTask languageModel,
            @JsonProperty("auxiliaryTags") List<AuxiliaryTagTask> auxiliaryTags,
            @JsonProperty("adversarial") Double adversarial) {
        TaggerConfig d = defaults();
        return new TaggerConfig(or(wordDim, d.wordDim), or(lowercaseWords, d.lowercaseWords), or(casingDim, d.casingDim),
                or(fineTuneEmbeddings, d.fineTuneEmbeddings), or(charEncoder, d.charEncoder), or(charDim, d.charDim),
                or(charFilters, d.charFilters), or(charWidth, d.charWidth), or(charHidden, d.charHidden),
                or(maxWordLength, d.maxWordLength), or(dropout, d.dropout), or(wordDropout, d.wordDropout),
                or(lstmLayers, d.lstmLayers), or(lstmHidden, d.lstmHidden), or(output, d.output),
                or(batchSize, d.batchSize), or(trainer, d.trainer), or(extraWordTables, d.extraWordTables),
                or(averageCheckpoints, d.averageCheckpoints), or(averageOf, d.averageOf),
                or(variationalDropout, d.variationalDropout), languageModel, auxiliaryTags,
                or(adversarial, d.adversarial));
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    /** Whether the output layer is a CRF. */
    public boolean crf() {
        return CRF.equals(output);
    }

    public TaggerConfig withWordDim(int dim) {
        return new TaggerConfig(dim, lowercaseWords, casingDim, fineTuneEmbeddings, charEncoder, charDim, charFilters,
                charWidth, charHidden, maxWordLength, dropout, wordDropout, lstmLayers, lstmHidden, output, batchSize,
                trainer, extraWordTables, averageCheckpoints, averageOf, variationalDropout, languageModel,
                auxiliaryTags, adversarial);
    }

    public TaggerConfig withTrainer(TrainerConfig t) {
        return new TaggerConfig(wordDim, lowercaseWords, casingDim, fineTuneEmbeddings, charEncoder, charDim,
                charFilters, charWidth, charHidden, maxWordLength, dropout, wordDropout, lstmLayers, lstmHidden, output,
                batchSize, t, extraWordTables, averageCheckpoints, averageOf, variationalDropout, languageModel,
                auxiliaryTags, adversarial);
    }

    /** This config with other extra word tables (the files' dimensions filled in by the trainer). */
    public TaggerConfig withExtraWordTables(List<WordTable> tables) {
        return new TaggerConfig(wordDim, lowercaseWords, casingDim, fineTuneEmbeddings, charEncoder, charDim,
                charFilters, charWidth, charHidden, maxWordLength, dropout, wordDropout, lstmLayers, lstmHidden, output,
                batchSize, trainer, tables, averageCheckpoints, averageOf, variationalDropout, languageModel,
                auxiliaryTags, adversarial);
    }

    /** This config with another language-model objective (null: none). */
    public TaggerConfig withLanguageModel(LanguageModelTask task) {
        return new TaggerConfig(wordDim, lowercaseWords, casingDim, fineTuneEmbeddings, charEncoder, charDim,
                charFilters, charWidth, charHidden, maxWordLength, dropout, wordDropout, lstmLayers, lstmHidden, output,
                batchSize, trainer, extraWordTables, averageCheckpoints, averageOf, variationalDropout, task,
                auxiliaryTags, adversarial);
    }

    /** This config with other auxiliary tag tasks (empty: none). */
    public TaggerConfig withAuxiliaryTags(List<AuxiliaryTagTask> tasks) {
        return new TaggerConfig(wordDim, lowercaseWords, casingDim, fineTuneEmbeddings, charEncoder, charDim,
                charFilters, charWidth, charHidden, maxWordLength, dropout, wordDropout, lstmLayers, lstmHidden, output,
                batchSize, trainer, extraWordTables, averageCheckpoints, averageOf, variationalDropout, languageModel,
                tasks, adversarial);
    }

    /** This config with another adversarial perturbation size (0: no adversarial training). */
    public TaggerConfig withAdversarial(double alpha) {
        return new TaggerConfig(wordDim, lowercaseWords, casingDim, fineTuneEmbeddings, charEncoder, charDim,
                charFilters, charWidth, charHidden, maxWordLength, dropout, wordDropout, lstmLayers, lstmHidden, output,
                batchSize, trainer, extraWordTables, averageCheckpoints, averageOf, variationalDropout, languageModel,
                auxiliaryTags, alpha);
    }

    /** This config without the training-only objectives (language model, auxiliary tags): what a bundle's model is. */
    public TaggerConfig forInference() {
        return withLanguageModel(null).withAuxiliaryTags(List.of());
    }

    /** This config with another epoch limit (the command line's {@code --epochs}). */
    public TaggerConfig withMaxEpochs(int epochs) {
        TrainerConfig t = trainer;
        return withTrainer(new TrainerConfig(epochs, t.patience(), t.clipNorm(), t.clipValue(), t.seed(),
                t.checkpointEverySteps(), t.progressBar(), t.restoreBest(), t.optimizer(), t.schedule()));
    }

    /** This config with another random seed (the command line's {@code --seed}). */
    public TaggerConfig withSeed(long seed) {
        TrainerConfig t = trainer;
        return withTrainer(new TrainerConfig(t.maxEpochs(), t.patience(), t.clipNorm(), t.clipValue(), seed,
                t.checkpointEverySteps(), t.progressBar(), t.restoreBest(), t.optimizer(), t.schedule()));
    }

    /**
     * This config without early stopping (the command line's {@code --no-early-stopping}): every epoch runs, and the
     * model is the last epoch's (or the average of the last ones), not the best dev epoch's.
     */
    public TaggerConfig withoutEarlyStopping() {
        TrainerConfig t = trainer;
        return withTrainer(new TrainerConfig(t.maxEpochs(), 0, t.clipNorm(), t.clipValue(), t.seed(),
                t.checkpointEverySteps(), t.progressBar(), false, t.optimizer(), t.schedule()));
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a tagger config as JSON", e);
        }
    }

    public static TaggerConfig fromJson(String json, String source) {
        try {
            return withTaggerTrainerDefaults(JSON.readValue(json, TaggerConfig.class), json);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new SeqlabException(source + ": not a valid tagger config: " + cause.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** {@code c} read from {@code json}, with a partial {@code trainer} block completed by the tagger's defaults. */
    private static TaggerConfig withTaggerTrainerDefaults(TaggerConfig c, String json) throws IOException {
        JsonNode trainer = JSON.readTree(json).get("trainer");
        return trainer != null && trainer.isObject() ? c.withTrainer(withTaggerDefaults(c.trainer, trainer)) : c;
    }

    /**
     * {@code parsed} (a {@code trainer} block read with the general trainer defaults) with each field absent from
     * {@code given} taken from {@link #defaultTrainer()} instead, so that a partial block keeps the tagger's recipe.
     */
    private static TrainerConfig withTaggerDefaults(TrainerConfig parsed, JsonNode given) {
        TrainerConfig d = defaultTrainer();
        return new TrainerConfig(given.has("maxEpochs") ? parsed.maxEpochs() : d.maxEpochs(),
                given.has("patience") ? parsed.patience() : d.patience(),
                given.has("clipNorm") ? parsed.clipNorm() : d.clipNorm(),
                given.has("clipValue") ? parsed.clipValue() : d.clipValue(),
                given.has("seed") ? parsed.seed() : d.seed(),
                given.has("checkpointEverySteps") ? parsed.checkpointEverySteps() : d.checkpointEverySteps(),
                given.has("progressBar") ? parsed.progressBar() : d.progressBar(),
                given.has("restoreBest") ? parsed.restoreBest() : d.restoreBest(),
                given.has("optimizer") ? parsed.optimizer() : d.optimizer(),
                given.has("schedule") ? parsed.schedule() : d.schedule());
    }

    public static TaggerConfig read(Path file) {
        if (java.nio.file.Files.isDirectory(file)) {
            throw new SeqlabException(file + ": cannot read the tagger config: is a directory");
        }
        try {
            // a user's file: errors as FILE:LINE:COLUMN: problem in words (a bundle's config.json uses fromJson)
            String json = java.nio.file.Files.readString(file);
            return withTaggerTrainerDefaults(ConfigFiles.parse(json, file.toString(), TaggerConfig.class), json);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SeqlabException(file + ": cannot read the tagger config: no such file");
        } catch (IOException e) {
            throw new SeqlabException(file + ": cannot read the tagger config: " + e.getMessage());
        }
    }
}
