package org.seqlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class ParameterSetTest {

    private static ParameterSet child() {
        ParameterSet c = new ParameterSet();
        c.add(Parameter.zeros("weight", DataType.FLOAT, 4, 3));
        return c;
    }

    @Test
    void nestedNamesShareValuesAndGradients() {
        ParameterSet encoder = child();
        ParameterSet model = new ParameterSet();
        model.addAll("encoder", encoder);
        Parameter inner = encoder.get("weight");
        Parameter outer = model.get("encoder.weight");
        inner.value().putScalar(1, 2, 5f);
        outer.grad().putScalar(0, 0, 3f);
        assertThat(outer.value().getFloat(1, 2)).isEqualTo(5f);
        assertThat(inner.grad().getFloat(0, 0)).isEqualTo(3f);
    }

    @Test
    void freezingOrRowTrackingAfterNestingReachesEveryName() {
        ParameterSet embedding = child();
        ParameterSet model = new ParameterSet();
        model.addAll("emb", embedding);
        // Frozen after the model set was composed: optimizers read the model set, so it must see the change.
        embedding.get("weight").setTrainable(false);
        assertThat(model.get("emb.weight").trainable()).isFalse();
        assertThat(model.trainable()).isEmpty();
        model.get("emb.weight").setTrainable(true);
        assertThat(embedding.get("weight").trainable()).isTrue();

        embedding.get("weight").trackTouchedRows();
        model.get("emb.weight").markTouchedRows(2);
        assertThat(embedding.get("weight").touchedRows()).containsExactly(2);
    }

    @Test
    void duplicateNamesAreRefused() {
        ParameterSet s = child();
        assertThatThrownBy(() -> s.add(Parameter.zeros("weight", DataType.FLOAT, 1))).hasMessageContaining("weight");
    }
}
