package org.seqlab.tagger;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A frozen tagger's first BiLSTM layer input pre-activations ({@code b + W_ih x}, both directions) per distinct word,
 * where a word is everything its input row depends on: its id in each word table, its casing id and its characters.
 * A word seen before then costs a few array copies instead of its char CNN, its input row and two directions' input
 * products, which were a third of batch-32 tagging's time (phase timers, the bench's model on the dev set: char CNN and
 * input rows 7 %, input products 23 %).
 *
 * <p>Every entry is computed for its word alone ({@link org.seqlab.nn.recurrent.RecurrentStack#firstLayerInputGates}
 * and a one-word char CNN): a batch's GEMM rounds a row differently with the batch's row count (oneDNN, measured),
 * so values made inside batches would depend on which batch first saw the word, and a tagger's output on what it had
 * tagged before. Computed alone, a word's values are the same in every batch, cached or not, on any thread.
 *
 * <p>Bounded by {@code capacity} words: the first ones seen stay (running text meets its frequent words early); a
 * word past that is computed each time it comes. Thread-safe: entries are immutable once published.
 */
final class InputGateCache {
    /** Heap budget of a tagger's cache, in MiB, unless set: {@value}. Each word takes 4·2·G·H bytes (6.4 KB for H 200). */
    static final int DEFAULT_MEBIBYTES = 64;
    /** System property for the budget in MiB; 0 turns the cache off. */
    static final String PROPERTY = "seqlab.tagger.wordCacheMiB";

    /** A word: its ids in one array (word tables, casing, length, characters), hashed once. */
    static final class Key {
        private final int[] ids;
        private final int hash;

        Key(int[] ids) {
            this.ids = ids;
            this.hash = Arrays.hashCode(ids);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && Arrays.equals(k.ids, ids);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final ConcurrentHashMap<Key, float[]> entries;
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    InputGateCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("input gate cache: capacity " + capacity + " < 1");
        }
        this.capacity = capacity;
        this.entries = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
    }

    /** Words a budget of {@code bytes} holds at {@code valuesPerWord} floats each (the map's own overhead included). */
    static int capacityFor(long bytes, int valuesPerWord) {
        long perWord = 4L * valuesPerWord + 160;
        return (int) Math.min(Integer.MAX_VALUE, bytes / perWord);
    }

    /** The budget from {@link #PROPERTY}, in bytes (0: no cache). */
    static long configuredBytes() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_MEBIBYTES << 20;
        }
        try {
            long mib = Long.parseLong(value.trim());
            if (mib < 0) {
                throw new NumberFormatException("negative");
            }
            return mib << 20;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + PROPERTY + "=" + value
                    + ": expected a whole number of MiB (0 turns the word cache off)", e);
        }
    }

    /** The cached values of {@code key}, or null. */
    float[] get(Key key) {
        float[] values = entries.get(key);
        if (values != null) {
            hits.increment();
        } else {
            misses.increment();
        }
        return values;
    }

    /** Keeps {@code values} for {@code key} while there is room (a word another thread added meanwhile stays as it was). */
    void offer(Key key, float[] values) {
        if (size.get() >= capacity) {
            return;
        }
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return;
        }
        if (entries.putIfAbsent(key, values) != null) {
            size.decrementAndGet();
        }
    }

    int size() {
        return size.get();
    }

    int capacity() {
        return capacity;
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }
}
