package org.seqlab.train;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How to train. Defaults (also for fields missing from JSON): maxEpochs 10; patience 0 (no early stopping, otherwise
 * stop after that many epochs without dev improvement); clipNorm 5 (0 = off); clipValue 0 (off); seed 1;
 * checkpointEverySteps 0 (checkpoint at the end of each epoch only; n &gt; 0 adds one every n steps); progressBar false;
 * restoreBest true (end with the parameters of the best dev epoch); optimizer Adam; schedule constant 0.001.
 */
public record TrainerConfig(int maxEpochs, int patience, double clipNorm, double clipValue, long seed,
        int checkpointEverySteps, boolean progressBar, boolean restoreBest, OptimizerConfig optimizer,
        ScheduleConfig schedule) {

    public TrainerConfig {
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("maxEpochs must be ≥ 1, got " + maxEpochs);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be ≥ 0, got " + patience);
        }
        if (checkpointEverySteps < 0) {
            throw new IllegalArgumentException("checkpointEverySteps must be ≥ 0, got " + checkpointEverySteps);
        }
        if (!(clipNorm >= 0)) {
            throw new IllegalArgumentException("clipNorm must be ≥ 0, got " + clipNorm);
        }
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("clipValue must be ≥ 0, got " + clipValue);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is required");
        }
        if (schedule == null) {
            throw new IllegalArgumentException("schedule is required");
        }
    }

    @JsonCreator
    static TrainerConfig fromJson(@JsonProperty("maxEpochs") Integer maxEpochs, @JsonProperty("patience") Integer patience,
            @JsonProperty("clipNorm") Double clipNorm, @JsonProperty("clipValue") Double clipValue,
            @JsonProperty("seed") Long seed, @JsonProperty("checkpointEverySteps") Integer checkpointEverySteps,
            @JsonProperty("progressBar") Boolean progressBar, @JsonProperty("restoreBest") Boolean restoreBest,
            @JsonProperty("optimizer") OptimizerConfig optimizer, @JsonProperty("schedule") ScheduleConfig schedule) {
        TrainerConfig d = defaults();
        return new TrainerConfig(maxEpochs == null ? d.maxEpochs : maxEpochs, patience == null ? d.patience : patience,
                clipNorm == null ? d.clipNorm : clipNorm, clipValue == null ? d.clipValue : clipValue,
                seed == null ? d.seed : seed, checkpointEverySteps == null ? d.checkpointEverySteps : checkpointEverySteps,
                progressBar == null ? d.progressBar : progressBar, restoreBest == null ? d.restoreBest : restoreBest,
                optimizer == null ? d.optimizer : optimizer, schedule == null ? d.schedule : schedule);
    }

    public static TrainerConfig defaults() {
        return new TrainerConfig(10, 0, 5, 0, 1, 0, false, true, OptimizerConfig.adam(), ScheduleConfig.constant(1e-3));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every setting is optional and starts at its default. */
    public static final class Builder {
        private int maxEpochs;
        private int patience;
        private double clipNorm;
        private double clipValue;
        private long seed;
        private int checkpointEverySteps;
        private boolean progressBar;
        private boolean restoreBest;
        private OptimizerConfig optimizer;
        private ScheduleConfig schedule;

        private Builder() {
            TrainerConfig d = defaults();
            maxEpochs = d.maxEpochs;
            patience = d.patience;
            clipNorm = d.clipNorm;
            clipValue = d.clipValue;
            seed = d.seed;
            checkpointEverySteps = d.checkpointEverySteps;
            progressBar = d.progressBar;
            restoreBest = d.restoreBest;
            optimizer = d.optimizer;
            schedule = d.schedule;
        }

        public Builder optMaxEpochs(int v) {
            maxEpochs = v;
            return this;
        }

        public Builder optPatience(int v) {
            patience = v;
            return this;
        }

        public Builder optClipNorm(double v) {
            clipNorm = v;
            return this;
        }

        public Builder optClipValue(double v) {
            clipValue = v;
            return this;
        }

        public Builder optSeed(long v) {
            seed = v;
            return this;
        }

        public Builder optCheckpointEverySteps(int v) {
            checkpointEverySteps = v;
            return this;
        }

        public Builder optProgressBar(boolean v) {
            progressBar = v;
            return this;
        }

        public Builder optRestoreBest(boolean v) {
            restoreBest = v;
            return this;
        }

        public Builder optOptimizer(OptimizerConfig v) {
            optimizer = v;
            return this;
        }

        public Builder optSchedule(ScheduleConfig v) {
            schedule = v;
            return this;
        }

        public TrainerConfig build() {
            return new TrainerConfig(maxEpochs, patience, clipNorm, clipValue, seed, checkpointEverySteps, progressBar,
                    restoreBest, optimizer, schedule);
        }
    }
}
