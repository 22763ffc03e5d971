package org.seqlab.random;

/**
 * A small, fast, seedable random generator whose whole state is two longs that can be saved and restored, so that a
 * training run resumed from a checkpoint draws exactly the numbers the uninterrupted run would have drawn
 * ({@link java.util.Random} and {@link java.util.SplittableRandom} do not expose their state).
 *
 * <p>Algorithm: xoroshiro128+ (Blackman and Vigna), seeded through SplitMix64. Not thread-safe: give each thread its
 * own generator, for example with {@link #split()}.
 */
public final class Rng {
    private long s0;
    private long s1;
    private double nextGaussian = Double.NaN;

    public Rng(long seed) {
        long z = seed;
        z += 0x9E3779B97F4A7C15L;
        s0 = mix(z);
        z += 0x9E3779B97F4A7C15L;
        s1 = mix(z);
        if ((s0 | s1) == 0) {
            s1 = 1;
        }
    }

    private Rng(long s0, long s1) {
        this.s0 = s0;
        this.s1 = s1;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        long a = s0;
        long b = s1;
        long result = a + b;
        b ^= a;
        s0 = Long.rotateLeft(a, 24) ^ b ^ (b << 16);
        s1 = Long.rotateLeft(b, 37);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, bound), unbiased. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long threshold = (1L << 32) % bound;
        while (true) {
            long r = nextLong() >>> 32;
            if (r >= threshold) {
                return (int) (r % bound);
            }
        }
    }

    /** Standard normal (Marsaglia's polar method; the spare value is part of the saved state). */
    public double nextGaussian() {
        if (!Double.isNaN(nextGaussian)) {
            double g = nextGaussian;
            nextGaussian = Double.NaN;
            return g;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = Math.sqrt(-2 * Math.log(s) / s);
        nextGaussian = v * m;
        return u * m;
    }

    /** Fisher-Yates shuffle in place. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** An independent generator derived from this one (advances this one). */
    public Rng split() {
        return new Rng(nextLong());
    }

    /** The complete state, for checkpoints: {@code [s0, s1, spare gaussian bits]}. */
    public long[] state() {
        return new long[] {s0, s1, Double.doubleToRawLongBits(nextGaussian)};
    }

    /** Restores a state returned by {@link #state()}. */
    public static Rng fromState(long[] state) {
        if (state.length != 3 || (state[0] | state[1]) == 0) {
            throw new IllegalArgumentException("not an Rng state");
        }
        Rng r = new Rng(state[0], state[1]);
        r.nextGaussian = Double.longBitsToDouble(state[2]);
        return r;
    }
}
