package org.seqlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class ParameterRowTrackingTest {
    @Test
    void untrackedParametersReportNoRows() {
        Parameter p = Parameter.zeros("w", DataType.FLOAT, 4, 3);
        p.markTouchedRows(1);
        assertThat(p.touchedRows()).isNull();
    }

    @Test
    void zeroGradClearsTheTouchedRowsAndForgetsThem() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Parameter p = Parameter.zeros("emb", type, 5, 3).trackTouchedRows();
            p.grad().getRow(1).assign(2);
            p.grad().getRow(3).assign(-1);
            p.markTouchedRows(3, 1, 3);
            assertThat(p.touchedRows()).containsExactly(1, 3);
            p.zeroGrad();
            assertThat(p.grad().sumNumber().doubleValue()).isZero();
            assertThat(p.grad().amaxNumber().doubleValue()).isZero();
            assertThat(p.touchedRows()).isEmpty();
        }
    }

    @Test
    void aSharedParameterSeesTheSameRows() {
        ParameterSet child = new ParameterSet();
        Parameter emb = child.add(Parameter.zeros("table", DataType.FLOAT, 10, 2).trackTouchedRows());
        ParameterSet model = new ParameterSet();
        model.addAll("words", child);
        emb.markTouchedRows(7);
        assertThat(model.get("words.table").touchedRows()).containsExactly(7);
        model.zeroGrads();
        assertThat(emb.touchedRows()).isEmpty();
    }

    @Test
    void rowsOutsideTheTableAreRefused() {
        Parameter p = Parameter.zeros("emb", DataType.FLOAT, 5, 3).trackTouchedRows();
        assertThatThrownBy(() -> p.markTouchedRows(5)).hasMessageContaining("emb").hasMessageContaining("row 5");
    }

    @Test
    void zeroGradOfAnUntrackedParameterClearsEveryValueAndNothingElse() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Parameter p = Parameter.zeros("w", type, 70, 33);
            p.value().assign(3);
            p.grad().assign(-2);
            p.zeroGrad();
            assertThat(p.grad().amaxNumber().doubleValue()).isZero();
            assertThat(p.value().minNumber().doubleValue()).isEqualTo(3.0);
            assertThat(p.value().maxNumber().doubleValue()).isEqualTo(3.0);
        }
    }
}
