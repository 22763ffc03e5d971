package org.seqlab.crf;

import java.util.Arrays;
import org.seqlab.SeqlabException;

/**
 * A linear-chain CRF over {@code numTags} labels with transition, start and end scores and (optionally) forbidden
 * moves: log partition, gold-path score, negative log-likelihood with its gradient, Viterbi decoding and per-token
 * marginals, for a batch of sentences of different lengths.
 *
 * <p>The score of a path {@code y} of a sentence of length n with emissions {@code e} is
 * {@code start[y0] + e[0][y0] + Σ_{t≥1} (trans[y_{t-1}][y_t] + e[t][y_t]) + end[y_{n-1}]}; forbidden moves score
 * {@code -inf}, so they never appear in a decoded path and never receive gradient.
 *
 * <p>How it is fast: forward-backward runs in probability space with one rescaling per step (Rabiner's scaled
 * recursion) over exponentiated, max-shifted scores, so each step costs {@code numTags²} multiply-adds and no
 * {@code exp}; the log partition is the sum of the logs of the scale factors. A sentence whose recursion underflows
 * (a scale factor of zero, possible only with score gaps beyond ~700) is redone in log space by {@link CrfReference}.
 * Emissions may be {@code float[]} (the product path) or {@code double[]} (checks); all arithmetic is double.
 * Scratch arrays live in a per-thread workspace, so no allocation happens per sentence.
 *
 * <p>Immutable and thread-safe: scores are passed per call, so one instance serves a model and its gradient checks.
 */
public final class LinearChainCrf {
    private final int numTags;
    private final TransitionConstraints constraints;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** Target weight on a forbidden move tolerated as rounding (a teacher's marginals are exactly 0 there). */
    private static final double FORBIDDEN_WEIGHT = 1e-9;

    public LinearChainCrf(TransitionConstraints constraints) {
        this.numTags = constraints.numTags();
        this.constraints = constraints;
    }

    /** An unconstrained CRF. */
    public LinearChainCrf(int numTags) {
        this(TransitionConstraints.none(numTags));
    }

    public int numTags() {
        return numTags;
    }

    public TransitionConstraints constraints() {
        return constraints;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Public API: float[] (product path) and double[] (checks) overloads of each operation.

    /** log Z of each sentence. */
    public double[] logPartitions(CrfScores scores, float[] emissions, TokenRows rows) {
        return logPartitionsImpl(scores, emissions, rows);
    }

    /** log Z of each sentence. */
    public double[] logPartitions(CrfScores scores, double[] emissions, TokenRows rows) {
        return logPartitionsImpl(scores, emissions, rows);
    }

    /** The score of each sentence's gold path ({@code gold} indexed by row); {@code -inf} if it uses a forbidden move. */
    public double[] pathScores(CrfScores scores, float[] emissions, TokenRows rows, int[] gold) {
        return pathScoresImpl(scores, emissions, rows, gold);
    }

    public double[] pathScores(CrfScores scores, double[] emissions, TokenRows rows, int[] gold) {
        return pathScoresImpl(scores, emissions, rows, gold);
    }

    /**
     * Negative log-likelihood of the gold paths, summed over the batch, and its gradient.
     *
     * @param gold         gold label per row (padding rows ignored)
     * @param emissionGrad out, same shape as {@code emissions} (may be null): d loss / d emission, overwritten; 0 at
     *                     padding rows
     * @param scoreGrad    out (may be null): d loss / d scores, <b>added</b> to what it holds (0 at forbidden moves)
     * @throws SeqlabException when a gold path uses a move the constraints forbid (e.g. IOB1 data under IOB2 rules)
     */
    public double negLogLikelihood(CrfScores scores, float[] emissions, TokenRows rows, int[] gold,
                                   float[] emissionGrad, CrfScores scoreGrad) {
        return nllImpl(scores, emissions, rows, gold, emissionGrad, scoreGrad);
    }

    /** The double-precision form of {@link #negLogLikelihood(CrfScores, float[], TokenRows, int[], float[], CrfScores)}. */
    public double negLogLikelihood(CrfScores scores, double[] emissions, TokenRows rows, int[] gold,
                                   double[] emissionGrad, CrfScores scoreGrad) {
        return nllImpl(scores, emissions, rows, gold, emissionGrad, scoreGrad);
    }

    /**
     * The best allowed path of each sentence.
     *
     * @param out label per row (padding rows untouched); length at least {@code rows.rowCount()}
     * @return the best path's score per sentence
     */
    public double[] viterbi(CrfScores scores, float[] emissions, TokenRows rows, int[] out) {
        return viterbiImpl(scores, emissions, rows, out);
    }

    public double[] viterbi(CrfScores scores, double[] emissions, TokenRows rows, int[] out) {
        return viterbiImpl(scores, emissions, rows, out);
    }

    /**
     * Per-token marginals P(y_t = j), the model's confidence in each label.
     *
     * @param out same shape as {@code emissions}; padding rows untouched
     */
    public void marginals(CrfScores scores, float[] emissions, TokenRows rows, float[] out) {
        marginalsImpl(scores, emissions, rows, out);
    }

    public void marginals(CrfScores scores, double[] emissions, TokenRows rows, double[] out) {
        marginalsImpl(scores, emissions, rows, out);
    }

    /**
     * Per-token marginals and, per sentence, the pair marginals summed over its positions: what a teacher model hands
     * a student in distillation ({@link #crossEntropy}).
     *
     * @param out       node marginals, same shape as {@code emissions}; padding rows untouched
     * @param pairSums  {@code [sentences × numTags × numTags]}: for sentence b, Σ_t P(y_{t-1} = i, y_t = j) at
     *                  {@code b·T² + i·T + j}; overwritten
     */
    public void marginals(CrfScores scores, double[] emissions, TokenRows rows, double[] out, double[] pairSums) {
        if (pairSums.length < rows.sentences() * numTags * numTags) {
            throw new IllegalArgumentException("pair sums hold " + pairSums.length + " values, the batch needs "
                    + rows.sentences() + " × " + numTags + "²");
        }
        marginalsImpl(scores, emissions, rows, out, pairSums);
    }

    /**
     * The cross-entropy of the model's path distribution P against a target distribution Q over paths, summed over
     * the batch: {@code Σ_b (log Z_b − E_Q[score_b])}, which is {@code −E_Q[log P]}. Q enters only through its node
     * marginals and its pair marginals summed over positions (the transition scores are shared by all positions), so
     * a mixture of CRFs (an ensemble) or a mixture with the gold path (one-hot targets) is a valid Q; with one-hot
     * targets this is the negative log-likelihood of the gold paths. The gradient is P's marginals minus Q's.
     *
     * @param nodeTargets  Q(y_t = j) per row, same shape as {@code emissions}
     * @param pairTargets  {@code [numTags × numTags]}: Σ over the batch's sentences and positions of
     *                     Q(y_{t-1} = i, y_t = j)
     * @param emissionGrad out (may be null), overwritten; 0 at padding rows
     * @param scoreGrad    out (may be null), <b>added</b> to
     * @throws SeqlabException when the targets give weight to a move the constraints forbid
     */
    public double crossEntropy(CrfScores scores, double[] emissions, TokenRows rows, double[] nodeTargets,
                               double[] pairTargets, double[] emissionGrad, CrfScores scoreGrad) {
        checkShape(emissions, rows);
        checkShape(nodeTargets, rows);
        int n = numTags;
        if (pairTargets.length != n * n) {
            throw new IllegalArgumentException("pair targets hold " + pairTargets.length + " values, not " + n + "²");
        }
        // E_Q[score]: the transition part once for the batch; a target on a forbidden move has no finite loss
        double expected = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double q = pairTargets[i * n + j];
                if (q == 0) {
                    continue;
                }
                if (!constraints.allowed(i, j) && q > FORBIDDEN_WEIGHT) {
                    throw new SeqlabException("the targets give weight " + q + " to " + constraints.labelName(j)
                            + " after " + constraints.labelName(i) + ", a move the tag scheme forbids");
                }
                expected += q * scores.transitions()[i * n + j];
            }
        }
        if (emissionGrad != null) {
            checkShape(emissionGrad, rows);
            Arrays.fill(emissionGrad, 0, rows.rowCount() * n, 0.0);
        }
        Workspace w = workspace(scores, rows);
        prepareExp(scores, w);
        double total = -expected;
        for (int b = 0; b < rows.sentences(); b++) {
            int len = rows.length(b);
            int first = rows.row(b, 0) * n;
            int lastRow = rows.row(b, len - 1) * n;
            for (int j = 0; j < n; j++) {
                double q0 = nodeTargets[first + j];
                double qn = nodeTargets[lastRow + j];
                if ((q0 > FORBIDDEN_WEIGHT && !constraints.allowsStart(j))
                        || (qn > FORBIDDEN_WEIGHT && !constraints.allowsEnd(j))) {
                    throw new SeqlabException("the targets of sentence " + b + " give weight to "
                            + constraints.labelName(j) + (q0 > FORBIDDEN_WEIGHT && !constraints.allowsStart(j)
                                    ? " at its start" : " at its end") + ", which the tag scheme forbids");
                }
                if (q0 != 0) {
                    total -= q0 * scores.start()[j];
                }
                if (qn != 0) {
                    total -= qn * scores.end()[j];
                }
            }
            for (int t = 0; t < len; t++) {
                int row = rows.row(b, t) * n;
                for (int j = 0; j < n; j++) {
                    total -= nodeTargets[row + j] * emissions[row + j];
                }
            }
            total += forwardBackward(scores, emissions, rows, b, w, emissionGrad != null || scoreGrad != null,
                    scoreGrad);
            double[] marg = w.alpha;
            if (emissionGrad != null) {
                for (int t = 0; t < len; t++) {
                    int row = rows.row(b, t) * n;
                    for (int j = 0; j < n; j++) {
                        emissionGrad[row + j] = marg[t * n + j] - nodeTargets[row + j];
                    }
                }
            }
            if (scoreGrad != null) {
                int last = (len - 1) * n;
                for (int j = 0; j < n; j++) {
                    scoreGrad.start()[j] += marg[j] - nodeTargets[first + j];
                    scoreGrad.end()[j] += marg[last + j] - nodeTargets[lastRow + j];
                }
            }
        }
        if (scoreGrad != null) {
            for (int k = 0; k < n * n; k++) {
                scoreGrad.transitions()[k] -= pairTargets[k];
            }
        }
        return total;
    }

    // ------------------------------------------------------------------------------------------------------------

    /** Per-thread scratch, grown on demand. */
    private static final class Workspace {
        int tags = -1;
        double[] expTrans = new double[0];  // [from*T+to], exp(trans - maxTrans), 0 where forbidden
        double[] expTransT = new double[0]; // transposed: [to*T+from]
        double[] logTransT = new double[0]; // [to*T+from], -inf where forbidden (Viterbi)
        double[] expStart = new double[0];
        double[] expEnd = new double[0];
        double[] logStart = new double[0];
        double[] logEnd = new double[0];
        double shiftTrans;
        double shiftStart;
        double shiftEnd;

        double[] em = new double[0];    // [n*T] emissions of one sentence (log or exp-shifted)
        double[] alpha = new double[0]; // [n*T]
        double[] beta = new double[0];  // [n*T]
        double[] scale = new double[0]; // [n+1]
        int[] back = new int[0];        // [n*T]
        double[] tmp = new double[0];   // [T]
        double[] refPairs = new double[0]; // [T*T], fallback only

        void ensure(int t, int maxLen) {
            if (tags != t) {
                tags = t;
                expTrans = new double[t * t];
                expTransT = new double[t * t];
                logTransT = new double[t * t];
                refPairs = new double[t * t];
                expStart = new double[t];
                expEnd = new double[t];
                logStart = new double[t];
                logEnd = new double[t];
                tmp = new double[t];
                em = new double[0];
            }
            int need = maxLen * t;
            if (em.length < need) {
                int cap = Math.max(need, em.length * 2);
                em = new double[cap];
                alpha = new double[cap];
                beta = new double[cap];
                back = new int[cap];
                scale = new double[cap / t + 2];
            }
        }
    }

    private Workspace workspace(CrfScores scores, TokenRows rows) {
        if (scores.numTags() != numTags) {
            throw new IllegalArgumentException("scores have " + scores.numTags() + " tags, the CRF " + numTags);
        }
        Workspace w = WORKSPACE.get();
        w.ensure(numTags, rows.maxLength());
        return w;
    }

    private void checkShape(Object emissions, TokenRows rows) {
        int len = emissions instanceof float[] f ? f.length : ((double[]) emissions).length;
        if (len < rows.rowCount() * numTags) {
            throw new IllegalArgumentException("emissions hold " + len + " values, the rows need "
                    + rows.rowCount() + " × " + numTags);
        }
    }

    /** Exponentiated, max-shifted scores for the scaled recursion: forbidden moves become exactly 0. */
    private void prepareExp(CrfScores s, Workspace w) {
        int n = numTags;
        double[] tr = s.transitions();
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n * n; k++) {
            if (constraints.allowed(k / n, k % n)) {
                max = Math.max(max, tr[k]);
            }
        }
        w.shiftTrans = max == Double.NEGATIVE_INFINITY ? 0 : max;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = constraints.allowed(i, j) ? Math.exp(tr[i * n + j] - w.shiftTrans) : 0;
                w.expTrans[i * n + j] = v;
                w.expTransT[j * n + i] = v;
            }
        }
        w.shiftStart = shiftedExp(s.start(), true, w.expStart);
        w.shiftEnd = shiftedExp(s.end(), false, w.expEnd);
    }

    private double shiftedExp(double[] v, boolean isStart, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < numTags; j++) {
            if (isStart ? constraints.allowsStart(j) : constraints.allowsEnd(j)) {
                max = Math.max(max, v[j]);
            }
        }
        double shift = max == Double.NEGATIVE_INFINITY ? 0 : max;
        for (int j = 0; j < numTags; j++) {
            boolean ok = isStart ? constraints.allowsStart(j) : constraints.allowsEnd(j);
            out[j] = ok ? Math.exp(v[j] - shift) : 0;
        }
        return shift;
    }

    /** Log-space scores with -inf at forbidden moves, for Viterbi. */
    private void prepareLog(CrfScores s, Workspace w) {
        int n = numTags;
        double[] tr = s.transitions();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                w.logTransT[j * n + i] = constraints.allowed(i, j) ? tr[i * n + j] : Double.NEGATIVE_INFINITY;
            }
            w.logStart[i] = constraints.allowsStart(i) ? s.start()[i] : Double.NEGATIVE_INFINITY;
            w.logEnd[i] = constraints.allowsEnd(i) ? s.end()[i] : Double.NEGATIVE_INFINITY;
        }
    }

    /** Copies sentence b's emissions into w.em as doubles. */
    private void gather(Object emissions, TokenRows rows, int b, Workspace w) {
        int n = numTags;
        int len = rows.length(b);
        if (emissions instanceof float[] f) {
            for (int t = 0; t < len; t++) {
                int src = rows.row(b, t) * n;
                int dst = t * n;
                for (int j = 0; j < n; j++) {
                    w.em[dst + j] = f[src + j];
                }
            }
        } else {
            double[] d = (double[]) emissions;
            for (int t = 0; t < len; t++) {
                System.arraycopy(d, rows.row(b, t) * n, w.em, t * n, n);
            }
        }
    }

    /**
     * Scaled forward pass over w.em (raw emissions on entry; on return w.em holds exp(e - rowMax)). Leaves the
     * normalised alphas in w.alpha and the scale factors in w.scale[0..len] (w.scale[len] is the end factor).
     *
     * @return log Z, or NaN when a scale factor underflowed to 0 or overflowed (the caller falls back to log space)
     */
    private double scaledForward(int len, Workspace w) {
        int n = numTags;
        double[] em = w.em;
        double[] alpha = w.alpha;
        double logZ = w.shiftStart + w.shiftEnd + (len - 1) * w.shiftTrans;
        for (int t = 0; t < len; t++) {
            int o = t * n;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, em[o + j]);
            }
            for (int j = 0; j < n; j++) {
                em[o + j] = Math.exp(em[o + j] - max);
            }
            logZ += max;
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double v = w.expStart[j] * em[j];
            alpha[j] = v;
            sum += v;
        }
        if (!(sum > 0) || sum == Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        w.scale[0] = sum;
        logZ += Math.log(sum);
        double inv = 1.0 / sum;
        for (int j = 0; j < n; j++) {
            alpha[j] *= inv;
        }
        double[] at = w.expTransT;
        for (int t = 1; t < len; t++) {
            int prev = (t - 1) * n;
            int o = t * n;
            sum = 0;
            for (int j = 0; j < n; j++) {
                int row = j * n;
                double acc = 0;
                for (int i = 0; i < n; i++) {
                    acc += alpha[prev + i] * at[row + i];
                }
                double v = acc * em[o + j];
                alpha[o + j] = v;
                sum += v;
            }
            if (!(sum > 0) || sum == Double.POSITIVE_INFINITY) {
                return Double.NaN;
            }
            w.scale[t] = sum;
            logZ += Math.log(sum);
            inv = 1.0 / sum;
            for (int j = 0; j < n; j++) {
                alpha[o + j] *= inv;
            }
        }
        int last = (len - 1) * n;
        sum = 0;
        for (int j = 0; j < n; j++) {
            sum += alpha[last + j] * w.expEnd[j];
        }
        if (!(sum > 0) || sum == Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        w.scale[len] = sum;
        return logZ + Math.log(sum);
    }

    /** Scaled backward pass, after {@link #scaledForward}: w.alpha[k] * w.beta[k] is then P(y_t = j). */
    private void scaledBackward(int len, Workspace w) {
        int n = numTags;
        double[] em = w.em;
        double[] beta = w.beta;
        double[] a = w.expTrans;
        double[] tmp = w.tmp;
        int last = (len - 1) * n;
        double inv = 1.0 / w.scale[len];
        for (int j = 0; j < n; j++) {
            beta[last + j] = w.expEnd[j] * inv;
        }
        for (int t = len - 2; t >= 0; t--) {
            int o = t * n;
            int next = (t + 1) * n;
            inv = 1.0 / w.scale[t + 1];
            for (int j = 0; j < n; j++) {
                tmp[j] = em[next + j] * beta[next + j];
            }
            for (int i = 0; i < n; i++) {
                int row = i * n;
                double acc = 0;
                for (int j = 0; j < n; j++) {
                    acc += a[row + j] * tmp[j];
                }
                beta[o + i] = acc * inv;
            }
        }
    }

    private double[] logPartitionsImpl(CrfScores scores, Object emissions, TokenRows rows) {
        checkShape(emissions, rows);
        Workspace w = workspace(scores, rows);
        prepareExp(scores, w);
        double[] out = new double[rows.sentences()];
        for (int b = 0; b < rows.sentences(); b++) {
            gather(emissions, rows, b, w);
            double logZ = scaledForward(rows.length(b), w);
            if (Double.isNaN(logZ)) {
                gather(emissions, rows, b, w);
                logZ = CrfReference.logPartition(w.em, rows.length(b), scores, constraints);
            }
            out[b] = logZ;
        }
        return out;
    }

    private double[] pathScoresImpl(CrfScores scores, Object emissions, TokenRows rows, int[] gold) {
        checkShape(emissions, rows);
        double[] out = new double[rows.sentences()];
        for (int b = 0; b < rows.sentences(); b++) {
            out[b] = goldScore(scores, emissions, rows, gold, b, false);
        }
        return out;
    }

    private double goldScore(CrfScores s, Object emissions, TokenRows rows, int[] gold, int b, boolean mustBeAllowed) {
        int n = numTags;
        int len = rows.length(b);
        float[] f = emissions instanceof float[] ff ? ff : null;
        double[] d = f == null ? (double[]) emissions : null;
        double score = 0;
        int prev = -1;
        for (int t = 0; t < len; t++) {
            int row = rows.row(b, t);
            int y = gold[row];
            if (y < 0 || y >= n) {
                throw new IllegalArgumentException("gold label " + y + " at row " + row + " is outside [0, " + n + ")");
            }
            boolean ok;
            if (t == 0) {
                ok = constraints.allowsStart(y);
                score += s.start()[y];
            } else {
                ok = constraints.allowed(prev, y);
                score += s.transitions()[prev * n + y];
            }
            if (!ok) {
                if (mustBeAllowed) {
                    throw new SeqlabException("gold labels of sentence " + b + " break the transition constraints at token "
                            + t + (t == 0 ? " (" + constraints.labelName(y) + " may not start a sentence)"
                                    : " (" + constraints.labelName(y) + " may not follow " + constraints.labelName(prev)
                                            + ")")
                            + "; is the data in the tagging scheme the model expects?");
                }
                return Double.NEGATIVE_INFINITY;
            }
            score += f != null ? f[row * n + y] : d[row * n + y];
            prev = y;
        }
        if (!constraints.allowsEnd(prev)) {
            if (mustBeAllowed) {
                throw new SeqlabException("gold labels of sentence " + b + " break the transition constraints: "
                        + constraints.labelName(prev) + " may not end a sentence; is the data in the tagging scheme the"
                        + " model expects?");
            }
            return Double.NEGATIVE_INFINITY;
        }
        return score + s.end()[prev];
    }

    private double nllImpl(CrfScores scores, Object emissions, TokenRows rows, int[] gold, Object emissionGrad,
                           CrfScores scoreGrad) {
        checkShape(emissions, rows);
        if (emissionGrad != null) {
            checkShape(emissionGrad, rows);
            if (emissionGrad instanceof float[] f) {
                Arrays.fill(f, 0, rows.rowCount() * numTags, 0f);
            } else {
                Arrays.fill((double[]) emissionGrad, 0, rows.rowCount() * numTags, 0.0);
            }
        }
        Workspace w = workspace(scores, rows);
        prepareExp(scores, w);
        int n = numTags;
        double total = 0;
        for (int b = 0; b < rows.sentences(); b++) {
            int len = rows.length(b);
            double gs = goldScore(scores, emissions, rows, gold, b, true);
            total += forwardBackward(scores, emissions, rows, b, w, emissionGrad != null || scoreGrad != null,
                    scoreGrad) - gs;
            if (emissionGrad == null && scoreGrad == null) {
                continue;
            }
            double[] marg = w.alpha;
            if (emissionGrad != null) {
                for (int t = 0; t < len; t++) {
                    int row = rows.row(b, t);
                    int y = gold[row];
                    if (emissionGrad instanceof float[] f) {
                        for (int j = 0; j < n; j++) {
                            f[row * n + j] = (float) marg[t * n + j];
                        }
                        f[row * n + y] -= 1f;
                    } else {
                        double[] d = (double[]) emissionGrad;
                        for (int j = 0; j < n; j++) {
                            d[row * n + j] = marg[t * n + j];
                        }
                        d[row * n + y] -= 1.0;
                    }
                }
            }
            if (scoreGrad != null) {
                double[] gStart = scoreGrad.start();
                double[] gEnd = scoreGrad.end();
                double[] gTrans = scoreGrad.transitions();
                int last = (len - 1) * n;
                for (int j = 0; j < n; j++) {
                    gStart[j] += marg[j];
                    gEnd[j] += marg[last + j];
                }
                gStart[gold[rows.row(b, 0)]] -= 1;
                gEnd[gold[rows.row(b, len - 1)]] -= 1;
                for (int t = 1; t < len; t++) {
                    gTrans[gold[rows.row(b, t - 1)] * n + gold[rows.row(b, t)]] -= 1;
                }
            }
        }
        return total;
    }

    /**
     * log Z of sentence {@code b}; with {@code marginals}, its node marginals are left in {@code w.alpha} and (with a
     * {@code scoreGrad}) its pair marginals summed over positions are added to {@code scoreGrad}'s transitions. A
     * recursion that underflows is redone in log space.
     */
    private double forwardBackward(CrfScores scores, Object emissions, TokenRows rows, int b, Workspace w,
            boolean marginals, CrfScores scoreGrad) {
        int len = rows.length(b);
        gather(emissions, rows, b, w);
        double logZ = scaledForward(len, w);
        if (Double.isNaN(logZ)) {
            gather(emissions, rows, b, w);
            logZ = CrfReference.marginals(w.em, len, scores, constraints, w.alpha,
                    scoreGrad != null ? w.refPairs : null);
            if (scoreGrad != null) {
                for (int k = 0; k < numTags * numTags; k++) {
                    scoreGrad.transitions()[k] += w.refPairs[k];
                }
            }
        } else if (marginals) {
            scaledBackward(len, w);
            if (scoreGrad != null) {
                addPairMarginals(len, w, scoreGrad.transitions());
            }
            for (int k = 0; k < len * numTags; k++) {
                w.alpha[k] *= w.beta[k]; // alpha becomes the node marginals
            }
        }
        return logZ;
    }

    /**
     * Adds the pair marginals summed over t, P(y_{t-1}=i, y_t=j) = alphaHat_{t-1}(i) expTrans(i,j) E_t(j)
     * betaHat_t(j) / c_t, using the normalised alphas and betas of the scaled passes.
     */
    private void addPairMarginals(int len, Workspace w, double[] gTrans) {
        int n = numTags;
        double[] tmp = w.tmp;
        double[] a = w.expTrans;
        for (int t = 1; t < len; t++) {
            int prev = (t - 1) * n;
            int o = t * n;
            double inv = 1.0 / w.scale[t];
            for (int j = 0; j < n; j++) {
                tmp[j] = w.em[o + j] * w.beta[o + j] * inv;
            }
            for (int i = 0; i < n; i++) {
                double ai = w.alpha[prev + i];
                if (ai == 0) {
                    continue;
                }
                int row = i * n;
                for (int j = 0; j < n; j++) {
                    gTrans[row + j] += ai * a[row + j] * tmp[j];
                }
            }
        }
    }

    private double[] viterbiImpl(CrfScores scores, Object emissions, TokenRows rows, int[] out) {
        checkShape(emissions, rows);
        if (out.length < rows.rowCount()) {
            throw new IllegalArgumentException("output holds " + out.length + " labels, the rows need " + rows.rowCount());
        }
        Workspace w = workspace(scores, rows);
        prepareLog(scores, w);
        int n = numTags;
        double[] result = new double[rows.sentences()];
        double[] delta = w.alpha;
        int[] back = w.back;
        double[] lt = w.logTransT;
        for (int b = 0; b < rows.sentences(); b++) {
            int len = rows.length(b);
            gather(emissions, rows, b, w);
            double[] em = w.em;
            for (int j = 0; j < n; j++) {
                delta[j] = w.logStart[j] + em[j];
            }
            for (int t = 1; t < len; t++) {
                int prev = (t - 1) * n;
                int o = t * n;
                for (int j = 0; j < n; j++) {
                    int row = j * n;
                    double best = Double.NEGATIVE_INFINITY;
                    int arg = 0;
                    for (int i = 0; i < n; i++) {
                        double v = delta[prev + i] + lt[row + i];
                        if (v > best) {
                            best = v;
                            arg = i;
                        }
                    }
                    delta[o + j] = best + em[o + j];
                    back[o + j] = arg;
                }
            }
            int lastRow = (len - 1) * n;
            double best = Double.NEGATIVE_INFINITY;
            int y = -1;
            for (int j = 0; j < n; j++) {
                double v = delta[lastRow + j] + w.logEnd[j];
                if (v > best) {
                    best = v;
                    y = j;
                }
            }
            if (y < 0) {
                throw new IllegalStateException("no label path of length " + len
                        + " satisfies the transition constraints (or the scores are NaN)");
            }
            result[b] = best;
            for (int t = len - 1; t >= 0; t--) {
                out[rows.row(b, t)] = y;
                y = back[t * n + y];
            }
        }
        return result;
    }

    private void marginalsImpl(CrfScores scores, Object emissions, TokenRows rows, Object out) {
        marginalsImpl(scores, emissions, rows, out, null);
    }

    private void marginalsImpl(CrfScores scores, Object emissions, TokenRows rows, Object out, double[] pairSums) {
        checkShape(emissions, rows);
        checkShape(out, rows);
        Workspace w = workspace(scores, rows);
        prepareExp(scores, w);
        int n = numTags;
        CrfScores pairs = pairSums == null ? null : new CrfScores(n); // one sentence's pair sums, in its transitions
        for (int b = 0; b < rows.sentences(); b++) {
            int len = rows.length(b);
            if (pairs != null) {
                Arrays.fill(pairs.transitions(), 0);
            }
            forwardBackward(scores, emissions, rows, b, w, true, pairs);
            if (pairs != null) {
                System.arraycopy(pairs.transitions(), 0, pairSums, b * n * n, n * n);
            }
            for (int t = 0; t < len; t++) {
                int row = rows.row(b, t) * n;
                if (out instanceof float[] f) {
                    for (int j = 0; j < n; j++) {
                        f[row + j] = (float) w.alpha[t * n + j];
                    }
                } else {
                    System.arraycopy(w.alpha, t * n, (double[]) out, row, n);
                }
            }
        }
    }
}
