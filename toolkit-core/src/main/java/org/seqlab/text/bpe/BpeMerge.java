package org.seqlab.text.bpe;

/**
 * One merge operation of a BPE codes file: the adjacent symbols {@code left right} become the symbol {@code left+right}.
 * A symbol that ends a word carries the end-of-word mark {@code </w>} (codes version 0.2).
 */
public record BpeMerge(String left, String right) {
    public BpeMerge {
        if (left.isEmpty() || right.isEmpty() || left.indexOf(' ') >= 0 || right.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("a merge needs two non-empty symbols without spaces: '" + left + "' '" + right + "'");
        }
    }

    /** The symbol the merge produces. */
    public String joined() {
        return left + right;
    }
}
