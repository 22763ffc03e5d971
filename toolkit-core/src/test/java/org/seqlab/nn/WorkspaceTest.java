package org.seqlab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class WorkspaceTest {

    @Test
    void reusesASlotUntilALargerBufferIsNeeded() {
        INDArray a = Workspace.array("test.slot", DataType.FLOAT, 100);
        assertThat(Workspace.array("test.slot", DataType.FLOAT, 50)).isSameAs(a);
        assertThat(Workspace.array("test.slot", DataType.DOUBLE, 50)).isNotSameAs(a);
        INDArray b = Workspace.array("test.slot", DataType.FLOAT, 101);
        assertThat(b).isNotSameAs(a);
        assertThat(b.length()).isGreaterThanOrEqualTo(150);
    }

    @Test
    void zeroedDoublesAreZeroOnReuse() {
        double[] d = Workspace.zeroedDoubles("test.doubles", 10);
        d[3] = 7;
        d[9] = 1;
        double[] again = Workspace.zeroedDoubles("test.doubles", 10);
        assertThat(again).isSameAs(d);
        for (int i = 0; i < 10; i++) {
            assertThat(again[i]).isZero();
        }
    }

    @Test
    void eachThreadHasItsOwnBuffers() throws Exception {
        INDArray mine = Workspace.array("test.thread", DataType.FLOAT, 10);
        INDArray other = CompletableFuture.supplyAsync(() -> Workspace.array("test.thread", DataType.FLOAT, 10)).get();
        assertThat(other).isNotSameAs(mine);
    }

    @Test
    void onesAreOnesAtEverySize() {
        for (long n : new long[] {3, 1000, 10}) {
            INDArray ones = Workspace.ones(DataType.FLOAT, n);
            assertThat(ones.length()).isGreaterThanOrEqualTo(n);
            assertThat(NativeArrays.read(ones)).containsOnly(1.0);
        }
    }
}
