package org.seqlab.text.bpe;

/**
 * A bounded open-addressing table from a word to its encoded form, looked up by a range of a line's characters without
 * first cutting the word out as a String: in encoding, almost every word is a cache hit, and a substring per word
 * would be most of the garbage the encoder makes. Not thread-safe: one per thread.
 */
final class WordCache {
    private String[] keys;
    private int[] hashes;
    private Object[] values;
    private int size;
    private final int limit;

    WordCache(int limit) {
        this.limit = limit;
        keys = new String[1024];
        hashes = new int[1024];
        values = new Object[1024];
    }

    /** String.hashCode of text[begin, end). */
    static int hash(CharSequence text, int begin, int end) {
        int h = 0;
        for (int i = begin; i < end; i++) {
            h = 31 * h + text.charAt(i);
        }
        return h;
    }

    Object get(String text, int begin, int end, int hash) {
        int mask = keys.length - 1;
        int len = end - begin;
        for (int i = mix(hash) & mask; ; i = (i + 1) & mask) {
            String k = keys[i];
            if (k == null) {
                return null;
            }
            if (hashes[i] == hash && k.length() == len && text.regionMatches(begin, k, 0, len)) {
                return values[i];
            }
        }
    }

    /** Stores the entry unless the table is full (then it stays as it is: a bounded cache, not a leak). */
    void put(String key, int hash, Object value) {
        if (size >= limit) {
            return;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        insert(key, hash, value);
    }

    private void insert(String key, int hash, Object value) {
        int mask = keys.length - 1;
        int i = mix(hash) & mask;
        while (keys[i] != null) {
            if (hashes[i] == hash && keys[i].equals(key)) {
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
        return h ^ (h >>> 16);
    }

    private void grow() {
        String[] k = keys;
        int[] h = hashes;
        Object[] v = values;
        keys = new String[k.length * 2];
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
