package org.seqlab.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqlab.nn.Parameter;
import org.seqlab.random.Rng;

/** The float32 step path against the double path it stands in for, in a float32 layer. */
class FloatAttentionStepTest {
    private static final int[] LENGTHS = {5, 2, 4};
    // widths that are not multiples of the dot product's eight running sums
    private static final int KEY = 20;
    private static final int QUERY = 13;

    private static Attention make(String kind) {
        return kind.equals("general") ? GeneralAttention.create(QUERY, KEY, DataType.FLOAT, new Rng(5))
                : new DotAttention(KEY);
    }

    private static float[] floats(INDArray a) {
        return a.dup('c').data().asFloat();
    }

    @ParameterizedTest(name = "{0}: two steps forward and back, float32 loops equal the double loops to float rounding")
    @ValueSource(strings = {"general", "dot"})
    void floatStepsEqualTheDoublePath(String kind) {
        Attention attention = make(kind);
        int q = attention.queryDim();
        INDArray enc = AttentionBehaviourTest.randn(1, DataType.FLOAT, 3, 5, KEY);
        INDArray[] queries = {AttentionBehaviourTest.randn(2, DataType.FLOAT, 3, q),
                AttentionBehaviourTest.randn(3, DataType.FLOAT, 2, q)};
        INDArray[] dContexts = {AttentionBehaviourTest.randn(4, DataType.FLOAT, 3, KEY),
                AttentionBehaviourTest.randn(6, DataType.FLOAT, 2, KEY)};

        // the double path: its steps, then backward from the last step
        attention.parameters().zeroGrads();
        AttentionMemory md = attention.prepare(enc, LENGTHS);
        AttentionStep[] sd = {attention.step(md, queries[0]), attention.step(md, queries[1])};
        float[][] dqDouble = new float[2][];
        for (int t = 1; t >= 0; t--) {
            dqDouble[t] = floats(attention.backwardStep(sd[t], dContexts[t]));
        }
        float[] dEncDouble = floats(attention.finishBackward(md));
        float[][] gradsDouble = attention.parameters().list().stream().map(p -> floats(p.grad())).toArray(float[][]::new);

        // the float path, the context gradients read from strided rows
        attention.parameters().zeroGrads();
        AttentionMemory mf = attention.prepare(enc, LENGTHS);
        AttentionStep[] sf = new AttentionStep[2];
        for (int t = 0; t < 2; t++) {
            sf[t] = attention.inferStepFloat(mf, floats(queries[t]), (int) queries[t].size(0));
            assertThat(sf[t].isFloat()).isTrue();
            assertThat(floats(sf[t].context())).as("context " + t)
                    .containsExactly(floats(sd[t].context()), within(1e-5f));
            assertThat(floats(sf[t].weights())).as("weights " + t)
                    .containsExactly(floats(sd[t].weights()), within(1e-6f));
            for (int b = 0; b < sf[t].rows(); b++) {
                float[] row = new float[KEY + 1];
                sf[t].copyContextRow(b, row, 1);
                for (int k = 0; k < KEY; k++) {
                    assertThat(row[k + 1]).isEqualTo((float) sf[t].contextValue(b, k));
                }
                assertThat(sf[t].weightRow(b)).hasSize(LENGTHS[b]);
            }
        }
        int stride = KEY + 3;
        for (int t = 1; t >= 0; t--) {
            int n = sf[t].rows();
            float[] strided = new float[2 + n * stride];
            float[] dc = floats(dContexts[t]);
            for (int b = 0; b < n; b++) {
                System.arraycopy(dc, b * KEY, strided, 2 + b * stride, KEY);
            }
            float[] dq = new float[n * q];
            attention.backwardStepFloat(sf[t], strided, 2, stride, dq);
            assertThat(dq).as("query gradient " + t).containsExactly(dqDouble[t], within(1e-5f));
        }
        float[] dEncFloat = floats(attention.finishBackward(mf));
        assertThat(dEncFloat).as("memory gradient").containsExactly(dEncDouble, within(1e-5f));
        // padded positions get exactly zero
        for (int b = 0; b < 3; b++) {
            for (int i = (b * 5 + LENGTHS[b]) * KEY; i < (b + 1) * 5 * KEY; i++) {
                assertThat(dEncFloat[i]).isEqualTo(0f);
            }
        }
        int p = 0;
        for (Parameter parameter : attention.parameters()) {
            assertThat(floats(parameter.grad())).as(parameter.name())
                    .containsExactly(gradsDouble[p++], within(1e-5f));
        }
    }

    @Test
    void aStepLargeEnoughForTwoThreadsEqualsItsOneThreadRun() {
        // 41 rows x 30 positions x a key width of 64: above the two-thread threshold, unequal halves; every row's
        // values are computed by the same loops either way, so the two runs agree exactly (dot attention: no key
        // projection, whose product may round differently as one call and as two halves), and both agree with the
        // double loops to float rounding (sums over 30 positions with cancellation: 1e-4)
        int rows = 41;
        int positions = 30;
        int width = 64;
        int[] lengths = new int[rows];
        for (int b = 0; b < rows; b++) {
            lengths[b] = 1 + (b * 7) % positions;
        }
        INDArray enc = AttentionBehaviourTest.randn(7, DataType.FLOAT, rows, positions, width);
        float[] query = floats(AttentionBehaviourTest.randn(8, DataType.FLOAT, rows, width));
        float[] dContext = floats(AttentionBehaviourTest.randn(9, DataType.FLOAT, rows, width));
        float[][] split = run(new DotAttention(width), enc, lengths, query, dContext);
        float[][][] alone = new float[1][][];
        org.seqlab.nn.kernel.KernelThreads.runAlone(
                () -> alone[0] = run(new DotAttention(width), enc, lengths, query, dContext));
        // the double loops, one thread, as the reference for every row
        Attention reference = new DotAttention(width);
        AttentionMemory memory = reference.prepare(enc, lengths);
        AttentionStep step = reference.step(memory, Nd4j.create(query, new long[] {rows, width}, 'c'));
        float[] dq = floats(reference.backwardStep(step, Nd4j.create(dContext, new long[] {rows, width}, 'c')));
        float[][] expected = {floats(step.weights()), floats(step.context()), dq,
                floats(reference.finishBackward(memory))};
        String[] names = {"weights", "context", "query gradient", "memory gradient"};
        for (int i = 0; i < names.length; i++) {
            assertThat(split[i]).as(names[i]).containsExactly(alone[0][i]);
            assertThat(split[i]).as(names[i] + " against the double loops").containsExactly(expected[i], within(1e-4f));
        }
    }

    /** A float step forward and back: its weights, context, query gradient and memory gradient. */
    private static float[][] run(Attention attention, INDArray enc, int[] lengths, float[] query, float[] dContext) {
        int rows = lengths.length;
        AttentionMemory memory = attention.prepare(enc, lengths);
        AttentionStep step = attention.inferStepFloat(memory, query, rows);
        float[] dq = new float[query.length];
        attention.backwardStepFloat(step, dContext, 0, attention.keyDim(), dq);
        float[] dEnc = floats(attention.finishBackward(memory));
        return new float[][] {floats(step.weights()), floats(step.context()), dq, dEnc};
    }

    @ParameterizedTest(name = "{0}: a memory of selected rows steps in float32 as the rows prepared afresh")
    @ValueSource(strings = {"general", "dot"})
    void selectedRowsStepAsAFreshMemory(String kind) {
        Attention attention = make(kind);
        INDArray enc = AttentionBehaviourTest.randn(1, DataType.FLOAT, 3, 5, KEY);
        int[] rows = {2, 0, 2, 1};
        INDArray gathered = Nd4j.create(DataType.FLOAT, rows.length, 5, KEY);
        int[] lengths = new int[rows.length];
        for (int j = 0; j < rows.length; j++) {
            gathered.get(NDArrayIndex.point(j), NDArrayIndex.all(), NDArrayIndex.all())
                    .assign(enc.get(NDArrayIndex.point(rows[j]), NDArrayIndex.all(), NDArrayIndex.all()));
            lengths[j] = LENGTHS[rows[j]];
        }
        float[] query = floats(AttentionBehaviourTest.randn(2, DataType.FLOAT, rows.length, attention.queryDim()));
        AttentionMemory selected = attention.prepare(enc, LENGTHS).selectRows(rows);
        AttentionStep fromSelected = attention.inferStepFloat(selected, query, rows.length);
        AttentionStep fromFresh = attention.inferStepFloat(attention.prepare(gathered, lengths), query, rows.length);
        // equal up to the key projection's rounding, which a GEMM may round differently for rows at other places
        assertThat(floats(fromSelected.context())).containsExactly(floats(fromFresh.context()), within(1e-6f));
        assertThat(floats(fromSelected.weights())).containsExactly(floats(fromFresh.weights()), within(1e-6f));
        // the double loops on the same selected memory (its double copy made on first use) agree to float rounding
        AttentionStep doubleStep = attention.step(selected, Nd4j.create(query, new long[] {rows.length,
                attention.queryDim()}, 'c'));
        assertThat(floats(doubleStep.context())).containsExactly(floats(fromSelected.context()), within(1e-5f));
    }

    @ParameterizedTest(name = "{0}: a selection of a selection reads the rows it names, sharing the memory's values")
    @ValueSource(strings = {"general", "dot"})
    void selectionsCompose(String kind) {
        Attention attention = make(kind);
        AttentionMemory prepared = attention.prepare(AttentionBehaviourTest.randn(1, DataType.FLOAT, 3, 5, KEY),
                LENGTHS);
        float[] query = floats(AttentionBehaviourTest.randn(2, DataType.FLOAT, 4, attention.queryDim()));
        AttentionMemory twice = prepared.selectRows(new int[] {2, 0, 1}).selectRows(new int[] {1, 1, 0, 2});
        AttentionMemory once = prepared.selectRows(new int[] {0, 0, 2, 1});
        assertThat(twice.length(2)).isEqualTo(LENGTHS[2]);
        AttentionStep a = attention.inferStepFloat(twice, query, 4);
        AttentionStep b = attention.inferStepFloat(once, query, 4);
        assertThat(floats(a.context())).containsExactly(floats(b.context()));
        assertThat(floats(a.weights())).containsExactly(floats(b.weights()));
        assertThatThrownBy(() -> once.selectRows(new int[] {4})).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void doubleAndFloatStepsOnOneMemoryAddTheirGradients() {
        Attention attention = make("general");
        INDArray enc = AttentionBehaviourTest.randn(1, DataType.FLOAT, 3, 5, KEY);
        INDArray query = AttentionBehaviourTest.randn(2, DataType.FLOAT, 3, QUERY);
        INDArray dc = AttentionBehaviourTest.randn(4, DataType.FLOAT, 3, KEY);

        AttentionMemory twice = attention.prepare(enc, LENGTHS);
        attention.backwardStep(attention.step(twice, query), dc);
        attention.backwardStep(attention.step(twice, query), dc);
        float[] expected = floats(attention.finishBackward(twice));

        AttentionMemory mixed = attention.prepare(enc, LENGTHS);
        attention.backwardStep(attention.step(mixed, query), dc);
        attention.backwardStepFloat(attention.inferStepFloat(mixed, floats(query), 3), floats(dc), 0, KEY,
                new float[3 * QUERY]);
        assertThat(floats(attention.finishBackward(mixed))).containsExactly(expected, within(1e-5f));
    }

    @Test
    void additiveAttentionTakesTheFloatEntryPointsThroughItsDoubleLoops() {
        Attention additive = AdditiveAttention.create(3, KEY, 6, DataType.FLOAT, new Rng(3));
        assertThat(additive.hasFloatSteps()).isFalse();
        INDArray enc = AttentionBehaviourTest.randn(1, DataType.FLOAT, 3, 5, KEY);
        INDArray query = AttentionBehaviourTest.randn(2, DataType.FLOAT, 3, 3);
        INDArray dc = AttentionBehaviourTest.randn(4, DataType.FLOAT, 3, KEY);

        additive.parameters().zeroGrads();
        AttentionMemory md = additive.prepare(enc, LENGTHS);
        AttentionStep sd = additive.step(md, query);
        float[] dqDouble = floats(additive.backwardStep(sd, dc));
        float[] dEncDouble = floats(additive.finishBackward(md));

        additive.parameters().zeroGrads();
        AttentionMemory mf = additive.prepare(enc, LENGTHS);
        AttentionStep sf = additive.inferStepFloat(mf, floats(query), 3);
        assertThat(sf.isFloat()).isFalse();
        float[] row = new float[KEY];
        sf.copyContextRow(1, row, 0);
        for (int k = 0; k < KEY; k++) {
            assertThat(row[k]).isEqualTo((float) sd.contextValue(1, k));
        }
        float[] dq = new float[9];
        additive.backwardStepFloat(sf, floats(dc), 0, KEY, dq);
        assertThat(dq).containsExactly(dqDouble);
        assertThat(floats(additive.finishBackward(mf))).containsExactly(dEncDouble);
    }

    @Test
    void theFloatPathRefusesWhatItDoesNotServe() {
        Attention general64 = GeneralAttention.create(3, 4, DataType.DOUBLE, new Rng(3));
        AttentionMemory memory64 = general64.prepare(AttentionBehaviourTest.randn(1, DataType.DOUBLE, 3, 5, 4),
                LENGTHS);
        assertThatThrownBy(() -> general64.inferStepFloat(memory64, new float[9], 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("float32 memory");

        Attention general = GeneralAttention.create(3, 4, DataType.FLOAT, new Rng(3));
        assertThat(general.hasFloatSteps()).isTrue();
        AttentionMemory memory = general.prepare(AttentionBehaviourTest.randn(1, DataType.FLOAT, 3, 5, 4), LENGTHS);
        assertThatThrownBy(() -> general.inferStepFloat(memory, new float[8], 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query rows");
        AttentionStep floatStep = general.inferStepFloat(memory, new float[9], 3);
        assertThat(floatStep.isFloat()).isTrue();
        assertThatThrownBy(() -> general.backwardStep(floatStep, AttentionBehaviourTest.randn(2, DataType.FLOAT, 3, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backwardStepFloat");
        assertThatThrownBy(() -> general.backwardStepFloat(floatStep, new float[11], 0, 4, new float[9]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too small");
        assertThatThrownBy(() -> floatStep.score(0, 0)).isInstanceOf(IllegalStateException.class);
    }
}
