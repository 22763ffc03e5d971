package org.seqlab.nn.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.nn.NativeArrays;
import org.seqlab.random.Rng;

class InitTest {

    /** max |(AᵀA or AAᵀ) - gain²·I| over the Gram matrix of the smaller dimension, computed in double. */
    private static double gramError(double[] w, int rows, int cols, int fromRow, double gain) {
        boolean tall = rows >= cols;
        int n = tall ? cols : rows;
        double worst = 0;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double s = 0;
                if (tall) {
                    for (int r = 0; r < rows; r++) {
                        s += w[(fromRow + r) * cols + a] * w[(fromRow + r) * cols + b];
                    }
                } else {
                    for (int c = 0; c < cols; c++) {
                        s += w[(fromRow + a) * cols + c] * w[(fromRow + b) * cols + c];
                    }
                }
                worst = Math.max(worst, Math.abs(s - (a == b ? gain * gain : 0)));
            }
        }
        return worst;
    }

    private static double[] sampleMoments(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean);
        }
        return new double[] {mean, var / v.length};
    }

    @Test
    void orthogonalTallAndWideMatricesHaveOrthonormalColumnsOrRows() {
        INDArray tall = Nd4j.create(DataType.FLOAT, 40, 25);
        Init.orthogonal(tall, new Rng(1));
        assertThat(gramError(NativeArrays.read(tall), 40, 25, 0, 1)).isLessThan(1e-5);
        INDArray wide = Nd4j.create(DataType.FLOAT, 7, 30);
        Init.orthogonal(wide, 2.0, new Rng(2));
        assertThat(gramError(NativeArrays.read(wide), 7, 30, 0, 2)).isLessThan(1e-5);
        INDArray square = Nd4j.create(DataType.DOUBLE, 64, 64);
        Init.orthogonal(square, new Rng(3));
        assertThat(gramError(NativeArrays.read(square), 64, 64, 0, 1)).isLessThan(1e-12);
    }

    @Test
    void orthogonalBlocksMakeEachGateBlockOrthogonal() {
        int h = 16;
        INDArray w = Nd4j.create(DataType.FLOAT, 4 * h, h);
        Init.orthogonalBlocks(w, h, 1.0, new Rng(4));
        double[] v = NativeArrays.read(w);
        for (int gate = 0; gate < 4; gate++) {
            assertThat(gramError(v, h, h, gate * h, 1)).as("gate %d", gate).isLessThan(1e-5);
        }
        assertThatThrownBy(() -> Init.orthogonalBlocks(Nd4j.create(DataType.FLOAT, 10, 4), 4, 1, new Rng(1)))
                .hasMessageContaining("[G*4, cols]");
    }

    @Test
    void xavierUniformStaysInBoundAndHasVarianceTwoOverFanSum() {
        INDArray w = Nd4j.create(DataType.DOUBLE, 200, 300);
        Init.xavierUniform(w, new Rng(5));
        double[] v = NativeArrays.read(w);
        double bound = Math.sqrt(6.0 / 500);
        for (double x : v) {
            assertThat(Math.abs(x)).isLessThanOrEqualTo(bound);
        }
        // Target variance 2/(fanIn + fanOut) = 0.004; the sample variance of 60000 draws is within 0.4% (1 sd).
        double[] m = sampleMoments(v);
        assertThat(m[1]).isCloseTo(0.004, within(0.004 * 0.03));
        assertThat(m[0]).isCloseTo(0, within(0.002));
    }

    @Test
    void xavierNormalHasVarianceGainSquaredTimesTwoOverFanSum() {
        INDArray w = Nd4j.create(DataType.FLOAT, 300, 200);
        Init.xavierNormal(w, 2.0, new Rng(6));
        // 4 · 2/500 = 0.016; the sample variance of 60000 normal draws is within 0.6% (1 sd).
        double[] m = sampleMoments(NativeArrays.read(w));
        assertThat(m[1]).isCloseTo(0.016, within(0.016 * 0.03));
    }

    @Test
    void fansFollowPyTorchForVectorsMatricesAndConvolutions() {
        assertThat(Init.fans(Nd4j.create(DataType.FLOAT, 7))).containsExactly(7, 7);
        assertThat(Init.fans(Nd4j.create(DataType.FLOAT, 5, 3))).containsExactly(3, 5);
        assertThat(Init.fans(Nd4j.create(DataType.FLOAT, 8, 4, 3))).containsExactly(12, 24);
    }

    @Test
    void aSeedFixesEveryInitialiser() {
        for (int kind = 0; kind < 5; kind++) {
            INDArray a = Nd4j.create(DataType.FLOAT, 6, 4);
            INDArray b = Nd4j.create(DataType.FLOAT, 6, 4);
            INDArray c = Nd4j.create(DataType.FLOAT, 6, 4);
            fill(kind, a, new Rng(77));
            fill(kind, b, new Rng(77));
            fill(kind, c, new Rng(78));
            assertThat(NativeArrays.read(a)).as("kind %d", kind).containsExactly(NativeArrays.read(b));
            assertThat(NativeArrays.read(a)).as("kind %d", kind).isNotEqualTo(NativeArrays.read(c));
        }
    }

    private static void fill(int kind, INDArray w, Rng rng) {
        switch (kind) {
            case 0 -> Init.uniform(w, 0.1, rng);
            case 1 -> Init.normal(w, 0.1, rng);
            case 2 -> Init.xavierUniform(w, rng);
            case 3 -> Init.xavierNormal(w, rng);
            default -> Init.orthogonal(w, rng);
        }
    }

    @Test
    void uniformAndNormalHaveTheRequestedScale() {
        INDArray u = Nd4j.create(DataType.DOUBLE, 100, 100);
        Init.uniform(u, 0.5, new Rng(8));
        double[] v = NativeArrays.read(u);
        for (double x : v) {
            assertThat(x).isBetween(-0.5, 0.5);
        }
        // Uniform(±a) has variance a²/3.
        assertThat(sampleMoments(v)[1]).isCloseTo(0.25 / 3, within(0.25 / 3 * 0.03));
        INDArray g = Nd4j.create(DataType.DOUBLE, 100, 100);
        Init.normal(g, 0.3, new Rng(9));
        assertThat(sampleMoments(NativeArrays.read(g))[1]).isCloseTo(0.09, within(0.09 * 0.05));
        Init.zeros(g);
        assertThat(NativeArrays.read(g)).containsOnly(0);
    }

    @Test
    void lstmForgetGateBiasSetsTheSecondQuarterToOne() {
        INDArray b = Nd4j.create(DataType.FLOAT, 12);
        Init.constant(b, 0.5);
        Init.lstmForgetGateBias(b, 3);
        assertThat(NativeArrays.read(b)).containsExactly(0.5, 0.5, 0.5, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
        assertThatThrownBy(() -> Init.lstmForgetGateBias(b, 4)).hasMessageContaining("4*4 = 16");
    }
}
