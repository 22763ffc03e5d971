package org.seqlab.seq2seq;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.seqlab.train.TrainerConfig;

/**
 * The whole {@code translate-train} config file: {@code model} ({@link TranslatorConfig}), {@code training}
 * ({@link TrainerConfig}: Adam 1e-3, clip norm 5, ... by default) and {@code batchSize} (sentence pairs per batch,
 * bucketed by source length; default 64). Every field is optional.
 */
public record TranslationTrainingConfig(TranslatorConfig model, TrainerConfig training, int batchSize) {
    public TranslationTrainingConfig {
        if (model == null || training == null || batchSize < 1) {
            throw new IllegalArgumentException("translation training config: model and training are required and"
                    + " batchSize must be positive");
        }
    }

    public static TranslationTrainingConfig defaults() {
        return new TranslationTrainingConfig(TranslatorConfig.defaults(), TrainerConfig.defaults(), 64);
    }

    @JsonCreator
    static TranslationTrainingConfig fromJson(@JsonProperty("model") TranslatorConfig model,
            @JsonProperty("training") TrainerConfig training, @JsonProperty("batchSize") Integer batchSize) {
        TranslationTrainingConfig d = defaults();
        return new TranslationTrainingConfig(model == null ? d.model : model, training == null ? d.training : training,
                batchSize == null ? d.batchSize : batchSize);
    }
}
