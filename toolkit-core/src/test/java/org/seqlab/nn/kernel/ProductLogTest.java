package org.seqlab.nn.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

class ProductLogTest {
    @Test
    void countsEachShapeWhileStartedAndReplaysThemAlone() {
        FloatPointer a = new FloatPointer(64 * 32);
        FloatPointer b = new FloatPointer(32 * 48);
        FloatPointer c = new FloatPointer(64 * 48);
        Blas.gemm(false, false, 64, 48, 32, 1f, a, 0, 32, b, 0, 48, 0f, c, 0, 48); // before the log: not counted
        ProductLog log = ProductLog.start();
        try {
            assertThatThrownBy(ProductLog::start).isInstanceOf(IllegalStateException.class);
            for (int i = 0; i < 3; i++) {
                Blas.gemm(false, false, 64, 48, 32, 1f, a, 0, 32, b, 0, 48, 0f, c, 0, 48);
            }
            Blas.gemm(true, false, 32, 48, 64, 1f, a, 0, 32, c, 0, 48, 1f, b, 0, 48); // Aᵀ·C added into B
            Blas.gemm(false, false, 0, 48, 32, 1f, a, 0, 32, b, 0, 48, 0f, c, 0, 48); // empty: not a product
        } finally {
            log.stop();
        }
        Blas.gemm(false, false, 64, 48, 32, 1f, a, 0, 32, b, 0, 48, 0f, c, 0, 48); // after: not counted
        assertThat(log.counts()).isEqualTo(Map.of(
                new ProductLog.Shape(false, false, 64, 48, 32, false), 3L,
                new ProductLog.Shape(true, false, 32, 48, 64, true), 1L));
        assertThat(log.flops()).isEqualTo(4 * 2.0 * 64 * 48 * 32);
        double seconds = log.replaySeconds(0.001);
        assertThat(seconds).isPositive().isLessThan(1.0);
        ProductLog.start().stop(); // the stopped log freed the slot
        a.close();
        b.close();
        c.close();
    }

    @Test
    void replayTimesSmallDimensionsAsTheyAreAndLargeOnesRounded() {
        assertThat(ProductLog.representative(1)).isEqualTo(1);
        assertThat(ProductLog.representative(64)).isEqualTo(64);
        assertThat(ProductLog.representative(65)).isEqualTo(64);
        assertThat(ProductLog.representative(1000)).isEqualTo(992);
        assertThat(ProductLog.representative(1010)).isEqualTo(1024);
        // batches of 1,000 and 1,001 rows share one representative: the replay runs it and scales by operations
        FloatPointer a = new FloatPointer(1001 * 64);
        FloatPointer b = new FloatPointer(64 * 96);
        FloatPointer c = new FloatPointer(1001 * 96);
        ProductLog log = ProductLog.start();
        try {
            Blas.gemm(false, false, 1000, 96, 64, 1f, a, 0, 64, b, 0, 96, 0f, c, 0, 96);
            Blas.gemm(false, false, 1001, 96, 64, 1f, a, 0, 64, b, 0, 96, 0f, c, 0, 96);
        } finally {
            log.stop();
        }
        assertThat(log.counts()).hasSize(2);
        assertThat(log.replaySeconds(0.001)).isPositive().isLessThan(1.0);
        a.close();
        b.close();
        c.close();
    }
}
