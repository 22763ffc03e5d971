package org.seqlab.nn.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.bytedeco.javacpp.FloatPointer;

/**
 * The float32 matrix products ({@link Blas#gemm}) that a piece of work issues, counted by shape while the log is
 * {@link #start started}, and what the same calls cost when {@link #replaySeconds replayed} alone on one thread: the
 * time the work would take if it were nothing but its products, each at the rate the library reaches for its shape on
 * this machine. A benchmark compares its measured speed with that ceiling to tell how much of a gap to a target is
 * arithmetic (see {@code TranslationBenchmark}). Each product is filed under the {@link WorkSections} section running
 * when it was issued, so that the replay can also say what each section's products alone cost. Counting costs one map
 * update per product while a log is active and a volatile read otherwise.
 */
public final class ProductLog {
    /** A product's shape as {@link Blas#gemm} takes it; {@code accumulate}: beta ≠ 0 (C is read as well). */
    public record Shape(boolean transA, boolean transB, int m, int n, int k, boolean accumulate) {
        /** Floating-point operations of one call (a multiply and an add per term). */
        public double flops() {
            return 2.0 * m * n * k;
        }
    }

    /** The section name of products issued outside any {@link WorkSections} section. */
    public static final String NO_SECTION = "(no section)";

    private record Key(String section, Shape shape) {
    }

    private static volatile ProductLog active;

    private final Map<Key, LongAdder> calls = new ConcurrentHashMap<>();

    private ProductLog() {
    }

    /** Starts counting the products of every thread; one log at a time. */
    public static synchronized ProductLog start() {
        if (active != null) {
            throw new IllegalStateException("a product log is already running");
        }
        ProductLog log = new ProductLog();
        active = log;
        return log;
    }

    /** Stops counting (the counts stay readable). */
    public void stop() {
        synchronized (ProductLog.class) {
            if (active == this) {
                active = null;
            }
        }
    }

    static void record(boolean transA, boolean transB, int m, int n, int k, float beta) {
        ProductLog log = active;
        if (log != null && m > 0 && n > 0 && k > 0) {
            String section = WorkSections.current();
            Key key = new Key(section == null ? NO_SECTION : section, new Shape(transA, transB, m, n, k, beta != 0));
            log.calls.computeIfAbsent(key, s -> new LongAdder()).increment();
        }
    }

    /** The shapes counted and their number of calls (all sections together). */
    public Map<Shape, Long> counts() {
        Map<Shape, Long> out = new java.util.LinkedHashMap<>();
        calls.forEach((key, c) -> out.merge(key.shape(), c.sum(), Long::sum));
        return out;
    }

    /** Floating-point operations of all the products counted. */
    public double flops() {
        double total = 0;
        for (var e : calls.entrySet()) {
            total += e.getKey().shape().flops() * e.getValue().sum();
        }
        return total;
    }

    /** Floating-point operations by section ({@link #NO_SECTION} for products issued outside any). */
    public Map<String, Double> flopsBySection() {
        Map<String, Double> out = new java.util.TreeMap<>();
        calls.forEach((key, c) -> out.merge(key.section(), key.shape().flops() * c.sum(), Double::sum));
        return out;
    }

    /** What {@link #replay} found: the counted calls' seconds alone on one thread, in all and by section. */
    public record Replay(double seconds, Map<String, Double> secondsBySection) {
    }

    /**
     * Seconds that the counted calls take on the calling thread alone. Shapes are timed through representatives:
     * dimensions above {@value #EXACT_DIMENSION} are rounded to a multiple of {@value #ROUNDING} (a batch's row count
     * varies from batch to batch, and a product's rate hardly changes over a few rows there), smaller ones are kept, as
     * the rate of a product of few rows depends on their number. Each representative is run (after one untimed call)
     * until at least {@code minSecondsPerShape} and three calls have passed, on dense operands of its size; its time
     * per floating-point operation times the operations of the calls it stands for is their time. Operands stay in
     * cache between the repeats, as a layer's weights do between the steps of a batch, so the sum is a lower bound on
     * the time these products take inside the work.
     */
    public double replaySeconds(double minSecondsPerShape) {
        return replay(minSecondsPerShape).seconds();
    }

    /** {@link #replaySeconds}, and the same time split by the sections the calls were issued in. */
    public Replay replay(double minSecondsPerShape) {
        Map<Key, Long> counted = new java.util.LinkedHashMap<>();
        calls.forEach((key, c) -> counted.put(key, c.sum()));
        Map<Shape, Double> perFlop = secondsPerFlop(counted.keySet().stream().map(k -> representative(k.shape()))
                .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)), minSecondsPerShape);
        double total = 0;
        Map<String, Double> bySection = new java.util.TreeMap<>();
        for (var e : counted.entrySet()) {
            Shape s = e.getKey().shape();
            double seconds = perFlop.get(representative(s)) * s.flops() * e.getValue();
            total += seconds;
            bySection.merge(e.getKey().section(), seconds, Double::sum);
        }
        return new Replay(total, bySection);
    }

    private static Shape representative(Shape s) {
        return new Shape(s.transA(), s.transB(), representative(s.m()), representative(s.n()), representative(s.k()),
                s.accumulate());
    }

    /** Each representative shape timed alone on this thread: seconds per floating-point operation. */
    private static Map<Shape, Double> secondsPerFlop(java.util.Set<Shape> representatives, double minSecondsPerShape) {
        Map<Shape, Double> out = new java.util.HashMap<>();
        long maxA = 1;
        long maxB = 1;
        long maxC = 1;
        for (Shape s : representatives) {
            maxA = Math.max(maxA, (long) s.m() * s.k());
            maxB = Math.max(maxB, (long) s.k() * s.n());
            maxC = Math.max(maxC, (long) s.m() * s.n());
        }
        FloatPointer a = filled(maxA);
        FloatPointer b = filled(maxB);
        FloatPointer c = filled(maxC);
        try {
            long minNanos = (long) (minSecondsPerShape * 1e9);
            for (Shape s : representatives) {
                int lda = s.transA() ? s.m() : s.k();
                int ldb = s.transB() ? s.k() : s.n();
                float beta = s.accumulate() ? 1f : 0f;
                Blas.gemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, a, 0, lda, b, 0, ldb, beta, c, 0, s.n());
                int repeats = 0;
                long start = System.nanoTime();
                long elapsed;
                do {
                    // alpha 1e-3 keeps C small where beta is 1 and the calls add up; the work is the same
                    Blas.gemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1e-3f, a, 0, lda, b, 0, ldb, beta, c, 0,
                            s.n());
                    repeats++;
                    elapsed = System.nanoTime() - start;
                } while (elapsed < minNanos || repeats < 3);
                out.put(s, elapsed / 1e9 / repeats / s.flops());
            }
            return out;
        } finally {
            a.close();
            b.close();
            c.close();
        }
    }

    /** Dimensions up to this are timed as they are (see {@link #replaySeconds}). */
    static final int EXACT_DIMENSION = 64;
    /** Larger dimensions are timed rounded to a multiple of this. */
    static final int ROUNDING = 32;

    static int representative(int dimension) {
        return dimension <= EXACT_DIMENSION ? dimension : Math.round(dimension / (float) ROUNDING) * ROUNDING;
    }

    private static FloatPointer filled(long n) {
        FloatPointer p = new FloatPointer(n);
        java.nio.FloatBuffer buffer = p.asBuffer();
        for (long i = 0; i < n; i++) {
            buffer.put((int) i, 0.01f * (i % 7 - 3));
        }
        return p;
    }
}
