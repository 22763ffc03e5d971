package org.seqlab.batch;

import java.util.Arrays;

/**
 * Where the items of a dataset came from, so that errors about an item can name its file and line.
 *
 * @param source the file (or other description) the items were read from
 * @param lines 1-based line on which each item starts, indexed by item; 0 where unknown
 */
public record ItemLines(String source, long[] lines) {
    public ItemLines {
        if (source == null || lines == null) {
            throw new IllegalArgumentException("source and lines are required");
        }
        lines = lines.clone();
    }

    /** Line on which item {@code item} starts, or 0 where unknown. */
    public long line(int item) {
        return item < lines.length ? lines[item] : 0;
    }

    @Override
    public long[] lines() {
        return lines.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ItemLines other && source.equals(other.source) && Arrays.equals(lines, other.lines);
    }

    @Override
    public int hashCode() {
        return source.hashCode() * 31 + Arrays.hashCode(lines);
    }

    @Override
    public String toString() {
        return "ItemLines[" + source + ", " + lines.length + " items]";
    }
}
