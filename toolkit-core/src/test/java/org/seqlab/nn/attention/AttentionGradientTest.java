package org.seqlab.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.nn.GradientCheck;
import org.seqlab.nn.Parameter;
import org.seqlab.random.Rng;

/**
 * Finite-difference checks (float64) of a whole decoded sequence: several steps over one memory, with the live rows
 * shrinking as sequences finish, the memory-side gradients accumulated over the steps and finished once.
 */
class AttentionGradientTest {
    static final int B = 3;
    static final int S = 5;
    static final int K = 4;
    static final int Q = 3;
    static final int A = 6;
    static final int[] LENGTHS = {5, 2, 4};
    /** Live rows per decoder step (targets sorted longest first). */
    static final int[] LIVE = {3, 3, 2, 1};

    static Attention make(String kind, Rng rng) {
        return switch (kind) {
            case "additive" -> AdditiveAttention.create(Q, K, A, DataType.DOUBLE, rng);
            case "general" -> GeneralAttention.create(Q, K, DataType.DOUBLE, rng);
            case "dot" -> new DotAttention(K);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static INDArray randn(Rng rng, long... shape) {
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, rng.nextGaussian());
        }
        return a;
    }

    @ParameterizedTest(name = "{0} attention: analytic gradients of a 4-step decode with shrinking batch match finite differences")
    @ValueSource(strings = {"additive", "general", "dot"})
    void multiStepGradientsMatchFiniteDifferences(String kind) {
        Rng rng = new Rng(11);
        Attention attention = make(kind, rng);
        int qDim = attention.queryDim();
        INDArray enc = randn(rng, B, S, K);
        List<INDArray> queries = new ArrayList<>();
        List<INDArray> cotangents = new ArrayList<>();
        for (int n : LIVE) {
            queries.add(randn(rng, n, qDim));
            cotangents.add(randn(rng, n, K));
        }
        Supplier<Double> loss = () -> {
            AttentionMemory m = attention.prepare(enc, LENGTHS);
            double l = 0;
            for (int t = 0; t < LIVE.length; t++) {
                l += attention.step(m, queries.get(t)).context().mul(cotangents.get(t)).sumNumber().doubleValue();
            }
            return l;
        };

        attention.parameters().zeroGrads();
        AttentionMemory m = attention.prepare(enc, LENGTHS);
        List<AttentionStep> steps = new ArrayList<>();
        for (int t = 0; t < LIVE.length; t++) {
            steps.add(attention.step(m, queries.get(t)));
        }
        List<GradientCheck.Checked> checked = new ArrayList<>();
        // backward in reverse step order, as a decoder would
        for (int t = LIVE.length - 1; t >= 0; t--) {
            INDArray dq = attention.backwardStep(steps.get(t), cotangents.get(t));
            checked.add(new GradientCheck.Checked("query" + t, queries.get(t), dq));
        }
        INDArray dEnc = attention.finishBackward(m);
        checked.add(new GradientCheck.Checked("enc", enc, dEnc));
        for (Parameter p : attention.parameters()) {
            checked.add(new GradientCheck.Checked(p.name(), p.value(), p.grad()));
        }

        GradientCheck.Result result = GradientCheck.check(loss::get, checked);
        assertThat(result.maxError()).as(result.toString()).isLessThanOrEqualTo(1e-6);
        assertThat(result.entries()).isGreaterThan(B * S * K);
        for (int b = 0; b < B; b++) {
            for (int j = LENGTHS[b]; j < S; j++) {
                for (int k = 0; k < K; k++) {
                    assertThat(dEnc.getDouble(b, j, k)).as("padding gradient").isEqualTo(0.0);
                }
            }
        }
    }
}
