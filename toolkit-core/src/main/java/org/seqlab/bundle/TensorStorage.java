package org.seqlab.bundle;

/**
 * How float32 tensors are stored in a {@link TensorFile}; reading always gives float32 back. Tensors of other data
 * types (float64, int32, int64) are always stored exactly.
 */
public enum TensorStorage {
    /** 4 bytes a value, exact (dtype code 1). */
    FLOAT32,
    /** 2 bytes a value, IEEE half, round to nearest even (dtype code 5): about 3 significant digits, range ±65504. */
    FLOAT16,
    /** 1 byte a value plus a float32 scale a row (dtype code 6), see {@link Int8Rows}: for large embedding tables. */
    INT8_ROWS;

    /** The lower-case name used in manifests and listings ("float32", "float16", "int8_rows"). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
