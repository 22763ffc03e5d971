package org.seqlab.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.nn.Parameter;

/**
 * Forward and backward of one decoder step against the PyTorch fixture ({@code ../shared/fixtures/attention.json}),
 * in float32 and float64 with the fixture README's tolerances.
 */
class AttentionFixtureTest {

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String c : List.of("additive", "general", "dot")) {
            out.add(Arguments.of(c, DataType.FLOAT));
            out.add(Arguments.of(c, DataType.DOUBLE));
        }
        return out;
    }

    static Attention build(AttentionFixture f, String name, DataType type) {
        JsonNode w = f.kase(name).path("weights");
        return switch (name) {
            case "additive" -> new AdditiveAttention(new Parameter("W_q", AttentionFixture.array(w.path("W_q"), type)),
                    new Parameter("W_k", AttentionFixture.array(w.path("W_k"), type)),
                    new Parameter("v", AttentionFixture.array(w.path("v"), type)));
            case "general" -> new GeneralAttention(new Parameter("W", AttentionFixture.array(w.path("W"), type)));
            case "dot" -> new DotAttention(6);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0} attention in {1} matches PyTorch: scores, weights, context, all gradients")
    @MethodSource("cases")
    void oneStepMatchesTorch(String name, DataType type) {
        AttentionFixture f = AttentionFixture.load();
        JsonNode c = f.kase(name);
        double rtol = type == DataType.FLOAT ? 1e-4 : 1e-10;
        double atol = type == DataType.FLOAT ? 1e-6 : 1e-12;
        Attention attention = build(f, name, type);
        INDArray enc = AttentionFixture.array(f.root.path("shared").path("enc"), type);
        int[] lengths = f.lengths();

        AttentionMemory memory = attention.prepare(enc, lengths);
        AttentionStep step = attention.step(memory, AttentionFixture.array(c.path("query"), type));

        double[] rawScores = AttentionFixture.data(c.path("scores_raw"));
        double[] weights = AttentionFixture.data(c.path("attn_weights"));
        int s = 4;
        for (int b = 0; b < 2; b++) {
            for (int j = 0; j < s; j++) {
                if (j < lengths[b]) {
                    assertClose(name + " score[" + b + "," + j + "]", step.score(b, j), rawScores[b * s + j], rtol, atol);
                } else {
                    assertThat(step.weight(b, j)).as("masked weight is exactly zero").isEqualTo(0.0);
                    assertThat(weights[b * s + j]).isEqualTo(0.0);
                }
            }
        }
        assertAllClose(name + " attn_weights", step.weights(), weights, rtol, atol);
        assertAllClose(name + " context", step.context(), AttentionFixture.data(c.path("context")), rtol, atol);

        INDArray g = AttentionFixture.array(f.root.path("shared").path("G"), type);
        INDArray dQuery = attention.backwardStep(step, g);
        INDArray dEnc = attention.finishBackward(memory);
        JsonNode grads = c.path("grads");
        assertAllClose(name + " grad query", dQuery, AttentionFixture.data(grads.path("query")), rtol, atol);
        assertAllClose(name + " grad enc", dEnc, AttentionFixture.data(grads.path("enc")), rtol, atol);
        for (int k = 0; k < 6; k++) {
            assertThat(dEnc.getDouble(1, 3, k)).as("grad at the padded position is exactly 0.0").isEqualTo(0.0);
        }
        for (Parameter p : attention.parameters()) {
            assertAllClose(name + " grad " + p.name(), p.grad(), AttentionFixture.data(grads.path(p.name())), rtol, atol);
        }
        assertThat(attention.parameters().size()).isEqualTo(c.path("weights").size());
    }

    static void assertAllClose(String what, INDArray actual, double[] expected, double rtol, double atol) {
        double[] a = DoubleArrays.toDoubles(actual);
        assertThat(a).as(what + " length").hasSize(expected.length);
        for (int i = 0; i < a.length; i++) {
            assertClose(what + "[" + i + "]", a[i], expected[i], rtol, atol);
        }
    }

    static void assertClose(String what, double actual, double expected, double rtol, double atol) {
        assertThat(Math.abs(actual - expected)).as(what + ": actual " + actual + ", expected " + expected)
                .isLessThanOrEqualTo(rtol * Math.abs(expected) + atol);
    }
}
