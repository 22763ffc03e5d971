package org.seqlab.nn.recurrent;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A frozen model's first recurrent layer input pre-activations ({@code b + W_ih x}, every direction) per distinct
 * input, keyed by whatever the input row depends on (a tagger's word: its word ids, casing and characters; a
 * translator's source token id). An input seen before then costs a few array copies instead of its input row and
 * input products (measured: a third of batch-32 tagging, a twentieth of greedy translation).
 *
 * <p>The callers compute every entry for its input alone ({@link RecurrentStack#firstLayerInputGates}): a batch's
 * GEMM rounds a row differently with the batch's row count (oneDNN, measured), so values made inside batches would
 * depend on which batch first saw the input, and a model's output on what it had run before. Computed alone, an
 * input's values are the same in every batch, cached or not, on any thread.
 *
 * <p>Bounded by {@code capacity} entries: the first inputs seen stay (running text meets its frequent words early);
 * one past that is computed each time it comes. Only for parameters that no longer change. Thread-safe: entries are
 * immutable once published.
 *
 * @param <K> the key (with value equality)
 */
public final class InputGateCache<K> {
    private final ConcurrentHashMap<K, float[]> entries;
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public InputGateCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("input gate cache: capacity " + capacity + " < 1");
        }
        this.capacity = capacity;
        this.entries = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
    }

    /** Entries a budget of {@code bytes} holds at {@code valuesPerEntry} floats each (the map's overhead included). */
    public static int capacityFor(long bytes, int valuesPerEntry) {
        long perEntry = 4L * valuesPerEntry + 160;
        return (int) Math.min(Integer.MAX_VALUE, bytes / perEntry);
    }

    /** The cached values of {@code key}, or null. */
    public float[] get(K key) {
        float[] values = entries.get(key);
        if (values != null) {
            hits.increment();
        } else {
            misses.increment();
        }
        return values;
    }

    /**
     * Keeps {@code values} for {@code key} while there is room, and returns the entry now in use: {@code values}, or
     * the one another thread added meanwhile (the same values, computed alone too).
     */
    public float[] offer(K key, float[] values) {
        if (size.get() >= capacity) {
            return values;
        }
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return values;
        }
        float[] earlier = entries.putIfAbsent(key, values);
        if (earlier != null) {
            size.decrementAndGet();
            return earlier;
        }
        return values;
    }

    public int size() {
        return size.get();
    }

    public int capacity() {
        return capacity;
    }

    /** Lookups that found their entry. */
    public long hits() {
        return hits.sum();
    }

    /** Lookups that did not. */
    public long misses() {
        return misses.sum();
    }
}
