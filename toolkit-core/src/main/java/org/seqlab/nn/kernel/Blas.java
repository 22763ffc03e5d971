package org.seqlab.nn.kernel;

import java.util.List;

import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Row-major GEMM straight on native memory: {@code C = alpha·op(A)·op(B) + beta·C}. ND4J's own gemm costs 17-24 µs and
 * 4 KB of heap per call; this costs well under a microsecond, which matters at one call per time step. Callers check
 * shapes first: nothing here can catch an out-of-bounds operand. A pointer's position is moved to the offset before
 * each call, so each pointer object must be used by one thread only.
 *
 * <p><b>Which library.</b> float32 products go to oneDNN's {@code dnnl_sgemm} (org.bytedeco:dnnl, already here for
 * the int8 products), float64 ones and the matrix-vector products to OpenBLAS. OpenBLAS packs the whole of B on every
 * call, which dominates the few-row products of a recurrent layer's time steps once W_hh no longer fits the core's L2
 * cache, and its packing-free small-matrix path exists only in its AVX-512 kernels. Measured on an AVX2 machine (AMD
 * EPYC, 512 KB L2 a core; one thread, nothing else running; OpenBLAS 0.3.19 with its Haswell kernels, oneDNN 2.5.2):
 * a BiLSTM step's four gate products [rows, 200] x [200, 200] (W_hh 640 KB) ran at 68 against 43 GFLOP/s for 32 rows
 * and 60 against 23 for 12; with one gate block hot in cache the two libraries are level (about 90 GFLOP/s), as they
 * are for input projections of 120-480 rows (75-88). Beside other busy processes OpenBLAS fell further behind (2-6x).
 * Against the PyTorch peer run beside it ({@code seqlab bench} against {@code ../shared/bench/torch_bilstm_crf.py},
 * docs/tagger.md, session 14) batch-32 tagging went from 3.4-4.4x to 5.5-8.7x the peer's tokens/s and training from
 * 2.6-3.0x to 2.8-4.0x its sentences/s. {@code -Dseqlab.sgemm=openblas} sends float32 products to OpenBLAS as before,
 * for comparisons.
 *
 * <p><b>Threads.</b> Both libraries must run single-threaded inside our kernels, which run one direction per thread
 * themselves. OpenBLAS is set so once, globally. oneDNN takes its thread count from OpenMP, whose setting belongs to
 * each thread: the first float32 product on a thread sets that thread's OpenMP thread count to 1 (through ND4J, which
 * shares the OpenMP runtime) where it is not 1 already ({@code ./seqlab} sets {@code OMP_NUM_THREADS=1}). ND4J's own
 * operations on such a thread then also run on one thread. (With two OpenMP threads, beside other busy processes,
 * oneDNN spread each small product over both cores and ran it 2-17 times slower than on one.)
 */
public final class Blas {
    private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;
    private static final byte N = 'N';
    private static final byte T = 'T';

    /** The system property naming the float32 GEMM library: {@value #ONEDNN} (default) or {@value #OPENBLAS}. */
    public static final String SGEMM_PROPERTY = "seqlab.sgemm";
    public static final String ONEDNN = "onednn";
    public static final String OPENBLAS = "openblas";

    private static final boolean USE_ONEDNN;
    private static final boolean OPENBLAS_SMALL_PATH;
    /** Set on a thread once its OpenMP thread count is 1 (see the class comment). */
    private static final ThreadLocal<Boolean> ONE_OPENMP_THREAD = ThreadLocal.withInitial(Blas::oneOpenMpThread);

    static {
        // Our kernels run one direction per thread; OpenBLAS's own threads would fight them for the cores.
        org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
        USE_ONEDNN = chooseOneDnn();
        // only asked where OpenBLAS does the float32 products (it reads /proc/cpuinfo: no start-up work otherwise)
        OPENBLAS_SMALL_PATH = !USE_ONEDNN && openBlasHasSmallPath();
    }

    private Blas() {
    }

    private static boolean chooseOneDnn() {
        String asked = System.getProperty(SGEMM_PROPERTY, ONEDNN);
        if (OPENBLAS.equalsIgnoreCase(asked)) {
            return false;
        }
        if (!ONEDNN.equalsIgnoreCase(asked)) {
            throw new IllegalArgumentException("-D" + SGEMM_PROPERTY + "=" + asked + ": expected " + ONEDNN + " or "
                    + OPENBLAS);
        }
        try {
            Loader.load(dnnl.class);
            return true;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // a platform without the oneDNN binaries: OpenBLAS does every product, slower but the same results
            return false;
        }
    }

    private static boolean oneOpenMpThread() {
        if (openMpThreads() != 1) {
            org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
        }
        return true;
    }

    /**
     * OpenBLAS 0.3.19 skips packing for products of at most 10^6 multiply-adds only in its AVX-512 kernels (SkylakeX
     * and the cores after it), chosen from {@code OPENBLAS_CORETYPE} or else the CPU.
     */
    private static boolean openBlasHasSmallPath() {
        String core = System.getenv("OPENBLAS_CORETYPE");
        if (core != null && !core.isBlank()) {
            String c = core.toLowerCase(java.util.Locale.ROOT);
            return c.equals("skylakex") || c.equals("cooperlake") || c.equals("sapphirerapids");
        }
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> java.util.Arrays.asList(l.split("\\s+")).contains("avx512f")).orElse(false);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    /** Whether float32 products go to oneDNN (the default, where its binaries load) rather than OpenBLAS. */
    public static boolean floatProductsUseOneDnn() {
        return USE_ONEDNN;
    }

    /**
     * The most rows per call for a recurrent layer's per-step product {@code [rows, k] x [k, n]}, or
     * {@link Integer#MAX_VALUE} for one call. Only OpenBLAS's small-matrix path (AVX-512 kernels, products of at most
     * 10^6 multiply-adds) gains from splitting: it skips packing, and runs row counts that are multiples of 4 fastest
     * (k = n = 256: 1.21 µs a row in calls of 8 or 12 rows, 1.38 in calls of 14, 1.54 as one call of 32), so the count
     * is rounded down to one; below 4 rows a chunk no longer pays (32×512×512: 149 µs whole, 175 µs in 3-row chunks).
     * oneDNN, and OpenBLAS without that path, run one call fastest (AVX2, 32 × 200 × 200 in OpenBLAS beside other busy
     * processes: 21 GFLOP/s whole, 15 in chunks of 24 rows, 5 in chunks of 4).
     */
    public static int smallProductRows(int n, int k) {
        if (!OPENBLAS_SMALL_PATH) { // false where oneDNN does the products
            return Integer.MAX_VALUE;
        }
        long rows = 1_000_000L / ((long) n * k);
        rows -= rows % 4;
        return rows < 4 ? Integer.MAX_VALUE : (int) rows;
    }

    /** Makes sure the libraries are loaded and OpenBLAS single-threaded. */
    public static void init() {
        // the static initialiser does the work
    }

    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, FloatPointer a, long aOffset,
            int lda, FloatPointer b, long bOffset, int ldb, float beta, FloatPointer c, long cOffset, int ldc) {
        ProductLog.record(transA, transB, m, n, k, beta);
        if (USE_ONEDNN) {
            oneDnnGemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        } else {
            openBlasGemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        }
    }

    private static final java.util.concurrent.ConcurrentHashMap<List<Integer>, Boolean> ROW_EXACT =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Whether {@code gemm(false, true, m, n, k, 1, A, B^T, 1, C)} gives each row of C the same bits wherever that row
     * sits among the m rows, with the library in use on this machine: checked once per shape, on random values, with
     * every row at every position. A product's rounding may depend on a row's position: oneDNN's AVX2 kernels are
     * position-exact at m = 16, 24 and 48 and not at 8 or 32 (n 200 and 1,600, k 100, measured), and other machines
     * run other kernels. Callers that need a row's values to depend on the row alone (a per-word cache) use blocks
     * of exactly m rows where this holds, and one matrix-vector product per row where it does not.
     */
    public static boolean rowExact(int m, int n, int k) {
        return ROW_EXACT.computeIfAbsent(List.of(m, n, k), key -> checkRowExact(m, n, k));
    }

    private static boolean checkRowExact(int m, int n, int k) {
        java.util.Random random = new java.util.Random(20261127L);
        float[] a = new float[m * k];
        float[] b = new float[n * k];
        float[] bias = new float[n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (random.nextGaussian() * 0.1);
        }
        for (int i = 0; i < n; i++) {
            bias[i] = (float) random.nextGaussian();
        }
        FloatPointer ap = new FloatPointer((long) m * k);
        FloatPointer bp = new FloatPointer((long) n * k);
        FloatPointer cp = new FloatPointer((long) m * n);
        try {
            bp.asBuffer().put(0, b, 0, b.length);
            float[] first = null;
            float[] c = new float[m * n];
            for (int shift = 0; shift < m; shift++) {
                java.nio.FloatBuffer av = ap.position(0).asBuffer();
                for (int i = 0; i < m; i++) { // row i of A at position (i + shift) mod m
                    av.put(((i + shift) % m) * k, a, i * k, k);
                }
                fillRows(cp, 0, m, n, n, bias);
                gemm(false, true, m, n, k, 1f, ap, 0, k, bp, 0, k, 1f, cp, 0, n);
                cp.position(0).asBuffer().get(0, c, 0, m * n);
                if (first == null) {
                    first = c.clone();
                    continue;
                }
                for (int i = 0; i < m; i++) {
                    if (!java.util.Arrays.equals(first, i * n, (i + 1) * n, c, ((i + shift) % m) * n,
                            ((i + shift) % m + 1) * n)) {
                        return false;
                    }
                }
            }
            return true;
        } finally {
            ap.close();
            bp.close();
            cp.close();
        }
    }

    /** {@link #gemm} by oneDNN, whatever {@link #SGEMM_PROPERTY} says (needs its binaries). */
    static void oneDnnGemm(boolean transA, boolean transB, int m, int n, int k, float alpha, FloatPointer a,
            long aOffset, int lda, FloatPointer b, long bOffset, int ldb, float beta, FloatPointer c, long cOffset,
            int ldc) {
        if (m == 0 || n == 0 || k == 0) {
            // empty products (C = beta·C, or nothing): OpenBLAS's well-trodden handling
            openBlasGemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            return;
        }
        ONE_OPENMP_THREAD.get();
        int status = dnnl.dnnl_sgemm(transA ? T : N, transB ? T : N, m, n, k, alpha, a.position(aOffset), lda,
                b.position(bOffset), ldb, beta, c.position(cOffset), ldc);
        if (status != dnnl.dnnl_success) {
            throw new IllegalStateException("dnnl_sgemm failed (status " + status + ") for [" + m + ", " + k
                    + "] x [" + k + ", " + n + "]");
        }
    }

    /** {@link #gemm} by OpenBLAS, whatever {@link #SGEMM_PROPERTY} says. */
    static void openBlasGemm(boolean transA, boolean transB, int m, int n, int k, float alpha, FloatPointer a,
            long aOffset, int lda, FloatPointer b, long bOffset, int ldb, float beta, FloatPointer c, long cOffset,
            int ldc) {
        openblas_nolapack.cblas_sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                a.position(aOffset), lda, b.position(bOffset), ldb, beta, c.position(cOffset), ldc);
    }

    /** The OpenMP thread count of the calling thread as ND4J (and oneDNN, which shares the runtime) sees it. */
    static int openMpThreads() {
        org.nd4j.linalg.factory.Nd4j.getExecutioner(); // NativeOpsHolder needs the backend initialised
        return org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }

    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, DoublePointer a,
            long aOffset, int lda, DoublePointer b, long bOffset, int ldb, double beta, DoublePointer c, long cOffset,
            int ldc) {
        openblas_nolapack.cblas_dgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
                a.position(aOffset), lda, b.position(bOffset), ldb, beta, c.position(cOffset), ldc);
    }

    /**
     * {@code y[yOffset ..] = alpha·op(A)·x + beta·y} for row-major {@code A [m, n]} ({@code op(A) = A^T} when
     * {@code trans}): a one-row product without the packing of the other operand that GEMM does on every call.
     */
    public static void gemv(boolean trans, int m, int n, float alpha, FloatPointer a, long aOffset, int lda,
            FloatPointer x, long xOffset, float beta, FloatPointer y, long yOffset) {
        openblas_nolapack.cblas_sgemv(ROW_MAJOR, trans ? TRANS : NO_TRANS, m, n, alpha, a.position(aOffset), lda,
                x.position(xOffset), 1, beta, y.position(yOffset), 1);
    }

    public static void gemv(boolean trans, int m, int n, double alpha, DoublePointer a, long aOffset, int lda,
            DoublePointer x, long xOffset, double beta, DoublePointer y, long yOffset) {
        openblas_nolapack.cblas_dgemv(ROW_MAJOR, trans ? TRANS : NO_TRANS, m, n, alpha, a.position(aOffset), lda,
                x.position(xOffset), 1, beta, y.position(yOffset), 1);
    }

    /**
     * {@code y[yOffset ..] += A^T x} for row-major {@code A [m, n]}: column sums when x is all ones (no packing, unlike
     * GEMM).
     */
    public static void addTransposedProduct(int m, int n, FloatPointer a, long aOffset, FloatPointer x, FloatPointer y,
            long yOffset) {
        openblas_nolapack.cblas_sgemv(ROW_MAJOR, TRANS, m, n, 1, a.position(aOffset), n, x.position(0), 1, 1,
                y.position(yOffset), 1);
    }

    public static void addTransposedProduct(int m, int n, DoublePointer a, long aOffset, DoublePointer x,
            DoublePointer y, long yOffset) {
        openblas_nolapack.cblas_dgemv(ROW_MAJOR, TRANS, m, n, 1, a.position(aOffset), n, x.position(0), 1, 1,
                y.position(yOffset), 1);
    }

    /** {@link #addTransposedProduct} over {@code A}'s columns {@code 0 .. n-1} of a wider matrix (leading dimension lda). */
    public static void addTransposedProduct(int m, int n, FloatPointer a, long aOffset, int lda, FloatPointer x,
            FloatPointer y, long yOffset) {
        openblas_nolapack.cblas_sgemv(ROW_MAJOR, TRANS, m, n, 1, a.position(aOffset), lda, x.position(0), 1, 1,
                y.position(yOffset), 1);
    }

    public static void addTransposedProduct(int m, int n, DoublePointer a, long aOffset, int lda, DoublePointer x,
            DoublePointer y, long yOffset) {
        openblas_nolapack.cblas_dgemv(ROW_MAJOR, TRANS, m, n, 1, a.position(aOffset), lda, x.position(0), 1, 1,
                y.position(yOffset), 1);
    }

    /**
     * Sets rows {@code 0 .. rows-1} of row-major C (leading dimension {@code ldc}, from {@code cOffset}) to
     * {@code row[0 .. n-1]}: a bias broadcast. The rank-1 product ones·bᵀ that GEMM would do instead took 2.7 ms for
     * 3200 × 256 against 0.16 ms for these copies (OpenBLAS 0.3.19 has no fast path for k = 1).
     */
    public static void fillRows(FloatPointer c, long cOffset, int rows, int n, int ldc, float[] row) {
        if (rows <= 0) {
            return;
        }
        java.nio.FloatBuffer view = new FloatPointer(c).position(cOffset)
                .limit(cOffset + (long) (rows - 1) * ldc + n).asBuffer();
        for (int r = 0; r < rows; r++) {
            view.put(r * ldc, row, 0, n);
        }
    }

    public static void fillRows(DoublePointer c, long cOffset, int rows, int n, int ldc, double[] row) {
        if (rows <= 0) {
            return;
        }
        java.nio.DoubleBuffer view = new DoublePointer(c).position(cOffset)
                .limit(cOffset + (long) (rows - 1) * ldc + n).asBuffer();
        for (int r = 0; r < rows; r++) {
            view.put(r * ldc, row, 0, n);
        }
    }

    /**
     * Σ x² over {@code n} values from {@code offset}, accumulated in float64 ({@code cblas_dsdot}, vectorised; a Java
     * loop cannot vectorise the float-to-double conversions). NaN or infinite values give NaN or infinity.
     */
    public static double sumOfSquares(FloatPointer x, long offset, int n) {
        FloatPointer at = x.position(offset);
        return openblas_nolapack.cblas_dsdot(n, at, 1, at, 1);
    }

    /** Σ x² over {@code n} float64 values from {@code offset} ({@code cblas_ddot}). */
    public static double sumOfSquares(DoublePointer x, long offset, int n) {
        DoublePointer at = x.position(offset);
        return openblas_nolapack.cblas_ddot(n, at, 1, at, 1);
    }

    /** A float pointer over a contiguous, C-ordered float32 array ({@link #isDensePrefix}) (a new object: one per thread and call). */
    public static FloatPointer floats(INDArray array) {
        requireDense(array);
        long n = array.length();
        Pointer p = array.data().addressPointer();
        return new FloatPointer(p).position(0).limit(n).capacity(n);
    }

    /** A double pointer over a contiguous, C-ordered float64 array ({@link #isDensePrefix}) (a new object: one per thread and call). */
    public static DoublePointer doubles(INDArray array) {
        requireDense(array);
        long n = array.length();
        Pointer p = array.data().addressPointer();
        return new DoublePointer(p).position(0).limit(n).capacity(n);
    }

    /**
     * Whether the array's values are its buffer's first {@code length} values in C order: a dense array, or a view of
     * the leading rows of a larger buffer (how reused per-thread buffers are handed to the kernels).
     */
    public static boolean isDensePrefix(INDArray array) {
        if (array.ordering() != 'c' || array.data().offset() != 0 || array.offset() != 0) {
            return false;
        }
        if (!array.isView()) {
            return true;
        }
        long expected = 1;
        for (int d = array.rank() - 1; d >= 0; d--) {
            if (array.size(d) > 1 && array.stride(d) != expected) {
                return false;
            }
            expected *= array.size(d);
        }
        return array.data().length() >= array.length();
    }

    private static void requireDense(INDArray array) {
        if (!isDensePrefix(array)) {
            throw new IllegalArgumentException("native kernels need a dense C-ordered array, got a view or 'f' order");
        }
    }
}
