package org.seqlab.nn.kernel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reusable Java arrays for what a recurrent forward pass keeps for its backward pass (gate activations, previous
 * states: several MB per direction and batch). Allocating and zeroing them afresh on every call cost about a quarter
 * of a forward pass on B32×T40×H200; the kernels take them here and give them back when backward has consumed them.
 * A forward pass that is never followed by backward (inference) simply leaves its arrays to the garbage collector.
 *
 * <p>Arrays come in size classes (each a power of two times 1, 1.25, 1.5 or 1.75) so that batches of slightly
 * different total lengths share them; an array may therefore be longer than asked for, and its contents are
 * whatever the last user left: callers write every element they later read. Thread-safe. A bidirectional layer
 * holds a dozen or more arrays of one class at once (one per gate, state and gradient plane, per direction), so up
 * to {@value #KEPT_PER_CLASS} are kept per class, and at most {@value #KEPT_BYTES} bytes in all.
 */
final class CacheArrays {
    private static final int KEPT_PER_CLASS = 64;
    private static final long KEPT_BYTES = 256L << 20;
    private static final AtomicLong keptBytes = new AtomicLong();
    private static final ConcurrentHashMap<Integer, ConcurrentLinkedDeque<float[]>> FLOATS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, ConcurrentLinkedDeque<double[]>> DOUBLES = new ConcurrentHashMap<>();

    private CacheArrays() {
    }

    /** The smallest size class holding {@code n} elements. */
    static int sizeClass(int n) {
        if (n <= 1024) {
            return 1024;
        }
        int power = Integer.highestOneBit(n - 1);
        for (int quarter = 5; quarter <= 8; quarter++) {
            long size = (long) power * quarter / 4;
            if (size >= n) {
                return (int) Math.min(size, Integer.MAX_VALUE - 8);
            }
        }
        return (int) Math.min(2L * power, Integer.MAX_VALUE - 8);
    }

    /** A float array of at least {@code n} elements, contents undefined. */
    static float[] floats(int n) {
        int size = sizeClass(n);
        ConcurrentLinkedDeque<float[]> kept = FLOATS.get(size);
        float[] a = kept == null ? null : kept.pollFirst();
        if (a == null) {
            return new float[size];
        }
        keptBytes.addAndGet(-4L * size);
        return a;
    }

    /** A double array of at least {@code n} elements, contents undefined. */
    static double[] doubles(int n) {
        int size = sizeClass(n);
        ConcurrentLinkedDeque<double[]> kept = DOUBLES.get(size);
        double[] a = kept == null ? null : kept.pollFirst();
        if (a == null) {
            return new double[size];
        }
        keptBytes.addAndGet(-8L * size);
        return a;
    }

    /** Gives an array from {@link #floats} back; the caller must not use it afterwards. Null is ignored. */
    static void release(float[] a) {
        if (a != null) {
            ConcurrentLinkedDeque<float[]> kept = FLOATS.computeIfAbsent(a.length, k -> new ConcurrentLinkedDeque<>());
            if (kept.size() < KEPT_PER_CLASS && keep(4L * a.length)) {
                kept.addFirst(a);
            }
        }
    }

    /** Gives an array from {@link #doubles} back; the caller must not use it afterwards. Null is ignored. */
    static void release(double[] a) {
        if (a != null) {
            ConcurrentLinkedDeque<double[]> kept = DOUBLES.computeIfAbsent(a.length, k -> new ConcurrentLinkedDeque<>());
            if (kept.size() < KEPT_PER_CLASS && keep(8L * a.length)) {
                kept.addFirst(a);
            }
        }
    }

    /** Reserves {@code bytes} of the kept budget, or says no (the array is then left to the garbage collector). */
    private static boolean keep(long bytes) {
        if (keptBytes.addAndGet(bytes) <= KEPT_BYTES) {
            return true;
        }
        keptBytes.addAndGet(-bytes);
        return false;
    }
}
