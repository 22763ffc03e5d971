package org.seqlab.batch;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs the batches of one call (a tagger's {@code tagAll}, a translator's batches of sources) on the calling thread
 * and one shared helper thread, each taking the next batch from a counter. A batch's own two-thread kernels (a
 * BiLSTM's two directions, a large product's halves) still pair up where a core is free, so while one worker waits
 * for its other half, the other worker runs the serial stages of its own batch (encoding, a char CNN, Viterbi, a
 * decoder's attention and search) instead of leaving a core idle.
 *
 * <p>When the helper is busy with another call (several threads at once), the caller simply does every batch itself;
 * a helper task that starts late finds no batch left.
 */
public final class TwoWorkers {
    private static final ExecutorService HELPER = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "seqlab-batches");
        t.setDaemon(true);
        return t;
    });

    private TwoWorkers() {
    }

    /** Calls {@code work} once for each index in [0, count); returns when all calls are done. */
    public static void run(int count, IntConsumer work) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Object finished = new Object();
        Runnable worker = () -> {
            for (int i; (i = next.getAndIncrement()) < count;) {
                try {
                    if (failure.get() == null) {
                        work.accept(i);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    if (done.incrementAndGet() == count) {
                        synchronized (finished) {
                            finished.notifyAll();
                        }
                    }
                }
            }
        };
        if (Runtime.getRuntime().availableProcessors() > 1) {
            HELPER.execute(worker);
        }
        worker.run();
        synchronized (finished) {
            while (done.get() < count) {
                try {
                    finished.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for batches", e);
                }
            }
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }
}
