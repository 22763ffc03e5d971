package org.seqlab.tagger;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs the batches of one {@link Tagger#tagAll} call on the calling thread and one shared helper thread, each taking
 * the next batch from a counter. Each batch's BiLSTM still runs its two directions on two threads, so while one
 * worker waits for its other direction, the other worker encodes, decodes or runs its own LSTM: the serial stages
 * (encoding, char CNN, projection, Viterbi) overlap the LSTM instead of leaving a core idle.
 *
 * <p>When the helper is busy with another call (several threads tagging at once), the caller simply does every batch
 * itself; a helper task that starts late finds no batch left.
 */
final class TwoWorkers {
    private static final ExecutorService HELPER = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "seqlab-tagger");
        t.setDaemon(true);
        return t;
    });

    private TwoWorkers() {
    }

    /** Calls {@code work} once for each index in [0, count); returns when all calls are done. */
    static void run(int count, IntConsumer work) {
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
                    throw new IllegalStateException("interrupted while tagging", e);
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
