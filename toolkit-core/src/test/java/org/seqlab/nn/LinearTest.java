package org.seqlab.nn;

import org.seqlab.random.Rng;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class LinearTest {

    private static Linear layer(DataType type, boolean bias) {
        return Linear.builder().setInputSize(3).setOutputSize(2).setRng(new Rng(1)).optBias(bias).optDataType(type)
                .build();
    }

    @Test
    void forwardIsInputTimesWeightTransposedPlusBias() {
        Linear linear = layer(DataType.FLOAT, true);
        NativeArrays.write(linear.weight().value(), new double[] {1, 0, -1, 2, 1, 0});
        NativeArrays.write(linear.bias().value(), new double[] {0.5, -1});
        INDArray x = TestArrays.of(DataType.FLOAT, new double[] {1, 2, 3, -1, 0, 4}, 2, 3);
        // Row 1: [1·1 + 0·2 - 1·3 + 0.5, 2·1 + 1·2 + 0·3 - 1] = [-1.5, 3]; row 2: [-1 - 4 + 0.5, -2 - 1] = [-4.5, -3].
        assertThat(NativeArrays.read(linear.forward(x).output())).containsExactly(-1.5, 3, -4.5, -3);
    }

    @Test
    void backwardComputesHandDerivedGradientsAndAccumulates() {
        Linear linear = layer(DataType.DOUBLE, true);
        NativeArrays.write(linear.weight().value(), new double[] {1, 0, -1, 2, 1, 0});
        INDArray x = TestArrays.of(DataType.DOUBLE, new double[] {1, 2, 3, -1, 0, 4}, 2, 3);
        INDArray g = TestArrays.of(DataType.DOUBLE, new double[] {1, 0, 0, 2}, 2, 2);
        Linear.Result r = linear.forward(x);
        INDArray dx = linear.backward(r, g);
        // dx = g·W: [1·W0, 2·W1] = [[1, 0, -1], [4, 2, 0]]; dW = gᵀ·x: [[1, 2, 3], [-2, 0, 8]]; db = [1, 2].
        assertThat(NativeArrays.read(dx)).containsExactly(1, 0, -1, 4, 2, 0);
        assertThat(NativeArrays.read(linear.weight().grad())).containsExactly(1, 2, 3, -2, 0, 8);
        assertThat(NativeArrays.read(linear.bias().grad())).containsExactly(1, 2);
        linear.backward(r, g);
        assertThat(NativeArrays.read(linear.bias().grad())).containsExactly(2, 4);
    }

    @Test
    void passesFloat64GradientCheckWithAndWithoutBias() {
        for (boolean bias : new boolean[] {true, false}) {
            Linear linear = layer(DataType.DOUBLE, bias);
            INDArray x = TestArrays.gaussian(DataType.DOUBLE, 2, 5, 3);
            INDArray probe = TestArrays.gaussian(DataType.DOUBLE, 3, 5, 2);
            INDArray dx = linear.backward(linear.forward(x), probe);
            List<GradientCheck.Checked> checked = new java.util.ArrayList<>(List.of(
                    new GradientCheck.Checked("x", x, dx),
                    new GradientCheck.Checked("weight", linear.weight().value(), linear.weight().grad())));
            if (bias) {
                checked.add(new GradientCheck.Checked("bias", linear.bias().value(), linear.bias().grad()));
            }
            GradientCheck.Result result = GradientCheck
                    .check(() -> TestArrays.dot(linear.forward(x).output(), probe), checked);
            assertThat(result.maxError()).as(result.toString()).isLessThan(1e-6);
            assertThat(linear.parameters().size()).isEqualTo(bias ? 2 : 1);
        }
    }

    @Test
    void float32AgreesWithFloat64() {
        Linear f64 = layer(DataType.DOUBLE, true);
        Linear f32 = layer(DataType.FLOAT, true);
        INDArray x = TestArrays.gaussian(DataType.DOUBLE, 4, 7, 3);
        double[] a = NativeArrays.read(f64.forward(x).output());
        double[] b = NativeArrays.read(f32.forward(x.castTo(DataType.FLOAT)).output());
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).isCloseTo(a[i], within(1e-5));
        }
    }

    @Test
    void rejectsWrongInputSizeNaNAndWrongGradientShape() {
        Linear linear = layer(DataType.FLOAT, true);
        assertThatThrownBy(() -> linear.forward(TestArrays.gaussian(DataType.FLOAT, 1, 4, 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("linear")
                .hasMessageContaining("input size 3").hasMessageContaining("[4, 5]");
        INDArray nan = TestArrays.of(DataType.FLOAT, new double[] {1, Double.NaN, 0}, 1, 3);
        assertThatThrownBy(() -> linear.forward(nan)).hasMessageContaining("NaN");
        Linear.Result r = linear.forward(TestArrays.gaussian(DataType.FLOAT, 1, 4, 3));
        assertThatThrownBy(() -> linear.backward(r, TestArrays.gaussian(DataType.FLOAT, 1, 4, 3)))
                .hasMessageContaining("output gradient must be FLOAT [4, 2]");
        assertThatThrownBy(() -> linear.forward(TestArrays.gaussian(DataType.DOUBLE, 1, 4, 3)))
                .hasMessageContaining("parameters are FLOAT");
    }

    @Test
    void defaultInitIsUniformWithinOneOverSqrtFanIn() {
        Linear linear = Linear.builder().setInputSize(16).setOutputSize(8).setRng(new Rng(5)).build();
        for (double w : NativeArrays.read(linear.weight().value())) {
            assertThat(Math.abs(w)).isLessThanOrEqualTo(0.25);
        }
    }

    @Test
    void refusesInputWithNaNOrInfinityAnywhere() {
        Linear layer = Linear.builder().setInputSize(100).setOutputSize(3).setRng(new Rng(1)).build();
        Linear layer64 = Linear.builder().setInputSize(100).setOutputSize(3).setRng(new Rng(1))
                .optDataType(DataType.DOUBLE).build();
        // 200 rows of 100: the values span several of the check's 8192-value chunks
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            for (int at : new int[] {0, 8191, 8192, 19_999}) {
                double[] v = new double[200 * 100];
                java.util.Arrays.fill(v, -3.4e38);
                v[at] = bad;
                for (Linear l : new Linear[] {layer, layer64}) {
                    DataType t = l.weight().dataType();
                    assertThatThrownBy(() -> l.forward(TestArrays.of(t, v, 200, 100)))
                            .as(t + " " + bad + " at " + at).hasMessageContaining("NaN or infinite");
                }
            }
        }
        double[] fine = new double[200 * 100];
        java.util.Arrays.fill(fine, Float.MAX_VALUE);
        assertThat(layer.forward(TestArrays.of(DataType.FLOAT, fine, 200, 100)).output().rows()).isEqualTo(200);
        assertThat(layer64.forward(TestArrays.of(DataType.DOUBLE, fine, 200, 100)).output().rows()).isEqualTo(200);
        // a view of rows (not its own buffer start) is checked over its own values only
        double[] tailBad = new double[3 * 100];
        tailBad[250] = Double.NaN;
        INDArray firstTwoRows = TestArrays.of(DataType.FLOAT, tailBad, 3, 100).get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2), org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertThat(layer.forward(firstTwoRows).output().rows()).isEqualTo(2);
        INDArray lastRow = TestArrays.of(DataType.FLOAT, tailBad, 3, 100).getRow(2, true);
        assertThatThrownBy(() -> layer.forward(lastRow)).hasMessageContaining("NaN or infinite");
    }
}
