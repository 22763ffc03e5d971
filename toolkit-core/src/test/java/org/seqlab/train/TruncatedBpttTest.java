package org.seqlab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.nn.GradientCheck;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.ParameterSet;
import org.seqlab.random.Rng;

class TruncatedBpttTest {
    /**
     * The smallest recurrent model: h_t = a·h_{t-1} + b·x_t, loss = Σ ½(h_t - y_t)² over scored steps, with a
     * hand-written recursive backward that stops at the chunk start (the contract's "no gradient into the state").
     */
    static final class ScalarRnn implements TruncatedBptt.ChunkModel<double[]> {
        final ParameterSet params = new ParameterSet();
        final Parameter a = params.add(new Parameter("a", Nd4j.create(new double[] {0.8}, new long[] {1}, DataType.DOUBLE)));
        final Parameter b = params.add(new Parameter("b", Nd4j.create(new double[] {0.5}, new long[] {1}, DataType.DOUBLE)));
        final double[] x;
        final double[] y;

        ScalarRnn(double[] x, double[] y) {
            this.x = x;
            this.y = y;
        }

        @Override
        public TruncatedBptt.ChunkResult<double[]> forwardBackward(TruncatedBptt.Chunk c, double[] initial) {
            double av = a.value().getDouble(0);
            double bv = b.value().getDouble(0);
            int n = c.length();
            double[] h = new double[n + 1]; // h[0] = carried state, h[k+1] = state after step start+k
            h[0] = initial[0];
            double loss = 0;
            for (int k = 0; k < n; k++) {
                h[k + 1] = av * h[k] + bv * x[c.start() + k];
                if (c.start() + k >= c.lossFrom()) {
                    double d = h[k + 1] - y[c.start() + k];
                    loss += 0.5 * d * d;
                }
            }
            double ga = 0;
            double gb = 0;
            double dh = 0;
            for (int k = n - 1; k >= 0; k--) {
                if (c.start() + k >= c.lossFrom()) {
                    dh += h[k + 1] - y[c.start() + k];
                }
                ga += dh * h[k];
                gb += dh * x[c.start() + k];
                dh *= av; // into h[k]; dropped when k = 0 (the carried state is a constant)
            }
            a.grad().addi(ga);
            b.grad().addi(gb);
            return new TruncatedBptt.ChunkResult<>(loss, c.end() - c.lossFrom(), new double[] {h[c.carryAt() - c.start()]});
        }

        /** Loss of the whole stream from h = h0, forward only. */
        double fullLoss(double h0) {
            double av = a.value().getDouble(0);
            double bv = b.value().getDouble(0);
            double h = h0;
            double loss = 0;
            for (int t = 0; t < x.length; t++) {
                h = av * h + bv * x[t];
                loss += 0.5 * (h - y[t]) * (h - y[t]);
            }
            return loss;
        }
    }

    private static ScalarRnn model(int length) {
        Rng rng = new Rng(4);
        double[] x = new double[length];
        double[] y = new double[length];
        for (int t = 0; t < length; t++) {
            x[t] = rng.nextGaussian();
            y[t] = rng.nextGaussian();
        }
        return new ScalarRnn(x, y);
    }

    /**
     * The truncated gradient written out as explicit sums: a scored step t whose backward window starts at w gets
     * dL_t/da = (h_t - y_t)·Σ_{j=w..t} a^(t-j)·h_{j-1} and dL_t/db = (h_t - y_t)·Σ_{j=w..t} a^(t-j)·x_j.
     * {@code windowStart[t]} gives w for each t.
     */
    private static double[] explicitGradient(ScalarRnn m, double h0, int[] windowStart) {
        double av = m.a.value().getDouble(0);
        double bv = m.b.value().getDouble(0);
        int n = m.x.length;
        double[] h = new double[n + 1];
        h[0] = h0;
        for (int t = 0; t < n; t++) {
            h[t + 1] = av * h[t] + bv * m.x[t];
        }
        double ga = 0;
        double gb = 0;
        for (int t = 0; t < n; t++) {
            double err = h[t + 1] - m.y[t];
            for (int j = windowStart[t]; j <= t; j++) {
                ga += err * Math.pow(av, t - j) * h[j];
                gb += err * Math.pow(av, t - j) * m.x[j];
            }
        }
        return new double[] {ga, gb};
    }

    @Test
    void chunksTileOrOverlapAndScoreEveryStepOnce() {
        assertThat(TruncatedBptt.chunks(10, 4, 4)).containsExactly(new TruncatedBptt.Chunk(0, 0, 4, 0, 4),
                new TruncatedBptt.Chunk(1, 4, 8, 4, 8), new TruncatedBptt.Chunk(2, 8, 10, 8, 10));
        assertThat(TruncatedBptt.chunks(10, 4, 2)).containsExactly(new TruncatedBptt.Chunk(0, 0, 4, 0, 2),
                new TruncatedBptt.Chunk(1, 2, 6, 4, 4), new TruncatedBptt.Chunk(2, 4, 8, 6, 6),
                new TruncatedBptt.Chunk(3, 6, 10, 8, 10));
        assertThat(TruncatedBptt.chunks(5, 8, 3)).containsExactly(new TruncatedBptt.Chunk(0, 0, 5, 0, 5));
        assertThatThrownBy(() -> TruncatedBptt.chunks(10, 4, 5)).hasMessageContaining("stride");
    }

    @Test
    void windowCoveringTheStreamGivesTheFullBpttGradient() {
        ScalarRnn m = model(12);
        double h0 = 0.3;
        double loss = TruncatedBptt.run(m, 12, 12, 12, new double[] {h0}, null);
        assertThat(loss).isCloseTo(m.fullLoss(h0), within(1e-12));
        double[] full = explicitGradient(m, h0, new int[12]);
        assertThat(m.a.grad().getDouble(0)).isCloseTo(full[0], within(1e-12));
        assertThat(m.b.grad().getDouble(0)).isCloseTo(full[1], within(1e-12));
        // and against finite differences of the full loss
        GradientCheck.Result r = GradientCheck.check(() -> m.fullLoss(h0),
                List.of(new GradientCheck.Checked("a", m.a.value(), m.a.grad()),
                        new GradientCheck.Checked("b", m.b.value(), m.b.grad())), 1e-6);
        assertThat(r.maxError()).as(r.toString()).isLessThan(1e-6);
    }

    @Test
    void tilingWindowsGiveTheAnalyticallyTruncatedGradient() {
        ScalarRnn m = model(10);
        double h0 = -0.2;
        double loss = TruncatedBptt.run(m, 10, 4, 4, new double[] {h0}, null);
        // the forward pass is not truncated, only the backward one
        assertThat(loss).isCloseTo(m.fullLoss(h0), within(1e-12));
        int[] w = {0, 0, 0, 0, 4, 4, 4, 4, 8, 8};
        double[] expected = explicitGradient(m, h0, w);
        assertThat(m.a.grad().getDouble(0)).isCloseTo(expected[0], within(1e-12));
        assertThat(m.b.grad().getDouble(0)).isCloseTo(expected[1], within(1e-12));
        double[] full = explicitGradient(m, h0, new int[10]);
        assertThat(Math.abs(expected[0] - full[0])).as("truncation changes the gradient").isGreaterThan(1e-3);
    }

    @Test
    void overlappingWindowsScoreEachStepOnceWithTheLongerHistory() {
        ScalarRnn m = model(10);
        double h0 = 0.1;
        double loss = TruncatedBptt.run(m, 10, 4, 2, new double[] {h0}, null);
        assertThat(loss).isCloseTo(m.fullLoss(h0), within(1e-12));
        // chunks [0,4) scores 0-3, [2,6) scores 4-5, [4,8) scores 6-7, [6,10) scores 8-9
        int[] w = {0, 0, 0, 0, 2, 2, 4, 4, 6, 6};
        double[] expected = explicitGradient(m, h0, w);
        assertThat(m.a.grad().getDouble(0)).isCloseTo(expected[0], within(1e-12));
        assertThat(m.b.grad().getDouble(0)).isCloseTo(expected[1], within(1e-12));
    }

    @Test
    void listenerSeesEveryChunkWithItsScoredStepCount() {
        ScalarRnn m = model(10);
        long[] items = new long[1];
        int[] count = new int[1];
        TruncatedBptt.run(m, 10, 4, 2, new double[] {0}, (chunk, loss, n) -> {
            items[0] += n;
            count[0]++;
        });
        assertThat(count[0]).isEqualTo(4);
        assertThat(items[0]).isEqualTo(10);
    }
}
