package org.seqlab.nn.kernel;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

    private KernelThreads() {
    }

    /** Runs {@code second} on the pool and {@code first} on the calling thread; returns when both are done. */
    public static void runBoth(Runnable first, Runnable second) {
        if (Thread.currentThread().getName().equals("seqlab-kernel")) {
            // Already on a pool thread: waiting for another pool task could deadlock a small pool.
            first.run();
            second.run();
            return;
        }
        Future<?> other = POOL.submit(second);
        RuntimeException failure = null;
        try {
            first.run();
        } catch (RuntimeException e) {
            failure = e;
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
