package org.seqlab.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TensorFileTest {
    @TempDir
    Path dir;

    private static Map<String, INDArray> sample() {
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("w", Nd4j.create(new float[] {1.5f, -2f, 3.25f, Float.MIN_VALUE, -0f, 7f}, new long[] {2, 3}, DataType.FLOAT));
        t.put("b", Nd4j.create(new double[] {Math.PI, -1e-300}, new long[] {2}, DataType.DOUBLE));
        t.put("ids", Nd4j.create(new int[] {7, -8, 9}, new long[] {3, 1}, DataType.INT));
        t.put("rng", Nd4j.create(new long[] {Long.MIN_VALUE, 42L, -1L}, new long[] {3}, DataType.LONG));
        return t;
    }

    @Test
    void roundTripKeepsNamesOrderShapesTypesAndBits() throws IOException {
        Path f = dir.resolve("t.sqlt");
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("kind", "checkpoint");
        meta.put("note", "ünïcödé");
        TensorFile.write(f, meta, sample());

        TensorFile.Contents c = TensorFile.read(f);
        assertThat(c.metadata()).containsExactlyEntriesOf(meta);
        assertThat(c.tensors().keySet()).containsExactly("w", "b", "ids", "rng");
        for (Map.Entry<String, INDArray> e : sample().entrySet()) {
            INDArray got = c.tensor(e.getKey());
            assertThat(got.dataType()).isEqualTo(e.getValue().dataType());
            assertThat(got.shape()).isEqualTo(e.getValue().shape());
        }
        assertThat(Float.floatToRawIntBits(c.tensor("w").getFloat(1, 1))).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(c.tensor("w").getFloat(1, 0)).isEqualTo(Float.MIN_VALUE);
        assertThat(c.tensor("b").getDouble(0)).isEqualTo(Math.PI);
        assertThat(c.tensor("b").getDouble(1)).isEqualTo(-1e-300);
        assertThat(c.tensor("ids").data().asInt()).containsExactly(7, -8, 9);
        assertThat(c.tensor("rng").data().asLong()).containsExactly(Long.MIN_VALUE, 42L, -1L);
    }

    @Test
    void layoutIsTheDocumentedLittleEndianOne() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("x", Nd4j.create(new float[] {1f, 2f}, new long[] {2}, DataType.FLOAT));
        TensorFile.write(out, Map.of(), t);
        ByteBuffer b = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        // header: magic, version 1, 0 metadata entries, 1 tensor, CRC32 = 20 bytes
        assertThat(Arrays.copyOf(out.toByteArray(), 4)).isEqualTo(new byte[] {'S', 'Q', 'L', 'T'});
        assertThat(b.getInt(4)).isEqualTo(1);
        assertThat(b.getInt(8)).isEqualTo(0);
        assertThat(b.getInt(12)).isEqualTo(1);
        // tensor: name (4 + 1 bytes), dtype, rank, one dim, byte length, 2 floats, CRC32
        assertThat(b.getInt(20)).isEqualTo(1);
        assertThat(b.get(24)).isEqualTo((byte) 'x');
        assertThat(b.get(25)).isEqualTo((byte) 1);
        assertThat(b.get(26)).isEqualTo((byte) 1);
        assertThat(b.getLong(27)).isEqualTo(2L);
        assertThat(b.getLong(35)).isEqualTo(8L);
        assertThat(b.getFloat(43)).isEqualTo(1f);
        assertThat(b.getFloat(47)).isEqualTo(2f);
        assertThat(out.size()).isEqualTo(55);
    }

    @Test
    void truncatedFileNamesTheFileAndTheTensor() throws IOException {
        Path f = dir.resolve("t.sqlt");
        TensorFile.write(f, Map.of(), sample());
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 10));
        assertThatThrownBy(() -> TensorFile.read(f))
                .isInstanceOf(TensorFileException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("tensor 'rng'")
                .hasMessageContaining("truncated");
    }

    @Test
    void flippedDataByteIsReportedAsCorruptionOfThatTensor() throws IOException {
        Path f = dir.resolve("t.sqlt");
        TensorFile.write(f, Map.of(), sample());
        byte[] all = Files.readAllBytes(f);
        // header is 20 bytes; tensor "w" starts with name (5 bytes), dtype, rank, 2 dims, length = 31 bytes, then data
        all[20 + 31 + 3] ^= 0x10;
        Files.write(f, all);
        assertThatThrownBy(() -> TensorFile.read(f))
                .isInstanceOf(TensorFileException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("tensor 'w'")
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void otherFilesAreRejectedByTheirMagicNumber() throws IOException {
        Path f = dir.resolve("notes.txt");
        Files.writeString(f, "hello, world");
        assertThatThrownBy(() -> TensorFile.read(f)).isInstanceOf(TensorFileException.class)
                .hasMessageContaining("not a seqlab tensor file");
        assertThatThrownBy(() -> TensorFile.read(dir.resolve("absent.sqlt"))).isInstanceOf(TensorFileException.class)
                .hasMessageContaining("no such file");
    }

    @Test
    void trailingGarbageIsAnError() throws IOException {
        Path f = dir.resolve("t.sqlt");
        TensorFile.write(f, Map.of(), sample());
        Files.write(f, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> TensorFile.read(f)).hasMessageContaining("unexpected bytes after the last tensor");
    }

    @Test
    void viewsAreWrittenAsTheirOwnValues() throws IOException {
        INDArray m = Nd4j.create(new double[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, DataType.DOUBLE);
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("col", m.getColumn(1));
        t.put("tr", m.transpose());
        Path f = dir.resolve("v.sqlt");
        TensorFile.write(f, Map.of(), t);
        TensorFile.Contents c = TensorFile.read(f);
        assertThat(c.tensor("col").data().asDouble()).containsExactly(2, 5);
        assertThat(c.tensor("tr").shape()).containsExactly(3, 2);
        assertThat(c.tensor("tr").data().asDouble()).containsExactly(1, 4, 2, 5, 3, 6);
    }

    @Test
    void tensorsLongerThanOneCopyChunkRoundTrip() throws IOException {
        // 150001 elements: two full 65536-element chunks and a partial one, for every data type
        int n = 150_001;
        float[] f = new float[n];
        double[] d = new double[n];
        int[] i = new int[n];
        long[] l = new long[n];
        for (int j = 0; j < n; j++) {
            f[j] = j * 0.5f;
            d[j] = -j / 3.0;
            i[j] = j * 7;
            l[j] = (long) j << 33;
        }
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("f", Nd4j.create(f, new long[] {n}, DataType.FLOAT));
        t.put("d", Nd4j.create(d, new long[] {n}, DataType.DOUBLE));
        t.put("i", Nd4j.create(i, new long[] {n}, DataType.INT32));
        t.put("l", Nd4j.create(l, new long[] {n}, DataType.INT64));
        Path file = dir.resolve("big.sqlt");
        TensorFile.write(file, Map.of(), t);
        TensorFile.Contents c = TensorFile.read(file);
        assertThat(c.tensor("f").data().asFloat()).isEqualTo(f);
        assertThat(c.tensor("d").data().asDouble()).isEqualTo(d);
        assertThat(c.tensor("i").data().asInt()).isEqualTo(i);
        assertThat(c.tensor("l").data().asLong()).isEqualTo(l);
    }

    @Test
    void unsupportedTypesAreRefusedWithTheTensorName() {
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("flags", Nd4j.create(DataType.BOOL, 2));
        assertThatThrownBy(() -> TensorFile.write(new ByteArrayOutputStream(), Map.of(), t))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flags");
    }
}
