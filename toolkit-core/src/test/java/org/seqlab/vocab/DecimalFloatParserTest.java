package org.seqlab.vocab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The oracle is {@link Float#parseFloat}: every result must carry the same bits. */
class DecimalFloatParserTest {

    private static void assertSameAsJdk(String s) {
        byte[] b = ("xx" + s + "yy").getBytes(StandardCharsets.ISO_8859_1);
        float ours = DecimalFloatParser.parse(b, 2, b.length - 2);
        float jdk = Float.parseFloat(s);
        assertThat(Float.floatToRawIntBits(ours)).as("bits of '%s' (ours %s, JDK %s)", s, ours, jdk)
                .isEqualTo(Float.floatToRawIntBits(jdk));
    }

    @Test
    void tricky_spellings_match_parseFloat_bit_for_bit() {
        String[] cases = {"0", "-0", "-0.0", "+0.0", "0.00000", "-0.00000", "1", "-1", "0.52886", "-0.11980", "1e10",
            "1E-10", "1.5e+3", "-2.5E-3", ".5", "5.", "-.5", "0000123.4500", "3.4028235e38", "3.4028236e38", "1e39",
            "-1e39", "1.17549435e-38", "1.1754942e-38", "1.4e-45", "7e-46", "1e-46", "1e-50", "16777216", "16777217",
            "16777218", "16777219", "33554433", "33554435", "0.1", "0.2", "0.3", "1.00000005960464477539062500",
            "1.0000000596046448", "1.0000000596046449", "1.0000000596046447", "8388608.5", "8388609.5",
            "123456789012345678901234567890", "0.000000000000000000000000000001234", "1e22", "1e23", "1e-22", "1e-23",
            "9007199254740993", "9007199254740992e-10", "999999999999999999", "9999999999999999999", "NaN",
            "-Infinity", "Infinity", "2.5f", "0x1.8p1", "4.9e-324", "2.2250738585072014E-308", "1.0E-5", "1.23456789e-7",
            "0.0000001", "100000000000000000000000", "-3.1415926535", "2.7182818284590452354", "1e0", "1e-0", "1e+0"};
        for (String s : cases) {
            assertSameAsJdk(s);
        }
    }

    @Test
    void float_midpoints_written_in_few_digits_round_to_even() {
        // Exact midpoints between neighbouring floats, printed exactly: the double fast path lands on them.
        SplittableRandom random = new SplittableRandom(7);
        for (int k = 0; k < 3_000; k++) {
            float f = Float.intBitsToFloat(random.nextInt(0x0080_0000, 0x7F00_0000));
            double mid = ((double) f + (double) Math.nextUp(f)) / 2;
            assertSameAsJdk(new java.math.BigDecimal(mid).toPlainString());
            assertSameAsJdk(Double.toString(mid));
            assertSameAsJdk(Double.toString(Math.nextUp(mid)));
            assertSameAsJdk(Double.toString(Math.nextDown(mid)));
        }
    }

    @Test
    void random_decimals_match_parseFloat_bit_for_bit() {
        SplittableRandom random = new SplittableRandom(42);
        List<String> strings = new ArrayList<>();
        for (int k = 0; k < 40_000; k++) {
            StringBuilder sb = new StringBuilder();
            if (random.nextBoolean()) {
                sb.append('-');
            }
            int intDigits = random.nextInt(0, 10);
            for (int i = 0; i < intDigits; i++) {
                sb.append((char) ('0' + random.nextInt(10)));
            }
            int fracDigits = random.nextInt(intDigits == 0 ? 1 : 0, 22);
            if (fracDigits > 0 || random.nextBoolean()) {
                sb.append('.');
            }
            for (int i = 0; i < fracDigits; i++) {
                sb.append((char) ('0' + random.nextInt(10)));
            }
            if (random.nextInt(3) == 0) {
                sb.append(random.nextBoolean() ? 'e' : 'E').append(random.nextBoolean() ? "-" : "")
                        .append(random.nextInt(0, 50));
            }
            strings.add(sb.toString());
        }
        for (int k = 0; k < 10_000; k++) {
            // Shortest spellings of random floats and doubles, as embedding writers print them.
            float f = Float.intBitsToFloat(random.nextInt());
            if (Float.isFinite(f)) {
                strings.add(Float.toString(f));
                strings.add(String.format("%.5f", f));
                strings.add(Double.toString(random.nextDouble() * 2 - 1));
            }
        }
        for (String s : strings) {
            assertSameAsJdk(s);
        }
    }

    @Test
    void non_numbers_are_refused() {
        for (String s : new String[] {"", "-", "+", ".", "e5", "1e", "1e+", "abc", "1.2.3", "1,5", "--1", "1e5x"}) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            assertThatThrownBy(() -> DecimalFloatParser.parse(b, 0, b.length)).as("'%s'", s)
                    .isInstanceOf(NumberFormatException.class);
        }
    }
}
