package org.seqlab.lm.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalyResultWriterTest {

    private static final Threshold THRESHOLD = new Threshold(2.0);
    private static final List<AnomalyResult> RESULTS = List.of(
            AnomalyResult.of(3, new double[] {1.5, 3.5}, THRESHOLD, true),   // mean 2.5 > 2: flagged
            AnomalyResult.of(7, new double[] {0.25, 0.75, 2.0}, THRESHOLD, true)); // mean 1.0

    @Test
    void resultsScoreTheMeanAndFlagAboveTheThreshold() {
        assertThat(RESULTS.get(0).score()).isEqualTo(2.5);
        assertThat(RESULTS.get(0).max()).isEqualTo(3.5);
        assertThat(RESULTS.get(0).flagged()).isTrue();
        assertThat(RESULTS.get(1).score()).isEqualTo(1.0);
        assertThat(RESULTS.get(1).flagged()).isFalse();
    }

    @Test
    void tsvHasAHeaderAndOneRowPerSequence() throws Exception {
        StringWriter plain = new StringWriter();
        AnomalyResultWriter.writeTsv(RESULTS, false, plain);
        assertThat(plain.toString()).isEqualTo("line\tscore\tmax\tflagged\n3\t2.5\t3.5\ttrue\n7\t1.0\t2.0\tfalse\n");
        StringWriter full = new StringWriter();
        AnomalyResultWriter.writeTsv(RESULTS, true, full);
        assertThat(full.toString()).isEqualTo("line\tscore\tmax\tflagged\tsurprisals\n"
                + "3\t2.5\t3.5\ttrue\t1.5 3.5\n7\t1.0\t2.0\tfalse\t0.25 0.75 2.0\n");
    }

    @Test
    void jsonIsAnArrayOfObjectsWithOptionalSurprisals() throws Exception {
        StringWriter full = new StringWriter();
        AnomalyResultWriter.writeJson(RESULTS, true, full);
        JsonNode read = new ObjectMapper().readTree(full.toString());
        assertThat(read.size()).isEqualTo(2);
        assertThat(read.get(0).get("line").asLong()).isEqualTo(3);
        assertThat(read.get(0).get("score").asDouble()).isEqualTo(2.5);
        assertThat(read.get(0).get("max").asDouble()).isEqualTo(3.5);
        assertThat(read.get(0).get("flagged").asBoolean()).isTrue();
        assertThat(read.get(1).get("surprisals").toString()).isEqualTo("[0.25,0.75,2.0]");

        StringWriter plain = new StringWriter();
        AnomalyResultWriter.writeJson(RESULTS, false, plain);
        assertThat(plain.toString()).isEqualTo("[\n{\"line\":3,\"score\":2.5,\"max\":3.5,\"flagged\":true},"
                + "\n{\"line\":7,\"score\":1.0,\"max\":2.0,\"flagged\":false}\n]\n");
    }
}
