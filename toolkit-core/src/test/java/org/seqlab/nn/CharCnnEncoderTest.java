package org.seqlab.nn;

import org.seqlab.random.Rng;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class CharCnnEncoderTest {

    /**
     * e = 1, F = 2, k = 3. Character values: id 1 → 1, id 2 → 2, id 3 → -3 (id 0 is padding). Filter 0 taps
     * [1, 10, 100] with bias 0.5; filter 1 taps [-1, -1, -1] with bias 0.
     */
    private static CharCnnEncoder handEncoder() {
        CharCnnEncoder cnn = CharCnnEncoder.builder().setAlphabetSize(4).setCharDimension(1).setFilters(2)
                .setRng(new Rng(1)).optDataType(DataType.DOUBLE).build();
        NativeArrays.write(cnn.embedding().weight().value(), new double[] {0, 1, 2, -3});
        NativeArrays.write(cnn.weight().value(), new double[] {1, 10, 100, -1, -1, -1});
        NativeArrays.write(cnn.bias().value(), new double[] {0.5, 0});
        return cnn;
    }

    @Test
    void convolvesEachWordWithZeroPaddingAndMaxPoolsOverItsOwnCharacters() {
        CharCnnEncoder cnn = handEncoder();
        // Word A = [1, 2, -3]. Filter 0 by position: 10 + 200 + 0.5 = 210.5, 1 + 20 - 300 + 0.5 = -278.5,
        // 2 - 30 + 0.5 = -27.5 → max 210.5. Filter 1: -3, 0, 1 → max 1.
        // Word B = [-3] (padded to 3 with id 0): filter 0 gives -30 + 0.5 = -29.5 and filter 1 gives 3. Padding
        // positions would have given 0.5 for filter 0 and must not win.
        CharCnnEncoder.Result r = cnn.forward(new int[] {1, 2, 3, 3, 0, 0}, 3, new int[] {3, 1});
        assertThat(NativeArrays.read(r.output())).containsExactly(210.5, 1, -29.5, 3);
    }

    @Test
    void backwardRoutesTheGradientToTheArgmaxPositions() {
        CharCnnEncoder cnn = handEncoder();
        CharCnnEncoder.Result r = cnn.forward(new int[][] {{1, 2, 3}, {3}});
        int[] touched = cnn.backward(r, TestArrays.of(DataType.DOUBLE, new double[] {1, 2, 3, 4}, 2, 2));
        // Bias: column sums [1 + 3, 2 + 4]. Filter 0 wins at A[0] (window [0, 1, 2], g 1) and B[0] (window
        // [0, -3, 0], g 3): [0, -8, 2]. Filter 1 wins at A[2] (window [2, -3, 0], g 2) and B[0] (g 4): [4, -18, 0].
        assertThat(NativeArrays.read(cnn.bias().grad())).containsExactly(4, 6);
        assertThat(NativeArrays.read(cnn.weight().grad())).containsExactly(0, -8, 2, 4, -18, 0);
        // Characters: A[0] (id 1) gets tap 10 of filter 0 = 10; A[1] (id 2) gets 100 from filter 0 and -2 from
        // filter 1 = 98; A[2] (id 3) gets -2; B[0] (id 3) gets 3·10 - 4 = 26, so id 3 totals 24.
        assertThat(NativeArrays.read(cnn.embedding().weight().grad())).containsExactly(0, 10, 98, 24);
        assertThat(touched).containsExactly(1, 2, 3);
    }

    @Test
    void matchesPyTorchEmbeddingConv1dMaxPoolForwardAndGradients() {
        // Oracle: torch 1.13 float64, emb[ids] → F.conv1d(x, w, b, padding=1) → max over positions, loss Σ y ⊙ g.
        // All words have 4 characters, so PyTorch's batch padding and ours coincide. Table row i = [0.2i - 0.5,
        // 0.2i - 0.4]; filter entry n (C order over [3, 2, 3]) = 0.5·sin(n); bias [0.1, -0.2, 0.3].
        CharCnnEncoder cnn = CharCnnEncoder.builder().setAlphabetSize(6).setCharDimension(2).setFilters(3)
                .setRng(new Rng(4)).optDataType(DataType.DOUBLE).build();
        double[] table = new double[12];
        for (int n = 0; n < 12; n++) {
            table[n] = n * 0.1 - 0.5;
        }
        double[] filters = new double[18];
        for (int n = 0; n < 18; n++) {
            filters[n] = Math.sin(n) * 0.5;
        }
        NativeArrays.write(cnn.embedding().weight().value(), table);
        NativeArrays.write(cnn.weight().value(), filters);
        NativeArrays.write(cnn.bias().value(), new double[] {0.1, -0.2, 0.3});
        CharCnnEncoder.Result r = cnn.forward(new int[][] {{1, 2, 3, 4}, {5, 1, 1, 2}, {4, 4, 3, 5}});
        assertClose(NativeArrays.read(r.output()), new double[] {0.08897214946558557, -0.18301515875582625,
                0.34364453030667297, 0.05129341767003012, -0.23214885373027622, 0.2944488018430215,
                0.09743899841558237, -0.17171860997288432, 0.35687090232283053});
        cnn.backward(r, TestArrays.of(DataType.DOUBLE, new double[] {1, -2, 0.5, 0.25, 1.5, -1, 2, 0.75, -0.5}, 3, 3));
        assertClose(NativeArrays.read(cnn.embedding().weight().grad()), new double[] {0, 0, 0.27757088680522035,
                -0.2305209023936243, 0.28265643062577134, -0.2640641748344947, 0.17463468637432866,
                -0.04589404118629703, -0.13120934710818058, 0.09364403406913935, 0.982799200120782,
                -0.8711945817176922});
        assertClose(NativeArrays.read(cnn.weight().grad()), new double[] {0.42500000000000027, 1.225, -0.075,
                0.7500000000000002, 1.5500000000000003, -0.04999999999999999, -0.5750000000000001, -0.375, 0, -0.55,
                -0.35, 0, 0.3, 0, 0, 0.19999999999999996, -0.10000000000000003, 0});
        assertClose(NativeArrays.read(cnn.bias().grad()), new double[] {3.25, 0.25, -1});
    }

    /** The fixtures' float64 tolerance: |a - e| ≤ 1e-10·|e| + 1e-12. */
    private static void assertClose(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("entry %d", i).isCloseTo(expected[i], within(1e-10 * Math.abs(expected[i]) + 1e-12));
        }
    }

    @Test
    void aWordsEncodingDoesNotDependOnTheBatchPadding() {
        CharCnnEncoder cnn = CharCnnEncoder.builder().setAlphabetSize(10).setCharDimension(4).setFilters(5)
                .setRng(new Rng(2)).build();
        double[] alone = NativeArrays.read(cnn.forward(new int[][] {{4, 5}}).output());
        // Same word next to a long one, with junk ids past its length.
        CharCnnEncoder.Result batch = cnn.forward(new int[] {1, 2, 3, 4, 5, 6, 4, 5, 9, 9, 9, 9}, 6, new int[] {6, 2});
        double[] second = NativeArrays.read(batch.output().getRow(1, true));
        for (int f = 0; f < 5; f++) {
            assertThat(second[f]).isCloseTo(alone[f], within(1e-6));
        }
    }

    @Test
    void passesFloat64GradientCheckForOddEvenAndUnitWidths() {
        for (int width : new int[] {3, 4, 1}) {
            CharCnnEncoder cnn = CharCnnEncoder.builder().setAlphabetSize(7).setCharDimension(3).setFilters(4)
                    .optWidth(width).setRng(new Rng(10 + width)).optDataType(DataType.DOUBLE).build();
            int[][] words = {{1, 2, 3, 4, 5}, {6}, {2, 2}, {3, 1, 6, 6}};
            INDArray probe = TestArrays.gaussian(DataType.DOUBLE, 40 + width, words.length, 4);
            cnn.backward(cnn.forward(words), probe);
            GradientCheck.Result result = GradientCheck.check(
                    () -> TestArrays.dot(cnn.forward(words).output(), probe),
                    List.of(new GradientCheck.Checked("chars", cnn.embedding().weight().value(),
                                    cnn.embedding().weight().grad()),
                            new GradientCheck.Checked("filters", cnn.weight().value(), cnn.weight().grad()),
                            new GradientCheck.Checked("bias", cnn.bias().value(), cnn.bias().grad())));
            assertThat(result.maxError()).as("width %d: %s", width, result).isLessThan(1e-6);
        }
    }

    @Test
    void exposesPyTorchShapedParameters() {
        CharCnnEncoder cnn = CharCnnEncoder.builder().setAlphabetSize(50).setCharDimension(30).setFilters(20)
                .setRng(new Rng(3)).build();
        assertThat(cnn.parameters().get("embedding.weight").shape()).containsExactly(50, 30);
        assertThat(cnn.parameters().get("conv.weight").shape()).containsExactly(20, 30, 3);
        assertThat(cnn.parameters().get("conv.bias").shape()).containsExactly(20);
    }

    @Test
    void badLengthsIdsAndShapesNameTheWordAndTheDimension() {
        CharCnnEncoder cnn = handEncoder();
        assertThatThrownBy(() -> cnn.forward(new int[] {1, 2, 3, 3, 0, 0}, 3, new int[] {3, 0}))
                .hasMessage("char CNN: word 1 has 0 characters; each word needs 1 to maxChars = 3");
        assertThatThrownBy(() -> cnn.forward(new int[] {1, 2, 3, 3, 0, 0}, 3, new int[] {4, 1}))
                .hasMessageContaining("word 0 has 4 characters");
        assertThatThrownBy(() -> cnn.forward(new int[] {1, 2, 3, 3, 0}, 3, new int[] {3, 1}))
                .hasMessageContaining("[W = 2 words, maxChars = 3] = 6 entries, got 5");
        assertThatThrownBy(() -> cnn.forward(new int[][] {{1, 9}}))
                .hasMessage("char CNN: character id 9 (word 0, character 1) is outside the alphabet of size 4");
        CharCnnEncoder.Result r = cnn.forward(new int[][] {{1}});
        assertThatThrownBy(() -> cnn.backward(r, TestArrays.gaussian(DataType.DOUBLE, 1, 1, 3)))
                .hasMessageContaining("output gradient must be [1, 2]");
    }

    @Test
    void encodeIntoGivesTheHandComputedValuesInPlace() {
        CharCnnEncoder cnn = handEncoder();
        // Words A, B, A again (encoded once, copied), written at column 1 of rows 3 wide.
        float[] out = new float[9];
        cnn.encodeInto(new int[] {1, 2, 3, 3, 0, 0, 1, 2, 3}, 3, new int[] {3, 1, 3}, out, 1, 3);
        assertThat(out).containsExactly(0, 210.5f, 1, 0, -29.5f, 3, 0, 210.5f, 1);
    }

    @Test
    void encodeIntoMatchesForwardOnRepeatedWordsOfAnyLengthAndWidth() {
        for (int width : new int[] {1, 2, 3, 4, 5}) {
            CharCnnEncoder cnn = CharCnnEncoder.builder().setAlphabetSize(12).setCharDimension(6).setFilters(7)
                    .setRng(new Rng(width)).optWidth(width).build();
            Rng rng = new Rng(40 + width);
            int words = 60;
            int maxChars = 9;
            int[] ids = new int[words * maxChars];
            int[] lengths = new int[words];
            for (int w = 0; w < words; w++) {
                int copyOf = w > 3 && rng.nextInt(3) == 0 ? rng.nextInt(w) : -1; // a third repeat an earlier word
                lengths[w] = copyOf >= 0 ? lengths[copyOf] : 1 + rng.nextInt(maxChars);
                for (int t = 0; t < lengths[w]; t++) {
                    ids[w * maxChars + t] = copyOf >= 0 ? ids[copyOf * maxChars + t] : 1 + rng.nextInt(11);
                }
            }
            double[] expected = NativeArrays.read(cnn.forward(ids, maxChars, lengths).output());
            float[] out = new float[words * 7];
            cnn.encodeInto(ids, maxChars, lengths, out, 0, 7);
            for (int k = 0; k < expected.length; k++) {
                assertThat((double) out[k]).as("width %d value %d", width, k).isCloseTo(expected[k], within(1e-5));
            }
        }
    }

    /** The one-word encoder: encodeInto's values to float32 rounding, at every width, with padding characters. */
    @Test
    void theWordEncoderGivesEncodeIntosValuesOneWordAtATime() {
        for (int width : new int[] {1, 2, 3, 4, 5}) {
            CharCnnEncoder cnn = CharCnnEncoder.builder().setAlphabetSize(12).setCharDimension(6).setFilters(7)
                    .setRng(new Rng(width)).optWidth(width).optPaddingId(0).build();
            CharCnnEncoder.WordEncoder encoder = cnn.wordEncoder();
            assertThat(encoder.outputSize()).isEqualTo(7);
            Rng rng = new Rng(70 + width);
            float[] scratch = new float[7];
            for (int w = 0; w < 40; w++) {
                int length = 1 + rng.nextInt(9);
                int[] ids = new int[length];
                for (int t = 0; t < length; t++) {
                    ids[t] = rng.nextInt(12); // id 0, the padding character, too
                }
                float[] expected = new float[7];
                cnn.encodeInto(ids, length, new int[] {length}, expected, 0, 7);
                float[] got = new float[9];
                encoder.encode(ids, length, got, 2, scratch);
                for (int f = 0; f < 7; f++) {
                    assertThat((double) got[2 + f]).as("width %d word %d filter %d", width, w, f)
                            .isCloseTo(expected[f], within(1e-5));
                }
            }
        }
        CharCnnEncoder.WordEncoder encoder = handEncoder().wordEncoder();
        float[] out = new float[3];
        encoder.encode(new int[] {1, 2, 3}, 3, out, 1, new float[2]);
        assertThat(out).containsExactly(0, 210.5f, 1);
        assertThatThrownBy(() -> encoder.encode(new int[] {1, 9}, 2, out, 0, new float[2]))
                .hasMessage("char CNN: character id 9 (character 1) is outside the alphabet of size 4");
        assertThatThrownBy(() -> encoder.encode(new int[] {1}, 2, out, 0, new float[2]))
                .hasMessageContaining("a word of 2 characters");
    }
}
