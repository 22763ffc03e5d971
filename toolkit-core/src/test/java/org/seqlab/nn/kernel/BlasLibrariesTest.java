package org.seqlab.nn.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

/** The two float32 GEMM libraries behind {@link Blas#gemm}: the same products, oneDNN on one OpenMP thread. */
class BlasLibrariesTest {

    @Test
    void floatProductsGoToOneDnnOnThisPlatformAndAreNotSplitIntoChunks() {
        // the build platform (linux-x86_64) ships oneDNN's binaries; losing them would cost 2-6x on per-step products
        assertThat(Blas.floatProductsUseOneDnn()).isTrue();
        assertThat(Blas.smallProductRows(200, 200)).isEqualTo(Integer.MAX_VALUE);
        assertThat(Blas.smallProductRows(64, 64)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void bothLibrariesGiveTheTextbookProductAtTheLayersShapes() {
        // m, n, k, transA, transB: a recurrent step's product (whole and a late step's few rows), an input projection,
        // a weight gradient, and a small odd case with both operands transposed
        int[][] shapes = {{32, 200, 200, 0, 0}, {5, 200, 200, 0, 1}, {96, 200, 100, 0, 1}, {200, 100, 96, 1, 0},
            {7, 3, 5, 1, 1}};
        Random random = new Random(3);
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            boolean transA = s[3] == 1;
            boolean transB = s[4] == 1;
            float[] a = randoms(random, m * k);
            float[] b = randoms(random, k * n);
            float[] c0 = randoms(random, m * n);
            // op(A)[i][l] and op(B)[l][j] as stored: A is [k, m] when transposed, B is [n, k]
            double[] expected = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int l = 0; l < k; l++) {
                        double x = transA ? a[l * m + i] : a[i * k + l];
                        double y = transB ? b[j * k + l] : b[l * n + j];
                        sum += x * y;
                    }
                    expected[i * n + j] = 0.5 * sum + 2 * c0[i * n + j];
                }
            }
            int lda = transA ? m : k;
            int ldb = transB ? k : n;
            for (boolean oneDnn : new boolean[] {true, false}) {
                // each matrix 3 values into its buffer, as kernels address workspace slices
                FloatPointer pa = pointer(a, 3);
                FloatPointer pb = pointer(b, 3);
                FloatPointer pc = pointer(c0, 3);
                if (oneDnn) {
                    Blas.oneDnnGemm(transA, transB, m, n, k, 0.5f, pa, 3, lda, pb, 3, ldb, 2f, pc, 3, n);
                } else {
                    Blas.openBlasGemm(transA, transB, m, n, k, 0.5f, pa, 3, lda, pb, 3, ldb, 2f, pc, 3, n);
                }
                pc.position(0); // the call left it at the offset
                for (int i = 0; i < m * n; i++) {
                    assertThat((double) pc.get(3 + i)).as("%s %s element %d", oneDnn ? "oneDNN" : "OpenBLAS",
                            java.util.Arrays.toString(s), i).isCloseTo(expected[i],
                            org.assertj.core.api.Assertions.within(1e-5 * (1 + Math.abs(expected[i])) * Math.sqrt(k)));
                }
                assertThat(pc.get(0)).as("before the matrix: untouched").isZero();
            }
        }
    }

    @Test
    void aThreadsFirstOneDnnProductSetsItsOpenMpThreadsToOne() throws InterruptedException {
        AtomicInteger before = new AtomicInteger();
        AtomicInteger after = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> product = new java.util.concurrent.atomic.AtomicReference<>();
        Thread thread = new Thread(() -> {
            // as in a JVM started without OMP_NUM_THREADS=1
            org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(2);
            before.set(Blas.openMpThreads());
            FloatPointer x = pointer(new float[] {1, 2, 3, 4}, 0);
            FloatPointer c = pointer(new float[4], 0);
            Blas.oneDnnGemm(false, false, 2, 2, 2, 1, x, 0, 2, x, 0, 2, 0, c, 0, 2);
            after.set(Blas.openMpThreads());
            product.set(java.util.Arrays.toString(new float[] {c.get(0), c.get(1), c.get(2), c.get(3)}));
        });
        thread.start();
        thread.join();
        assertThat(before.get()).isEqualTo(2);
        assertThat(after.get()).isEqualTo(1);
        assertThat(product.get()).isEqualTo("[7.0, 10.0, 15.0, 22.0]");
    }

    private static float[] randoms(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static FloatPointer pointer(float[] values, int lead) {
        FloatPointer p = new FloatPointer(values.length + lead + 2);
        p.fill(0);
        p.position(lead).put(values).position(0);
        return p;
    }
}
