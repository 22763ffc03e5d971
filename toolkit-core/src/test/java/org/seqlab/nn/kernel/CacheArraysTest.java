package org.seqlab.nn.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.nn.recurrent.CellType;
import org.seqlab.nn.recurrent.RecurrentForward;
import org.seqlab.nn.recurrent.RecurrentStack;
import org.seqlab.random.Rng;

class CacheArraysTest {

    @Test
    void sizeClassesAreQuarterStepsAboveAPowerOfTwo() {
        assertThat(CacheArrays.sizeClass(1)).isEqualTo(1024);
        assertThat(CacheArrays.sizeClass(1024)).isEqualTo(1024);
        assertThat(CacheArrays.sizeClass(1025)).isEqualTo(1280);
        assertThat(CacheArrays.sizeClass(1281)).isEqualTo(1536);
        assertThat(CacheArrays.sizeClass(1793)).isEqualTo(2048);
        assertThat(CacheArrays.sizeClass(1_000_000)).isEqualTo(1_048_576);
        for (int n = 1; n < 100_000; n += 97) {
            int c = CacheArrays.sizeClass(n);
            assertThat(c).isGreaterThanOrEqualTo(n);
            assertThat(c).isLessThanOrEqualTo(Math.max(1024, n + n / 4 + 1));
        }
    }

    @Test
    void aReleasedArrayIsHandedOutAgainForTheSameClass() {
        float[] a = CacheArrays.floats(5000);
        CacheArrays.release(a);
        assertThat(CacheArrays.floats(4999)).isSameAs(a);
        double[] d = CacheArrays.doubles(3000);
        CacheArrays.release(d);
        assertThat(CacheArrays.doubles(3000)).isSameAs(d);
    }

    @Test
    void aSecondBackwardOnOneForwardPassIsRefusedNotComputedFromReusedArrays() {
        RecurrentStack lstm = RecurrentStack.builder().setCell(CellType.LSTM).setInputSize(3).setHiddenSize(4)
                .optBidirectional(true).build(new Rng(1));
        SequenceLayout layout = SequenceLayout.of(3, 2);
        RecurrentForward f = lstm.forward(Nd4j.rand(DataType.FLOAT, 5, 3), layout);
        INDArray g = Nd4j.ones(DataType.FLOAT, 5, 8);
        lstm.backward(f, g, null);
        assertThatThrownBy(() -> lstm.backward(f, g, null)).hasMessageContaining("second backward");
    }
}
