package org.seqlab.nn.kernel;

import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.seqlab.SeqlabException;

/**
 * A weight matrix W [out × in] held as int8 for inference: one scale per output row ({@code max|W[o]| / 127}), the
 * float input rows quantised to uint8 per row when multiplied (zero point 128, scale {@code max|x| / 127}), the
 * product in int32 by oneDNN's u8s8s32 GEMM, then scaled back to float. Why: on this machine's CPU (AVX-512 VNNI) one
 * core ran that GEMM at 484-615 GOP/s against 108-156 GFLOP/s for OpenBLAS's float products of a translator
 * decoder's shapes (64 × 8,000 × 512: 484 against 109; 64 × 2,048 × 1,280: 510 against 118), and the products are
 * about 70 % of a decoding step. The rounding costs a little accuracy (docs/translator.md gives the BLEU change).
 *
 * <p>Only CPUs with VNNI ({@link #supported()}): without it oneDNN's u8·s8 products pass through saturating 16-bit
 * sums. An instance is immutable and may be shared between threads; each thread brings its own {@link Buffers}.
 */
public final class Int8Matrix {
    private static final byte ZERO_POINT = (byte) 128;
    private static volatile String unsupported; // null: not checked yet; "": supported; else why not

    private final int out;
    private final int in;
    private final BytePointer weights;
    private final float[] scales;

    private Int8Matrix(int out, int in, BytePointer weights, float[] scales) {
        this.out = out;
        this.in = in;
        this.weights = weights;
        this.scales = scales;
    }

    /** Whether this CPU and oneDNN build run int8 products ({@link #requireSupported} says why not). */
    public static boolean supported() {
        return whyUnsupported().isEmpty();
    }

    /** Throws a clear error where {@link #supported()} is false. */
    public static void requireSupported() {
        String why = whyUnsupported();
        if (!why.isEmpty()) {
            throw new SeqlabException("int8 products are not available here: " + why);
        }
    }

    private static String whyUnsupported() {
        String why = unsupported;
        if (why == null) {
            try {
                Loader.load(dnnl.class);
                int isa = dnnl.dnnl_get_effective_cpu_isa();
                boolean vnni = (isa & dnnl.dnnl_cpu_isa_avx512_core_vnni) == dnnl.dnnl_cpu_isa_avx512_core_vnni
                        || (isa & dnnl.dnnl_cpu_isa_avx2_vnni) == dnnl.dnnl_cpu_isa_avx2_vnni;
                why = vnni ? "" : "the CPU has no VNNI instructions (oneDNN ISA 0x" + Integer.toHexString(isa) + ")";
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                why = "oneDNN (org.bytedeco:dnnl) did not load: " + e.getMessage();
            }
            unsupported = why;
        }
        return why;
    }

    /** W given row-major as {@code out} rows of {@code in} values. */
    public static Int8Matrix quantize(float[] w, int out, int in) {
        requireSupported();
        if (out < 1 || in < 1 || w.length < (long) out * in) {
            throw new IllegalArgumentException("int8 matrix: " + w.length + " values for " + out + " x " + in);
        }
        byte[] q = new byte[out * in];
        float[] scales = new float[out];
        for (int o = 0; o < out; o++) {
            int at = o * in;
            float max = 0;
            for (int k = 0; k < in; k++) {
                max = Math.max(max, Math.abs(w[at + k]));
            }
            if (!Float.isFinite(max)) {
                throw new IllegalArgumentException("int8 matrix: row " + o + " holds a value that is not finite");
            }
            float inv = max == 0 ? 0 : 127f / max;
            scales[o] = max / 127f;
            for (int k = 0; k < in; k++) {
                q[at + k] = (byte) Math.round(w[at + k] * inv);
            }
        }
        BytePointer weights = new BytePointer((long) out * in);
        weights.put(q, 0, q.length);
        return new Int8Matrix(out, in, weights, scales);
    }

    public int rows() {
        return out;
    }

    public int columns() {
        return in;
    }

    /** One thread's scratch for {@link #multiply}: the quantised input rows, the int32 products, row buffers. */
    public static final class Buffers {
        private BytePointer quantised = new BytePointer(0L);
        private IntPointer products = new IntPointer(0L);
        private final IntPointer zeroOffset = new IntPointer(1L).put(0);
        private byte[] byteRow = new byte[0];
        private int[] intRow = new int[0];
        private float[] floatRow = new float[0];
        private float[] rowScales = new float[0];

        private void ensure(int n, int in, int out) {
            if (quantised.capacity() < (long) n * in) {
                quantised = new BytePointer((long) n * in * 3 / 2);
            }
            if (products.capacity() < (long) n * out) {
                products = new IntPointer((long) n * out * 3 / 2);
            }
            if (byteRow.length < in) {
                byteRow = new byte[in];
            }
            if (intRow.length < out) {
                intRow = new int[out];
                floatRow = new float[out];
            }
            if (rowScales.length < n) {
                rowScales = new float[n * 3 / 2 + 1];
            }
        }
    }

    /**
     * {@code y[r·yStride + o] = bias[o] + Σ_k x[r·in + k]·W[o][k]} for the first {@code n} rows of x ({@code bias}
     * may be null), the products in int8.
     */
    public void multiply(float[] x, int n, float[] bias, float[] y, int yStride, Buffers buf) {
        if (n < 1 || x.length < (long) n * in || yStride < out || y.length < (long) (n - 1) * yStride + out
                || (bias != null && bias.length < out)) {
            throw new IllegalArgumentException("int8 matrix " + out + " x " + in + ": arrays too small for " + n
                    + " rows");
        }
        buf.ensure(n, in, out);
        byte[] bytes = buf.byteRow;
        float[] rowScales = buf.rowScales;
        BytePointer a = buf.quantised;
        for (int r = 0; r < n; r++) {
            int at = r * in;
            float max = 0;
            for (int k = 0; k < in; k++) {
                max = Math.max(max, Math.abs(x[at + k]));
            }
            float inv = max == 0 || !Float.isFinite(max) ? 0 : 127f / max;
            rowScales[r] = max / 127f;
            // round half up around the zero point: x·inv lies in [-127, 127], so the byte in [1, 255]
            for (int k = 0; k < in; k++) {
                bytes[k] = (byte) (int) (x[at + k] * inv + 128.5f);
            }
            a.position((long) at).put(bytes, 0, in);
        }
        a.position(0);
        int status = dnnl.dnnl_gemm_u8s8s32((byte) 'N', (byte) 'T', (byte) 'F', n, out, in, 1f, a, in, ZERO_POINT,
                weights, in, (byte) 0, 0f, buf.products, out, buf.zeroOffset);
        if (status != dnnl.dnnl_success) {
            throw new IllegalStateException("oneDNN u8s8s32 GEMM failed with status " + status);
        }
        IntPointer c = buf.products;
        int[] ints = buf.intRow;
        float[] row = buf.floatRow;
        for (int r = 0; r < n; r++) {
            c.position((long) r * out).get(ints, 0, out);
            float sr = rowScales[r];
            if (bias == null) {
                for (int o = 0; o < out; o++) {
                    row[o] = ints[o] * (sr * scales[o]);
                }
            } else {
                for (int o = 0; o < out; o++) {
                    row[o] = ints[o] * (sr * scales[o]) + bias[o];
                }
            }
            System.arraycopy(row, 0, y, r * yStride, out);
        }
        c.position(0);
    }
}
