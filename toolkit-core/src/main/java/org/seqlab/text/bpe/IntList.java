package org.seqlab.text.bpe;

import java.util.Arrays;

/** A growable {@code int} array (no boxing): the word lists of the pair index while learning. */
final class IntList {
    private int[] items;
    private int size;

    IntList(int capacity) {
        items = new int[Math.max(2, capacity)];
    }

    void add(int v) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = v;
    }

    int get(int i) {
        return items[i];
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }
}
