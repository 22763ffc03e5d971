package org.seqlab.text.bpe;

import java.util.Arrays;

/**
 * A bounded open-addressing table keyed by a word's UTF-8 bytes, looked up by a range of an input buffer. File encoding
 * works on bytes end to end: a cached word costs a hash over its bytes, one comparison and one copy, with no decoding,
 * no String and no re-encoding; word counting uses it the same way. Not thread-safe: one per thread.
 */
final class ByteWordCache<V> {
    private byte[][] keys = new byte[1024][];
    private int[] hashes = new int[1024];
    private Object[] values = new Object[1024];
    private int size;
    private final int limit;

    ByteWordCache(int limit) {
        this.limit = limit;
    }

    @SuppressWarnings("unchecked")
    V get(byte[] buf, int begin, int end, int hash) {
        int mask = keys.length - 1;
        int len = end - begin;
        for (int i = mix(hash) & mask; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) {
                return null;
            }
            if (hashes[i] == hash && k.length == len && Arrays.equals(k, 0, len, buf, begin, end)) {
                return (V) values[i];
            }
        }
    }

    /** Stores the entry unless the table is full (then it stays as it is: a bounded cache, not a leak). */
    void put(byte[] key, int hash, V value) {
        if (size >= limit) {
            return;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        insert(key, hash, value);
    }

    private void insert(byte[] key, int hash, Object value) {
        int mask = keys.length - 1;
        int i = mix(hash) & mask;
        while (keys[i] != null) {
            if (hashes[i] == hash && Arrays.equals(keys[i], key)) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        hashes[i] = hash;
        values[i] = value;
        size++;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private void grow() {
        byte[][] k = keys;
        int[] h = hashes;
        Object[] v = values;
        keys = new byte[k.length * 2][];
        hashes = new int[k.length * 2];
        values = new Object[k.length * 2];
        size = 0;
        for (int i = 0; i < k.length; i++) {
            if (k[i] != null) {
                insert(k[i], h[i], v[i]);
            }
        }
    }
}
