package org.seqlab.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class ModelBundleTest {
    @TempDir
    Path dir;

    record TestConfig(int hidden, String scheme, List<String> tags) {
    }

    private static Map<String, INDArray> weights() {
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("w", Nd4j.create(new float[] {1f, -2.5f, 0.25f, 3f}, new long[] {2, 2}, DataType.FLOAT));
        t.put("ids", Nd4j.create(new long[] {5, -6}, new long[] {2}, DataType.LONG));
        return t;
    }

    private Path writeSample() throws IOException {
        Path train = dir.resolve("train.txt");
        Files.writeString(train, "abc");
        Path bundle = dir.resolve("model.zip");
        ModelBundle.writer("tagger")
                .setConfig(new TestConfig(64, "IOBES", List.of("PER", "LOC")))
                .addText("vocab.txt", "<pad>\n<unk>\nmüller\n")
                .addText("tags.txt", "O\nB-PER\n")
                .addTensors("weights", weights(), TensorStorage.FLOAT32)
                .addTensors("half", Map.of("h", Nd4j.create(new float[] {0.1f, 65504f}, new long[] {2}, DataType.FLOAT)),
                        TensorStorage.FLOAT16)
                .addTensors("emb", Map.of("e", Nd4j.create(new float[] {2.54f, -1f, 0f, -127f, 2.6f, 0.5001f},
                        new long[] {2, 3}, DataType.FLOAT)), TensorStorage.INT8_ROWS)
                .optMetric("dev_f1", 0.9125)
                .optTrainingData("train", train)
                .optProvenance("seed", "42")
                .optCreated(Instant.parse("2026-11-26T01:02:03.456Z"))
                .optSeqlabVersion("0.1.0-test")
                .write(bundle);
        return bundle;
    }

    @Test
    void roundTripKeepsManifestConfigTextsAndTensorsOfEveryStorage() throws IOException {
        ModelBundle b = ModelBundle.read(writeSample());
        BundleManifest m = b.manifest();
        assertThat(m.formatVersion()).isEqualTo(1);
        assertThat(m.seqlabVersion()).isEqualTo("0.1.0-test");
        assertThat(b.kind()).isEqualTo("tagger");
        assertThat(m.created()).isEqualTo("2026-11-26T01:02:03Z");
        assertThat(m.metrics()).containsExactlyEntriesOf(Map.of("dev_f1", 0.9125));
        assertThat(m.provenance()).containsExactlyEntriesOf(Map.of("seed", "42"));
        // SHA-256("abc") from FIPS 180-2, appendix B.1
        assertThat(m.trainingData()).containsExactly(new BundleManifest.TrainingData("train",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", 3));
        assertThat(m.entries()).extracting(BundleManifest.Entry::path).containsExactly("config.json",
                "texts/vocab.txt", "texts/tags.txt", "tensors/weights", "tensors/half", "tensors/emb");
        assertThat(m.entries()).extracting(BundleManifest.Entry::storage)
                .containsExactly(null, null, null, "float32", "float16", "int8_rows");

        assertThat(b.config(TestConfig.class)).isEqualTo(new TestConfig(64, "IOBES", List.of("PER", "LOC")));
        assertThat(b.config().get("scheme").asText()).isEqualTo("IOBES");
        assertThat(b.texts().keySet()).containsExactly("vocab.txt", "tags.txt");
        assertThat(b.text("vocab.txt")).isEqualTo("<pad>\n<unk>\nmüller\n");
        assertThat(b.tensorEntries()).containsExactly("weights", "half", "emb");
        assertThat(b.tensors("weights").get("w").data().asFloat()).containsExactly(1f, -2.5f, 0.25f, 3f);
        assertThat(b.tensors("weights").get("ids").data().asLong()).containsExactly(5L, -6L);
        // 0.1 as a half is 0x2E66 = 0.0999755859375; 65504 is the largest half
        assertThat(b.tensors("half").get("h").data().asFloat()).containsExactly(0.0999755859375f, 65504f);
        INDArray e = b.tensors("emb").get("e");
        assertThat(e.shape()).containsExactly(2, 3);
        assertThat(e.getFloat(1, 1)).isEqualTo(3f);
        assertThat(e.getFloat(0, 0)).isCloseTo(2.54f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThatThrownBy(() -> b.text("absent")).isInstanceOf(BundleException.class).hasMessageContaining("absent");
    }

    @Test
    void manifestIsTheFirstZipEntryAndListsEveryOtherEntryWithItsSha256() throws IOException {
        Path bundle = writeSample();
        List<String> names = new ArrayList<>();
        Map<String, byte[]> content = entries(Files.readAllBytes(bundle), names);
        assertThat(names.get(0)).isEqualTo("manifest.json");
        JsonNode manifest = new ObjectMapper().readTree(content.get("manifest.json"));
        assertThat(manifest.get("formatVersion").asInt()).isEqualTo(1);
        assertThat(manifest.get("entries")).hasSize(names.size() - 1);
        for (JsonNode e : manifest.get("entries")) {
            byte[] data = content.get(e.get("path").asText());
            assertThat(e.get("bytes").asLong()).isEqualTo(data.length);
            assertThat(e.get("sha256").asText()).isEqualTo(ModelBundle.sha256(data));
        }
    }

    @Test
    void readsFromAStreamAndTakesTheConfigAsAJsonTree() throws IOException {
        ObjectNode config = new ObjectMapper().createObjectNode().put("layers", 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelBundle.writer("lm").setConfig(config).write(out);
        ModelBundle b = ModelBundle.read(new ByteArrayInputStream(out.toByteArray()), "classpath:lm.zip");
        assertThat(b.config().get("layers").asInt()).isEqualTo(2);
        assertThat(b.source()).isEqualTo("classpath:lm.zip");
        assertThat(b.texts()).isEmpty();
    }

    @Test
    void writerRefusesUnsafeNamesDuplicatesAndAMissingConfig() {
        assertThatThrownBy(() -> ModelBundle.writer("tagger").addText("../evil", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelBundle.writer("tagger").addText("a", "x").addText("a", "y"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> ModelBundle.writer("tagger").optMetric("f1", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelBundle.writer("tagger").write(new ByteArrayOutputStream()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("setConfig");
    }

    // ---- refusals, on zips rebuilt with java.util.zip ----

    /** Entry contents in zip order; {@code names} receives every name, duplicates included. */
    private static Map<String, byte[]> entries(byte[] zip, List<String> names) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Rebuilds the sample bundle after {@code edit} changed its entries, and writes it as tampered.zip. */
    private Path rebuilt(UnaryOperator<Map<String, byte[]>> edit) throws IOException {
        Map<String, byte[]> e = entries(Files.readAllBytes(writeSample()), new ArrayList<>());
        Path f = dir.resolve("tampered.zip");
        Files.write(f, zip(edit.apply(e)));
        return f;
    }

    @Test
    void aRebuiltButUnchangedBundleStillLoads() throws IOException {
        Path f = rebuilt(e -> e);
        assertThat(ModelBundle.read(f).text("tags.txt")).isEqualTo("O\nB-PER\n");
    }

    @Test
    void aBundleRepackedWithFolderEntriesStillLoads() throws IOException {
        Path f = rebuilt(e -> {
            e.put("texts/", new byte[0]); // as `zip -r` adds them
            e.put("tensors/", new byte[0]);
            return e;
        });
        assertThat(ModelBundle.read(f).text("tags.txt")).isEqualTo("O\nB-PER\n");
        Path withData = rebuilt(e -> {
            e.put("texts/", "x".getBytes(StandardCharsets.UTF_8));
            return e;
        });
        assertThatThrownBy(() -> ModelBundle.read(withData)).isInstanceOf(BundleException.class)
                .hasMessageContaining("texts/");
    }

    @Test
    void aFlippedByteInsideAnEntryIsAChecksumErrorNamingBundleAndEntry() throws IOException {
        Path f = rebuilt(e -> {
            e.get("texts/vocab.txt")[3] ^= 1;
            return e;
        });
        assertThatThrownBy(() -> ModelBundle.read(f)).isInstanceOf(BundleException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("texts/vocab.txt")
                .hasMessageContaining("SHA-256 mismatch");
    }

    @Test
    void aFlippedByteInTheFileIsCaughtByTheZipCrcNamingTheEntry() throws IOException {
        Path f = writeSample();
        byte[] all = Files.readAllBytes(f);
        // tensor entries are stored uncompressed: find the float 3.0 (0x40400000, little-endian) of weights/w
        int at = indexOf(all, new byte[] {0, 0, 0x40, 0x40});
        all[at + 3] ^= 0x01;
        Files.write(f, all);
        assertThatThrownBy(() -> ModelBundle.read(f)).isInstanceOf(BundleException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("tensors/weights");
    }

    @Test
    void aBundleFromANewerFormatSaysWhichVersionsAreInvolved() throws IOException {
        Path f = rebuilt(e -> {
            String m = new String(e.get("manifest.json"), StandardCharsets.UTF_8);
            e.put("manifest.json", m.replace("\"formatVersion\" : 1", "\"formatVersion\" : 99")
                    .getBytes(StandardCharsets.UTF_8));
            return e;
        });
        assertThatThrownBy(() -> ModelBundle.read(f)).isInstanceOf(BundleException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("written by seqlab 0.1.0-test with bundle format 99; this seqlab reads up to 1");
    }

    @Test
    void entriesEscapingTheBundleOrAbsoluteAreRefused() throws IOException {
        for (String evil : List.of("../evil", "texts/../../evil", "/etc/evil", "C:\\evil", "texts//x")) {
            Path f = rebuilt(e -> {
                e.put(evil, "x".getBytes(StandardCharsets.UTF_8));
                return e;
            });
            assertThatThrownBy(() -> ModelBundle.read(f)).as(evil).isInstanceOf(BundleException.class)
                    .hasMessageContaining(f.toString()).hasMessageContaining(evil).hasMessageContaining("unsafe");
        }
    }

    @Test
    void anExtraEntryNotInTheManifestIsRefused() throws IOException {
        Path f = rebuilt(e -> {
            e.put("texts/extra.txt", "surprise".getBytes(StandardCharsets.UTF_8));
            return e;
        });
        assertThatThrownBy(() -> ModelBundle.read(f)).isInstanceOf(BundleException.class)
                .hasMessageContaining("texts/extra.txt").hasMessageContaining("not listed in the manifest");
    }

    @Test
    void aMissingEntryIsRefused() throws IOException {
        Path f = rebuilt(e -> {
            e.remove("tensors/half");
            return e;
        });
        assertThatThrownBy(() -> ModelBundle.read(f)).isInstanceOf(BundleException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("tensors/half")
                .hasMessageContaining("missing");
    }

    @Test
    void aDuplicateEntryIsRefused() throws IOException {
        // ZipOutputStream refuses duplicate names, so write a same-length stand-in and rename it in the bytes
        Map<String, byte[]> e = entries(Files.readAllBytes(writeSample()), new ArrayList<>());
        e.put("texts/tags.tx_", e.get("texts/tags.txt"));
        byte[] zip = zip(e);
        byte[] from = "texts/tags.tx_".getBytes(StandardCharsets.US_ASCII);
        for (int at; (at = indexOf(zip, from)) >= 0; ) {
            zip[at + from.length - 1] = 't';
        }
        Path f = dir.resolve("dup.zip");
        Files.write(f, zip);
        assertThatThrownBy(() -> ModelBundle.read(f)).isInstanceOf(BundleException.class)
                .hasMessageContaining("texts/tags.txt").hasMessageContaining("appears twice");
    }

    @Test
    void aTruncatedBundleIsRefusedWhereverItIsCut() throws IOException {
        byte[] all = Files.readAllBytes(writeSample());
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        // the end record is the last 22 bytes (no comment); its offset field says where the central directory starts
        assertThat(b.getInt(all.length - 22)).isEqualTo(0x06054b50);
        int centralDirectory = b.getInt(all.length - 22 + 16);
        int[] cuts = {all.length - 1, all.length - 22, centralDirectory + 10, centralDirectory, centralDirectory - 3,
            all.length / 2, 100, 10, 3};
        for (int cut : cuts) {
            Path f = dir.resolve("cut" + cut + ".zip");
            Files.write(f, Arrays.copyOf(all, cut));
            assertThatThrownBy(() -> ModelBundle.read(f)).as("cut at %d of %d", cut, all.length)
                    .isInstanceOf(BundleException.class).hasMessageContaining(f.toString())
                    .hasMessageNotContaining("null").message().containsAnyOf("truncated", "not a zip file");
        }
        Path f = dir.resolve("cd.zip");
        Files.write(f, Arrays.copyOf(all, centralDirectory));
        assertThatThrownBy(() -> ModelBundle.read(f)).hasMessageContaining("truncated");
    }

    @Test
    void otherFilesAreRefusedAsNotAZip() throws IOException {
        Path text = dir.resolve("notes.zip");
        Files.writeString(text, "hello, this is not a zip\n");
        assertThatThrownBy(() -> ModelBundle.read(text)).isInstanceOf(BundleException.class)
                .hasMessageContaining(text.toString()).hasMessageContaining("not a zip file");
        Path empty = dir.resolve("empty.zip");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> ModelBundle.read(empty)).hasMessageContaining("empty file");
        assertThatThrownBy(() -> ModelBundle.read(dir.resolve("absent.zip"))).isInstanceOf(BundleException.class)
                .hasMessageContaining("no such file");
        // a zip, but not a bundle
        Path other = dir.resolve("other.zip");
        Files.write(other, zip(Map.of("readme.txt", new byte[] {'h', 'i'})));
        assertThatThrownBy(() -> ModelBundle.read(other)).hasMessageContaining("first entry must be manifest.json");
    }

    @Test
    void aManifestThatIsNotJsonIsRefusedNamingIt() throws IOException {
        Path f = rebuilt(e -> {
            e.put("manifest.json", "{ not json".getBytes(StandardCharsets.UTF_8));
            return e;
        });
        assertThatThrownBy(() -> ModelBundle.read(f)).isInstanceOf(BundleException.class)
                .hasMessageContaining("manifest.json").hasMessageContaining("not valid JSON");
    }

    @Test
    void aManifestEntryWhosePathDoesNotFitItsTypeIsRefused() throws IOException {
        for (String[] bad : new String[][] {{"texts/tags.txt", "tensors/tags.txt"}, {"config.json", "texts/config"}}) {
            Path f = rebuilt(e -> {
                String m = new String(e.get("manifest.json"), StandardCharsets.UTF_8);
                e.put("manifest.json", m.replace("\"path\" : \"" + bad[0] + "\"", "\"path\" : \"" + bad[1] + "\"")
                        .getBytes(StandardCharsets.UTF_8));
                return e;
            });
            assertThatThrownBy(() -> ModelBundle.read(f)).as(bad[1]).isInstanceOf(BundleException.class)
                    .hasMessageContaining("manifest.json").hasMessageContaining(bad[1]);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}
