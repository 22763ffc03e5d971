package org.seqlab.train;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

import org.seqlab.nn.ParameterSet;

/**
 * Which optimizer and its hyper-parameters (the learning rate belongs to the {@link ScheduleConfig}). Fields missing from
 * JSON take the defaults: momentum 0, nesterov false, beta1 0.9, beta2 0.999, epsilon 1e-8, weightDecay 0 (0.01 for
 * AdamW).
 */
public record OptimizerConfig(Kind kind, double momentum, boolean nesterov, double beta1, double beta2, double epsilon,
        double weightDecay) {

    public enum Kind {
        SGD, ADAM, ADAMW;

        @JsonCreator
        public static Kind parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown optimizer '" + name + "' (sgd, adam, adamw)");
            }
        }

        @JsonValue
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @JsonCreator
    static OptimizerConfig fromJson(@JsonProperty("kind") Kind kind, @JsonProperty("momentum") Double momentum,
            @JsonProperty("nesterov") Boolean nesterov, @JsonProperty("beta1") Double beta1,
            @JsonProperty("beta2") Double beta2, @JsonProperty("epsilon") Double epsilon,
            @JsonProperty("weightDecay") Double weightDecay) {
        Kind k = kind == null ? Kind.ADAM : kind;
        return new OptimizerConfig(k, or(momentum, 0), nesterov != null && nesterov, or(beta1, 0.9), or(beta2, 0.999),
                or(epsilon, 1e-8), or(weightDecay, k == Kind.ADAMW ? 0.01 : 0));
    }

    private static double or(Double v, double fallback) {
        return v == null ? fallback : v;
    }

    public static OptimizerConfig sgd(double momentum, boolean nesterov) {
        return new OptimizerConfig(Kind.SGD, momentum, nesterov, 0.9, 0.999, 1e-8, 0);
    }

    public static OptimizerConfig adam() {
        return new OptimizerConfig(Kind.ADAM, 0, false, 0.9, 0.999, 1e-8, 0);
    }

    public static OptimizerConfig adamW(double weightDecay) {
        return new OptimizerConfig(Kind.ADAMW, 0, false, 0.9, 0.999, 1e-8, weightDecay);
    }

    public OptimizerConfig withWeightDecay(double decay) {
        return new OptimizerConfig(kind, momentum, nesterov, beta1, beta2, epsilon, decay);
    }

    public Optimizer create(ParameterSet parameters) {
        return switch (kind) {
            case SGD -> Optimizer.sgd(parameters, momentum, nesterov, weightDecay);
            case ADAM -> Optimizer.adam(parameters, beta1, beta2, epsilon, weightDecay);
            case ADAMW -> Optimizer.adamW(parameters, beta1, beta2, epsilon, weightDecay);
        };
    }
}
