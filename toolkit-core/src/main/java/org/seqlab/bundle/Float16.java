package org.seqlab.bundle;

/**
 * IEEE 754 half precision (binary16) conversions, written out because {@code Float.floatToFloat16} only exists from
 * Java 20. A half has 1 sign bit, 5 exponent bits (bias 15) and 10 fraction bits: normal values from 2^-14 to 65504,
 * subnormals down to 2^-24.
 */
public final class Float16 {
    private Float16() {
    }

    /**
     * The half nearest to {@code f}, ties to even (the IEEE default): values beyond 65504 by at least half a step
     * become infinity, values below 2^-25 become (signed) zero, NaN stays NaN (quiet, with the top payload bits).
     */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xFF;
        int mant = bits & 0x7FFFFF;
        if (exp == 0xFF) {
            return (short) (mant == 0 ? sign | 0x7C00 : sign | 0x7E00 | (mant >>> 13));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            // half subnormal: value / 2^-24 = significand * 2^(e - 14), so shift the 24-bit significand right by 14 - e
            int shift = 14 - e;
            if (shift > 24) {
                return (short) sign; // below 2^-25: nearer to zero than to 2^-24
            }
            int significand = mant | 0x800000;
            int m = significand >>> shift;
            int rest = significand & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rest > halfway || (rest == halfway && (m & 1) == 1)) {
                m++; // may carry into the smallest normal (0x400), which is the right encoding
            }
            return (short) (sign | m);
        }
        int h = (e << 10) | (mant >>> 13);
        int rest = mant & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (h & 1) == 1)) {
            h++; // a carry out of the fraction bumps the exponent, up to infinity (0x7C00): both are right
        }
        return (short) (sign | h);
    }

    /** The exact float value of a half (every half is a float). */
    public static float toFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0) {
            float v = mant * 0x1p-24f; // zero or subnormal, exact
            return sign != 0 ? -v : v;
        }
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }
}
