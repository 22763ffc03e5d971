package org.seqlab.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.nn.NativeArrays;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.recurrent.CellType;
import org.seqlab.random.Rng;

/**
 * The float32 LSTM decoder's training pass against the general path (which the float64 gradient checks of
 * {@link Seq2SeqModelTest} cover): the same loss and the same gradient for every parameter, with the same dropout
 * masks, up to float32 rounding.
 */
class DecoderTrainingPassTest {
    private static List<Seq2SeqModel.Pair> pairs(int count, int seed) {
        Rng rng = new Rng(seed);
        List<Seq2SeqModel.Pair> pairs = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int[] source = new int[1 + (int) (rng.nextDouble() * 6)];
            int[] target = new int[(int) (rng.nextDouble() * 7)]; // an empty target too: only </s> to predict
            java.util.Arrays.setAll(source, j -> 4 + (int) (rng.nextDouble() * 8));
            java.util.Arrays.setAll(target, j -> 4 + (int) (rng.nextDouble() * 8));
            pairs.add(new Seq2SeqModel.Pair(source, target));
        }
        return pairs;
    }

    private static TranslatorConfig config(String attention, boolean feeding, boolean tie, double dropout, int hidden) {
        int embedding = tie ? hidden : 6;
        int encoder = attention.equals("dot") ? hidden / 2 : 5;
        return new TranslatorConfig(7, true, embedding, CellType.LSTM, 1, true, encoder, hidden, attention, feeding,
                dropout, 0.1, tie, 0.5, 20, ScheduledSampling.off(), CellType.LSTM);
    }

    /** Loss and gradients of one forward and backward pass on a fresh copy of the model (seeded alike). */
    private static double run(TranslatorConfig config, List<Seq2SeqModel.Pair> batch, boolean pass,
            List<double[]> gradients, Seq2SeqModel model) {
        model.parameters().zeroGrads();
        Seq2SeqModel.Forward f = model.forward(batch, true, 0, new Rng(17), pass);
        // the comparison means something only if the pass did run where allowed
        assertThat(f.ranTrainingPass()).isEqualTo(pass);
        model.backward(f);
        gradients.clear();
        for (Parameter p : model.parameters()) {
            gradients.add(NativeArrays.read(p.grad()));
        }
        return f.loss();
    }

    private static void assertSame(TranslatorConfig config, List<Seq2SeqModel.Pair> batch) {
        Seq2SeqModel general = new Seq2SeqModel(config, 12, 12, DataType.FLOAT, new Rng(3));
        Seq2SeqModel fast = new Seq2SeqModel(config, 12, 12, DataType.FLOAT, new Rng(3));
        List<double[]> expected = new ArrayList<>();
        List<double[]> got = new ArrayList<>();
        double loss = run(config, batch, false, expected, general);
        // twice: the second pass reuses the first one's buffers
        run(config, pairs(3, 99), true, got, fast);
        double fastLoss = run(config, batch, true, got, fast);
        assertThat(fastLoss).isCloseTo(loss, org.assertj.core.data.Offset.offset(1e-5 * loss));
        List<String> names = new ArrayList<>();
        for (Parameter p : general.parameters()) {
            names.add(p.name());
        }
        for (int i = 0; i < expected.size(); i++) {
            double[] e = expected.get(i);
            double[] g = got.get(i);
            double scale = 0;
            for (double v : e) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertThat(scale).as(names.get(i)).isGreaterThan(0);
            for (int k = 0; k < e.length; k++) {
                assertThat(g[k]).as("%s[%d]", names.get(i), k)
                        .isCloseTo(e[k], org.assertj.core.data.Offset.offset(1e-4 * scale));
            }
        }
    }

    @Test
    void generalAttentionWithInputFeedingAndDropoutGivesTheGeneralPathsGradients() {
        assertSame(config("general", true, false, 0.3, 8), pairs(7, 1));
    }

    @Test
    void additiveAttentionWithoutInputFeedingGivesTheGeneralPathsGradients() {
        assertSame(config("additive", false, false, 0.0, 8), pairs(5, 2));
    }

    @Test
    void dotAttentionWithTiedEmbeddingsGivesTheGeneralPathsGradients() {
        assertSame(config("dot", true, true, 0.2, 8), pairs(6, 3));
    }

    /** Rows × hidden ≥ 8192: the cell loops run as two halves on two threads. */
    @Test
    void aBatchLargeEnoughForTwoThreadsGivesTheGeneralPathsGradients() {
        assertSame(config("general", true, false, 0.3, 160), pairs(64, 4));
    }

    /**
     * On two cores the backward pass runs the output layer's weight gradient, then the decoder's weight gradients of
     * the later half of the rows, beside the decoder's time loop; inside {@link
     * org.seqlab.nn.kernel.KernelThreads#runAlone} (one thread) it runs everything one after the other, with the
     * decoder's weight gradients as one product each. The two agree up to the rounding of the halves' sums (tied
     * output weights, the target embedding written by both parts, and dropout included), and the split is the same
     * whatever the threads' timing: two runs give the same gradients exactly.
     */
    @Test
    void theWorkBesideTheTimeLoopChangesNoGradient() {
        for (boolean tie : new boolean[] {false, true}) {
            TranslatorConfig config = config("general", true, tie, 0.2, 8);
            List<Seq2SeqModel.Pair> batch = pairs(9, 5);
            List<double[]> beside = new ArrayList<>();
            List<double[]> again = new ArrayList<>();
            List<double[]> alone = new ArrayList<>();
            double lossBeside = run(config, batch, true, beside, new Seq2SeqModel(config, 12, 12, DataType.FLOAT,
                    new Rng(3)));
            run(config, batch, true, again, new Seq2SeqModel(config, 12, 12, DataType.FLOAT, new Rng(3)));
            double[] lossAlone = new double[1];
            org.seqlab.nn.kernel.KernelThreads.runAlone(() -> lossAlone[0] = run(config, batch, true, alone,
                    new Seq2SeqModel(config, 12, 12, DataType.FLOAT, new Rng(3))));
            assertThat(lossBeside).isEqualTo(lossAlone[0]);
            assertThat(again).as("tied %s", tie).usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyElementsOf(beside);
            for (int i = 0; i < alone.size(); i++) {
                double scale = 0;
                for (double v : alone.get(i)) {
                    scale = Math.max(scale, Math.abs(v));
                }
                assertThat(scale).isPositive();
                for (int k = 0; k < alone.get(i).length; k++) {
                    assertThat(beside.get(i)[k]).as("tied %s, parameter %d[%d]", tie, i, k)
                            .isCloseTo(alone.get(i)[k], org.assertj.core.data.Offset.offset(1e-6 * scale));
                }
            }
        }
    }
}
