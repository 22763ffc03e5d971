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
public final class Blas {
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
    public static void gemm(INDArray a, long aOff, int aRows, int aCols, boolean transA, INDArray b, long bOff, int bRows,
            int bCols, boolean transB, INDArray c, long cOff, int cRows, int cCols, double alpha, double beta) {
        int m = transA ? aCols : aRows;
        int k = transA ? aRows : aCols;
        int kb = transB ? bCols : bRows;
        int n = transB ? bRows : bCols;
        if (k != kb || cRows != m || cCols != n) {
            throw new IllegalArgumentException(String.format(
                    "gemm shapes disagree: op(A) [%d, %d], op(B) [%d, %d], C [%d, %d]", m, k, kb, n, cRows, cCols));
        }
        // tightly packed: each leading dimension is the stored row's length
        gemm(m, n, k, alpha, a, aOff, aCols, transA, b, bOff, bCols, transB, beta, c, cOff, cCols);
    }

    /**
     * {@code C = alpha·op(A)·op(B) + beta·C} on sub-matrices of dense buffers: op(A) is [m, k], op(B) is [k, n], C is
     * [m, n], each stored row-major from its offset with its own leading dimension (the distance between the starts
     * of two stored rows), so that a product can read some columns of a wider matrix (a decoder's input rows
     * [embedding | fed vector], a layer's weights over part of its input) and write into some columns of another.
     * Every stored extent is checked against its buffer before the native call.
     */
    public static void gemm(int m, int n, int k, double alpha, INDArray a, long aOff, int lda, boolean transA,
            INDArray b, long bOff, int ldb, boolean transB, double beta, INDArray c, long cOff, int ldc) {
        NativeArrays.requireDense("gemm A", a);
        NativeArrays.requireDense("gemm B", b);
        NativeArrays.requireDense("gemm C", c);
        DataType t = c.dataType();
        if (a.dataType() != t || b.dataType() != t) {
            throw new IllegalArgumentException(
                    "gemm data types differ: " + a.dataType() + ", " + b.dataType() + ", " + c.dataType());
        }
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative size " + m + " x " + n + " x " + k);
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            throw new IllegalArgumentException("gemm: inner dimension 0");
        }
        checkStored("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkStored("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        checkStored("C", c, cOff, ldc, m, n);
        product(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** A stored [rows, cols] matrix at {@code off} with leading dimension {@code ld} lies inside {@code x}. */
    private static void checkStored(String name, INDArray x, long off, int ld, int rows, int cols) {
        if (off < 0 || ld < cols || off + (long) (rows - 1) * ld + cols > x.length()) {
            throw new IllegalArgumentException(String.format(
                    "gemm %s: [%d, %d] with leading dimension %d at offset %d does not fit a buffer of %d values",
                    name, rows, cols, ld, off, x.length()));
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
    public static void gemm(INDArray a, boolean transA, INDArray b, boolean transB, INDArray c, double alpha,
            double beta) {
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
        product(transA, transB, m, n, k, alpha, a, 0, (int) a.size(1), b, 0, (int) b.size(1), beta, c, 0,
                (int) c.size(1));
    }

    /** Products of at least this many multiply-adds (a few hundred microseconds) run on two threads. */
    private static final long SPLIT_WORK = 1L << 22;
    private static final int SPLIT_MIN_ROWS = 8;
    private static final int SPLIT_MIN_COLUMNS = 32;

    /**
     * The checked product's native call. Large products run as two halves on two threads (each call single-threaded
     * BLAS, each thread its own pointer objects): a language model's or translator's output layer, a decoder step's
     * gate products. The halves split the wider of C's two dimensions: OpenBLAS packs the whole of the other operand
     * in each call, so splitting a decoder step's 64 rows would pack the 2,048 x 1,280 gate weights twice and run two
     * 32-row products (82 against 131 GFLOP/s measured for the 8,000-word output layer), where halves of C's columns
     * each pack half of the weights. Where the pair would run on one thread anyway ({@link
     * KernelThreads#runsInline()}: a batch worker of {@code TwoWorkers}), the product is one call.
     */
    private static void product(boolean transA, boolean transB, int m, int n, int k, double alpha, INDArray a, long aOff,
            int lda, INDArray b, long bOff, int ldb, double beta, INDArray c, long cOff, int ldc) {
        boolean large = (long) m * n * k >= SPLIT_WORK && !KernelThreads.runsInline();
        if (large && n >= m && n >= 2 * SPLIT_MIN_COLUMNS) {
            // halves of C's columns, on a multiple of 16 (whole vector registers)
            int half = Math.max(16, n / 2 / 16 * 16);
            KernelThreads.runBoth(
                    () -> block(transA, transB, 0, m, 0, half, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
                            ldc),
                    () -> block(transA, transB, 0, m, half, n - half, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c,
                            cOff, ldc));
        } else if (large && m >= 2 * SPLIT_MIN_ROWS) {
            int half = m / 2;
            KernelThreads.runBoth(
                    () -> block(transA, transB, 0, half, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
                            ldc),
                    () -> block(transA, transB, half, m - half, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c,
                            cOff, ldc));
        } else {
            block(transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** The block of C at rows {@code row .. row+rows-1}, columns {@code col .. col+cols-1} in {@link #product}. */
    private static void block(boolean transA, boolean transB, int row, int rows, int col, int cols, int k,
            double alpha, INDArray a, long aOff, int lda, INDArray b, long bOff, int ldb, double beta, INDArray c,
            long cOff, int ldc) {
        // row r of op(A) starts at r·lda (A as stored) or at column r (A transposed); column j of op(B) at column j
        // (B as stored) or at j·ldb (B transposed)
        long aAt = aOff + (transA ? row : (long) row * lda);
        long bAt = bOff + (transB ? (long) col * ldb : col);
        long cAt = cOff + (long) row * ldc + col;
        if (c.dataType() == DataType.DOUBLE) {
            DoublePointer pa = NativeArrays.doublePointer(a);
            DoublePointer pb = NativeArrays.doublePointer(b);
            DoublePointer pc = NativeArrays.doublePointer(c);
            org.seqlab.nn.kernel.Blas.gemm(transA, transB, rows, cols, k, alpha, pa, pa.position() + aAt, lda, pb,
                    pb.position() + bAt, ldb, beta, pc, pc.position() + cAt, ldc);
        } else {
            FloatPointer pa = NativeArrays.floatPointer(a);
            FloatPointer pb = NativeArrays.floatPointer(b);
            FloatPointer pc = NativeArrays.floatPointer(c);
            org.seqlab.nn.kernel.Blas.gemm(transA, transB, rows, cols, k, (float) alpha, pa, pa.position() + aAt, lda,
                    pb, pb.position() + bAt, ldb, (float) beta, pc, pc.position() + cAt, ldc);
        }
    }
}
