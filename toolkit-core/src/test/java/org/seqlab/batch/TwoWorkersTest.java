package org.seqlab.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;
import org.seqlab.SeqlabException;

class TwoWorkersTest {

    @Test
    void everyIndexRunsExactlyOnce() {
        AtomicIntegerArray calls = new AtomicIntegerArray(25);
        for (int round = 0; round < 20; round++) {
            TwoWorkers.run(25, i -> calls.incrementAndGet(i));
        }
        for (int i = 0; i < 25; i++) {
            assertThat(calls.get(i)).as("index %d", i).isEqualTo(20);
        }
    }

    @Test
    void aFailureOnEitherWorkerReachesTheCallerAfterAllClaimedWorkEnds() {
        for (int round = 0; round < 20; round++) {
            assertThatThrownBy(() -> TwoWorkers.run(40, i -> {
                if (i == 17) {
                    throw new SeqlabException("batch 17 failed");
                }
            })).isInstanceOf(SeqlabException.class).hasMessage("batch 17 failed");
        }
        // The helper is free again afterwards.
        AtomicIntegerArray calls = new AtomicIntegerArray(10);
        TwoWorkers.run(10, calls::incrementAndGet);
        for (int i = 0; i < 10; i++) {
            assertThat(calls.get(i)).isEqualTo(1);
        }
    }
}
