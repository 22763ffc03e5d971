package org.seqlab.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The format-1 bundle written when the format was released (by {@link V1ExampleGenerator}) must load in every later
 * seqlab: if this test fails, the change broke old model files. Expected values are the generator's inputs, and for
 * the lossy storages their hand-computed float16 / int8 values.
 */
class V1FixtureTest {

    record FixtureConfig(int hidden, String scheme, List<String> tags) {
    }

    private static ModelBundle load() throws IOException {
        try (InputStream in = V1FixtureTest.class.getResourceAsStream("v1-example.zip")) {
            assertThat(in).as("fixture on the test classpath").isNotNull();
            return ModelBundle.read(in, "classpath:org/seqlab/bundle/v1-example.zip");
        }
    }

    @Test
    void theReleasedVersion1FixtureLoadsWithItsManifest() throws IOException {
        ModelBundle b = load();
        BundleManifest m = b.manifest();
        assertThat(m.formatVersion()).isEqualTo(1);
        assertThat(m.seqlabVersion()).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(m.kind()).isEqualTo("tagger");
        assertThat(m.created()).isEqualTo("2026-11-26T00:00:00Z");
        assertThat(m.metrics()).containsEntry("dev_f1", 0.5);
        assertThat(m.provenance()).containsEntry("recipe", "V1ExampleGenerator");
        assertThat(m.trainingData()).containsExactly(new BundleManifest.TrainingData("train.txt",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", 3));
    }

    @Test
    void theReleasedVersion1FixtureKeepsConfigTextsAndTensors() throws IOException {
        ModelBundle b = load();
        assertThat(b.config(FixtureConfig.class)).isEqualTo(new FixtureConfig(4, "IOBES", List.of("O", "B-PER")));
        assertThat(b.text("vocab.txt")).isEqualTo("<pad>\n<unk>\nthe\n");
        assertThat(b.text("tags.txt")).isEqualTo("O\nB-PER\nE-PER\n");
        assertThat(b.tensors("weights").get("w").data().asFloat()).containsExactly(1f, -2.5f, 0.25f, 3f);
        assertThat(b.tensors("weights").get("b").data().asFloat()).containsExactly(0.5f);
        assertThat(b.tensors("weights").get("ids").data().asInt()).containsExactly(7, -8);
        // halves: 0x2E66 = 0.0999755859375, 0xFBFF = -65504, 0x3555 = 0.333251953125
        assertThat(b.tensors("half").get("h").data().asFloat()).containsExactly(0.0999755859375f, -65504f,
                0.333251953125f);
        // int8 rows: scales 2.54/127 = 0.02 and 127/127 = 1; q = (127, -50, 0), (-127, 3, 1)
        assertThat(b.tensors("emb").get("e").data().asFloat()).containsExactly(
                new float[] {2.54f, -1f, 0f, -127f, 3f, 1f}, offset(1e-5f));
    }
}
