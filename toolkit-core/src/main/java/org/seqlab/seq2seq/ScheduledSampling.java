package org.seqlab.seq2seq;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Scheduled sampling (Bengio et al. 2015): at each decoder step after the first, each sentence is fed the model's own
 * greedy prediction from the previous step instead of the reference token with probability {@code p(step)}, where
 * {@code step} counts training updates. {@code p = 1 - ε_i} with the paper's decays of the teacher-forcing
 * probability ε_i: "linear" {@code ε = max(minimum, 1 - rate·i)}; "exponential" {@code ε = max(minimum, k^i)}
 * (k = {@code rate} &lt; 1); "inverse_sigmoid" {@code ε = k / (k + exp(i/k))} (k = {@code rate} ≥ 1); "off": p = 0.
 *
 * <p>Gradients: the fed prediction is treated as a constant input (no gradient flows through the argmax), as in the
 * paper; only the embedding row of the fed token receives gradient.
 */
public record ScheduledSampling(String kind, double rate, double minimum) {
    public ScheduledSampling {
        switch (kind) {
            case "off" -> { }
            case "linear" -> check(rate > 0, "linear rate must be > 0");
            case "exponential" -> check(rate > 0 && rate < 1, "exponential rate must be in (0,1)");
            case "inverse_sigmoid" -> check(rate >= 1, "inverse_sigmoid rate must be >= 1");
            default -> throw new IllegalArgumentException(
                    "scheduled sampling kind must be off, linear, exponential or inverse_sigmoid, got " + kind);
        }
        check(minimum >= 0 && minimum <= 1, "minimum must be in [0,1]");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("scheduled sampling: " + message);
        }
    }

    public static ScheduledSampling off() {
        return new ScheduledSampling("off", 0, 0);
    }

    @JsonCreator
    static ScheduledSampling fromJson(@JsonProperty("kind") String kind, @JsonProperty("rate") Double rate,
            @JsonProperty("minimum") Double minimum) {
        return new ScheduledSampling(kind == null ? "off" : kind, rate == null ? 0 : rate, minimum == null ? 0 : minimum);
    }

    /** Probability of feeding the model's own prediction after {@code step} updates. */
    public double samplingProbability(long step) {
        double teacher = switch (kind) {
            case "linear" -> Math.max(minimum, 1 - rate * step);
            case "exponential" -> Math.max(minimum, Math.pow(rate, step));
            case "inverse_sigmoid" -> rate / (rate + Math.exp(step / rate));
            default -> 1.0;
        };
        return 1 - teacher;
    }
}
