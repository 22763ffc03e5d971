package org.seqlab.seq2seq.bleu;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Python's float formatting, for figures printed the way sacreBLEU prints them. {@code f"{x:.2f}"} rounds the exact
 * binary value half-to-even; Java's {@code String.format} rounds a decimal approximation half-up, which differs on
 * ties such as 0.125.
 */
final class PythonFloat {
    private PythonFloat() {
    }

    /** {@code f"{x:.{digits}f}"} for a finite x. */
    static String fixed(double x, int digits) {
        String s = new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
        return (x < 0 || (x == 0 && 1 / x < 0)) && !s.startsWith("-") ? "-" + s : s;
    }

    /** {@code repr(x)} for a finite x: the shortest round-trip digits, scientific below 1e-4 and from 1e16. */
    static String repr(double x) {
        if (x == 0) {
            return 1 / x < 0 ? "-0.0" : "0.0";
        }
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(x))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exponent = d.precision() - d.scale() - 1; // x = digits[0].digits[1..] * 10^exponent
        String sign = x < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String e = String.format("%02d", Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + e;
        }
        if (exponent < 0) {
            return sign + "0." + "0".repeat(-exponent - 1) + digits;
        }
        if (digits.length() <= exponent + 1) {
            return sign + digits + "0".repeat(exponent + 1 - digits.length()) + ".0";
        }
        return sign + digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
    }
}
