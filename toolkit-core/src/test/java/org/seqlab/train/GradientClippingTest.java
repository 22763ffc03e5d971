package org.seqlab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.nn.Parameter;

class GradientClippingTest {
    private static Parameter param(String name, DataType type, double... grad) {
        Parameter p = Parameter.zeros(name, type, grad.length);
        p.grad().assign(Nd4j.create(grad, new long[] {grad.length}, DataType.DOUBLE).castTo(type));
        return p;
    }

    private static double[] grad(Parameter p) {
        return p.grad().castTo(DataType.DOUBLE).data().asDouble();
    }

    @Test
    void globalNormScalesAllGradientsTogetherToTheLimit() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            Parameter a = param("a", type, 3, 4);
            Parameter b = param("b", type, 12);
            // sqrt(9 + 16 + 144) = 13; limit 6.5 halves everything
            double norm = GradientClipping.clipByGlobalNorm(List.of(a, b), 6.5);
            assertThat(norm).isCloseTo(13, within(1e-9));
            assertThat(grad(a)).containsExactly(new double[] {1.5, 2}, within(1e-6));
            assertThat(grad(b)).containsExactly(new double[] {6}, within(1e-6));
            assertThat(GradientClipping.globalNorm(List.of(a, b))).isCloseTo(6.5, within(1e-5));
        }
    }

    @Test
    void globalNormCoversLongGradientsWithOddLengths() {
        // 1² + ... + n² = n(n+1)(2n+1)/6
        int n = 4099;
        double[] g = new double[n];
        for (int j = 0; j < n; j++) {
            g[j] = j + 1;
        }
        double expected = Math.sqrt((double) n * (n + 1) * (2 * n + 1) / 6);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            // OpenBLAS's AVX2 cblas_dsdot squares each float in float before its double sum (its AVX-512 kernel
            // does not): a float32 gradient's norm is good to a float product's rounding, 6e-8 of each square
            double tolerance = type == DataType.DOUBLE ? 1e-9 : 1e-7;
            assertThat(GradientClipping.globalNorm(List.of(param("g", type, g), param("h", type, 3))))
                    .isCloseTo(Math.sqrt(expected * expected + 9), within(tolerance * expected));
        }
    }

    @Test
    void globalNormOfATrackedTableReadsItsTouchedRows() {
        Parameter table = Parameter.zeros("emb", DataType.FLOAT, 6, 2).trackTouchedRows();
        table.grad().getRow(1).assign(3);
        table.grad().getRow(4).assign(-4);
        table.markTouchedRows(4, 1);
        // 2·9 + 2·16 = 50
        assertThat(GradientClipping.globalNorm(List.of(table, param("b", DataType.FLOAT, 5))))
                .isCloseTo(Math.sqrt(75), within(1e-9));
    }

    @Test
    void gradientsBelowTheLimitAreUntouched() {
        Parameter a = param("a", DataType.DOUBLE, 3, 4);
        assertThat(GradientClipping.clipByGlobalNorm(List.of(a), 5.5)).isEqualTo(5.0);
        assertThat(grad(a)).containsExactly(3, 4);
    }

    @Test
    void nonFiniteNormIsReportedNotSpread() {
        Parameter a = param("a", DataType.FLOAT, 3, Double.NaN);
        Parameter b = param("b", DataType.FLOAT, 1);
        assertThat(GradientClipping.clipByGlobalNorm(List.of(a, b), 1)).isNaN();
        assertThat(grad(b)).containsExactly(1);
    }

    @Test
    void clipByValueClampsEachElement() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            Parameter a = param("a", type, 3, -4, 0.5, -2.5);
            GradientClipping.clipByValue(List.of(a), 2.5);
            assertThat(grad(a)).containsExactly(2.5, -2.5, 0.5, -2.5);
        }
    }
}
