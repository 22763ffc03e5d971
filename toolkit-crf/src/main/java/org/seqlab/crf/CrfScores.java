package org.seqlab.crf;

import java.util.Arrays;

/**
 * The learned scores of a linear-chain CRF over {@code numTags} labels: {@code transitions[from * numTags + to]},
 * {@code start[tag]} (score of beginning a sentence with {@code tag}) and {@code end[tag]} (of ending with it). The
 * same shape holds their gradients. The arrays are live (an optimizer updates them in place); entries that the
 * {@link TransitionConstraints} forbid are ignored by the CRF, whatever their value.
 */
public final class CrfScores {
    private final int numTags;
    private final double[] transitions;
    private final double[] start;
    private final double[] end;

    public CrfScores(int numTags) {
        if (numTags < 1) {
            throw new IllegalArgumentException("a CRF needs at least one tag, got " + numTags);
        }
        this.numTags = numTags;
        this.transitions = new double[numTags * numTags];
        this.start = new double[numTags];
        this.end = new double[numTags];
    }

    public int numTags() {
        return numTags;
    }

    /** Live array, {@code [from * numTags + to]}. */
    public double[] transitions() {
        return transitions;
    }

    /** Live array of start scores. */
    public double[] start() {
        return start;
    }

    /** Live array of end scores. */
    public double[] end() {
        return end;
    }

    public double transition(int from, int to) {
        return transitions[from * numTags + to];
    }

    /** Sets every score to zero (e.g. to clear a gradient). */
    public void clear() {
        Arrays.fill(transitions, 0);
        Arrays.fill(start, 0);
        Arrays.fill(end, 0);
    }

    /** A deep copy. */
    public CrfScores copy() {
        CrfScores c = new CrfScores(numTags);
        System.arraycopy(transitions, 0, c.transitions, 0, transitions.length);
        System.arraycopy(start, 0, c.start, 0, numTags);
        System.arraycopy(end, 0, c.end, 0, numTags);
        return c;
    }
}
