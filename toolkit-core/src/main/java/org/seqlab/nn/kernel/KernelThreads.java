package org.seqlab.nn.kernel;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.seqlab.batch.SequenceLayout;

/**
 * A small shared pool of daemon threads on which kernels run independent work (the two directions of a bidirectional
 * layer) beside the calling thread. Each task uses single-threaded BLAS, so two tasks use two cores.
 *
 * <p>A pair goes first to a {@link Partner}: one thread that waits for the next pair's second half by spinning for a
 * moment before it sleeps, and whose caller waits for it the same way. Handing a half to a sleeping pool thread and
 * waiting for it in {@code Future.get} cost 15-100 µs a pair on this project's 2-core virtual machine (two thread
 * wake-ups), where a translator's training step hands over a couple of hundred halves of 0.1-1 ms each. A caller that
 * finds the partner taken by another thread uses the pool as before.
 */
public final class KernelThreads {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors() - 1), runnable -> {
                Thread t = new Thread(runnable, "seqlab-kernel");
                t.setDaemon(true);
                return t;
            });

    private static final Partner PARTNER = Runtime.getRuntime().availableProcessors() > 1 ? new Partner() : null;

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
        return Thread.currentThread().getName().startsWith("seqlab-kernel") || IN_PAIR.get()[0];
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
        if (PARTNER != null && PARTNER.tryRun(first, second)) {
            return;
        }
        Future<?> other = POOL.submit(second);
        Throwable thrown = runFirstHalf(first);
        try {
            other.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a kernel ran", e);
        } catch (ExecutionException e) {
            if (thrown == null) {
                thrown = e.getCause();
            }
        }
        rethrow(thrown);
    }

    /** A range of rows {@code [from, to)} of a per-row pass. */
    @FunctionalInterface
    public interface RowRange {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over rows {@code [0, n)}: as two halves by {@link #runBoth} when there are two rows or more and
     * the pass has at least {@code minWork} units of work (below that a hand-over costs more than it saves), else on
     * the calling thread. The rows must be independent (each half reads and writes only its own).
     */
    public static void byRows(int n, long work, long minWork, RowRange body) {
        if (n < 2 || work < minWork) {
            body.run(0, n);
            return;
        }
        int half = n / 2;
        runBoth(() -> body.run(0, half), () -> body.run(half, n));
    }

    /** Runs a pair's first half on this thread, marked as such (nested pairs then run inline); returns what it threw. */
    private static Throwable runFirstHalf(Runnable first) {
        boolean[] inPair = IN_PAIR.get();
        inPair[0] = true;
        try {
            first.run();
            return null;
        } catch (Throwable e) {
            return e;
        } finally {
            inPair[0] = false;
        }
    }

    /**
     * Throws a failure caught on a worker, once all the work has ended: unchecked as it was, anything else wrapped in
     * an {@link IllegalStateException}; nothing for null.
     */
    public static void rethrow(Throwable thrown) {
        if (thrown instanceof RuntimeException re) {
            throw re;
        }
        if (thrown instanceof Error err) {
            throw err;
        }
        if (thrown != null) {
            throw new IllegalStateException(thrown);
        }
    }

    /**
     * One daemon thread that runs the second halves of pairs for one caller at a time. Both sides spin (with
     * {@link Thread#onSpinWait}) for up to {@link #SPIN_NANOS} before they park, so that back-to-back pairs of a
     * training step's time loop pass without a wake-up. The flags are volatile and each side writes its own flag before
     * it reads the other's (the worker: {@code parked}, then {@code task}; the caller: {@code task}, then
     * {@code parked}; likewise {@code done} and {@code callerParked}), so a side that parks is always seen and woken.
     */
    static final class Partner {
        /** How long either side spins before it parks: longer than the gap between a time step's pairs. */
        private static final long SPIN_NANOS = 100_000;

        private final AtomicBoolean taken = new AtomicBoolean();
        private final Thread thread;
        private volatile Runnable task;
        private volatile boolean parked;
        private volatile boolean done;
        private volatile boolean callerParked;
        private volatile Thread caller;
        private Throwable failure;

        Partner() {
            thread = new Thread(this::loop, "seqlab-kernel-partner");
            thread.setDaemon(true);
            thread.start();
        }

        /** Runs the pair with the partner, or returns false (running nothing) when another caller holds it. */
        boolean tryRun(Runnable first, Runnable second) {
            if (!taken.compareAndSet(false, true)) {
                return false;
            }
            try {
                caller = Thread.currentThread();
                failure = null;
                done = false;
                task = second;
                if (parked) {
                    LockSupport.unpark(thread);
                }
                Throwable thrown = runFirstHalf(first);
                // always wait for the second half, even after a failure: the partner is not free before it is done
                awaitDone();
                rethrow(thrown != null ? thrown : failure);
                return true;
            } finally {
                caller = null;
                taken.set(false);
            }
        }

        private void awaitDone() {
            long start = System.nanoTime();
            while (!done) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                callerParked = true;
                while (!done) {
                    LockSupport.park(this);
                }
                callerParked = false;
            }
        }

        private void loop() {
            while (true) {
                Runnable work = takeTask();
                Throwable thrown = null;
                try {
                    work.run();
                } catch (Throwable e) {
                    thrown = e;
                }
                failure = thrown; // published by the volatile write of done
                task = null;
                done = true;
                if (callerParked) {
                    Thread waiting = caller;
                    if (waiting != null) {
                        LockSupport.unpark(waiting);
                    }
                }
            }
        }

        private Runnable takeTask() {
            long start = System.nanoTime();
            while (true) {
                Runnable work = task;
                if (work != null) {
                    return work;
                }
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                work = task;
                if (work == null) {
                    LockSupport.park(this);
                }
                parked = false;
                start = System.nanoTime();
            }
        }
    }
}
