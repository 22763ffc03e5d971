package org.seqlab.lm.sampling;

import org.seqlab.random.Rng;

/**
 * Chooses the next token from one step's logits under a {@link SamplingConfig}: repetition penalty, then greedy or
 * temperature, then top-k, then top-p, then one draw from the kept tokens renormalised.
 *
 * <p>A sampler keeps scratch arrays sized to the largest vocabulary it has seen, so that {@link #sample} allocates
 * nothing once warm. It is therefore <b>not thread-safe: use one instance per thread</b> (they are cheap); the
 * config it holds is immutable and may be shared.
 *
 * <p>Top-k and top-p need the tokens in descending order only as far as they keep them. Top-k keeps a size-k heap
 * while scanning the row (one comparison for most tokens) and takes exp of the k kept logits only; top-p alone
 * collects the tokens above a falling weight threshold until their mass reaches p, then pops a heap of those. Order:
 * higher score first, lower token id first among equal scores, which makes both cuts deterministic (top-k compares
 * the scaled logits, top-p the probabilities; they differ only where probabilities underflow to 0).
 */
public final class Sampler {
    private final SamplingConfig config;

    /** Penalised logits, then (sampling) exp((logit / T) - max): unnormalised probabilities. */
    private double[] weights = new double[0];
    /** Binary max-heap of token ids under {@link #before}. */
    private int[] heap = new int[0];
    /** Kept tokens, best first, in {@code kept[0..keptCount)}. */
    private int[] kept = new int[0];
    /** {@code seen[t] == seenMark} when token t has been penalised in this call. */
    private int[] seen = new int[0];
    private int seenMark;
    /** -1 when every token is kept (no truncation). */
    private int keptCount;
    private double keptMass;
    private int greedyChoice;

    /** Each pass of {@link #nucleusCandidates} lowers the weight threshold by this factor. */
    private static final double CANDIDATE_STEP = Math.exp(-4);
    private static final int CANDIDATE_ROUNDS = 4;

    public Sampler(SamplingConfig config) {
        this.config = config;
    }

    public SamplingConfig config() {
        return config;
    }

    /** {@link #sample(float[], int[], int, Rng)} with the whole of {@code history}. */
    public int sample(float[] logits, int[] history, Rng rng) {
        return sample(logits, history, history.length, rng);
    }

    /**
     * The next token id.
     *
     * @param logits one row of next-token scores (not modified)
     * @param history the tokens so far (prompt and generated) in {@code history[0..historyLength)}, for the
     *     repetition penalty; may be null when the length is 0
     * @param rng the source of the draw; not touched when the choice is greedy
     */
    public int sample(float[] logits, int[] history, int historyLength, Rng rng) {
        prepare(logits, history, historyLength);
        if (config.greedy()) {
            return greedyChoice;
        }
        double u = rng.nextDouble() * keptMass;
        double cum = 0;
        if (keptCount < 0) {
            int last = -1;
            for (int i = 0; i < logits.length; i++) {
                double w = weights[i];
                if (w > 0) {
                    cum += w;
                    last = i;
                    if (u < cum) {
                        return i;
                    }
                }
            }
            return last; // u rounded up to the full mass
        }
        for (int j = 0; j < keptCount; j++) {
            cum += weights[kept[j]];
            if (u < cum) {
                return kept[j];
            }
        }
        for (int j = keptCount - 1; j > 0; j--) {
            if (weights[kept[j]] > 0) {
                return kept[j];
            }
        }
        return kept[0];
    }

    /**
     * The distribution {@link #sample} draws from, written into {@code out} (length at least the row's): zero for
     * every token the controls remove, the renormalised probability otherwise; one-hot when greedy.
     */
    public double[] distribution(float[] logits, int[] history, int historyLength, double[] out) {
        prepare(logits, history, historyLength);
        int v = logits.length;
        java.util.Arrays.fill(out, 0, v, 0.0);
        if (config.greedy()) {
            out[greedyChoice] = 1;
        } else if (keptCount < 0) {
            for (int i = 0; i < v; i++) {
                out[i] = weights[i] / keptMass;
            }
        } else {
            for (int j = 0; j < keptCount; j++) {
                out[kept[j]] = weights[kept[j]] / keptMass;
            }
        }
        return out;
    }

    private void prepare(float[] logits, int[] history, int historyLength) {
        int v = logits.length;
        if (v == 0) {
            throw new IllegalArgumentException("empty logits row");
        }
        ensureCapacity(v);
        for (int i = 0; i < v; i++) {
            weights[i] = logits[i];
        }
        if (config.repetitionPenalty() != 1 && historyLength > 0) {
            penalise(history, historyLength, v);
        }
        if (config.greedy()) {
            greedyChoice = argmax(v);
            return;
        }
        double inverseT = 1 / config.temperature();
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v; i++) {
            double x = weights[i] * inverseT;
            weights[i] = x;
            max = Math.max(max, x);
        }
        if (!(max > Double.NEGATIVE_INFINITY) || max == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("logits row has no finite maximum: " + max);
        }
        int k = config.topK() > 0 ? Math.min(config.topK(), v) : v;
        boolean nucleus = config.topP() < 1;
        if (k < v) {
            // top-k on the scaled logits; only the kept tokens need exp (top-p then renormalises within them)
            selectTopK(k, v);
            double mass = 0;
            for (int j = 0; j < k; j++) {
                int t = kept[j];
                double w = Math.exp(weights[t] - max);
                weights[t] = w;
                mass += w;
            }
            int count = k;
            if (nucleus) {
                double target = config.topP() * mass * (1 - SamplingConfig.TOP_P_SLACK);
                double cum = 0;
                count = 0;
                while (count < k) {
                    cum += weights[kept[count++]];
                    if (cum >= target) {
                        break;
                    }
                }
                mass = cum;
            }
            keptCount = count;
            keptMass = mass;
            return;
        }
        double total = 0;
        for (int i = 0; i < v; i++) {
            double w = Math.exp(weights[i] - max);
            weights[i] = w;
            total += w;
        }
        if (!nucleus) {
            keptCount = -1;
            keptMass = total;
            return;
        }
        double target = config.topP() * total * (1 - SamplingConfig.TOP_P_SLACK);
        int size = nucleusCandidates(v, target);
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(i, size);
        }
        double mass = 0;
        int count = 0;
        while (size > 0) {
            int t = heap[0];
            size = popHeap(size);
            kept[count++] = t;
            mass += weights[t];
            if (mass >= target) {
                break;
            }
        }
        keptCount = count;
        keptMass = mass;
    }

    /**
     * Puts into {@code heap[0..n)} the tokens whose weight is at least a threshold low enough for their mass to
     * reach {@code target}, and returns n. The tokens at or above any threshold are a prefix of the descending
     * order, so the nucleus (the shortest prefix reaching the target) lies among them. The threshold starts at
     * e^-4 of the largest weight (which is 1) and falls by e^-4 per pass, then to 0: a peaked row needs one pass
     * and a handful of candidates instead of ordering the whole vocabulary.
     */
    private int nucleusCandidates(int v, double target) {
        double threshold = CANDIDATE_STEP;
        for (int round = 0; ; round++) {
            if (round == CANDIDATE_ROUNDS) {
                threshold = 0;
            }
            int n = 0;
            double mass = 0;
            for (int i = 0; i < v; i++) {
                double w = weights[i];
                if (w >= threshold) {
                    heap[n++] = i;
                    mass += w;
                }
            }
            if (mass >= target || threshold == 0) {
                return n;
            }
            threshold *= CANDIDATE_STEP;
        }
    }

    /**
     * Writes the k best tokens by scaled logit into {@code kept[0..k)}, best first, with a size-k heap whose root
     * is the worst kept token: one comparison for most tokens of the row. Tokens come in increasing id, so a later
     * token with an equal score never displaces an earlier one (ties go to the lower id).
     */
    private void selectTopK(int k, int v) {
        for (int i = 0; i < k; i++) {
            heap[i] = i;
        }
        for (int i = k / 2 - 1; i >= 0; i--) {
            siftDownWorst(i, k);
        }
        for (int i = k; i < v; i++) {
            if (weights[i] > weights[heap[0]]) {
                heap[0] = i;
                siftDownWorst(0, k);
            }
        }
        for (int size = k; size > 0; size--) {
            kept[size - 1] = heap[0];
            heap[0] = heap[size - 1];
            siftDownWorst(0, size - 1);
        }
    }

    /** Sift-down in a heap whose root is the worst token (the one every other comes {@link #before}). */
    private void siftDownWorst(int i, int size) {
        int t = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child], heap[child + 1])) {
                child++;
            }
            if (!before(t, heap[child])) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = t;
    }

    private void penalise(int[] history, int historyLength, int v) {
        if (++seenMark == Integer.MAX_VALUE) {
            java.util.Arrays.fill(seen, 0);
            seenMark = 1;
        }
        double penalty = config.repetitionPenalty();
        for (int h = 0; h < historyLength; h++) {
            int t = history[h];
            if (t < 0 || t >= v) {
                throw new IllegalArgumentException("history token " + t + " is outside the vocabulary of " + v);
            }
            if (seen[t] != seenMark) {
                seen[t] = seenMark;
                double x = weights[t];
                weights[t] = x > 0 ? x / penalty : x * penalty;
            }
        }
    }

    private int argmax(int v) {
        int best = 0;
        for (int i = 1; i < v; i++) {
            if (weights[i] > weights[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Whether token a comes before token b: higher weight, then lower id. */
    private boolean before(int a, int b) {
        double wa = weights[a];
        double wb = weights[b];
        return wa > wb || wa == wb && a < b;
    }

    /** Removes the top; returns the new size. */
    private int popHeap(int size) {
        size--;
        heap[0] = heap[size];
        siftDown(0, size);
        return size;
    }

    private void siftDown(int i, int size) {
        int t = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], t)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = t;
    }

    private void ensureCapacity(int v) {
        if (weights.length < v) {
            weights = new double[v];
            heap = new int[v];
            kept = new int[v];
            seen = new int[v];
            seenMark = 0;
        }
    }
}
