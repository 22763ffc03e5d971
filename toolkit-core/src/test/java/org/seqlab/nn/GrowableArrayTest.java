package org.seqlab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqlab.nn.kernel.Blas;

/** The reused buffer hands out leading-row views that the kernels read as dense arrays, and grows only when asked. */
class GrowableArrayTest {
    @Test
    void smallerMatricesShareTheBufferAndReadAsDense() {
        GrowableArray g = new GrowableArray();
        INDArray big = g.rows(DataType.FLOAT, 10, 3);
        long capacity = g.capacity();
        assertThat(capacity).isGreaterThanOrEqualTo(30);
        big.assign(Nd4j.arange(30).reshape(10, 3).castTo(DataType.FLOAT));
        INDArray small = g.rows(DataType.FLOAT, 4, 3);
        assertThat(small.shape()).containsExactly(4, 3);
        assertThat(g.capacity()).isEqualTo(capacity);
        assertThat(Blas.isDensePrefix(small)).isTrue();
        // the leading 12 values of the buffer, row by row
        assertThat(small.getFloat(3, 2)).isEqualTo(11f);
        float[] viaPointer = new float[12];
        Blas.floats(small).get(viaPointer);
        assertThat(viaPointer[11]).isEqualTo(11f);
        g.rows(DataType.FLOAT, 40, 3);
        assertThat(g.capacity()).isGreaterThanOrEqualTo(120);
    }

    @Test
    void viewsThatAreNotLeadingRowsAreNotDense() {
        INDArray a = Nd4j.create(DataType.FLOAT, 6, 4);
        assertThat(Blas.isDensePrefix(a)).isTrue();
        assertThat(Blas.isDensePrefix(a.get(NDArrayIndex.interval(0, 3), NDArrayIndex.all()))).isTrue();
        assertThat(Blas.isDensePrefix(a.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all()))).isFalse();
        assertThat(Blas.isDensePrefix(a.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)))).isFalse();
        assertThat(Blas.isDensePrefix(a.transpose())).isFalse();
    }
}
