package org.seqlab.nn.attention;

import java.io.IOException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.SharedData;

/** Reads {@code ../shared/fixtures/attention.json} (PyTorch oracle; see the fixtures README). */
final class AttentionFixture {
    final JsonNode root;

    private AttentionFixture(JsonNode root) {
        this.root = root;
    }

    static AttentionFixture load() {
        Path file = SharedData.fixture("attention.json");
        try {
            return new AttentionFixture(new ObjectMapper().readTree(file.toFile()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    JsonNode kase(String name) {
        return root.path("cases").path(name);
    }

    int[] lengths() {
        JsonNode n = root.path("shared").path("src_lengths");
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asInt();
        }
        return out;
    }

    static long[] shape(JsonNode tensor) {
        JsonNode s = tensor.path("shape");
        long[] out = new long[s.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.get(i).asLong();
        }
        return out;
    }

    static double[] data(JsonNode tensor) {
        JsonNode d = tensor.path("data");
        double[] out = new double[d.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.parseDouble(d.get(i).asText());
        }
        return out;
    }

    static INDArray array(JsonNode tensor, DataType type) {
        return Nd4j.create(data(tensor), shape(tensor), 'c').castTo(type).dup('c');
    }
}
