package org.seqlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class BlasTest {
    // A = [[1, 2, 3], [4, 5, 6]], B = [[1, 0], [0, 1], [1, 1]]: A·B = [[4, 5], [10, 11]] by hand.
    private static final double[] A = {1, 2, 3, 4, 5, 6};
    private static final double[] B = {1, 0, 0, 1, 1, 1};

    @Test
    void multipliesInBothPrecisions() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray c = TestArrays.of(t, new double[4], 2, 2);
            Blas.gemm(TestArrays.of(t, A, 2, 3), false, TestArrays.of(t, B, 3, 2), false, c, 1, 0);
            assertThat(NativeArrays.read(c)).containsExactly(4, 5, 10, 11);
        }
    }

    @Test
    void transposeFlagsAlphaAndBetaAccumulate() {
        // Aᵀ stored as [3, 2]; Bᵀ stored as [2, 3]; C starts at 1 and gets 2·A·B + C.
        INDArray at = TestArrays.of(DataType.DOUBLE, new double[] {1, 4, 2, 5, 3, 6}, 3, 2);
        INDArray bt = TestArrays.of(DataType.DOUBLE, new double[] {1, 0, 1, 0, 1, 1}, 2, 3);
        INDArray c = TestArrays.of(DataType.DOUBLE, new double[] {1, 1, 1, 1}, 2, 2);
        Blas.gemm(at, true, bt, true, c, 2, 1);
        assertThat(NativeArrays.read(c)).containsExactly(9, 11, 21, 23);
    }

    @Test
    void largeProductsSplitOverTwoThreadsGiveTheTextbookProduct() {
        // 301 × 120 × 200 = 7.2M multiply-adds: above the two-thread threshold, more rows than columns (halves of
        // the rows, an odd count: unequal halves)
        checkAgainstTripleLoop(301, 120, 200);
    }

    @Test
    void wideProductsSplitTheirColumns() {
        // 41 rows, 1,003 columns (halves at column 496: a multiple of 16, unequal), as a decoder step's products
        checkAgainstTripleLoop(41, 120, 1003);
    }

    @Test
    void productsInsideRunAloneAreOneCallWithTheSameResult() {
        org.seqlab.nn.kernel.KernelThreads.runAlone(() -> {
            assertThat(org.seqlab.nn.kernel.KernelThreads.runsInline()).isTrue();
            checkAgainstTripleLoop(41, 120, 1003);
            checkAgainstTripleLoop(301, 120, 200);
        });
        assertThat(org.seqlab.nn.kernel.KernelThreads.runsInline()).isFalse();
    }

    /** Arrays of the given sizes filled with integers in [-4, 4] (their products are exact in float32). */
    private static double[][] smallIntegers(long seed, int... sizes) {
        java.util.Random random = new java.util.Random(seed);
        double[][] out = new double[sizes.length][];
        for (int j = 0; j < sizes.length; j++) {
            out[j] = new double[sizes[j]];
            for (int i = 0; i < sizes[j]; i++) {
                out[j][i] = random.nextInt(9) - 4;
            }
        }
        return out;
    }

    /** Every transpose combination, alpha and beta; expected values by the triple loop in double precision. */
    private static void checkAgainstTripleLoop(int m, int k, int n) {
        double[][] operands = smallIntegers(5, m * k, k * n, m * n);
        double[] a = operands[0];
        double[] b = operands[1];
        double[] c0 = operands[2];
        double[] expected = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int l = 0; l < k; l++) {
                    sum += a[i * k + l] * b[l * n + j];
                }
                expected[i * n + j] = 2 * sum - c0[i * n + j];
            }
        }
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    INDArray aArray = transA ? TestArrays.of(t, a, m, k).transpose().dup('c') : TestArrays.of(t, a, m, k);
                    INDArray bArray = transB ? TestArrays.of(t, b, k, n).transpose().dup('c') : TestArrays.of(t, b, k, n);
                    INDArray c = TestArrays.of(t, c0, m, n);
                    Blas.gemm(aArray, transA, bArray, transB, c, 2, -1);
                    assertThat(NativeArrays.read(c)).as(t + " transA " + transA + " transB " + transB)
                            .containsExactly(expected);
                }
            }
            // the offset form, as the decoder uses it: the first m rows of a larger buffer, after 5 leading values
            double[] bigger = new double[5 + m * n + 2 * n];
            System.arraycopy(c0, 0, bigger, 5, m * n);
            bigger[bigger.length - 1] = 7;
            INDArray buffer = TestArrays.of(t, bigger, bigger.length);
            Blas.gemm(TestArrays.of(t, a, m, k), 0, m, k, false, TestArrays.of(t, b, k, n), 0, k, n, false, buffer, 5,
                    m, n, 2, -1);
            double[] got = NativeArrays.read(buffer);
            assertThat(java.util.Arrays.copyOfRange(got, 5, 5 + m * n)).as(t + " offset form").containsExactly(expected);
            assertThat(got[0]).isZero();
            assertThat(got[got.length - 1]).as("past the matrix: untouched").isEqualTo(7);
        }
    }

    @Test
    void theStridedFormReadsAndWritesColumnsOfWiderMatrices() {
        // op(A) [m, k] stored from column 2 of a matrix 3 columns wider, op(B) from column 1 (and row 1) of one 4
        // columns wider, C from column 3 of [m, n + 5], for every transpose combination; small (one call) and large
        // (two threads: 41 x 1,003 x 120 splits C's columns, 301 x 200 x 120 its rows); the values around C stay
        for (int[] size : new int[][] {{3, 4, 5}, {41, 1003, 120}, {301, 200, 120}}) {
            int m = size[0];
            int n = size[1];
            int k = size[2];
            double[][] operands = smallIntegers(11, m * k, k * n, m * n);
            double[] a = operands[0];
            double[] b = operands[1];
            double[] c0 = operands[2];
            int ldc = n + 5;
            double[] expected = new double[m * ldc];
            java.util.Arrays.fill(expected, 7);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int l = 0; l < k; l++) {
                        sum += a[i * k + l] * b[l * n + j];
                    }
                    expected[i * ldc + 3 + j] = 2 * sum - c0[i * n + j];
                }
            }
            // both precisions for the small product; the splits, which do not depend on the type, in float32
            DataType[] types = m < 10 ? new DataType[] {DataType.FLOAT, DataType.DOUBLE}
                    : new DataType[] {DataType.FLOAT};
            for (DataType t : types) {
                for (boolean transA : new boolean[] {false, true}) {
                    for (boolean transB : new boolean[] {false, true}) {
                        int aRows = transA ? k : m;
                        int aCols = transA ? m : k;
                        int lda = aCols + 3;
                        double[] aStored = new double[aRows * lda];
                        java.util.Arrays.fill(aStored, 99);
                        for (int i = 0; i < m; i++) {
                            for (int l = 0; l < k; l++) {
                                aStored[transA ? l * lda + 2 + i : i * lda + 2 + l] = a[i * k + l];
                            }
                        }
                        int bRows = transB ? n : k;
                        int bCols = transB ? k : n;
                        int ldb = bCols + 4;
                        double[] bStored = new double[(bRows + 1) * ldb];
                        java.util.Arrays.fill(bStored, -99);
                        for (int l = 0; l < k; l++) {
                            for (int j = 0; j < n; j++) {
                                bStored[ldb + (transB ? j * ldb + 1 + l : l * ldb + 1 + j)] = b[l * n + j];
                            }
                        }
                        double[] cStored = new double[m * ldc];
                        java.util.Arrays.fill(cStored, 7);
                        for (int i = 0; i < m; i++) {
                            System.arraycopy(c0, i * n, cStored, i * ldc + 3, n);
                        }
                        INDArray c = TestArrays.of(t, cStored, cStored.length);
                        Blas.gemm(m, n, k, 2, TestArrays.of(t, aStored, aStored.length), 2, lda, transA,
                                TestArrays.of(t, bStored, bStored.length), ldb + 1, ldb, transB, -1, c, 3, ldc);
                        assertThat(NativeArrays.read(c)).as("%s %dx%dx%d transA %s transB %s", t, m, n, k, transA,
                                transB).containsExactly(expected);
                    }
                }
            }
        }
    }

    @Test
    void theStridedFormRefusesMatricesOutsideTheirBuffers() {
        INDArray small = TestArrays.of(DataType.FLOAT, new double[12], 12);
        INDArray c = TestArrays.of(DataType.FLOAT, new double[4], 4);
        // [2, 3] with leading dimension 6 needs 6 + 3 = 9 values from offset 0: fits; from offset 4 it does not
        Blas.gemm(2, 2, 3, 1, small, 0, 6, false, small, 0, 2, false, 0, c, 0, 2);
        assertThatThrownBy(() -> Blas.gemm(2, 2, 3, 1, small, 4, 6, false, small, 0, 2, false, 0, c, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gemm A");
        // a leading dimension shorter than a stored row
        assertThatThrownBy(() -> Blas.gemm(2, 2, 3, 1, small, 0, 2, false, small, 0, 2, false, 0, c, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leading dimension 2");
        assertThatThrownBy(() -> Blas.gemm(2, 2, 3, 1, small, 0, 3, false, small, 0, 2, false, 0, c, 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gemm C");
    }

    @Test
    void fillRowsBroadcastsTheRowIntoEveryRow() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray c = TestArrays.of(t, new double[] {9, 9, 9, 9, 9, 9, 9, 9}, 4, 2);
            Blas.fillRows(c, 2, 3, 2, TestArrays.of(t, new double[] {1.5, -2}, 2));
            assertThat(NativeArrays.read(c)).containsExactly(9, 9, 1.5, -2, 1.5, -2, 1.5, -2);
        }
    }

    @Test
    void readsViewsAtTheirOffset() {
        INDArray a = TestArrays.of(DataType.FLOAT, A, 2, 3);
        INDArray secondRow = a.getRow(1, true);
        assertThat(NativeArrays.read(secondRow)).containsExactly(4, 5, 6);
        double[] out = new double[3];
        NativeArrays.readRange(a, 3, 3, out, 0);
        assertThat(out[2]).isCloseTo(6, within(0.0));
    }

    @Test
    void rejectsDisagreeingShapesBeforeTheNativeCall() {
        INDArray c = TestArrays.of(DataType.DOUBLE, new double[4], 2, 2);
        assertThatThrownBy(() -> Blas.gemm(TestArrays.of(DataType.DOUBLE, A, 2, 3), false,
                TestArrays.of(DataType.DOUBLE, A, 2, 3), false, c, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shapes disagree");
    }
}
