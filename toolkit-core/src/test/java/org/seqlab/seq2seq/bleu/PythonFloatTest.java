package org.seqlab.seq2seq.bleu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Expected strings are Python 3.11's own output. */
class PythonFloatTest {

    @Test
    void fixedRoundsTheExactBinaryValueHalfToEven() {
        assertThat(PythonFloat.fixed(0.125, 2)).isEqualTo("0.12"); // an exact tie: to even (Java's %.2f gives 0.13)
        assertThat(PythonFloat.fixed(0.375, 2)).isEqualTo("0.38");
        assertThat(PythonFloat.fixed(2.675, 2)).isEqualTo("2.67"); // 2.67499999... in binary
        assertThat(PythonFloat.fixed(1.005, 2)).isEqualTo("1.00");
        assertThat(PythonFloat.fixed(77.72760192682686, 2)).isEqualTo("77.73");
        assertThat(PythonFloat.fixed(1.0, 3)).isEqualTo("1.000");
    }

    @Test
    void reprGivesTheShortestRoundTripInPythonsLayout() {
        assertThat(PythonFloat.repr(100.00000000000004)).isEqualTo("100.00000000000004");
        assertThat(PythonFloat.repr(0.0004)).isEqualTo("0.0004");
        assertThat(PythonFloat.repr(1e-05)).isEqualTo("1e-05");
        assertThat(PythonFloat.repr(0.0)).isEqualTo("0.0");
        assertThat(PythonFloat.repr(100.0)).isEqualTo("100.0");
        assertThat(PythonFloat.repr(1.5e16)).isEqualTo("1.5e+16");
        assertThat(PythonFloat.repr(1234567890123456.0)).isEqualTo("1234567890123456.0");
        assertThat(PythonFloat.repr(12.5)).isEqualTo("12.5");
        assertThat(PythonFloat.repr(0.00012345678901234567)).isEqualTo("0.00012345678901234567");
    }
}
