package org.seqlab.vocab;

import java.nio.charset.StandardCharsets;

/**
 * Parses a float from ASCII bytes without building a String, with exactly {@link Float#parseFloat}'s result (correct
 * rounding, to the last bit, negative zero kept).
 *
 * <p>Fast path (Clinger's): up to 18 significant digits whose value {@code m} is below 2^53 and a decimal exponent
 * {@code |e| <= 22}: both {@code m} and {@code 10^|e|} are exact doubles, so {@code m * 10^e} (or {@code m / 10^-e}) is
 * the correctly rounded double of the decimal. Narrowing that double to float rounds a second time, which can only
 * differ from rounding the decimal directly when the double lies within one double ulp of a float rounding boundary
 * (its 29 dropped bits are {@code 0x0FFFFFFF..0x10000001}); those, subnormal or overflowing results and every other
 * spelling (many digits, NaN, hexadecimal, ...) go to {@link Float#parseFloat}.
 */
final class DecimalFloatParser {
    private static final double[] POW10 = new double[23];
    private static final long TWO_53 = 1L << 53;

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p; // 10^0..10^22 are exact doubles
            p *= 10;
        }
    }

    private DecimalFloatParser() {
    }

    /**
     * The float that {@link Float#parseFloat} gives for the bytes {@code b[from, to)} read as ASCII.
     *
     * @throws NumberFormatException when they do not spell a number
     */
    static float parse(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        long m = 0;
        int significant = 0;
        int exp10 = 0;
        boolean anyDigit = false;
        boolean tooManyDigits = false;
        while (i < to) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            anyDigit = true;
            if (m != 0 || d != 0) {
                if (significant < 18) {
                    m = m * 10 + d;
                    significant++;
                } else {
                    tooManyDigits = true;
                }
            }
            i++;
        }
        if (i < to && b[i] == '.') {
            i++;
            while (i < to) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                anyDigit = true;
                if (m != 0 || d != 0) {
                    if (significant < 18) {
                        m = m * 10 + d;
                        significant++;
                        exp10--;
                    } else {
                        tooManyDigits = true;
                    }
                } else {
                    exp10--;
                }
                i++;
            }
        }
        if (!anyDigit) {
            return slow(b, from, to);
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean expNegative = false;
            if (i < to && (b[i] == '-' || b[i] == '+')) {
                expNegative = b[i] == '-';
                i++;
            }
            if (i >= to) {
                return slow(b, from, to);
            }
            int e = 0;
            while (i < to) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    return slow(b, from, to);
                }
                if (e < 100_000) {
                    e = e * 10 + d;
                }
                i++;
            }
            exp10 += expNegative ? -e : e;
        }
        if (i != to || tooManyDigits) {
            return slow(b, from, to);
        }
        if (m == 0) {
            return negative ? -0.0f : 0.0f;
        }
        if (m >= TWO_53 || exp10 < -22 || exp10 > 22) {
            return slow(b, from, to);
        }
        double d = exp10 >= 0 ? m * POW10[exp10] : m / POW10[-exp10];
        if (d < Float.MIN_NORMAL || d >= 0x1.0p127) {
            return slow(b, from, to);
        }
        int dropped = (int) (Double.doubleToRawLongBits(d) & 0x1FFF_FFFFL);
        if (dropped >= 0x0FFF_FFFF && dropped <= 0x1000_0001) {
            return slow(b, from, to);
        }
        float f = (float) d;
        return negative ? -f : f;
    }

    private static float slow(byte[] b, int from, int to) {
        String s = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        // Float.parseFloat trims blanks and accepts a trailing type suffix; a field here never holds blanks.
        return Float.parseFloat(s);
    }
}
