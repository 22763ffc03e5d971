package org.seqlab.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Wrote the committed fixture {@code src/test/resources/org/seqlab/bundle/v1-example.zip}, the format-1 bundle that
 * {@link V1FixtureTest} must load forever. Run it again only to make a fixture for a NEW format version (under a new
 * name); never regenerate a released one, or the test stops guarding old files.
 *
 * <pre>
 * java -cp toolkit-core/target/test-classes:toolkit-core/target/classes:$(deps) org.seqlab.bundle.V1ExampleGenerator OUT.zip
 * </pre>
 */
public final class V1ExampleGenerator {
    private V1ExampleGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "toolkit-core/src/test/resources/org/seqlab/bundle/v1-example.zip");
        ObjectNode config = new ObjectMapper().createObjectNode();
        config.put("hidden", 4);
        config.put("scheme", "IOBES");
        config.putArray("tags").add("O").add("B-PER");

        Map<String, INDArray> weights = new LinkedHashMap<>();
        weights.put("w", Nd4j.create(new float[] {1f, -2.5f, 0.25f, 3f}, new long[] {2, 2}, DataType.FLOAT));
        weights.put("b", Nd4j.create(new float[] {0.5f}, new long[] {1}, DataType.FLOAT));
        weights.put("ids", Nd4j.create(new int[] {7, -8}, new long[] {2}, DataType.INT));

        Path train = Files.createTempFile("v1-example-train", ".txt");
        try {
            Files.writeString(train, "abc");
            ModelBundle.writer("tagger")
                    .setConfig(config)
                    .addText("vocab.txt", "<pad>\n<unk>\nthe\n")
                    .addText("tags.txt", "O\nB-PER\nE-PER\n")
                    .addTensors("weights", weights, TensorStorage.FLOAT32)
                    .addTensors("half", Map.of("h", Nd4j.create(new float[] {0.1f, -65504f, 1f / 3},
                            new long[] {3}, DataType.FLOAT)), TensorStorage.FLOAT16)
                    .addTensors("emb", Map.of("e", Nd4j.create(new float[] {2.54f, -1f, 0f, -127f, 2.6f, 0.5001f},
                            new long[] {2, 3}, DataType.FLOAT)), TensorStorage.INT8_ROWS)
                    .optMetric("dev_f1", 0.5)
                    .optTrainingData("train.txt", train)
                    .optProvenance("recipe", "V1ExampleGenerator")
                    .optCreated(Instant.parse("2026-11-26T00:00:00Z"))
                    .optSeqlabVersion("0.1.0-SNAPSHOT")
                    .write(out);
        } finally {
            Files.deleteIfExists(train);
        }
        System.out.println("wrote " + out + " (" + Files.size(out) + " bytes)");
    }
}
