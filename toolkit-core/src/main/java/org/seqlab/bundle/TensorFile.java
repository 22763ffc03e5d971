package org.seqlab.bundle;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Named tensors and string metadata in one binary file: the format of checkpoints and of the weights inside model
 * bundles. Never Java serialization: the layout below is all there is, and other languages can read it in a few lines.
 *
 * <h2>Layout (versions 1 and 2, all integers little-endian)</h2>
 * <pre>
 * header
 *   4 bytes   magic "SQLT" (0x53 0x51 0x4C 0x54)
 *   u32       format version: 1, or 2 when the file holds a dtype 5 or 6 tensor (older builds then refuse it cleanly)
 *   u32       M, the number of metadata entries, then M times:
 *               string key, string value
 *   u32       N, the number of tensors
 *   u32       CRC32 of every header byte before this field
 * N tensors, each:
 *   string    name (unique within the file)
 *   u8        dtype: 1 float32, 2 float64, 3 int32, 4 int64 (version 1 and 2);
 *             5 float16, 6 int8 rows (version 2 only; both read back as float32)
 *   u8        rank r (0..32), then r times i64 dimension (row-major, C order)
 *   u64       data length in bytes: n × element size for dtypes 1-5 (n = product of dimensions),
 *             rows × 4 + n for dtype 6
 *   bytes     dtypes 1-4: the n elements, row-major, little-endian (IEEE 754 for floats)
 *             dtype 5: n IEEE 754 binary16 values (u16 each), rounded to nearest even, see {@link Float16}
 *             dtype 6: rows float32 scales, then n signed bytes q, row-major; value = q × scale of its row;
 *                      a row is the last dimension (cols = last dimension, or 1 for rank 0; rows = n / cols),
 *                      see {@link Int8Rows}
 *   u32       CRC32 of this tensor's bytes from the name through the data
 * end of file (trailing bytes are an error)
 *
 * string = u32 byte length (at most 65535), then that many bytes of UTF-8
 * </pre>
 *
 * <p>{@link TensorStorage} picks how float32 tensors are stored (exact, float16, int8 rows); other types are always
 * stored exactly.
 *
 * <p>Writing goes through {@link AtomicFiles}, so a file on disk is always complete. Reading checks everything and
 * throws a {@link TensorFileException} naming the file and the tensor for a truncated file, a checksum mismatch or an
 * inconsistent header.
 */
public final class TensorFile {
    /** The newest layout version this build reads and writes; files without dtype 5 or 6 are written as version 1. */
    public static final int VERSION = 2;
    private static final int VERSION_PLAIN = 1;
    private static final int FLOAT16 = 5;
    private static final int INT8_ROWS = 6;
    private static final byte[] MAGIC = {'S', 'Q', 'L', 'T'};
    private static final int MAX_STRING = 65535;
    private static final int MAX_RANK = 32;
    private static final int CHUNK = 1 << 16;

    private TensorFile() {
    }

    /** What a file holds: metadata and tensors, each in file order. */
    public record Contents(Map<String, String> metadata, Map<String, INDArray> tensors) {
        public Contents {
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        }

        /** The tensor, or a clear error naming what is missing. */
        public INDArray tensor(String name) {
            INDArray t = tensors.get(name);
            if (t == null) {
                throw new IllegalArgumentException("no tensor named " + name);
            }
            return t;
        }
    }

    /** Writes atomically (temporary file, fsync, rename). */
    public static void write(Path path, Map<String, String> metadata, Map<String, INDArray> tensors) throws IOException {
        write(path, metadata, tensors, TensorStorage.FLOAT32);
    }

    /** Writes atomically, storing float32 tensors as {@code storage} says. */
    public static void write(Path path, Map<String, String> metadata, Map<String, INDArray> tensors,
            TensorStorage storage) throws IOException {
        AtomicFiles.write(path, out -> write(out, metadata, tensors, storage));
    }

    public static void write(OutputStream out, Map<String, String> metadata, Map<String, INDArray> tensors)
            throws IOException {
        write(out, metadata, tensors, TensorStorage.FLOAT32);
    }

    /**
     * Writes to a stream (left open), storing float32 tensors as {@code storage} says.
     *
     * @throws IllegalArgumentException for a type that cannot be stored, or NaN/infinity under {@code INT8_ROWS}
     */
    public static void write(OutputStream out, Map<String, String> metadata, Map<String, INDArray> tensors,
            TensorStorage storage) throws IOException {
        boolean compressed = storage != TensorStorage.FLOAT32
                && tensors.values().stream().anyMatch(t -> t.dataType() == DataType.FLOAT);
        Sink sink = new Sink(out);
        sink.bytes(MAGIC, 0, MAGIC.length);
        sink.u32(compressed ? VERSION : VERSION_PLAIN);
        sink.u32(metadata.size());
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            sink.string(e.getKey());
            sink.string(e.getValue());
        }
        sink.u32(tensors.size());
        sink.checksum();
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            writeTensor(sink, e.getKey(), e.getValue(), storage);
            sink.checksum();
        }
        out.flush();
    }

    private static void writeTensor(Sink sink, String name, INDArray array, TensorStorage storage) throws IOException {
        int code = code(array.dataType(), name);
        if (code == 1 && storage == TensorStorage.FLOAT16) {
            code = FLOAT16;
        } else if (code == 1 && storage == TensorStorage.INT8_ROWS) {
            code = INT8_ROWS;
        }
        // data() must hold exactly this array's elements, in order: otherwise write a compact copy
        boolean compact = array.ordering() == 'c' && !array.isView() && array.offset() == 0
                && array.data().length() == array.length();
        INDArray a = compact ? array : array.dup('c');
        long[] shape = a.shape();
        sink.string(name);
        sink.u8(code);
        sink.u8(shape.length);
        for (long d : shape) {
            sink.i64(d);
        }
        long n = a.length();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK * 8).order(ByteOrder.LITTLE_ENDIAN);
        if (code == INT8_ROWS) {
            int cols = shape.length == 0 ? 1 : (int) shape[shape.length - 1];
            Int8Rows.Quantized q;
            try {
                q = Int8Rows.quantize(a.data().asFloat(), cols);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tensor '" + name + "': " + e.getMessage(), e);
            }
            sink.i64(q.scales().length * 4L + n);
            float[] scales = q.scales();
            for (int from = 0; from < scales.length; from += CHUNK) {
                int len = Math.min(CHUNK, scales.length - from);
                buf.clear();
                buf.asFloatBuffer().put(scales, from, len);
                sink.bytes(buf.array(), 0, len * 4);
            }
            sink.bytes(q.values(), 0, q.values().length);
            return;
        }
        sink.i64(n * elementSize(code));
        switch (code) {
            case FLOAT16 -> {
                float[] v = a.data().asFloat();
                for (int from = 0; from < v.length; from += CHUNK) {
                    int len = Math.min(CHUNK, v.length - from);
                    buf.clear();
                    for (int i = 0; i < len; i++) {
                        buf.putShort(2 * i, Float16.fromFloat(v[from + i]));
                    }
                    sink.bytes(buf.array(), 0, len * 2);
                }
            }
            case 1 -> {
                float[] v = a.data().asFloat();
                for (int from = 0; from < v.length; from += CHUNK) {
                    int len = Math.min(CHUNK, v.length - from);
                    buf.clear();
                    buf.asFloatBuffer().put(v, from, len);
                    sink.bytes(buf.array(), 0, len * 4);
                }
            }
            case 2 -> {
                double[] v = a.data().asDouble();
                for (int from = 0; from < v.length; from += CHUNK) {
                    int len = Math.min(CHUNK, v.length - from);
                    buf.clear();
                    buf.asDoubleBuffer().put(v, from, len);
                    sink.bytes(buf.array(), 0, len * 8);
                }
            }
            case 3 -> {
                int[] v = a.data().asInt();
                for (int from = 0; from < v.length; from += CHUNK) {
                    int len = Math.min(CHUNK, v.length - from);
                    buf.clear();
                    buf.asIntBuffer().put(v, from, len);
                    sink.bytes(buf.array(), 0, len * 4);
                }
            }
            default -> {
                long[] v = a.data().asLong();
                for (int from = 0; from < v.length; from += CHUNK) {
                    int len = Math.min(CHUNK, v.length - from);
                    buf.clear();
                    buf.asLongBuffer().put(v, from, len);
                    sink.bytes(buf.array(), 0, len * 8);
                }
            }
        }
    }

    public static Contents read(Path path) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return read(in, path.toString());
        } catch (NoSuchFileException e) {
            throw new TensorFileException(path + ": no such file");
        } catch (IOException e) {
            throw new TensorFileException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** @param source names the input in error messages (usually the file name) */
    public static Contents read(InputStream in, String source) throws IOException {
        Source src = new Source(in, source);
        src.where = "the header";
        byte[] magic = src.bytes(4);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new TensorFileException(source + ": not a seqlab tensor file (bad magic number)");
        }
        long version = src.u32();
        if (version < VERSION_PLAIN || version > VERSION) {
            throw new TensorFileException(source + ": tensor file format version " + version
                    + " is not supported (this build reads versions " + VERSION_PLAIN + " to " + VERSION + ")");
        }
        long m = src.u32();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (long i = 0; i < m; i++) {
            String key = src.string();
            metadata.put(key, src.string());
        }
        long n = src.u32();
        src.verifyChecksum();
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        for (long i = 0; i < n; i++) {
            src.where = "tensor #" + (i + 1);
            String name = src.string();
            src.where = "tensor '" + name + "'";
            if (tensors.containsKey(name)) {
                throw src.error("appears twice");
            }
            tensors.put(name, readTensor(src, version));
            src.verifyChecksum();
        }
        if (in.read() != -1) {
            src.where = "the end of the file";
            throw src.error("unexpected bytes after the last tensor (" + n + " tensors declared)");
        }
        return new Contents(metadata, tensors);
    }

    private static INDArray readTensor(Source src, long version) throws IOException {
        int code = src.u8();
        if (code < 1 || code > (version == VERSION_PLAIN ? 4 : INT8_ROWS)) {
            throw src.error("unknown data type code " + code + " in a version " + version + " file");
        }
        int rank = src.u8();
        if (rank > MAX_RANK) {
            throw src.error("rank " + rank + " exceeds " + MAX_RANK);
        }
        long[] shape = new long[rank];
        long n = 1;
        for (int d = 0; d < rank; d++) {
            shape[d] = src.i64();
            if (shape[d] < 0) {
                throw src.error("negative dimension " + shape[d]);
            }
            n = Math.multiplyExact(n, shape[d]);
        }
        long cols = code == INT8_ROWS && rank > 0 ? shape[rank - 1] : 1;
        long rows = cols == 0 ? 0 : n / cols;
        long expected = code == INT8_ROWS ? rows * 4 + n : n * elementSize(code);
        long declared = src.i64();
        if (n > Integer.MAX_VALUE || declared != expected) {
            throw src.error("data length " + declared + " bytes does not match shape " + Arrays.toString(shape));
        }
        int len = (int) n;
        DataType type = type(code);
        if (len == 0) {
            return Nd4j.create(type, shape);
        }
        if (code <= 4 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            return readExact(src, type, shape, (long) len * elementSize(code));
        }
        ByteBuffer buf;
        INDArray out;
        switch (code) {
            case FLOAT16 -> {
                float[] v = new float[len];
                for (int from = 0; from < len; from += CHUNK) {
                    int k = Math.min(CHUNK, len - from);
                    buf = ByteBuffer.wrap(src.bytes(k * 2)).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < k; i++) {
                        v[from + i] = Float16.toFloat(buf.getShort(2 * i));
                    }
                }
                out = Nd4j.create(v, shape, type);
            }
            case INT8_ROWS -> {
                float[] scales = new float[(int) rows];
                for (int from = 0; from < scales.length; from += CHUNK) {
                    int k = Math.min(CHUNK, scales.length - from);
                    buf = ByteBuffer.wrap(src.bytes(k * 4)).order(ByteOrder.LITTLE_ENDIAN);
                    buf.asFloatBuffer().get(scales, from, k);
                }
                byte[] q = src.bytes(len);
                out = Nd4j.create(new Int8Rows.Quantized(q, scales, (int) cols).dequantize(), shape, type);
            }
            case 1 -> {
                float[] v = new float[len];
                for (int from = 0; from < len; from += CHUNK) {
                    int k = Math.min(CHUNK, len - from);
                    buf = ByteBuffer.wrap(src.bytes(k * 4)).order(ByteOrder.LITTLE_ENDIAN);
                    buf.asFloatBuffer().get(v, from, k);
                }
                out = Nd4j.create(v, shape, type);
            }
            case 2 -> {
                double[] v = new double[len];
                for (int from = 0; from < len; from += CHUNK) {
                    int k = Math.min(CHUNK, len - from);
                    buf = ByteBuffer.wrap(src.bytes(k * 8)).order(ByteOrder.LITTLE_ENDIAN);
                    buf.asDoubleBuffer().get(v, from, k);
                }
                out = Nd4j.create(v, shape, type);
            }
            case 3 -> {
                int[] v = new int[len];
                for (int from = 0; from < len; from += CHUNK) {
                    int k = Math.min(CHUNK, len - from);
                    buf = ByteBuffer.wrap(src.bytes(k * 4)).order(ByteOrder.LITTLE_ENDIAN);
                    buf.asIntBuffer().get(v, from, k);
                }
                out = Nd4j.create(v, shape, type);
            }
            default -> {
                long[] v = new long[len];
                for (int from = 0; from < len; from += CHUNK) {
                    int k = Math.min(CHUNK, len - from);
                    buf = ByteBuffer.wrap(src.bytes(k * 8)).order(ByteOrder.LITTLE_ENDIAN);
                    buf.asLongBuffer().get(v, from, k);
                }
                out = Nd4j.create(v, shape, type);
            }
        }
        if (out.dataType() != type) {
            throw new IllegalStateException("ND4J created " + out.dataType() + " for " + type);
        }
        return out;
    }

    /**
     * The file's bytes are the native little-endian layout of the array: copy them straight into its off-heap buffer,
     * chunk by chunk, with no Java array in between (a 20 MB tensor decodes several times faster this way).
     */
    private static INDArray readExact(Source src, DataType type, long[] shape, long bytes) throws IOException {
        INDArray out = Nd4j.createUninitialized(type, shape, 'c');
        ByteBuffer target = out.data().asNio();
        if (target.capacity() < bytes) {
            throw new IllegalStateException("ND4J buffer of " + target.capacity() + " bytes for " + bytes);
        }
        int chunk = CHUNK * 8;
        for (long from = 0; from < bytes; from += chunk) {
            int k = (int) Math.min(chunk, bytes - from);
            target.put(src.bytes(k));
        }
        return out;
    }

    private static int code(DataType type, String name) {
        // INT32 and INT64 are aliases of the enum constants INT and LONG (deprecated names), so no switch here
        if (type == DataType.FLOAT) {
            return 1;
        } else if (type == DataType.DOUBLE) {
            return 2;
        } else if (type == DataType.INT32) {
            return 3;
        } else if (type == DataType.INT64) {
            return 4;
        }
        throw new IllegalArgumentException(
                "tensor '" + name + "': data type " + type + " cannot be stored (float32, float64, int32, int64 can)");
    }

    private static DataType type(int code) {
        return switch (code) {
            case 1, FLOAT16, INT8_ROWS -> DataType.FLOAT;
            case 2 -> DataType.DOUBLE;
            case 3 -> DataType.INT32;
            default -> DataType.INT64;
        };
    }

    private static int elementSize(int code) {
        if (code == FLOAT16) {
            return 2;
        }
        return code == 1 || code == 3 ? 4 : 8;
    }

    /** Little-endian writer that keeps a running CRC32 of what it wrote since the last checksum. */
    private static final class Sink {
        private final OutputStream out;
        private final CRC32 crc = new CRC32();
        private final byte[] scratch = new byte[8];

        Sink(OutputStream out) {
            this.out = out;
        }

        void bytes(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            crc.update(b, off, len);
        }

        void u8(int v) throws IOException {
            scratch[0] = (byte) v;
            bytes(scratch, 0, 1);
        }

        void u32(long v) throws IOException {
            ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) v);
            bytes(scratch, 0, 4);
        }

        void i64(long v) throws IOException {
            ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN).putLong(0, v);
            bytes(scratch, 0, 8);
        }

        void string(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > MAX_STRING) {
                throw new IllegalArgumentException("string longer than " + MAX_STRING + " bytes: " + s.substring(0, 40) + "...");
            }
            u32(b.length);
            bytes(b, 0, b.length);
        }

        /** Writes the CRC32 of everything since the previous checksum (the checksum itself is not covered). */
        void checksum() throws IOException {
            long value = crc.getValue();
            ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) value);
            out.write(scratch, 0, 4);
            crc.reset();
        }
    }

    /** Little-endian reader with the same running CRC32; every error names the source and what was being read. */
    private static final class Source {
        private final InputStream in;
        private final String source;
        private final CRC32 crc = new CRC32();
        String where = "";

        Source(InputStream in, String source) {
            this.in = in;
            this.source = source;
        }

        TensorFileException error(String problem) {
            return new TensorFileException(source + ": " + where + ": " + problem);
        }

        byte[] raw(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            if (b.length < n) {
                throw new TensorFileException(source + ": " + where + ": file is truncated",
                        new EOFException("wanted " + n + " bytes, got " + b.length));
            }
            return b;
        }

        byte[] bytes(int n) throws IOException {
            byte[] b = raw(n);
            crc.update(b, 0, n);
            return b;
        }

        int u8() throws IOException {
            return bytes(1)[0] & 0xFF;
        }

        long u32() throws IOException {
            return ByteBuffer.wrap(bytes(4)).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        }

        long i64() throws IOException {
            return ByteBuffer.wrap(bytes(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }

        String string() throws IOException {
            long len = u32();
            if (len > MAX_STRING) {
                throw error("string length " + len + " exceeds " + MAX_STRING + " (corrupted file?)");
            }
            return new String(bytes((int) len), StandardCharsets.UTF_8);
        }

        void verifyChecksum() throws IOException {
            long expected = crc.getValue();
            long stored = ByteBuffer.wrap(raw(4)).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
            if (stored != expected) {
                throw error("checksum mismatch (stored " + Long.toHexString(stored) + ", computed "
                        + Long.toHexString(expected) + "): the file is corrupted");
            }
            crc.reset();
        }
    }
}
