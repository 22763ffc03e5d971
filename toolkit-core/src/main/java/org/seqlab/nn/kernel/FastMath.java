package org.seqlab.nn.kernel;

/**
 * tanh and the logistic sigmoid for float32 kernels without {@code Math.exp}, whose cost dominated the cell loops: a
 * rational (odd degree-13 over even degree-6) minimax approximation on [-7.9, 7.9], accurate to a few float32 ulps,
 * and sigmoid(x) = 0.5 + 0.5·tanh(x/2). Branch-free so that loops calling them vectorise. float64 kernels use the
 * exact {@link Math#tanh} instead, so gradient checks stay exact.
 */
public final class FastMath {
    /** Beyond this |x| tanh(x) rounds to ±1 in float32; clamping keeps the polynomial in its fitted range. */
    private static final float CLAMP = 7.90531110763549805f;

    private FastMath() {
    }

    public static float tanh(float x) {
        float v = Math.max(-CLAMP, Math.min(CLAMP, x));
        float v2 = v * v;
        float p = -2.76076847742355e-16f;
        p = p * v2 + 2.00018790482477e-13f;
        p = p * v2 - 8.60467152213735e-11f;
        p = p * v2 + 5.12229709037114e-08f;
        p = p * v2 + 1.48572235717979e-05f;
        p = p * v2 + 6.37261928875436e-04f;
        p = p * v2 + 4.89352455891786e-03f;
        p = p * v;
        float q = 1.19825839466702e-06f;
        q = q * v2 + 1.18534705686654e-04f;
        q = q * v2 + 2.26843463243900e-03f;
        q = q * v2 + 4.89352518554385e-03f;
        return p / q;
    }

    public static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }

    /** float64: exact, so that float64 gradient checks test the real formula (overload picked by the float64 kernels). */
    public static double tanh(double x) {
        return Math.tanh(x);
    }

    /** float64: exact logistic function. */
    public static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
