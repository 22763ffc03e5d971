package org.seqlab.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqlab.nn.Parameter;
import org.seqlab.random.Rng;

/** Masking, live-row prefixes, gradient accumulation and input checks. */
class AttentionBehaviourTest {
    static final int[] LENGTHS = {5, 2, 4};

    static Attention make(String kind, DataType type) {
        Rng rng = new Rng(3);
        return switch (kind) {
            case "additive" -> AdditiveAttention.create(3, 4, 6, type, rng);
            case "general" -> GeneralAttention.create(3, 4, type, rng);
            case "dot" -> new DotAttention(4);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static INDArray randn(long seed, DataType type, long... shape) {
        return AttentionGradientTest.randn(new Rng(seed), shape).castTo(type);
    }

    @ParameterizedTest(name = "{0}: values at padded positions (even NaN) change nothing, forward or backward")
    @ValueSource(strings = {"additive", "general", "dot"})
    void paddingValuesAreIgnored(String kind) {
        Attention attention = make(kind, DataType.DOUBLE);
        INDArray enc = randn(1, DataType.DOUBLE, 3, 5, 4);
        INDArray query = randn(2, DataType.DOUBLE, 3, attention.queryDim());
        INDArray g = randn(3, DataType.DOUBLE, 3, 4);
        INDArray garbage = enc.dup();
        garbage.get(NDArrayIndex.point(1), NDArrayIndex.interval(2, 5), NDArrayIndex.all()).assign(Double.NaN);
        garbage.get(NDArrayIndex.point(2), NDArrayIndex.point(4), NDArrayIndex.all()).assign(1e30);

        double[][] clean = run(attention, enc, query, g);
        double[][] dirty = run(attention, garbage, query, g);
        for (int i = 0; i < clean.length; i++) {
            assertThat(dirty[i]).as("result " + i).containsExactly(clean[i]);
        }
    }

    @ParameterizedTest(name = "{0}: rows selected from a prepared memory step exactly as the same rows prepared afresh")
    @ValueSource(strings = {"additive", "general", "dot"})
    void selectedRowsStepAsAFreshlyPreparedMemory(String kind) {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            Attention attention = make(kind, type);
            INDArray enc = randn(1, type, 3, 5, 4);
            int[] rows = {2, 2, 0, 1, 2};
            INDArray gathered = Nd4j.create(type, rows.length, 5, 4);
            int[] lengths = new int[rows.length];
            for (int j = 0; j < rows.length; j++) {
                gathered.get(NDArrayIndex.point(j), NDArrayIndex.all(), NDArrayIndex.all())
                        .assign(enc.get(NDArrayIndex.point(rows[j]), NDArrayIndex.all(), NDArrayIndex.all()));
                lengths[j] = LENGTHS[rows[j]];
            }
            INDArray query = randn(2, type, rows.length, attention.queryDim());
            AttentionMemory selected = attention.prepare(enc, LENGTHS).selectRows(rows);
            AttentionStep fromSelected = attention.step(selected, query);
            AttentionStep fromFresh = attention.step(attention.prepare(gathered, lengths), query);
            assertThat(DoubleArrays.toDoubles(fromSelected.context())).as(type + " context")
                    .containsExactly(DoubleArrays.toDoubles(fromFresh.context()));
            assertThat(DoubleArrays.toDoubles(fromSelected.weights())).as(type + " weights")
                    .containsExactly(DoubleArrays.toDoubles(fromFresh.weights()));
            assertThat(selected.batchSize()).isEqualTo(5);
            assertThat(selected.length(1)).isEqualTo(LENGTHS[2]);
            assertThatThrownBy(() -> attention.backwardStep(fromSelected, randn(3, type, rows.length, 4)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("inference");
        }
    }

    /** context, weights, dQuery, dEnc, then each parameter gradient (from zero). */
    static double[][] run(Attention attention, INDArray enc, INDArray query, INDArray g) {
        attention.parameters().zeroGrads();
        AttentionMemory m = attention.prepare(enc, LENGTHS);
        AttentionStep s = attention.step(m, query);
        INDArray dq = attention.backwardStep(s, g);
        INDArray dEnc = attention.finishBackward(m);
        double[][] out = new double[4 + attention.parameters().size()][];
        out[0] = DoubleArrays.toDoubles(s.context());
        out[1] = DoubleArrays.toDoubles(s.weights());
        out[2] = DoubleArrays.toDoubles(dq);
        out[3] = DoubleArrays.toDoubles(dEnc);
        int i = 4;
        for (Parameter p : attention.parameters()) {
            out[i++] = DoubleArrays.toDoubles(p.grad());
        }
        return out;
    }

    @ParameterizedTest(name = "{0}: a step on the first n rows equals those rows of a full step; weights sum to 1")
    @ValueSource(strings = {"additive", "general", "dot"})
    void prefixStepEqualsFullStepRows(String kind) {
        Attention attention = make(kind, DataType.FLOAT);
        INDArray enc = randn(4, DataType.FLOAT, 3, 5, 4);
        INDArray query = randn(5, DataType.FLOAT, 3, attention.queryDim());
        AttentionMemory m = attention.prepare(enc, LENGTHS);
        AttentionStep full = attention.step(m, query);
        AttentionStep prefix = attention.step(m, query.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()));
        assertThat(prefix.rows()).isEqualTo(2);
        assertThat(prefix.context()).isEqualTo(full.context().get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()));
        assertThat(prefix.weights()).isEqualTo(full.weights().get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()));
        assertThat(full.context().dataType()).isEqualTo(DataType.FLOAT);
        for (int b = 0; b < 3; b++) {
            double sum = 0;
            for (int j = 0; j < 5; j++) {
                sum += full.weight(b, j);
            }
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(full.weightRow(b)).hasSize(LENGTHS[b]);
        }
    }

    @Test
    void parameterGradientsAccumulateAcrossBatches() {
        Attention attention = make("additive", DataType.DOUBLE);
        INDArray enc = randn(6, DataType.DOUBLE, 3, 5, 4);
        INDArray query = randn(7, DataType.DOUBLE, 3, 3);
        INDArray g = randn(8, DataType.DOUBLE, 3, 4);
        double[][] once = run(attention, enc, query, g);
        AttentionMemory m = attention.prepare(enc, LENGTHS);
        attention.backwardStep(attention.step(m, query), g);
        attention.finishBackward(m);
        int i = 4;
        for (Parameter p : attention.parameters()) {
            double[] twice = DoubleArrays.toDoubles(p.grad());
            for (int k = 0; k < twice.length; k++) {
                assertThat(twice[k]).isEqualTo(2 * once[i][k]);
            }
            i++;
        }
    }

    @Test
    void uniformScoresGiveTheMeanOfTheValidPositions() {
        // dot attention with a zero query: every valid score is 0, so the context is the plain mean (hand computation)
        DotAttention attention = new DotAttention(2);
        INDArray enc = Nd4j.create(new double[] {1, 2, 3, 4, 5, 6, 100, 100}, new long[] {1, 4, 2}, 'c');
        AttentionStep s = attention.step(attention.prepare(enc, new int[] {3}), Nd4j.zeros(DataType.DOUBLE, 1, 2));
        assertThat(DoubleArrays.toDoubles(s.context())).containsExactly(3.0, 4.0);
        assertThat(DoubleArrays.toDoubles(s.weights())).containsExactly(1 / 3.0, 1 / 3.0, 1 / 3.0, 0.0);
    }

    @Test
    void badInputNamesTheAttentionTypeAndTheDimension() {
        Attention additive = make("additive", DataType.FLOAT);
        INDArray enc = randn(9, DataType.FLOAT, 3, 5, 4);
        assertThatThrownBy(() -> additive.prepare(enc, new int[] {5, 0, 4})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("additive attention").hasMessageContaining("length 0");
        assertThatThrownBy(() -> additive.prepare(enc, new int[] {5, 6, 4}))
                .hasMessageContaining("source length 6 of row 1");
        assertThatThrownBy(() -> additive.prepare(enc, new int[] {5, 2}))
                .hasMessageContaining("2 source lengths for a memory of batch size 3");
        assertThatThrownBy(() -> additive.prepare(randn(9, DataType.FLOAT, 3, 5, 7), LENGTHS))
                .hasMessageContaining("additive attention: encoder memory has key dim 7, expected 4");
        assertThatThrownBy(() -> additive.prepare(randn(9, DataType.DOUBLE, 3, 5, 4), LENGTHS))
                .hasMessageContaining("DOUBLE but the parameters are FLOAT");
        AttentionMemory m = additive.prepare(enc, LENGTHS);
        assertThatThrownBy(() -> additive.step(m, randn(1, DataType.FLOAT, 2, 5)))
                .hasMessageContaining("additive attention: query must be [rows, 3], got [2, 5]");
        assertThatThrownBy(() -> additive.step(m, randn(1, DataType.FLOAT, 4, 3)))
                .hasMessageContaining("query has 4 rows; the memory has 3");
        INDArray nanQuery = randn(1, DataType.FLOAT, 2, 3);
        nanQuery.putScalar(1, 2, Float.NaN);
        assertThatThrownBy(() -> additive.step(m, nanQuery)).hasMessageContaining("query holds NaN at row 1, column 2");
        INDArray nanEnc = enc.dup();
        nanEnc.putScalar(new long[] {2, 1, 3}, Float.NaN);
        assertThatThrownBy(() -> additive.prepare(nanEnc, LENGTHS))
                .hasMessageContaining("encoder memory holds NaN at row 2, position 1, column 3");
        Attention general = make("general", DataType.FLOAT);
        assertThatThrownBy(() -> general.step(m, randn(1, DataType.FLOAT, 2, 3)))
                .hasMessageContaining("general attention: the memory was not prepared by this layer");
        AttentionStep s = additive.step(m, randn(1, DataType.FLOAT, 2, 3));
        assertThatThrownBy(() -> additive.backwardStep(s, randn(1, DataType.FLOAT, 2, 5)))
                .hasMessageContaining("context gradient must be [2, 4], got [2, 5]");
        additive.finishBackward(m);
        assertThatThrownBy(() -> additive.finishBackward(m)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new GeneralAttention(new Parameter("W", Nd4j.zeros(DataType.FLOAT, 3))))
                .hasMessageContaining("general attention: W must be [Q,K], got [3]");
    }
}
