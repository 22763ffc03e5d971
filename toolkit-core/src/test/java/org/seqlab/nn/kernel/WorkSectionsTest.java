package org.seqlab.nn.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;

import org.bytedeco.javacpp.FloatPointer;
import org.junit.jupiter.api.Test;

class WorkSectionsTest {
    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void timesEachSectionFromItsEntryToTheNextInTheOrderFirstEntered() {
        WorkSections.enter("before"); // no record: nothing
        assertThat(WorkSections.current()).isNull();
        long begun = System.nanoTime();
        WorkSections s = WorkSections.start();
        try {
            assertThatThrownBy(WorkSections::start).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(s::seconds).isInstanceOf(IllegalStateException.class);
            WorkSections.enter("b");
            assertThat(WorkSections.current()).isEqualTo("b");
            sleep(40);
            WorkSections.enter("a");
            sleep(20);
            WorkSections.enter(null); // between sections: not counted
            sleep(30);
            WorkSections.enter("b");
            sleep(20);
        } finally {
            s.stop();
        }
        double total = (System.nanoTime() - begun) / 1e9;
        assertThat(WorkSections.current()).isNull();
        Map<String, Double> seconds = s.seconds();
        assertThat(seconds.keySet()).containsExactly("b", "a");
        // at least the sleeps inside each section; the 30 ms between sections counted in neither (sleeps may overrun,
        // so no upper bound per section)
        assertThat(seconds.get("b")).isGreaterThanOrEqualTo(0.060);
        assertThat(seconds.get("a")).isGreaterThanOrEqualTo(0.020);
        assertThat(seconds.get("a") + seconds.get("b")).isLessThanOrEqualTo(total - 0.030);
        WorkSections.start().stop(); // the stopped record freed the slot
    }

    @Test
    void onlyTheStartingThreadSwitchesSectionsAndOthersSeeTheRunningOne() throws Exception {
        WorkSections s = WorkSections.start();
        try {
            WorkSections.enter("mine");
            String[] seen = new String[1];
            Thread other = new Thread(() -> {
                WorkSections.enter("theirs"); // ignored: not the driving thread
                seen[0] = WorkSections.current();
            });
            other.start();
            other.join();
            assertThat(seen[0]).isEqualTo("mine");
            Throwable[] stopped = new Throwable[1];
            Thread stopper = new Thread(() -> {
                try {
                    s.stop();
                } catch (Throwable e) {
                    stopped[0] = e;
                }
            });
            stopper.start();
            stopper.join();
            assertThat(stopped[0]).isInstanceOf(IllegalStateException.class);
        } finally {
            s.stop();
        }
        assertThat(s.seconds().keySet()).containsExactly("mine");
    }

    @Test
    void aProductLogFilesEachProductUnderTheSectionItRanIn() {
        FloatPointer a = new FloatPointer(64 * 64);
        FloatPointer b = new FloatPointer(64 * 64);
        FloatPointer c = new FloatPointer(64 * 64);
        ProductLog log = ProductLog.start();
        WorkSections s = WorkSections.start();
        try {
            Blas.gemm(false, false, 8, 16, 32, 1f, a, 0, 32, b, 0, 16, 0f, c, 0, 16); // before any section
            WorkSections.enter("big");
            for (int i = 0; i < 2; i++) {
                Blas.gemm(false, false, 64, 64, 64, 1f, a, 0, 64, b, 0, 64, 0f, c, 0, 64);
            }
            WorkSections.enter("small");
            Blas.gemm(false, false, 8, 16, 32, 1f, a, 0, 32, b, 0, 16, 0f, c, 0, 16);
        } finally {
            s.stop();
            log.stop();
        }
        assertThat(log.flopsBySection()).containsOnly(
                Map.entry(ProductLog.NO_SECTION, 2.0 * 8 * 16 * 32),
                Map.entry("big", 2 * 2.0 * 64 * 64 * 64),
                Map.entry("small", 2.0 * 8 * 16 * 32));
        // the same shape in two sections is one shape of the log
        assertThat(log.counts()).containsEntry(new ProductLog.Shape(false, false, 8, 16, 32, false), 2L).hasSize(2);
        ProductLog.Replay replay = log.replay(0.001);
        assertThat(replay.secondsBySection().keySet()).containsExactlyInAnyOrder(ProductLog.NO_SECTION, "big", "small");
        assertThat(replay.secondsBySection().values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(replay.seconds(), within(1e-12));
        // one shape timed once: its two sections get the same time for the same calls
        assertThat(replay.secondsBySection().get("small")).isEqualTo(replay.secondsBySection().get(ProductLog.NO_SECTION));
        a.close();
        b.close();
        c.close();
    }
}
