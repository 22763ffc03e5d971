package org.seqlab.nn.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ConcurrentLinkedQueue;

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
}
