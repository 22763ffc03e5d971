package org.seqlab.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class InputGateCacheTest {
    @Test
    void keepsTheFirstEntriesUpToItsCapacityAndCountsLookups() {
        InputGateCache<String> cache = new InputGateCache<>(2);
        float[] a = {1};
        float[] b = {2};
        float[] c = {3};
        assertThat(cache.get("a")).isNull();
        assertThat(cache.offer("a", a)).isSameAs(a);
        assertThat(cache.offer("a", new float[] {1})).as("an entry stays as first published").isSameAs(a);
        assertThat(cache.offer("b", b)).isSameAs(b);
        assertThat(cache.offer("c", c)).as("no room: the caller's values, not kept").isSameAs(c);
        assertThat(cache.get("c")).isNull();
        assertThat(cache.get("a")).isSameAs(a);
        assertThat(cache.get("b")).isSameAs(b);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.hits()).isEqualTo(2);
        assertThat(cache.misses()).isEqualTo(2);
        assertThatThrownBy(() -> new InputGateCache<String>(0)).hasMessageContaining("capacity 0 < 1");
        assertThat(InputGateCache.capacityFor(64L << 20, 1600)).isEqualTo(10_230);
    }

    @Test
    void concurrentOffersNeverExceedTheCapacity() throws Exception {
        InputGateCache<Integer> cache = new InputGateCache<>(100);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t * 37;
                done.add(pool.submit(() -> {
                    for (int k = 0; k < 500; k++) {
                        int key = (k + offset) % 300;
                        float[] kept = cache.offer(key, new float[] {key});
                        assertThat(kept[0]).isEqualTo((float) key);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(cache.size()).isEqualTo(100);
        int present = 0;
        for (int key = 0; key < 300; key++) {
            float[] v = cache.get(key);
            if (v != null) {
                present++;
                assertThat(v[0]).isEqualTo((float) key);
            }
        }
        assertThat(present).isEqualTo(100);
    }
}
