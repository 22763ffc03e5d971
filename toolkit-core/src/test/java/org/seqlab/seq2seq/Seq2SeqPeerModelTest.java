package org.seqlab.seq2seq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.seqlab.JsonArrays.doubles;
import static org.seqlab.JsonArrays.ints;
import static org.seqlab.JsonArrays.longs;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.nn.NativeArrays;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.recurrent.CellType;
import org.seqlab.random.Rng;

/**
 * The model against the PyTorch peer's own model class ({@code torch_seq2seq.Seq2Seq}, the translator benchmark's
 * peer): with the peer's weights loaded, one teacher-forced batch gives the peer's label-smoothed loss and every
 * parameter's gradient. Fixture written by {@code peer_model.py} beside it (float64, dropout 0, four pairs of
 * different source and target lengths).
 */
class Seq2SeqPeerModelTest {
    @Test
    void float64LossAndEveryGradientEqualThePeers() throws IOException {
        check(DataType.DOUBLE, 1e-12, 1e-12);
    }

    @Test
    void theFloat32TrainingPathAgreesWithinFloat32Rounding() throws IOException {
        // float32: the fast tanh/sigmoid, the vectorised exponentials of the cross-entropy, float32 products
        check(DataType.FLOAT, 1e-5, 1e-4);
    }

    private static void check(DataType type, double lossTolerance, double gradTolerance) throws IOException {
        JsonNode f;
        try (InputStream in = Seq2SeqPeerModelTest.class.getResourceAsStream("peer_model.json")) {
            f = new ObjectMapper().readTree(in);
        }
        TranslatorConfig config = new TranslatorConfig(5, true, f.get("embeddingSize").asInt(), CellType.LSTM, 1, true,
                f.get("encoderHidden").asInt(), f.get("decoderHidden").asInt(), "general", true, 0.0,
                f.get("labelSmoothing").asDouble(), false, 0.1, 50, ScheduledSampling.off(), CellType.LSTM);
        int vocab = f.get("vocab").asInt();
        Seq2SeqModel model = new Seq2SeqModel(config, vocab, vocab, type, new Rng(1));
        Set<String> ours = new HashSet<>();
        for (Parameter p : model.parameters()) {
            ours.add(p.name());
            JsonNode w = f.get("weights").get(p.name());
            assertThat(w).as("peer weights for " + p.name()).isNotNull();
            assertThat(longs(w.get("shape"))).as(p.name()).containsExactly(p.shape());
            NativeArrays.write(p.value(), doubles(w.get("values")));
        }
        Set<String> theirs = new HashSet<>();
        f.get("weights").fieldNames().forEachRemaining(theirs::add);
        assertThat(ours).as("the same parameters").isEqualTo(theirs);

        List<Seq2SeqModel.Pair> pairs = new ArrayList<>();
        for (JsonNode p : f.get("pairs")) {
            pairs.add(new Seq2SeqModel.Pair(ints(p.get("source")), ints(p.get("target"))));
        }
        model.parameters().zeroGrads();
        Seq2SeqModel.Forward fwd = model.forward(pairs, true, 0, new Rng(2));
        model.backward(fwd);

        double expectedLoss = f.get("loss").asDouble();
        assertThat(fwd.loss()).isCloseTo(expectedLoss, within(lossTolerance * expectedLoss));
        for (Parameter p : model.parameters()) {
            double[] expected = doubles(f.get("grads").get(p.name()));
            double[] got = NativeArrays.read(p.grad());
            double scale = 0;
            for (double v : expected) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < expected.length; i++) {
                assertThat(got[i]).as(type + " " + p.name() + "[" + i + "]")
                        .isCloseTo(expected[i], within(gradTolerance * scale + 1e-15));
            }
        }
    }
}
