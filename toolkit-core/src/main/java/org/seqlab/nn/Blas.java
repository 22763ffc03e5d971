package org.seqlab.nn;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.nn.kernel.KernelThreads;

/**
 * The layers' checked front to {@link org.seqlab.nn.kernel.Blas}: row-major GEMM on whole ND4J arrays (or matrices at
 * offsets inside workspace buffers), with every shape, data type and bound checked before the native call, since a
 * wrong size there reads or writes out of bounds instead of failing. About 0.04 µs of call overhead against 17-24 µs
 * (and 4 KB of heap) for {@code Nd4j.gemm}.
 */
final class Blas {
    static {
        org.seqlab.nn.kernel.Blas.init();
    }

    private Blas() {
    }

    /**
     * The same product on matrices stored at the start of dense buffers of any shape (workspace arrays larger than
     * the matrix): A is [aRows, aCols], B is [bRows, bCols], C is [cRows, cCols], each row-major and tightly packed.
     */
    static void gemm(INDArray a, int aRows, int aCols, boolean transA, INDArray b, int bRows, int bCols, boolean transB,
            INDArray c, int cRows, int cCols, double alpha, double beta) {
        gemm(a, 0, aRows, aCols, transA, b, 0, bRows, bCols, transB, c, 0, cRows, cCols, alpha, beta);
    }

    /** As above, with each matrix starting {@code aOff}, {@code bOff}, {@code cOff} elements into its buffer. */
    static void gemm(INDArray a, long aOff, int aRows, int aCols, boolean transA, INDArray b, long bOff, int bRows,
            int bCols, boolean transB, INDArray c, long cOff, int cRows, int cCols, double alpha, double beta) {
        NativeArrays.requireDense("gemm A", a);
        NativeArrays.requireDense("gemm B", b);
        NativeArrays.requireDense("gemm C", c);
        if (aOff < 0 || bOff < 0 || cOff < 0 || a.length() < aOff + (long) aRows * aCols
                || b.length() < bOff + (long) bRows * bCols || c.length() < cOff + (long) cRows * cCols) {
            throw new IllegalArgumentException("gemm: a buffer is smaller than its matrix");
        }
        DataType t = c.dataType();
        if (a.dataType() != t || b.dataType() != t) {
            throw new IllegalArgumentException(
                    "gemm data types differ: " + a.dataType() + ", " + b.dataType() + ", " + c.dataType());
        }
        int m = transA ? aCols : aRows;
        int k = transA ? aRows : aCols;
        int kb = transB ? bCols : bRows;
        int n = transB ? bRows : bCols;
        if (k != kb || cRows != m || cCols != n) {
            throw new IllegalArgumentException(String.format(
                    "gemm shapes disagree: op(A) [%d, %d], op(B) [%d, %d], C [%d, %d]", m, k, kb, n, cRows, cCols));
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            throw new IllegalArgumentException("gemm: inner dimension 0");
        }
        if (t == DataType.DOUBLE) {
            DoublePointer pa = NativeArrays.doublePointer(a);
            DoublePointer pb = NativeArrays.doublePointer(b);
            DoublePointer pc = NativeArrays.doublePointer(c);
            org.seqlab.nn.kernel.Blas.gemm(transA, transB, m, n, k, alpha, pa, pa.position() + aOff, aCols, pb,
                    pb.position() + bOff, bCols, beta, pc, pc.position() + cOff, cCols);
        } else {
            FloatPointer pa = NativeArrays.floatPointer(a);
            FloatPointer pb = NativeArrays.floatPointer(b);
            FloatPointer pc = NativeArrays.floatPointer(c);
            org.seqlab.nn.kernel.Blas.gemm(transA, transB, m, n, k, (float) alpha, pa, pa.position() + aOff, aCols, pb,
                    pb.position() + bOff, bCols, (float) beta, pc, pc.position() + cOff, cCols);
        }
    }

    /**
     * Sets rows {@code 0 .. rows-1} of the {@code [rows, cols]} matrix at {@code cOff} in {@code c}'s buffer to the
     * vector {@code row} ({@code cols} values): a bias broadcast, in place of the rank-1 GEMM ones·bᵀ, which OpenBLAS
     * runs 10-20 times slower ({@link org.seqlab.nn.kernel.Blas#fillRows}).
     */
    static void fillRows(INDArray c, long cOff, int rows, int cols, INDArray row) {
        NativeArrays.requireDense("fillRows C", c);
        NativeArrays.requireDense("fillRows row", row);
        if (row.length() != cols || c.length() < cOff + (long) rows * cols || row.dataType() != c.dataType()) {
            throw new IllegalArgumentException("fillRows: a " + row.dataType() + " row of " + row.length()
                    + " values for " + rows + " rows of " + cols + " in a " + c.dataType() + " buffer of " + c.length());
        }
        if (c.dataType() == DataType.DOUBLE) {
            double[] values = row.toDoubleVector();
            DoublePointer pc = NativeArrays.doublePointer(c);
            org.seqlab.nn.kernel.Blas.fillRows(pc, pc.position() + cOff, rows, cols, cols, values);
        } else {
            float[] values = row.toFloatVector();
            FloatPointer pc = NativeArrays.floatPointer(c);
            org.seqlab.nn.kernel.Blas.fillRows(pc, pc.position() + cOff, rows, cols, cols, values);
        }
    }

    /**
     * {@code C = alpha * op(A) * op(B) + beta * C} for 2-D, dense, C-ordered arrays of one data type, where
     * {@code op(X)} is X or its transpose. A is [m, k] after op, B is [k, n] after op, C is [m, n].
     */
    static void gemm(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double alpha, double beta) {
        NativeArrays.requireDense("gemm A", a);
        NativeArrays.requireDense("gemm B", b);
        NativeArrays.requireDense("gemm C", c);
        if (a.rank() != 2 || b.rank() != 2 || c.rank() != 2) {
            throw new IllegalArgumentException("gemm needs 2-D arrays");
        }
        DataType t = c.dataType();
        if (a.dataType() != t || b.dataType() != t) {
            throw new IllegalArgumentException(
                    "gemm data types differ: " + a.dataType() + ", " + b.dataType() + ", " + c.dataType());
        }
        int m = (int) (transA ? a.size(1) : a.size(0));
        int k = (int) (transA ? a.size(0) : a.size(1));
        int kb = (int) (transB ? b.size(1) : b.size(0));
        int n = (int) (transB ? b.size(0) : b.size(1));
        if (k != kb || c.size(0) != m || c.size(1) != n) {
            throw new IllegalArgumentException(String.format("gemm shapes disagree: op(A) [%d, %d], op(B) [%d, %d], C %s",
                    m, k, kb, n, java.util.Arrays.toString(c.shape())));
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            c.muli(beta);
            return;
        }
        if ((long) m * n * k >= SPLIT_WORK && m >= 2 * SPLIT_MIN_ROWS) {
            // c's rows in two halves on two cores (each call single-threaded BLAS, each thread its own pointers)
            int half = m / 2;
            KernelThreads.runBoth(() -> gemmRows(a, transA, b, transB, c, alpha, beta, 0, half, n, k),
                    () -> gemmRows(a, transA, b, transB, c, alpha, beta, half, m - half, n, k));
        } else {
            gemmRows(a, transA, b, transB, c, alpha, beta, 0, m, n, k);
        }
    }

    /** Products of at least this many multiply-adds (a few hundred microseconds) run on two threads. */
    private static final long SPLIT_WORK = 1L << 22;
    private static final int SPLIT_MIN_ROWS = 8;

    /** Rows {@code first .. first+rows-1} of the checked product above. */
    private static void gemmRows(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double alpha,
            double beta, int first, int rows, int n, int k) {
        int lda = (int) a.size(1);
        int ldb = (int) b.size(1);
        int ldc = (int) c.size(1);
        // row r of op(a) starts at r·lda (a as stored) or at column r (a transposed)
        long aOffset = transA ? first : (long) first * lda;
        long cOffset = (long) first * ldc;
        if (c.dataType() == DataType.DOUBLE) {
            DoublePointer pa = NativeArrays.doublePointer(a);
            DoublePointer pb = NativeArrays.doublePointer(b);
            DoublePointer pc = NativeArrays.doublePointer(c);
            org.seqlab.nn.kernel.Blas.gemm(transA, transB, rows, n, k, alpha, pa, pa.position() + aOffset, lda, pb,
                    pb.position(), ldb, beta, pc, pc.position() + cOffset, ldc);
        } else {
            FloatPointer pa = NativeArrays.floatPointer(a);
            FloatPointer pb = NativeArrays.floatPointer(b);
            FloatPointer pc = NativeArrays.floatPointer(c);
            org.seqlab.nn.kernel.Blas.gemm(transA, transB, rows, n, k, (float) alpha, pa, pa.position() + aOffset,
                    lda, pb, pb.position(), ldb, (float) beta, pc, pc.position() + cOffset, ldc);
        }
    }
}
