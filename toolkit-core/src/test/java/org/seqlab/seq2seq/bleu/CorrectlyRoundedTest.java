package org.seqlab.seq2seq.bleu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Expected values: Python's decimal module at 80 digits, rounded once to a double (float(Decimal(x).exp())). */
class CorrectlyRoundedTest {

    @Test
    void expIsCorrectlyRoundedWhereMathExpIsOneUlpOff() {
        double[][] cases = {
            {-0x1.0692c3759d004p3, 0x1.1e709210a4309p-12},
            {-0x1.d4685c00a07b8p4, 0x1.b2dc927dc6375p-43},
            {-0x1.39757d405f58cp3, 0x1.d3377a72bf6afp-15},
            {-0x1.11e19c6ab9de6p4, 0x1.3c2b3461c0562p-25},
        };
        for (double[] c : cases) {
            assertThat(CorrectlyRounded.exp(c[0])).as("exp(%s)", c[0]).isEqualTo(c[1]);
        }
    }

    @Test
    void logAndExpHandleTheEdgesBleuReaches() {
        assertThat(CorrectlyRounded.exp(0.0)).isEqualTo(1.0);
        assertThat(CorrectlyRounded.exp(-9999999999.0 / 4)).isEqualTo(0.0);
        assertThat(CorrectlyRounded.log(1.0)).isEqualTo(0.0);
        assertThat(CorrectlyRounded.log(100.0)).isEqualTo(4.605170185988092); // float(Decimal(100).ln())
        assertThat(CorrectlyRounded.log(Math.E)).isEqualTo(1.0);
    }
}
