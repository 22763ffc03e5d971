package org.seqlab.nn.kernel;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.seqlab.batch.SequenceLayout;

/**
 * A small shared pool of daemon threads on which kernels run independent work (the two directions of a bidirectional
 * layer) beside the calling thread. Each task uses single-threaded BLAS, so two tasks use two cores.
 */
public final class KernelThreads {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors() - 1), runnable -> {
                Thread t = new Thread(runnable, "seqlab-kernel");
                t.setDaemon(true);
                return t;
            });

    /** Whether this thread runs the first half of a {@link #runBoth} pair (so a nested pair runs on it alone). */
    private static final ThreadLocal<boolean[]> IN_PAIR = ThreadLocal.withInitial(() -> new boolean[1]);

    private KernelThreads() {
    }

    /** Below this many multiply-adds per pass (about a millisecond), a second thread costs more than it saves. */
    private static final long MIN_SPLIT_WORK = 1L << 25;
    /** The fewest sequences a thread's half may have (OpenBLAS's small products run 4-row multiples fastest). */
    private static final int MIN_SPLIT_ROWS = 4;

    /**
     * Where to split a packed batch's sorted sequences between two threads so that each gets about half the positions,
     * or 0 to stay on one thread (one core, a small batch or little work).
     *
     * @param workPerPosition multiply-adds per packed position of the pass
     */
    public static int balancedSplit(SequenceLayout layout, long workPerPosition) {
        int batch = layout.batch();
        int total = layout.totalSteps();
        if (Runtime.getRuntime().availableProcessors() < 2 || batch < 2 * MIN_SPLIT_ROWS
                || (long) total * workPerPosition < MIN_SPLIT_WORK) {
            return 0;
        }
        long before = 0;
        int best = MIN_SPLIT_ROWS;
        long bestGap = Long.MAX_VALUE;
        for (int s = 0; s < batch - MIN_SPLIT_ROWS; s++) {
            before += layout.sortedLength(s);
            int split = s + 1;
            long gap = Math.abs(2 * before - total);
            if (split >= MIN_SPLIT_ROWS && gap < bestGap) {
                best = split;
                bestGap = gap;
            }
        }
        return best;
    }

    /**
     * Runs {@code work} on the calling thread with every {@link #runBoth} pair inside it run one half after the other
     * on this thread: for callers that already keep both cores busy with work of their own (two workers each taking
     * whole batches), where handing half of each batch to the pool would only make three threads share two cores.
     */
    public static void runAlone(Runnable work) {
        boolean[] inPair = IN_PAIR.get();
        boolean before = inPair[0];
        inPair[0] = true;
        try {
            work.run();
        } finally {
            inPair[0] = before;
        }
    }

    /**
     * Whether a {@link #runBoth} pair started here would run its halves one after the other on this thread (on a pool
     * thread, inside a pair's calling half, or inside {@link #runAlone}): splitting work then gains nothing.
     */
    public static boolean runsInline() {
        return Thread.currentThread().getName().equals("seqlab-kernel") || IN_PAIR.get()[0];
    }

    /**
     * Runs {@code second} on the pool and {@code first} on the calling thread; returns when both are done. A pair
     * started inside either half runs its two parts one after the other on that half's thread.
     */
    public static void runBoth(Runnable first, Runnable second) {
        if (runsInline()) {
            // Already on a pool thread, or the calling half of a pair: the cores are taken, and waiting for another
            // pool task could deadlock a small pool.
            first.run();
            second.run();
            return;
        }
        Future<?> other = POOL.submit(second);
        RuntimeException failure = null;
        boolean[] inPair = IN_PAIR.get();
        inPair[0] = true;
        try {
            first.run();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            inPair[0] = false;
        }
        try {
            other.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a kernel ran", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (failure == null) {
                failure = cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
