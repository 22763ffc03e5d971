package org.seqlab.seq2seq.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Greedy search over a batch of sources: at every step each unfinished source emits its most probable token (the
 * lowest id on ties), until {@code </s>}, the length limit of {@link DecodeConfig#maxLength}, or a step where the
 * model allows no token (all -infinity), which finishes the hypothesis as it stands. Finished sources leave the batch
 * ({@link DecoderModel#reorder}), so the model computes only live rows.
 *
 * <p>The beam size and n-best of the config are ignored (one hypothesis per source); alpha only sets the reported
 * {@link Hypothesis#normalisedScore()}. {@link BeamSearch} with beam size 1 gives exactly this output.
 *
 * @param <S> the model's state type
 */
public final class GreedySearch<S> {
    private final DecoderModel<S> model;
    private final DecodeConfig config;

    public GreedySearch(DecoderModel<S> model, DecodeConfig config) {
        this.model = model;
        this.config = config;
    }

    /**
     * Decodes a batch.
     *
     * @param sources source token ids, one array per source
     * @return per source (in the given order) a one-element list with its hypothesis
     */
    public List<List<Hypothesis>> decode(int[][] sources) {
        int batch = sources.length;
        Hypothesis[] result = new Hypothesis[batch];
        // live rows: row r decodes source rowSource[r]
        int[] rowSource = new int[batch];
        int rows = 0;
        int[] maxLength = new int[batch];
        HypothesisTrail[] trail = new HypothesisTrail[batch];
        double[] score = new double[batch];
        for (int b = 0; b < batch; b++) {
            maxLength[b] = config.maxLength(sources[b].length);
            if (maxLength[b] == 0) {
                result[b] = HypothesisTrail.finish(null, 0, false, false, config);
            } else {
                rowSource[rows++] = b;
            }
        }
        if (rows == 0) {
            return wrap(result);
        }
        S state = model.init(sources);
        if (rows < batch) {
            state = model.reorder(state, Arrays.copyOf(rowSource, rows));
        }
        int[] previous = new int[rows];
        Arrays.fill(previous, model.startToken());
        int[] kept = new int[rows];
        int endToken = model.endToken();
        while (rows > 0) {
            DecoderStep<S> step = model.step(state, rows == previous.length ? previous : Arrays.copyOf(previous, rows));
            int keptRows = 0;
            for (int r = 0; r < rows; r++) {
                int b = rowSource[r];
                float[] logProbs = step.logProbs()[r];
                int token = argmax(logProbs);
                if (token < 0) {
                    result[b] = HypothesisTrail.finish(trail[b], score[b], false, step.attention() != null, config);
                    continue;
                }
                float[] attention = step.attention() == null ? null : step.attention()[r].clone();
                trail[b] = new HypothesisTrail(trail[b], token, logProbs[token], attention);
                score[b] += logProbs[token];
                boolean ended = token == endToken;
                if (ended || trail[b].length >= maxLength[b]) {
                    result[b] = HypothesisTrail.finish(trail[b], score[b], ended, attention != null, config);
                    continue;
                }
                kept[keptRows] = r;
                rowSource[keptRows] = b;
                previous[keptRows] = token;
                keptRows++;
            }
            if (keptRows == 0) {
                break;
            }
            state = keptRows == rows ? step.state() : model.reorder(step.state(), Arrays.copyOf(kept, keptRows));
            rows = keptRows;
        }
        return wrap(result);
    }

    /** The index of the highest value above -infinity (NaN never wins), the lowest on ties; -1 when there is none. */
    static int argmax(float[] row) {
        int best = -1;
        float bestValue = Float.NEGATIVE_INFINITY;
        for (int v = 0; v < row.length; v++) {
            if (row[v] > bestValue) {
                best = v;
                bestValue = row[v];
            }
        }
        return best;
    }

    private static List<List<Hypothesis>> wrap(Hypothesis[] result) {
        List<List<Hypothesis>> out = new ArrayList<>(result.length);
        for (Hypothesis h : result) {
            out.add(List.of(h));
        }
        return out;
    }
}
