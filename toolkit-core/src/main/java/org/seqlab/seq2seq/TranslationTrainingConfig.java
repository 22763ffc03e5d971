package org.seqlab.seq2seq;

import java.nio.file.Path;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.seqlab.ConfigFiles;
import org.seqlab.train.TrainerConfig;

/**
 * The whole {@code translate-train} config file: {@code model} ({@link TranslatorConfig}), {@code training}
 * ({@link TrainerConfig}: Adam 1e-3, clip norm 5, ... by default), {@code batchSize} (sentence pairs per batch,
 * bucketed by source length; default 64) and {@code averageCheckpoints} (k: after training, the means of the k epochs
 * with the best validation BLEU and of the k last epochs are scored too, and whichever of the three models scores
 * highest is kept; default 0, no averaging). Every field is optional.
 */
public record TranslationTrainingConfig(TranslatorConfig model, TrainerConfig training, int batchSize,
        int averageCheckpoints) {
    public TranslationTrainingConfig {
        if (model == null) {
            throw new IllegalArgumentException("model is required");
        }
        if (training == null) {
            throw new IllegalArgumentException("training is required");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be ≥ 1, got " + batchSize);
        }
        if (averageCheckpoints < 0) {
            throw new IllegalArgumentException("averageCheckpoints must be ≥ 0, got " + averageCheckpoints);
        }
    }

    public TranslationTrainingConfig(TranslatorConfig model, TrainerConfig training, int batchSize) {
        this(model, training, batchSize, 0);
    }

    /**
     * The config in a JSON file; fields left out take their defaults.
     *
     * @throws org.seqlab.SeqlabException as {@code FILE:LINE:COLUMN: problem} if the file is unreadable or not a
     *                                    valid config
     */
    public static TranslationTrainingConfig read(Path file) {
        return ConfigFiles.read(file, TranslationTrainingConfig.class);
    }

    public static TranslationTrainingConfig defaults() {
        return new TranslationTrainingConfig(TranslatorConfig.defaults(), TrainerConfig.defaults(), 64, 0);
    }

    /** The same config with other training settings. */
    public TranslationTrainingConfig withTraining(TrainerConfig other) {
        return new TranslationTrainingConfig(model, other, batchSize, averageCheckpoints);
    }

    @JsonCreator
    static TranslationTrainingConfig fromJson(@JsonProperty("model") TranslatorConfig model,
            @JsonProperty("training") TrainerConfig training, @JsonProperty("batchSize") Integer batchSize,
            @JsonProperty("averageCheckpoints") Integer averageCheckpoints) {
        TranslationTrainingConfig d = defaults();
        return new TranslationTrainingConfig(model == null ? d.model : model, training == null ? d.training : training,
                batchSize == null ? d.batchSize : batchSize,
                averageCheckpoints == null ? d.averageCheckpoints : averageCheckpoints);
    }
}
