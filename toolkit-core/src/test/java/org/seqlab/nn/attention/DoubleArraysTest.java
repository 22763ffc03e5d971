package org.seqlab.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class DoubleArraysTest {
    @Test
    void floatCopiesKeepRowMajorOrderForDenseArraysPrefixesAndViews() {
        float[] values = new float[12];
        for (int i = 0; i < values.length; i++) {
            values[i] = i - 5.5f;
        }
        INDArray a = DoubleArrays.fromFloats(values, 3, 4);
        assertThat(a.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(a.shape()).containsExactly(3, 4);
        assertThat(a.getFloat(2, 1)).isEqualTo(values[9]);
        assertThat(DoubleArrays.toFloats(a)).containsExactly(values);
        // the leading rows of a larger buffer (a dense prefix) and a strided view (copied in order first)
        INDArray firstTwoRows = a.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all());
        assertThat(DoubleArrays.toFloats(firstTwoRows)).containsExactly(java.util.Arrays.copyOf(values, 8));
        INDArray transposed = a.transpose();
        float[] t = DoubleArrays.toFloats(transposed);
        assertThat(t).hasSize(12);
        assertThat(t[1]).isEqualTo(values[4]); // row 0 of the transpose: column 0 of a
        INDArray doubles = Nd4j.create(new double[] {1.5, -2.5}, new long[] {2}, DataType.DOUBLE);
        assertThat(DoubleArrays.toFloats(doubles)).containsExactly(1.5f, -2.5f);
        assertThatThrownBy(() -> DoubleArrays.fromFloats(values, 5, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12 values for shape [5, 2]");
    }
}
