package org.seqlab.seq2seq.decode;

import java.util.Arrays;
import java.util.Random;

/**
 * A hand-made {@link DecoderModel}: the next-token log-probabilities depend only on the previous token, through a
 * table chosen per source by its first token ({@code source[0]} = table index). The attention row of a step is one-hot
 * at source position {@code previousToken % sourceLength}, so tests know it by hand. Token ids: 0 {@code <s>},
 * 1 {@code </s>}, 2 {@code <unk>}, then words. It counts its steps and checks the searches' row bookkeeping.
 */
final class TableModel implements DecoderModel<TableModel.Rows> {
    static final int START = 0;
    static final int END = 1;
    static final int UNK = 2;

    /** Per row: its table and its source's length. */
    record Rows(int[] table, int[] sourceLength) {
    }

    private final float[][][] tables;
    int steps;
    final java.util.List<Integer> rowsPerStep = new java.util.ArrayList<>();

    TableModel(float[][]... tables) {
        this.tables = tables;
    }

    /** A table from probabilities: {@code probs[previous][next]}; 0 becomes -infinity. */
    static float[][] table(double[][] probs) {
        float[][] t = new float[probs.length][];
        for (int p = 0; p < probs.length; p++) {
            t[p] = new float[probs[p].length];
            for (int v = 0; v < probs[p].length; v++) {
                t[p][v] = (float) Math.log(probs[p][v]);
            }
        }
        return t;
    }

    /**
     * A random table over {@code vocabulary} tokens: {@code <s>} never follows, some tokens are impossible, and with
     * {@code coarse} the probabilities come from a few levels so that ties are common.
     */
    static float[][] randomTable(Random rnd, int vocabulary, boolean coarse) {
        double[][] probs = new double[vocabulary][vocabulary];
        for (double[] row : probs) {
            double sum = 0;
            for (int v = 1; v < vocabulary; v++) {
                double x = rnd.nextInt(5) == 0 ? 0 : coarse ? 1 + rnd.nextInt(3) : rnd.nextDouble();
                row[v] = x;
                sum += x;
            }
            if (sum == 0) {
                row[END] = sum = 1;
            }
            for (int v = 0; v < vocabulary; v++) {
                row[v] /= sum;
            }
        }
        return table(probs);
    }

    @Override
    public int startToken() {
        return START;
    }

    @Override
    public int endToken() {
        return END;
    }

    @Override
    public Rows init(int[][] sources) {
        int[] table = new int[sources.length];
        int[] length = new int[sources.length];
        for (int i = 0; i < sources.length; i++) {
            table[i] = sources[i][0];
            length[i] = sources[i].length;
        }
        return new Rows(table, length);
    }

    @Override
    public DecoderStep<Rows> step(Rows state, int[] previousTokens) {
        if (previousTokens.length != state.table().length) {
            throw new AssertionError(previousTokens.length + " tokens for " + state.table().length + " rows");
        }
        steps++;
        int rows = previousTokens.length;
        rowsPerStep.add(rows);
        float[][] logProbs = new float[rows][];
        float[][] attention = new float[rows][];
        for (int r = 0; r < rows; r++) {
            logProbs[r] = tables[state.table()[r]][previousTokens[r]].clone();
            attention[r] = oneHot(state.sourceLength()[r], previousTokens[r]);
        }
        return new DecoderStep<>(state, logProbs, attention);
    }

    @Override
    public Rows reorder(Rows state, int[] parentRows) {
        int[] table = new int[parentRows.length];
        int[] length = new int[parentRows.length];
        for (int j = 0; j < parentRows.length; j++) {
            table[j] = state.table()[parentRows[j]];
            length[j] = state.sourceLength()[parentRows[j]];
        }
        return new Rows(table, length);
    }

    /** The attention row of a step fed {@code previousToken} for a source of {@code sourceLength} tokens. */
    static float[] oneHot(int sourceLength, int previousToken) {
        float[] row = new float[sourceLength];
        row[previousToken % sourceLength] = 1;
        return row;
    }

    static String describe(Hypothesis h) {
        return Arrays.toString(h.tokens()) + " score " + h.score() + " norm " + h.normalisedScore() + " ended "
                + h.ended();
    }
}
