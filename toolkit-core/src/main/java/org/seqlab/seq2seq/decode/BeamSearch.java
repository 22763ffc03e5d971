package org.seqlab.seq2seq.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Beam search over a batch of sources, with GNMT's length normalisation (see {@link DecodeConfig}).
 *
 * <p>Each source starts with one empty hypothesis. At every step, among all one-token continuations of its live
 * hypotheses the {@code beamSize} with the highest log-probability are taken (ties: the earlier hypothesis, then
 * the lower token id); those ending in {@code </s>} are finished and leave the beam, the others form the next beam.
 * A continuation that reaches {@link DecodeConfig#maxLength} is finished as it stands, and so is a hypothesis whose
 * every continuation has probability 0. The search of a source ends when no hypothesis is live, or when at least
 * {@code beamSize} are finished and no live one can still beat the {@code nBest}-th best finished one: log-probabilities
 * only fall as tokens are added and the length penalty grows at most to that of the length limit, so a live
 * hypothesis with log-probability s can at best score {@code s / lp(maxLength)}. Finished sources leave the batch.
 *
 * <p>The top-k over rows×vocabulary is a partial selection: a k-slot insertion per row (one comparison per token for
 * most tokens), then a k-slot merge of the rows' k candidates; nothing is sorted. With beam size 1 the output is
 * exactly {@link GreedySearch}'s.
 *
 * <p>A search holds scratch and is <b>per-thread</b>; the model may be shared if its methods are thread-safe.
 *
 * @param <S> the model's state type
 */
public final class BeamSearch<S> {
    private final DecoderModel<S> model;
    private final DecodeConfig config;
    private final int k;

    // per-row top-k and the per-source merge: k slots each, reused across steps and calls
    private final int[] rowTopTokens;
    private final float[] rowTopLogProbs;
    private final double[] pickedTotals;
    private final int[] pickedRows;
    private final int[] pickedTokens;
    private final float[] pickedLogProbs;

    public BeamSearch(DecoderModel<S> model, DecodeConfig config) {
        this.model = model;
        this.config = config;
        this.k = config.beamSize();
        this.rowTopTokens = new int[k];
        this.rowTopLogProbs = new float[k];
        this.pickedTotals = new double[k];
        this.pickedRows = new int[k];
        this.pickedTokens = new int[k];
        this.pickedLogProbs = new float[k];
    }

    /**
     * Decodes a batch.
     *
     * @param sources source token ids, one array per source
     * @return per source (in the given order) its best {@code min(nBest, finished)} hypotheses, highest
     *     {@link Hypothesis#normalisedScore()} first (ties: the one finished first)
     */
    public List<List<Hypothesis>> decode(int[][] sources) {
        int batch = sources.length;
        List<List<Hypothesis>> finished = new ArrayList<>(batch);
        int[] maxLength = new int[batch];
        // live rows, grouped by source in source order: row r extends hypothesis trail[r] of source rowSource[r]
        int capacity = Math.max(1, batch * k);
        int[] rowSource = new int[capacity];
        double[] rowScore = new double[capacity];
        HypothesisTrail[] rowTrail = new HypothesisTrail[capacity];
        int[] rowToken = new int[capacity];
        int[] nextSource = new int[capacity];
        double[] nextScore = new double[capacity];
        HypothesisTrail[] nextTrail = new HypothesisTrail[capacity];
        int[] nextToken = new int[capacity];
        int[] parentRows = new int[capacity];
        int rows = 0;
        for (int b = 0; b < batch; b++) {
            finished.add(new ArrayList<>());
            maxLength[b] = config.maxLength(sources[b].length);
            if (maxLength[b] == 0) {
                finished.get(b).add(HypothesisTrail.finish(null, 0, false, false, config));
            } else {
                parentRows[rows] = b;
                rowSource[rows] = b;
                rows++;
            }
        }
        if (rows == 0) {
            return nBest(finished);
        }
        S state = model.init(sources);
        if (rows < batch) {
            state = model.reorder(state, Arrays.copyOf(parentRows, rows));
        }
        Arrays.fill(rowToken, 0, rows, model.startToken());
        int endToken = model.endToken();
        while (rows > 0) {
            DecoderStep<S> step = model.step(state, Arrays.copyOf(rowToken, rows));
            float[][] logProbs = step.logProbs();
            float[][] attention = step.attention();
            int next = 0;
            for (int lo = 0; lo < rows; ) {
                int b = rowSource[lo];
                int hi = lo;
                while (hi < rows && rowSource[hi] == b) {
                    hi++;
                }
                List<Hypothesis> done = finished.get(b);
                int picked = 0;
                for (int r = lo; r < hi; r++) {
                    int candidates = topK(logProbs[r]);
                    if (candidates == 0) {
                        insert(done, HypothesisTrail.finish(rowTrail[r], rowScore[r], false, attention != null,
                                config));
                    }
                    for (int j = 0; j < candidates; j++) {
                        double total = rowScore[r] + rowTopLogProbs[j];
                        if (picked == k && !(total > pickedTotals[k - 1])) {
                            break; // the row's later candidates score no higher
                        }
                        picked = pick(picked, total, r, rowTopTokens[j], rowTopLogProbs[j]);
                    }
                }
                int groupStart = next;
                for (int p = 0; p < picked; p++) {
                    int r = pickedRows[p];
                    int token = pickedTokens[p];
                    float[] attentionRow = attention == null ? null : attention[r].clone();
                    HypothesisTrail trail = new HypothesisTrail(rowTrail[r], token, pickedLogProbs[p], attentionRow);
                    boolean ended = token == endToken;
                    if (ended || trail.length >= maxLength[b]) {
                        insert(done, HypothesisTrail.finish(trail, pickedTotals[p], ended, attention != null, config));
                    } else {
                        parentRows[next] = r;
                        nextSource[next] = b;
                        nextScore[next] = pickedTotals[p];
                        nextTrail[next] = trail;
                        nextToken[next] = token;
                        next++;
                    }
                }
                if (next > groupStart && cannotImprove(done, nextScore, nextTrail, groupStart, next, maxLength[b])) {
                    next = groupStart;
                }
                lo = hi;
            }
            Arrays.fill(rowTrail, 0, rows, null); // let finished histories be collected
            if (next == 0) {
                break;
            }
            state = identity(parentRows, next, rows) ? step.state()
                    : model.reorder(step.state(), Arrays.copyOf(parentRows, next));
            rows = next;
            int[] si = rowSource; rowSource = nextSource; nextSource = si;
            double[] sc = rowScore; rowScore = nextScore; nextScore = sc;
            HypothesisTrail[] tr = rowTrail; rowTrail = nextTrail; nextTrail = tr;
            int[] to = rowToken; rowToken = nextToken; nextToken = to;
        }
        return nBest(finished);
    }

    /**
     * The k highest entries of one row into {@link #rowTopTokens}/{@link #rowTopLogProbs}, best first, lower ids first
     * among equals; -infinity and NaN are never taken. Returns how many were taken.
     */
    private int topK(float[] row) {
        int count = 0;
        float floor = Float.NEGATIVE_INFINITY;
        for (int v = 0; v < row.length; v++) {
            float x = row[v];
            if (!(x > floor)) {
                continue;
            }
            int pos = count < k ? count++ : k - 1;
            while (pos > 0 && rowTopLogProbs[pos - 1] < x) {
                rowTopLogProbs[pos] = rowTopLogProbs[pos - 1];
                rowTopTokens[pos] = rowTopTokens[pos - 1];
                pos--;
            }
            rowTopLogProbs[pos] = x;
            rowTopTokens[pos] = v;
            if (count == k) {
                floor = rowTopLogProbs[k - 1];
            }
        }
        return count;
    }

    /** Inserts a candidate into the k picked slots (kept best first; equals keep arrival order); returns the count. */
    private int pick(int picked, double total, int row, int token, float logProb) {
        int pos = picked < k ? picked++ : k - 1;
        while (pos > 0 && pickedTotals[pos - 1] < total) {
            pickedTotals[pos] = pickedTotals[pos - 1];
            pickedRows[pos] = pickedRows[pos - 1];
            pickedTokens[pos] = pickedTokens[pos - 1];
            pickedLogProbs[pos] = pickedLogProbs[pos - 1];
            pos--;
        }
        pickedTotals[pos] = total;
        pickedRows[pos] = row;
        pickedTokens[pos] = token;
        pickedLogProbs[pos] = logProb;
        return picked;
    }

    /** Whether at least k hypotheses are finished and none of the live ones [from, to) can beat the nBest-th best. */
    private boolean cannotImprove(List<Hypothesis> done, double[] score, HypothesisTrail[] trail, int from, int to,
            int maxLength) {
        if (done.size() < k) {
            return false;
        }
        double threshold = done.get(config.nBest() - 1).normalisedScore();
        double longest = config.lengthPenalty(maxLength);
        for (int i = from; i < to; i++) {
            double s = score[i];
            double best = s <= 0 ? s / longest : s / config.lengthPenalty(trail[i].length + 1);
            if (best > threshold) {
                return false;
            }
        }
        return true;
    }

    /** Inserts by descending normalised score, after equals (so ties keep the order of finishing). */
    private static void insert(List<Hypothesis> done, Hypothesis h) {
        int pos = done.size();
        while (pos > 0 && done.get(pos - 1).normalisedScore() < h.normalisedScore()) {
            pos--;
        }
        done.add(pos, h);
    }

    private static boolean identity(int[] parentRows, int next, int rows) {
        if (next != rows) {
            return false;
        }
        for (int i = 0; i < next; i++) {
            if (parentRows[i] != i) {
                return false;
            }
        }
        return true;
    }

    private List<List<Hypothesis>> nBest(List<List<Hypothesis>> finished) {
        List<List<Hypothesis>> out = new ArrayList<>(finished.size());
        for (List<Hypothesis> done : finished) {
            out.add(List.copyOf(done.subList(0, Math.min(config.nBest(), done.size()))));
        }
        return out;
    }
}
