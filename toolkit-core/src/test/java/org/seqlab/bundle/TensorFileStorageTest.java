package org.seqlab.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class TensorFileStorageTest {

    private static byte[] write(Map<String, INDArray> t, TensorStorage storage) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TensorFile.write(out, Map.of(), t, storage);
        return out.toByteArray();
    }

    private static Map<String, INDArray> read(byte[] file) throws IOException {
        return TensorFile.read(new ByteArrayInputStream(file), "mem").tensors();
    }

    @Test
    void float16LayoutIsVersion2WithDtype5AndTwoBytesAValue() throws IOException {
        Map<String, INDArray> t = Map.of("x", Nd4j.create(new float[] {1f, -2f, 0.1f}, new long[] {3}, DataType.FLOAT));
        byte[] file = write(t, TensorStorage.FLOAT16);
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(4)).isEqualTo(2);
        // header 20 bytes; name (4 + 1), dtype at 25, rank at 26, dim at 27, byte length at 35, data at 43
        assertThat(b.get(25)).isEqualTo((byte) 5);
        assertThat(b.getLong(35)).isEqualTo(6L);
        assertThat(b.getShort(43) & 0xFFFF).isEqualTo(0x3C00);
        assertThat(b.getShort(45) & 0xFFFF).isEqualTo(0xC000);
        assertThat(b.getShort(47) & 0xFFFF).isEqualTo(0x2E66);
        assertThat(file.length).isEqualTo(43 + 6 + 4);

        INDArray back = read(file).get("x");
        assertThat(back.dataType()).isEqualTo(DataType.FLOAT);
        // 0x2E66 = 1.6 * 2^-4 rounded to 10 fraction bits = 0.0999755859375
        assertThat(back.data().asFloat()).containsExactly(1f, -2f, 0.0999755859375f);
    }

    @Test
    void int8RowsLayoutIsScalesThenSignedBytes() throws IOException {
        Map<String, INDArray> t = Map.of("e", Nd4j.create(new float[] {2.54f, -1f, 0f, -127f, 2.6f, 0.5001f},
                new long[] {2, 3}, DataType.FLOAT));
        byte[] file = write(t, TensorStorage.INT8_ROWS);
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(4)).isEqualTo(2);
        // name (5), dtype at 25, rank at 26, dims at 27 and 35, byte length at 43, scales at 51, bytes at 59
        assertThat(b.get(25)).isEqualTo((byte) 6);
        assertThat(b.getLong(43)).isEqualTo(2 * 4 + 6L);
        assertThat(b.getFloat(51)).isCloseTo(0.02f, org.assertj.core.data.Offset.offset(1e-8f));
        assertThat(b.getFloat(55)).isEqualTo(1f);
        assertThat(new byte[] {b.get(59), b.get(60), b.get(61), b.get(62), b.get(63), b.get(64)})
                .containsExactly(127, -50, 0, -127, 3, 1);
        assertThat(file.length).isEqualTo(65 + 4);

        INDArray back = read(file).get("e");
        assertThat(back.shape()).containsExactly(2, 3);
        assertThat(back.getFloat(1, 1)).isEqualTo(3f);
        assertThat(back.getFloat(0, 1)).isCloseTo(-1f, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void onlyFloat32TensorsAreConvertedAndPlainFilesStayVersion1() throws IOException {
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("ids", Nd4j.create(new int[] {70000, -3}, new long[] {2}, DataType.INT));
        t.put("d", Nd4j.create(new double[] {Math.PI}, new long[] {1}, DataType.DOUBLE));
        byte[] file = write(t, TensorStorage.FLOAT16);
        assertThat(ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(4)).isEqualTo(1);
        Map<String, INDArray> back = read(file);
        assertThat(back.get("ids").data().asInt()).containsExactly(70000, -3);
        assertThat(back.get("d").getDouble(0)).isEqualTo(Math.PI);
    }

    @Test
    void scalarsAndEmptyTensorsSurviveEveryStorage() throws IOException {
        for (TensorStorage s : TensorStorage.values()) {
            Map<String, INDArray> t = new LinkedHashMap<>();
            t.put("scalar", Nd4j.scalar(-0.5f));
            t.put("empty", Nd4j.create(DataType.FLOAT, 0, 4));
            Map<String, INDArray> back = read(write(t, s));
            assertThat(back.get("scalar").getFloat(0)).as(s.label()).isEqualTo(-0.5f);
            assertThat(back.get("empty").shape()).as(s.label()).containsExactly(0, 4);
        }
    }

    @Test
    void int8StorageRefusesNaNNamingTheTensor() {
        Map<String, INDArray> t = Map.of("emb", Nd4j.create(new float[] {1f, Float.NaN}, new long[] {1, 2}, DataType.FLOAT));
        assertThatThrownBy(() -> write(t, TensorStorage.INT8_ROWS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tensor 'emb'");
    }

    @Test
    void aVersion1FileDeclaringTheNewDtypesIsRefused() throws IOException {
        Map<String, INDArray> t = Map.of("x", Nd4j.create(new float[] {1f}, new long[] {1}, DataType.FLOAT));
        byte[] file = write(t, TensorStorage.FLOAT16);
        file[4] = 1; // claim version 1: the header checksum then fails first, so this is refused either way
        assertThatThrownBy(() -> read(file)).isInstanceOf(TensorFileException.class);
        byte[] future = write(t, TensorStorage.FLOAT32);
        future[4] = 3;
        assertThatThrownBy(() -> read(future)).hasMessageContaining("version 3 is not supported");
    }
}
