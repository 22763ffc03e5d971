package org.seqlab.bundle;

/**
 * Symmetric 8-bit quantisation by rows, for large embedding tables: each row keeps one float32 scale
 * {@code max|row| / 127} and each value becomes {@code round(value / scale)} in [-127, 127]. Dequantised values
 * {@code q * scale} are within {@code scale / 2} of the originals (plus float rounding); an all-zero row has scale 0.
 */
public final class Int8Rows {
    private Int8Rows() {
    }

    /** Quantised rows: {@code values} row-major, {@code scales} one per row. */
    public record Quantized(byte[] values, float[] scales, int columns) {
        public float[] dequantize() {
            float[] out = new float[values.length];
            for (int r = 0; r < scales.length; r++) {
                float s = scales[r];
                int base = r * columns;
                for (int c = 0; c < columns; c++) {
                    out[base + c] = values[base + c] * s;
                }
            }
            return out;
        }
    }

    /**
     * @param data    row-major values, {@code data.length} a multiple of {@code columns}
     * @param columns row length (the last dimension of the tensor)
     * @throws IllegalArgumentException for NaN or infinite values, which have no 8-bit form
     */
    public static Quantized quantize(float[] data, int columns) {
        if (columns <= 0 ? data.length != 0 : data.length % columns != 0) {
            throw new IllegalArgumentException(data.length + " values are not rows of " + columns);
        }
        int rows = columns == 0 ? 0 : data.length / columns;
        byte[] q = new byte[data.length];
        float[] scales = new float[rows];
        for (int r = 0; r < rows; r++) {
            int base = r * columns;
            float max = 0f;
            for (int c = 0; c < columns; c++) {
                float v = data[base + c];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("row " + r + " holds " + v + ", which 8-bit storage cannot keep");
                }
                max = Math.max(max, Math.abs(v));
            }
            float scale = max / 127f;
            scales[r] = scale;
            if (scale == 0f) {
                continue;
            }
            for (int c = 0; c < columns; c++) {
                long k = Math.round(data[base + c] / (double) scale);
                q[base + c] = (byte) Math.max(-127, Math.min(127, k));
            }
        }
        return new Quantized(q, scales, columns);
    }
}
