package org.seqlab.lm;

/** What a language model predicts: single characters (code points) or BPE pieces with a line-end token. */
public enum LmUnit {
    CHAR, BPE
}
