package org.seqlab.nn;

import org.seqlab.random.Rng;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class EmbeddingTest {
    // Table rows: id i → [10·i, 10·i + 1].
    private static final double[] TABLE = {0, 1, 10, 11, 20, 21, 30, 31};

    private static Embedding table(DataType type, int paddingId, boolean trainable) {
        Embedding e = Embedding.builder().setVocabularySize(4).setDimension(2).setRng(new Rng(3))
                .optPaddingId(paddingId).optTrainable(trainable).optDataType(type).build();
        NativeArrays.write(e.weight().value(), TABLE);
        return e;
    }

    @Test
    void looksUpTheRowOfEachId() {
        Embedding e = table(DataType.FLOAT, -1, true);
        assertThat(NativeArrays.read(e.forward(new int[] {2, 0, 2, 3}).output()))
                .containsExactly(20, 21, 0, 1, 20, 21, 30, 31);
    }

    @Test
    void gradientTouchesOnlyUsedRowsAndSumsRepeats() {
        Embedding e = table(DataType.DOUBLE, -1, true);
        Embedding.Result r = e.forward(new int[] {3, 1, 3});
        INDArray g = TestArrays.of(DataType.DOUBLE, new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        int[] touched = e.backward(r, g);
        assertThat(touched).containsExactly(1, 3);
        assertThat(NativeArrays.read(e.weight().grad())).containsExactly(0, 0, 3, 4, 0, 0, 6, 8);
        e.backward(r, g);
        assertThat(NativeArrays.read(e.weight().grad())).containsExactly(0, 0, 6, 8, 0, 0, 12, 16);
    }

    @Test
    void paddingIdGivesZerosAndNoGradient() {
        Embedding e = Embedding.builder().setVocabularySize(4).setDimension(2).setRng(new Rng(3)).optPaddingId(0)
                .build();
        assertThat(NativeArrays.read(e.weight().value())).startsWith(0, 0);
        NativeArrays.write(e.weight().value(), TABLE);
        Embedding.Result r = e.forward(new int[] {0, 2});
        assertThat(NativeArrays.read(r.output())).containsExactly(0, 0, 20, 21);
        int[] touched = e.backward(r, TestArrays.of(DataType.FLOAT, new double[] {1, 1, 1, 1}, 2, 2));
        assertThat(touched).containsExactly(2);
        assertThat(NativeArrays.read(e.weight().grad())).containsExactly(0, 0, 0, 0, 1, 1, 0, 0);
    }

    @Test
    void frozenTableGetsNoGradient() {
        Embedding e = table(DataType.FLOAT, -1, false);
        assertThat(e.weight().trainable()).isFalse();
        Embedding.Result r = e.forward(new int[] {1});
        assertThat(e.backward(r, TestArrays.of(DataType.FLOAT, new double[] {1, 1}, 1, 2))).isEmpty();
        assertThat(NativeArrays.read(e.weight().grad())).containsOnly(0);
    }

    @Test
    void passesFloat64GradientCheck() {
        Embedding e = Embedding.builder().setVocabularySize(6).setDimension(3).setRng(new Rng(9)).optPaddingId(0)
                .optDataType(DataType.DOUBLE).build();
        int[] ids = {5, 0, 2, 5, 1};
        INDArray probe = TestArrays.gaussian(DataType.DOUBLE, 4, 5, 3);
        e.backward(e.forward(ids), probe);
        // Perturbing the padding row changes nothing (it is never read), so its numeric gradient is 0 like ours.
        GradientCheck.Result result = GradientCheck.check(() -> TestArrays.dot(e.forward(ids).output(), probe),
                List.of(new GradientCheck.Checked("weight", e.weight().value(), e.weight().grad())));
        assertThat(result.maxError()).as(result.toString()).isLessThan(1e-6);
    }

    @Test
    void outOfRangeIdNamesTheIdAndTheVocabularySize() {
        Embedding e = table(DataType.FLOAT, -1, true);
        assertThatThrownBy(() -> e.forward(new int[] {1, 4}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("embedding: id 4 at position 1 is outside the vocabulary of size 4");
        assertThatThrownBy(() -> e.forward(new int[] {-1})).hasMessageContaining("id -1");
        Embedding.Result r = e.forward(new int[] {1});
        assertThatThrownBy(() -> e.backward(r, TestArrays.gaussian(DataType.FLOAT, 1, 1, 3)))
                .hasMessageContaining("output gradient must be [1, 2]");
    }
}
