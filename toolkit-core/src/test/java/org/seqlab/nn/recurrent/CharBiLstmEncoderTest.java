package org.seqlab.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.nn.GradientCheck;
import org.seqlab.nn.Parameter;
import org.seqlab.random.Rng;

/** The char encoder gives one vector per word: final forward state, then final reverse state; its gradients check. */
class CharBiLstmEncoderTest {
    @Test
    void wordVectorIsTheLastForwardStateThenTheFirstReverseOutput() {
        SequenceLayout words = SequenceLayout.of(4, 1, 6);
        CharBiLstmEncoder encoder = new CharBiLstmEncoder(3, 5, DataType.DOUBLE, new Rng(2));
        INDArray chars = Nd4j.rand(DataType.DOUBLE, words.totalSteps(), 3);
        CharBiLstmEncoder.Encoded e = encoder.forward(chars, words);
        INDArray out = e.cache().output();
        assertThat(e.wordVectors().shape()).containsExactly(3, 10);
        for (int w = 0; w < 3; w++) {
            int last = words.packedRow(words.length(w) - 1, w);
            int first = words.packedRow(0, w);
            for (int j = 0; j < 5; j++) {
                assertThat(e.wordVectors().getDouble(w, j)).isEqualTo(out.getDouble(last, j));
                assertThat(e.wordVectors().getDouble(w, 5 + j)).isEqualTo(out.getDouble(first, 5 + j));
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        SequenceLayout words = SequenceLayout.of(3, 1, 5, 2);
        CharBiLstmEncoder encoder = new CharBiLstmEncoder(2, 3, DataType.DOUBLE, new Rng(5));
        Random random = new Random(9);
        INDArray chars = Nd4j.create(DataType.DOUBLE, words.totalSteps(), 2);
        INDArray g = Nd4j.create(DataType.DOUBLE, 4, 6);
        for (long i = 0; i < chars.length(); i++) {
            chars.putScalar(i, random.nextGaussian());
        }
        for (long i = 0; i < g.length(); i++) {
            g.putScalar(i, random.nextGaussian());
        }
        INDArray dChars = encoder.backward(encoder.forward(chars, words), g);
        List<GradientCheck.Checked> checked = new ArrayList<>();
        for (Parameter p : encoder.parameters()) {
            checked.add(new GradientCheck.Checked(p.name(), p.value(), p.grad()));
        }
        checked.add(new GradientCheck.Checked("chars", chars, dChars));
        GradientCheck.Result r = GradientCheck.check(
                () -> encoder.forward(chars, words).wordVectors().mul(g).sumNumber().doubleValue(), checked);
        assertThat(r.maxError()).as(r.toString()).isLessThanOrEqualTo(1e-6);
    }
}
