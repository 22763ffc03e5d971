package org.seqlab.seq2seq.decode;

import java.util.Arrays;
import java.util.List;

/**
 * Times the search alone (selection, bookkeeping, reordering), with a synthetic model whose step costs nothing: the
 * log-probabilities of a row fed token {@code y} at step {@code t} of sentence {@code i} are row {@code (31·y + t + 7·i) mod 256} of a fixed pool,
 * computed once from an integer hash so that the peer ({@code beam_peer.py} beside the tests, which drives the
 * PyTorch peer's {@code beam_batch} with the same pool) searches the same tables. Token ids follow the peer:
 * 0 {@code <pad>}, 1 {@code <unk>}, 2 {@code <s>}, 3 {@code </s>}; pad and {@code <s>} are never emitted.
 *
 * <p>Run: {@code java -cp ... org.seqlab.seq2seq.decode.BeamSearchBenchmark [beam] [batch] [vocabulary] [sourceLength]
 * [passes]}; prints {@code key value} lines.
 */
public final class BeamSearchBenchmark {
    static final int POOL = 256;
    static final int PAD = 0;
    static final int BOS = 2;
    static final int EOS = 3;

    /**
     * @param sentencesPerSecond median over the passes
     * @param modelSteps model steps of one pass
     * @param meanLength mean length of the best hypotheses
     */
    public record Result(double sentencesPerSecond, int modelSteps, double meanLength) {
    }

    private BeamSearchBenchmark() {
    }

    /**
     * The pool row {@code r}: log-softmax of logits {@code 8·u}, u a hash of (r, v) in [0, 1), with {@code </s>} 4 higher
     * in every eighth row and 4 lower in the others, so that outputs end after about 8 tokens (geometrically).
     */
    static float[][] pool(int vocabulary) {
        float[][] pool = new float[POOL][vocabulary];
        double[] logits = new double[vocabulary];
        for (int r = 0; r < POOL; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int v = 0; v < vocabulary; v++) {
                long h = ((long) r * 8191 + v) * 2654435761L & 0xffffffffL;
                logits[v] = 8.0 * h / 4294967296.0 + (v != EOS ? 0 : r % 8 == 0 ? 4 : -4);
                max = Math.max(max, logits[v]);
            }
            double sum = 0;
            for (int v = 0; v < vocabulary; v++) {
                if (v != PAD && v != BOS) {
                    sum += Math.exp(logits[v] - max);
                }
            }
            double lse = max + Math.log(sum);
            for (int v = 0; v < vocabulary; v++) {
                pool[r][v] = v == PAD || v == BOS ? Float.NEGATIVE_INFINITY : (float) (logits[v] - lse);
            }
        }
        return pool;
    }

    /** The synthetic model: a row's state is its step number plus 7 × its sentence index; the log-probability rows are the pool's, not copied. */
    static final class PoolModel implements DecoderModel<int[]> {
        private final float[][] pool;
        int steps;

        PoolModel(float[][] pool) {
            this.pool = pool;
        }

        @Override
        public int startToken() {
            return BOS;
        }

        @Override
        public int endToken() {
            return EOS;
        }

        @Override
        public int[] init(int[][] sources) {
            int[] start = new int[sources.length];
            for (int i = 0; i < start.length; i++) {
                start[i] = 7 * i; // each sentence its own path through the pool
            }
            return start;
        }

        @Override
        public DecoderStep<int[]> step(int[] state, int[] previousTokens) {
            steps++;
            float[][] rows = new float[state.length][];
            int[] next = new int[state.length];
            for (int r = 0; r < state.length; r++) {
                rows[r] = pool[Math.floorMod(31 * previousTokens[r] + state[r], POOL)];
                next[r] = state[r] + 1;
            }
            return new DecoderStep<>(next, rows, null);
        }

        @Override
        public int[] reorder(int[] state, int[] parentRows) {
            int[] out = new int[parentRows.length];
            for (int j = 0; j < parentRows.length; j++) {
                out[j] = state[parentRows[j]];
            }
            return out;
        }
    }

    public static Result run(int beam, int batch, int vocabulary, int sourceLength, int warmupPasses, int passes) {
        float[][] pool = pool(vocabulary);
        int[][] sources = new int[batch][sourceLength];
        DecodeConfig config = DecodeConfig.DEFAULT.withBeamSize(beam);
        double[] rates = new double[passes];
        int steps = 0;
        double meanLength = 0;
        for (int pass = -warmupPasses; pass < passes; pass++) {
            PoolModel model = new PoolModel(pool);
            long start = System.nanoTime();
            List<List<Hypothesis>> out = beam == 1 ? new GreedySearch<>(model, config).decode(sources)
                    : new BeamSearch<>(model, config).decode(sources);
            long elapsed = System.nanoTime() - start;
            if (pass >= 0) {
                rates[pass] = batch / (elapsed / 1e9);
            }
            steps = model.steps;
            meanLength = out.stream().mapToInt(n -> n.get(0).outputTokens().length).average().orElse(0);
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        return new Result(sorted[passes / 2], steps, meanLength);
    }

    public static void main(String[] args) {
        int beam = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int vocabulary = args.length > 2 ? Integer.parseInt(args[2]) : 8000;
        int sourceLength = args.length > 3 ? Integer.parseInt(args[3]) : 12;
        int passes = args.length > 4 ? Integer.parseInt(args[4]) : 7;
        Result r = run(beam, batch, vocabulary, sourceLength, 3, passes);
        System.out.println("search_sents_per_s " + String.format("%.1f", r.sentencesPerSecond()));
        System.out.println("model_steps " + r.modelSteps());
        System.out.println("mean_length " + String.format("%.2f", r.meanLength()));
    }
}
