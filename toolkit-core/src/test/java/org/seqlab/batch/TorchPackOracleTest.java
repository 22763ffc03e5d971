package org.seqlab.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.seqlab.JsonArrays.floats;
import static org.seqlab.JsonArrays.ints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Holds packing against PyTorch's {@code pack_padded_sequence(enforce_sorted=False)} and {@code pad_packed_sequence}
 * on 32 random batches ({@code src/test/python/gen_torch_pack.py} wrote the fixture).
 */
class TorchPackOracleTest {

    private static JsonNode cases() throws IOException {
        try (InputStream in = TorchPackOracleTest.class.getResourceAsStream("torch_pack.json")) {
            return new ObjectMapper().readTree(in).get("cases");
        }
    }

    @Test
    void packsIdsAndCountsLiveRowsAsTorchDoes() throws IOException {
        JsonNode cases = cases();
        assertThat(cases.size()).isEqualTo(32);
        for (JsonNode c : cases) {
            List<int[]> sequences = new ArrayList<>();
            for (JsonNode s : c.get("sequences")) {
                sequences.add(ints(s));
            }
            PackedBatch b = PackedBatch.of(sequences);
            assertThat(b.packedIds()).containsExactly(ints(c.get("packed_ids")));
            assertThat(b.layout().batchSizes()).containsExactly(ints(c.get("batch_sizes")));
            int[] sortedIndices = ints(c.get("sorted_indices"));
            for (int s = 0; s < sortedIndices.length; s++) {
                assertThat(b.layout().originalIndex(s)).isEqualTo(sortedIndices[s]);
            }
        }
    }

    @Test
    void scattersPackedValuesAsPadPackedSequenceDoes() throws IOException {
        for (JsonNode c : cases()) {
            SequenceLayout layout = SequenceLayout.of(ints(c.get("lengths")));
            int dim = c.get("dim").asInt();
            float[] packed = floats(c.get("packed_values"));
            float[] padded = floats(c.get("padded_values"));
            assertThat(layout.toPadded(packed, dim)).containsExactly(padded);
            assertThat(layout.toPacked(padded, dim)).containsExactly(packed);
        }
    }
}
