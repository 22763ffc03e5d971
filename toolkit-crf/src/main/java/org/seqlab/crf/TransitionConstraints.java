package org.seqlab.crf;

import java.util.Arrays;
import java.util.List;
import org.seqlab.conll.TagScheme;

/**
 * Which label sequences a CRF may produce: allowed transitions {@code from → to}, allowed first labels and allowed
 * last labels. Forbidden moves score {@code -inf} in decoding and training, so their scores are never learned.
 *
 * <p>Immutable.
 */
public final class TransitionConstraints {
    private final int numTags;
    private final boolean[] allowed; // [from * numTags + to]
    private final boolean[] allowedStart;
    private final boolean[] allowedEnd;
    private final boolean unconstrained;
    private final List<String> labels; // for messages; null when built without names

    private TransitionConstraints(int numTags, boolean[] allowed, boolean[] allowedStart, boolean[] allowedEnd,
                                  List<String> labels) {
        this.numTags = numTags;
        this.labels = labels;
        this.allowed = allowed;
        this.allowedStart = allowedStart;
        this.allowedEnd = allowedEnd;
        boolean all = true;
        for (boolean a : allowed) {
            all &= a;
        }
        for (int i = 0; i < numTags; i++) {
            all &= allowedStart[i] && allowedEnd[i];
        }
        this.unconstrained = all;
    }

    /** Every transition, start and end allowed. */
    public static TransitionConstraints none(int numTags) {
        boolean[] a = new boolean[numTags * numTags];
        boolean[] s = new boolean[numTags];
        boolean[] e = new boolean[numTags];
        Arrays.fill(a, true);
        Arrays.fill(s, true);
        Arrays.fill(e, true);
        return new TransitionConstraints(numTags, a, s, e, null);
    }

    /**
     * Explicit constraints.
     *
     * @param allowed {@code allowed[from][to]}, square
     */
    public static TransitionConstraints of(boolean[][] allowed, boolean[] allowedStart, boolean[] allowedEnd) {
        int n = allowed.length;
        if (allowedStart.length != n || allowedEnd.length != n) {
            throw new IllegalArgumentException("start/end masks must have " + n + " entries");
        }
        boolean[] a = new boolean[n * n];
        for (int i = 0; i < n; i++) {
            if (allowed[i].length != n) {
                throw new IllegalArgumentException("transition mask row " + i + " must have " + n + " entries");
            }
            System.arraycopy(allowed[i], 0, a, i * n, n);
        }
        return new TransitionConstraints(n, a, allowedStart.clone(), allowedEnd.clone(), null);
    }

    /**
     * The scheme's rules over a label set: e.g. in IOB2 {@code I-PER} may follow only {@code B-PER} or {@code I-PER}
     * and may not start a sentence; in IOBES a sentence may not end with {@code B-}/{@code I-}.
     *
     * @param labels the label of each tag index, each valid in {@code scheme}
     * @throws org.seqlab.conll.InvalidTagException naming the first label the scheme does not allow
     */
    public static TransitionConstraints forScheme(TagScheme scheme, List<String> labels) {
        int n = labels.size();
        for (int i = 0; i < n; i++) {
            scheme.validate(labels.get(i), "label " + i);
        }
        boolean[] a = new boolean[n * n];
        boolean[] s = new boolean[n];
        boolean[] e = new boolean[n];
        for (int i = 0; i < n; i++) {
            s[i] = scheme.allowsStart(labels.get(i));
            e[i] = scheme.allowsEnd(labels.get(i));
            for (int j = 0; j < n; j++) {
                a[i * n + j] = scheme.allowsTransition(labels.get(i), labels.get(j));
            }
        }
        return new TransitionConstraints(n, a, s, e, List.copyOf(labels));
    }

    public int numTags() {
        return numTags;
    }

    public boolean allowed(int from, int to) {
        return allowed[from * numTags + to];
    }

    public boolean allowsStart(int tag) {
        return allowedStart[tag];
    }

    public boolean allowsEnd(int tag) {
        return allowedEnd[tag];
    }

    /** The name of a tag index for messages: its label when built {@link #forScheme}, else {@code #index}. */
    public String labelName(int tag) {
        return labels != null ? labels.get(tag) : "#" + tag;
    }

    /** True when nothing is forbidden. */
    public boolean isUnconstrained() {
        return unconstrained;
    }

    /** Whether a label path (indices) uses only allowed moves. */
    public boolean allowsPath(int[] path) {
        if (path.length == 0) {
            return true;
        }
        if (!allowedStart[path[0]] || !allowedEnd[path[path.length - 1]]) {
            return false;
        }
        for (int t = 1; t < path.length; t++) {
            if (!allowed[path[t - 1] * numTags + path[t]]) {
                return false;
            }
        }
        return true;
    }
}
