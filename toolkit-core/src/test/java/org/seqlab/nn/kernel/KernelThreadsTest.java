package org.seqlab.nn.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.seqlab.batch.SequenceLayout;

class KernelThreadsTest {
    @Test
    void pairsNestedInEitherHalfRunEveryPart() {
        ConcurrentLinkedQueue<String> ran = new ConcurrentLinkedQueue<>();
        KernelThreads.runBoth(
                () -> KernelThreads.runBoth(() -> ran.add("first.first"), () -> ran.add("first.second")),
                () -> KernelThreads.runBoth(() -> ran.add("second.first"), () -> ran.add("second.second")));
        assertThat(ran).containsExactlyInAnyOrder("first.first", "first.second", "second.first", "second.second");
        // and the calling thread is free for a new pair afterwards
        KernelThreads.runBoth(() -> ran.add("again.first"), () -> ran.add("again.second"));
        assertThat(ran).contains("again.first", "again.second");
    }

    @Test
    void theSplitGivesEachThreadAboutHalfThePositions() {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            assertThat(KernelThreads.balancedSplit(SequenceLayout.of(new int[64]), 1L << 30)).isZero();
            return;
        }
        int[] equal = new int[32];
        java.util.Arrays.fill(equal, 100);
        assertThat(KernelThreads.balancedSplit(SequenceLayout.of(equal), 1L << 20)).isEqualTo(16);
        // sorted lengths 80, 40 ×15: half of 680 positions is 340 = 80 + 40 × 6.5 → 7 or 8 sequences first
        int[] skewed = new int[16];
        java.util.Arrays.fill(skewed, 40);
        skewed[5] = 80;
        assertThat(KernelThreads.balancedSplit(SequenceLayout.of(skewed), 1L << 20)).isBetween(7, 8);
        // too little work, or too few sequences: one thread
        assertThat(KernelThreads.balancedSplit(SequenceLayout.of(equal), 10)).isZero();
        assertThat(KernelThreads.balancedSplit(SequenceLayout.of(100, 100, 100, 100, 100, 100, 100), 1L << 30))
                .isZero();
    }

    @Test
    void pairsInsideRunAloneStayOnTheCallingThreadAndOnlyThere() {
        Thread caller = Thread.currentThread();
        ConcurrentLinkedQueue<Thread> threads = new ConcurrentLinkedQueue<>();
        KernelThreads.runAlone(() -> KernelThreads.runBoth(() -> threads.add(Thread.currentThread()),
                () -> threads.add(Thread.currentThread())));
        assertThat(threads).containsExactly(caller, caller);
        // afterwards (and on a machine with more than one core) the second half goes to the pool again
        threads.clear();
        KernelThreads.runBoth(() -> threads.add(Thread.currentThread()), () -> threads.add(Thread.currentThread()));
        assertThat(threads).hasSize(2).contains(caller);
        if (Runtime.getRuntime().availableProcessors() > 1) {
            assertThat(threads).anyMatch(t -> t != caller);
        }
    }

    @Test
    void manyPairsFromSeveralThreadsEachRunBothHalvesOnce() throws Exception {
        // four callers at once: one holds the spinning partner, the others fall back to the pool; every half of
        // every pair runs exactly once and each pair has finished when runBoth returns
        int callers = 4;
        int pairs = 2_000;
        long[][] counts = new long[callers][2];
        Thread[] threads = new Thread[callers];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int c = 0; c < callers; c++) {
            long[] mine = counts[c];
            threads[c] = new Thread(() -> {
                try {
                    for (int i = 0; i < pairs; i++) {
                        long[] halves = new long[2];
                        KernelThreads.runBoth(() -> halves[0]++, () -> halves[1]++);
                        if (halves[0] != 1 || halves[1] != 1) {
                            throw new AssertionError("pair " + i + " returned with halves " + halves[0] + ", "
                                    + halves[1]);
                        }
                        mine[0] += halves[0];
                        mine[1] += halves[1];
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failure.get()).isNull();
        for (long[] mine : counts) {
            assertThat(mine).containsExactly(pairs, pairs);
        }
    }

    @Test
    void aFailingHalfFailsThePairAfterBothHalvesEndAndLeavesThePairsWorking() {
        java.util.concurrent.atomic.AtomicBoolean secondEnded = new java.util.concurrent.atomic.AtomicBoolean();
        assertThatThrownBy(() -> KernelThreads.runBoth(() -> {
            throw new IllegalStateException("first half");
        }, () -> {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
            secondEnded.set(true);
        })).isInstanceOf(IllegalStateException.class).hasMessage("first half");
        assertThat(secondEnded).as("runBoth returned only after the second half ended").isTrue();
        assertThatThrownBy(() -> KernelThreads.runBoth(() -> { }, () -> {
            throw new IllegalArgumentException("second half");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("second half");
        ConcurrentLinkedQueue<String> ran = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < 100; i++) {
            KernelThreads.runBoth(() -> ran.add("a"), () -> ran.add("b"));
        }
        assertThat(ran).hasSize(200);
    }

    @Test
    void aPairAfterTheIdlePartnerHasParkedStillRuns() {
        // longer than the partner's spin: it parks, and the next pair must wake it
        ConcurrentLinkedQueue<String> ran = new ConcurrentLinkedQueue<>();
        KernelThreads.runBoth(() -> ran.add("before"), () -> ran.add("before, second"));
        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        KernelThreads.runBoth(() -> ran.add("after"), () -> {
            // a slow second half: the caller parks too, and must be woken
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            ran.add("after, second");
        });
        assertThat(ran).containsExactlyInAnyOrder("before", "before, second", "after", "after, second");
    }

    @Test
    void byRowsCoversEveryRowOnceAndStaysHereBelowTheThreshold() {
        int[] seen = new int[101];
        KernelThreads.byRows(101, 1_000, 10, (from, to) -> {
            for (int r = from; r < to; r++) {
                seen[r]++;
            }
        });
        assertThat(seen).containsOnly(1);
        Thread caller = Thread.currentThread();
        ConcurrentLinkedQueue<Thread> threads = new ConcurrentLinkedQueue<>();
        KernelThreads.byRows(101, 9, 10, (from, to) -> threads.add(Thread.currentThread()));
        assertThat(threads).containsExactly(caller);
        threads.clear();
        KernelThreads.byRows(1, 1_000, 10, (from, to) -> threads.add(Thread.currentThread()));
        assertThat(threads).containsExactly(caller);
    }
}
