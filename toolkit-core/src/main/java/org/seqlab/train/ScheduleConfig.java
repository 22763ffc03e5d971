package org.seqlab.train;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The learning rate and how it changes. Kinds: {@code constant}; {@code step} (×gamma every {@code everyEpochs});
 * {@code inverse} ({@code lr/(1+decay·epoch)}); {@code plateau} (×factor after more than {@code patience} epochs
 * without dev improvement, not below {@code minLr}); {@code cosine} (constant for the first {@code hold} of the run,
 * then half a cosine down to {@code minLr} at the end of the time budget or of {@code maxEpochs}, whichever comes
 * first). {@code warmupSteps > 0} puts a linear warm-up in front of any of them. JSON defaults: kind constant,
 * learningRate 0.001, gamma 0.5, everyEpochs 1, decay 0.05, warmupSteps 0, factor 0.5, patience 2, minLr 0, hold 0.
 */
public record ScheduleConfig(Kind kind, double learningRate, double gamma, int everyEpochs, double decay,
        long warmupSteps, double factor, int patience, double minLr, double hold) {

    public enum Kind {
        CONSTANT, STEP, INVERSE, PLATEAU, COSINE;

        @JsonCreator
        public static Kind parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown schedule '" + name + "' (constant, step, inverse, plateau, cosine)");
            }
        }

        @JsonValue
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @JsonCreator
    static ScheduleConfig fromJson(@JsonProperty("kind") Kind kind, @JsonProperty("learningRate") Double learningRate,
            @JsonProperty("gamma") Double gamma, @JsonProperty("everyEpochs") Integer everyEpochs,
            @JsonProperty("decay") Double decay, @JsonProperty("warmupSteps") Long warmupSteps,
            @JsonProperty("factor") Double factor, @JsonProperty("patience") Integer patience,
            @JsonProperty("minLr") Double minLr, @JsonProperty("hold") Double hold) {
        return new ScheduleConfig(kind == null ? Kind.CONSTANT : kind, learningRate == null ? 1e-3 : learningRate,
                gamma == null ? 0.5 : gamma, everyEpochs == null ? 1 : everyEpochs, decay == null ? 0.05 : decay,
                warmupSteps == null ? 0 : warmupSteps, factor == null ? 0.5 : factor, patience == null ? 2 : patience,
                minLr == null ? 0 : minLr, hold == null ? 0 : hold);
    }

    public static ScheduleConfig constant(double lr) {
        return new ScheduleConfig(Kind.CONSTANT, lr, 0.5, 1, 0.05, 0, 0.5, 2, 0, 0);
    }

    public static ScheduleConfig step(double lr, double gamma, int everyEpochs) {
        return new ScheduleConfig(Kind.STEP, lr, gamma, everyEpochs, 0.05, 0, 0.5, 2, 0, 0);
    }

    public static ScheduleConfig inverse(double lr, double decay) {
        return new ScheduleConfig(Kind.INVERSE, lr, 0.5, 1, decay, 0, 0.5, 2, 0, 0);
    }

    public static ScheduleConfig plateau(double lr, double factor, int patience, double minLr) {
        return new ScheduleConfig(Kind.PLATEAU, lr, 0.5, 1, 0.05, 0, factor, patience, minLr, 0);
    }

    public static ScheduleConfig cosine(double lr, double hold, double minLr) {
        return new ScheduleConfig(Kind.COSINE, lr, 0.5, 1, 0.05, 0, 0.5, 2, minLr, hold);
    }

    public ScheduleConfig withWarmup(long steps) {
        return new ScheduleConfig(kind, learningRate, gamma, everyEpochs, decay, steps, factor, patience, minLr, hold);
    }

    /** @param goal the direction of the dev metric (used by {@code plateau}) */
    public LearningRateSchedule create(MetricGoal goal) {
        LearningRateSchedule s = switch (kind) {
            case CONSTANT -> LearningRateSchedule.constant(learningRate);
            case STEP -> LearningRateSchedule.stepDecay(learningRate, gamma, everyEpochs);
            case INVERSE -> LearningRateSchedule.inverseDecay(learningRate, decay);
            case PLATEAU -> LearningRateSchedule.reduceOnPlateau(learningRate, factor, patience, minLr, goal);
            case COSINE -> LearningRateSchedule.cosineToEnd(learningRate, hold, minLr);
        };
        return warmupSteps > 0 ? LearningRateSchedule.warmup(s, warmupSteps) : s;
    }
}
