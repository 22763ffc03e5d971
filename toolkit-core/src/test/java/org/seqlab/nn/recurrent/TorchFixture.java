package org.seqlab.nn.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reads the PyTorch fixtures of {@code ../shared/fixtures} (tensors as {shape, data}) and compares with tolerances. */
final class TorchFixture {
    final JsonNode root;

    TorchFixture(Path file) throws IOException {
        root = new ObjectMapper().readTree(file.toFile());
    }

    JsonNode node(String dottedPath) {
        JsonNode n = root;
        for (String part : dottedPath.split("\\.")) {
            n = n.get(part);
            if (n == null) {
                throw new IllegalArgumentException("fixture has no " + dottedPath);
            }
        }
        return n;
    }

    INDArray tensor(String dottedPath, DataType type) {
        JsonNode n = node(dottedPath);
        JsonNode shapeNode = n.get("shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
        }
        JsonNode dataNode = n.get("data");
        double[] data = new double[dataNode.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = dataNode.get(i).asDouble();
        }
        return Nd4j.create(data, shape).castTo(type);
    }

    Iterator<String> weightNames() {
        return node("weights").fieldNames();
    }

    /** Entry-wise {@code |actual - expected| <= rtol*|expected| + atol}, naming the first bad entry. */
    static void assertClose(String what, INDArray actual, INDArray expected, double rtol, double atol) {
        assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
        double[] a = actual.dup('c').data().asDouble();
        double[] e = expected.dup('c').data().asDouble();
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - e[i]) <= rtol * Math.abs(e[i]) + atol)) {
                fail(what + "[" + i + "]: got " + a[i] + ", expected " + e[i] + " (rtol " + rtol + ", atol " + atol + ")");
            }
        }
    }
}
