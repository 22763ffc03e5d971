package org.seqlab.bundle;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.nd4j.linalg.api.ndarray.INDArray;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * A trained model in one zip file: manifest, config, named texts and named tensor files, every entry checksummed.
 * The layout and the version policy are documented in the package documentation and in {@code docs/bundle-format.md}.
 *
 * <pre>{@code
 * ModelBundle.writer("tagger")
 *     .setConfig(config)                          // a record or a JsonNode
 *     .addText("vocab.txt", vocabulary)
 *     .addTensors("weights", parameters, TensorStorage.FLOAT32)
 *     .optMetric("dev_f1", 0.912)
 *     .optTrainingData("eng.train", trainFile)
 *     .write(Path.of("tagger.zip"));
 *
 * ModelBundle b = ModelBundle.read(Path.of("tagger.zip"));   // verifies everything
 * TaggerConfig c = b.config(TaggerConfig.class);
 * }</pre>
 *
 * <p>A loaded bundle is immutable and safe to share between threads (the tensors it hands out are its own: callers
 * that modify them should {@code dup()} first).
 */
public final class ModelBundle {
    /** The newest bundle format this build writes and reads; readers accept any version up to it. */
    public static final int FORMAT_VERSION = 1;
    public static final String MANIFEST = "manifest.json";
    public static final String CONFIG = "config.json";
    public static final String TEXTS = "texts/";
    public static final String TENSORS = "tensors/";

    /** Names of texts, tensor entries, metrics and kinds: a plain file name, so that no entry path can escape. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private static final long MAX_MANIFEST_BYTES = 16L << 20;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String source;
    private final BundleManifest manifest;
    private final JsonNode config;
    private final Map<String, String> texts;
    private final Map<String, Map<String, INDArray>> tensors;

    private ModelBundle(String source, BundleManifest manifest, JsonNode config, Map<String, String> texts,
            Map<String, Map<String, INDArray>> tensors) {
        this.source = source;
        this.manifest = manifest;
        this.config = config;
        this.texts = Collections.unmodifiableMap(texts);
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Starts a bundle of a model kind such as "tagger", "translator" or "lm". */
    public static Writer writer(String kind) {
        return new Writer(kind);
    }

    /** Reads and verifies a bundle file. */
    public static ModelBundle read(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path.toString());
        } catch (NoSuchFileException e) {
            throw new BundleException(path + ": no such file");
        } catch (IOException e) {
            throw new BundleException(path + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads and verifies a bundle from a stream (a classpath resource, say), to its end; the stream is not closed.
     *
     * @param sourceName names the bundle in error messages
     * @throws BundleException naming the bundle and the entry, for anything but a complete, untampered bundle of a
     *                         format version up to {@link #FORMAT_VERSION}
     */
    public static ModelBundle read(InputStream in, String sourceName) throws IOException {
        return new Reader(in, sourceName).read();
    }

    public BundleManifest manifest() {
        return manifest;
    }

    /** The name the bundle was read from (a path or the caller's source name). */
    public String source() {
        return source;
    }

    public String kind() {
        return manifest.kind();
    }

    /** The config as a JSON tree (a copy: the bundle stays immutable). */
    public JsonNode config() {
        return config.deepCopy();
    }

    /** The config mapped to a record (or any Jackson-readable class); unknown fields are ignored. */
    public <T> T config(Class<T> type) {
        try {
            return JSON.treeToValue(config, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new BundleException(source + ": " + CONFIG + ": does not match " + type.getSimpleName() + ": "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** Text entries by name, in bundle order. */
    public Map<String, String> texts() {
        return texts;
    }

    public String text(String name) {
        String t = texts.get(name);
        if (t == null) {
            throw new BundleException(source + ": no text entry '" + name + "' (it has " + texts.keySet() + ")");
        }
        return t;
    }

    /** Names of the tensor entries, in bundle order. */
    public Set<String> tensorEntries() {
        return tensors.keySet();
    }

    /** The tensors of one entry by tensor name, in file order; float16 and int8-row storage come back as float32. */
    public Map<String, INDArray> tensors(String name) {
        Map<String, INDArray> t = tensors.get(name);
        if (t == null) {
            throw new BundleException(source + ": no tensor entry '" + name + "' (it has " + tensors.keySet() + ")");
        }
        return t;
    }

    /** The version of seqlab this build is, as written into manifests ("unknown" outside a Maven build). */
    public static String seqlabVersion() {
        try (InputStream in = ModelBundle.class.getResourceAsStream("seqlab-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void checkName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' must be 1-200 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
    }

    static String sha256(byte[] data) {
        return HexFormat.of().formatHex(digest().digest(data));
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Collects a bundle and writes it; {@code setX} for what is required, {@code optX} for the rest. */
    public static final class Writer {
        private final String kind;
        private JsonNode config;
        private final Map<String, byte[]> texts = new LinkedHashMap<>();
        private final Map<String, byte[]> tensors = new LinkedHashMap<>();
        private final Map<String, TensorStorage> storages = new LinkedHashMap<>();
        private final Map<String, Double> metrics = new LinkedHashMap<>();
        private final Map<String, String> provenance = new LinkedHashMap<>();
        private final List<BundleManifest.TrainingData> trainingData = new ArrayList<>();
        private Instant created;
        private String seqlabVersion;

        private Writer(String kind) {
            checkName("model kind", kind);
            this.kind = kind;
        }

        /** The model config: a record (or any Jackson-writable object), or a {@link JsonNode}. Required. */
        public Writer setConfig(Object config) {
            if (config == null) {
                throw new IllegalArgumentException("config is null");
            }
            this.config = config instanceof JsonNode node ? node.deepCopy() : JSON.valueToTree(config);
            return this;
        }

        /** A named UTF-8 text: a vocabulary, a tag set, tokenizer settings, BPE codes. */
        public Writer addText(String name, String text) {
            checkName("text name", name);
            if (texts.putIfAbsent(name, text.getBytes(StandardCharsets.UTF_8)) != null) {
                throw new IllegalArgumentException("text '" + name + "' added twice");
            }
            return this;
        }

        /** A named set of tensors, encoded now (a {@link TensorFile}); float32 tensors stored as {@code storage}. */
        public Writer addTensors(String name, Map<String, INDArray> named, TensorStorage storage) {
            checkName("tensor entry name", name);
            if (tensors.containsKey(name)) {
                throw new IllegalArgumentException("tensor entry '" + name + "' added twice");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                TensorFile.write(out, Map.of(), named, storage);
            } catch (IOException e) {
                throw new IllegalStateException("writing to memory cannot fail", e);
            }
            tensors.put(name, out.toByteArray());
            storages.put(name, storage);
            return this;
        }

        public Writer optMetric(String name, double value) {
            checkName("metric name", name);
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("metric '" + name + "' is " + value + ", not a finite number");
            }
            metrics.put(name, value);
            return this;
        }

        /** Records a training file by name with the SHA-256 and size of its content. */
        public Writer optTrainingData(String name, Path file) throws IOException {
            MessageDigest md = digest();
            long bytes = 0;
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                for (int k; (k = in.read(buf)) > 0; ) {
                    md.update(buf, 0, k);
                    bytes += k;
                }
            }
            trainingData.add(new BundleManifest.TrainingData(name, HexFormat.of().formatHex(md.digest()), bytes));
            return this;
        }

        /** Records a training file as another bundle's manifest records it (when rewriting a bundle). */
        public Writer optTrainingData(BundleManifest.TrainingData data) {
            trainingData.add(data);
            return this;
        }

        /** A free-form provenance item: the command line, the seed, the recipe. */
        public Writer optProvenance(String key, String value) {
            provenance.put(key, value);
            return this;
        }

        /** Creation time (default: now, to the second); a fixed time makes the bundle reproducible byte for byte. */
        public Writer optCreated(Instant created) {
            this.created = created.truncatedTo(ChronoUnit.SECONDS);
            return this;
        }

        /** The writing seqlab version (default: this build's). */
        public Writer optSeqlabVersion(String version) {
            this.seqlabVersion = version;
            return this;
        }

        /** Writes atomically: the file appears complete or not at all. */
        public void write(Path path) throws IOException {
            AtomicFiles.write(path, this::write);
        }

        /** Writes the zip to a stream (left open). */
        public void write(OutputStream out) throws IOException {
            if (config == null) {
                throw new IllegalStateException("setConfig(...) is required before writing a bundle");
            }
            Instant time = created != null ? created : Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Map<String, byte[]> body = new LinkedHashMap<>();
            List<BundleManifest.Entry> entries = new ArrayList<>();
            body.put(CONFIG, JSON.writeValueAsBytes(config));
            entries.add(entry(CONFIG, "config", null, body.get(CONFIG)));
            for (Map.Entry<String, byte[]> e : texts.entrySet()) {
                body.put(TEXTS + e.getKey(), e.getValue());
                entries.add(entry(TEXTS + e.getKey(), "text", null, e.getValue()));
            }
            for (Map.Entry<String, byte[]> e : tensors.entrySet()) {
                body.put(TENSORS + e.getKey(), e.getValue());
                entries.add(entry(TENSORS + e.getKey(), "tensors", storages.get(e.getKey()).label(), e.getValue()));
            }
            BundleManifest manifest = new BundleManifest(FORMAT_VERSION,
                    seqlabVersion != null ? seqlabVersion : seqlabVersion(), kind, time.toString(), trainingData,
                    metrics, provenance, entries);

            ZipOutputStream zip = new ZipOutputStream(new NonClosing(out), StandardCharsets.UTF_8);
            putEntry(zip, MANIFEST, JSON.writeValueAsBytes(manifest), false, time);
            for (Map.Entry<String, byte[]> e : body.entrySet()) {
                // tensor data hardly compresses: stored, it reads at copy speed
                putEntry(zip, e.getKey(), e.getValue(), e.getKey().startsWith(TENSORS), time);
            }
            zip.finish();
            zip.flush();
        }

        private static BundleManifest.Entry entry(String path, String type, String storage, byte[] data) {
            return new BundleManifest.Entry(path, type, storage, data.length, sha256(data));
        }

        private static void putEntry(ZipOutputStream zip, String name, byte[] data, boolean stored, Instant time)
                throws IOException {
            ZipEntry e = new ZipEntry(name);
            e.setTime(time.toEpochMilli());
            if (stored) {
                CRC32 crc = new CRC32();
                crc.update(data);
                e.setMethod(ZipEntry.STORED);
                e.setSize(data.length);
                e.setCompressedSize(data.length);
                e.setCrc(crc.getValue());
            }
            zip.putNextEntry(e);
            zip.write(data);
            zip.closeEntry();
        }
    }

    /** Keeps ZipOutputStream.finish() from closing the caller's stream (finish does not close, but be explicit). */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** One pass over the zip: each entry is inflated once, hashed, and decoded from the same bytes. */
    private static final class Reader {
        private final String source;
        private final TailStream raw;
        private final ZipInputStream zip;
        private String where = MANIFEST;

        Reader(InputStream in, String source) {
            this.source = source;
            this.raw = new TailStream(new BufferedInputStream(in, 1 << 16));
            this.zip = new ZipInputStream(raw, StandardCharsets.UTF_8);
        }

        BundleException error(String entry, String problem) {
            return new BundleException(source + ": " + (entry == null ? "" : "entry '" + entry + "': ") + problem);
        }

        ModelBundle read() throws IOException {
            ZipEntry first = next();
            if (first == null) {
                throw error(null, raw.count == 0 ? "empty file, not a model bundle"
                        : "not a zip file, so not a model bundle");
            }
            checkPath(first.getName());
            if (!first.getName().equals(MANIFEST)) {
                throw error(first.getName(), "the first entry must be " + MANIFEST + ": not a seqlab model bundle");
            }
            BundleManifest manifest = parseManifest(content(first.getName(), MAX_MANIFEST_BYTES));

            Map<String, BundleManifest.Entry> expected = new LinkedHashMap<>();
            for (BundleManifest.Entry e : manifest.entries()) {
                checkPath(e.path());
                checkListed(e);
                if (expected.put(e.path(), e) != null) {
                    throw error(MANIFEST, "lists entry '" + e.path() + "' twice");
                }
            }
            if (!expected.containsKey(CONFIG)) {
                throw error(MANIFEST, "lists no " + CONFIG);
            }
            Set<String> seen = new HashSet<>();
            seen.add(MANIFEST);
            JsonNode config = null;
            Map<String, String> texts = new LinkedHashMap<>();
            Map<String, Map<String, INDArray>> tensors = new LinkedHashMap<>();
            for (ZipEntry z; (z = next()) != null; ) {
                String name = z.getName();
                if ((name.equals(TEXTS) || name.equals(TENSORS)) && content(name, 0).length == 0) {
                    // the folders' own entries, which zip tools add when a bundle is unpacked and packed again
                    continue;
                }
                checkPath(name);
                if (!seen.add(name)) {
                    throw error(name, "appears twice in the zip (a tampered bundle)");
                }
                BundleManifest.Entry e = expected.get(name);
                if (e == null) {
                    throw error(name, "is not listed in the manifest (an extra entry: the bundle was tampered with)");
                }
                byte[] data = content(name, e.bytes());
                if (data.length != e.bytes()) {
                    throw error(name, "holds " + data.length + " bytes, the manifest says " + e.bytes()
                            + ": the bundle is corrupted or was tampered with");
                }
                String actual = sha256(data);
                if (!actual.equalsIgnoreCase(e.sha256())) {
                    throw error(name, "SHA-256 mismatch (manifest " + e.sha256() + ", content " + actual
                            + "): the bundle is corrupted or was tampered with");
                }
                switch (e.type()) {
                    case "config" -> config = parseJson(name, data);
                    case "text" -> texts.put(name.substring(TEXTS.length()), utf8(name, data));
                    case "tensors" -> tensors.put(name.substring(TENSORS.length()), tensorFile(name, data));
                    default -> throw error(MANIFEST, "entry '" + name + "' has unknown type '" + e.type() + "'");
                }
            }
            where = "the end of the zip";
            if (!raw.endsWithZipEndRecord()) {
                throw error(null, "truncated: the zip ends without its end record");
            }
            for (String name : expected.keySet()) {
                if (!seen.contains(name)) {
                    throw error(name, "is listed in the manifest but missing from the zip");
                }
            }
            return new ModelBundle(source, manifest, config, texts, tensors);
        }

        private ZipEntry next() throws IOException {
            try {
                return zip.getNextEntry();
            } catch (ZipException | EOFException e) {
                throw error(null, "truncated or corrupted zip (after entry '" + where + "'): " + problem(e));
            }
        }

        /** Reads the current entry, refusing to read far beyond the size the manifest declares. */
        private byte[] content(String name, long declared) throws IOException {
            where = name;
            try {
                if (declared > Integer.MAX_VALUE - 8) {
                    throw error(name, "declares " + declared + " bytes, more than one entry may hold");
                }
                // the size is known: read into an exact array (readNBytes would copy through a list of chunks)
                byte[] buf = new byte[(int) declared];
                int n = zip.readNBytes(buf, 0, buf.length);
                byte[] data = n == buf.length ? buf : Arrays.copyOf(buf, n);
                if (n == buf.length && zip.read() != -1) {
                    throw error(name, "is larger than the " + declared + " bytes the manifest declares:"
                            + " the bundle is corrupted or was tampered with");
                }
                return data;
            } catch (ZipException | EOFException e) {
                throw error(name, "truncated or corrupted zip: " + problem(e));
            }
        }

        private static String problem(IOException e) {
            return e.getMessage() != null ? e.getMessage() : e instanceof EOFException ? "unexpected end of file"
                    : e.getClass().getSimpleName();
        }

        private void checkPath(String name) {
            if (name.isEmpty() || name.startsWith("/") || name.startsWith("\\") || name.contains("\\")
                    || name.contains(":") || name.endsWith("/")) {
                throw error(name, "unsafe or invalid entry path (absolute, a directory, or with '\\' or ':')");
            }
            for (String part : name.split("/", -1)) {
                if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                    throw error(name, "unsafe entry path: it escapes the bundle or has an empty or '.' part");
                }
            }
        }

        /** A listed entry's path must fit its type, so that every path maps back to one text or tensor name. */
        private void checkListed(BundleManifest.Entry e) {
            String p = e.path();
            boolean fits = switch (e.type()) {
                case "config" -> p.equals(CONFIG);
                case "text" -> p.startsWith(TEXTS) && NAME.matcher(p.substring(TEXTS.length())).matches();
                case "tensors" -> p.startsWith(TENSORS) && NAME.matcher(p.substring(TENSORS.length())).matches();
                default -> false;
            };
            if (!fits || e.bytes() < 0) {
                throw error(MANIFEST, "lists entry '" + p + "' with type '" + e.type() + "' and " + e.bytes()
                        + " bytes: not a valid bundle entry");
            }
        }

        private BundleManifest parseManifest(byte[] data) {
            JsonNode tree = parseJson(MANIFEST, data);
            JsonNode version = tree.get("formatVersion");
            if (version == null || !version.canConvertToInt()) {
                throw error(MANIFEST, "has no integer formatVersion: not a seqlab model bundle");
            }
            if (version.intValue() > FORMAT_VERSION || version.intValue() < 1) {
                String writer = tree.path("seqlabVersion").asText("an unknown version");
                throw new BundleException(source + ": written by seqlab " + writer + " with bundle format "
                        + version.intValue() + "; this seqlab reads up to " + FORMAT_VERSION
                        + (version.intValue() < 1 ? " (and from 1)" : " (this is seqlab " + seqlabVersion()
                        + ": upgrade it to load this model)"));
            }
            try {
                BundleManifest m = JSON.treeToValue(tree, BundleManifest.class);
                if (m.kind() == null || m.entries().stream().anyMatch(e -> e.path() == null || e.type() == null
                        || e.sha256() == null)) {
                    throw error(MANIFEST, "lacks the kind, or an entry lacks its path, type or sha256");
                }
                return m;
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw error(MANIFEST, "malformed: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }

        private JsonNode parseJson(String name, byte[] data) {
            try {
                JsonNode node = JSON.readTree(data);
                if (node == null || !node.isObject()) {
                    throw error(name, "is not a JSON object");
                }
                return node;
            } catch (IOException e) {
                throw error(name, "is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }

        private String utf8(String name, byte[] data) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
            } catch (CharacterCodingException e) {
                throw error(name, "is not valid UTF-8");
            }
        }

        private Map<String, INDArray> tensorFile(String name, byte[] data) throws IOException {
            try {
                return TensorFile.read(new ByteArrayInputStream(data), source + "!" + name).tensors();
            } catch (TensorFileException e) {
                throw new BundleException(e.getMessage(), e);
            }
        }
    }

    /**
     * Counts the bytes read and keeps the last ones, so that after the last entry the reader can check that the zip
     * ends with its end-of-central-directory record: a stream cut after a complete entry would otherwise pass.
     */
    private static final class TailStream extends FilterInputStream {
        /** The end record is 22 bytes plus a comment of up to 65535 bytes. */
        private static final int KEEP = 22 + 65535;
        private final byte[] tail = new byte[2 * KEEP];
        private int tailLength;
        long count;

        TailStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                keep(new byte[] {(byte) b}, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int k = in.read(b, off, len);
            if (k > 0) {
                keep(b, off, k);
            }
            return k;
        }

        @Override
        public long skip(long n) throws IOException {
            // route skips through read so that the tail stays complete
            byte[] buf = new byte[(int) Math.min(n, 8192)];
            int k = read(buf, 0, buf.length);
            return Math.max(k, 0);
        }

        private void keep(byte[] b, int off, int len) {
            count += len;
            if (len >= KEEP) {
                System.arraycopy(b, off + len - KEEP, tail, 0, KEEP);
                tailLength = KEEP;
                return;
            }
            if (tailLength + len > tail.length) {
                int drop = tailLength + len - KEEP;
                System.arraycopy(tail, drop, tail, 0, tailLength - drop);
                tailLength -= drop;
            }
            System.arraycopy(b, off, tail, tailLength, len);
            tailLength += len;
        }

        /** Reads to the end, then looks for the end record (signature 50 4B 05 06) whose comment ends the stream. */
        boolean endsWithZipEndRecord() throws IOException {
            byte[] buf = new byte[8192];
            while (read(buf, 0, buf.length) >= 0) {
                // drain
            }
            for (int p = tailLength - 22; p >= 0; p--) {
                if (tail[p] == 0x50 && tail[p + 1] == 0x4B && tail[p + 2] == 0x05 && tail[p + 3] == 0x06) {
                    int comment = (tail[p + 20] & 0xFF) | (tail[p + 21] & 0xFF) << 8;
                    if (p + 22 + comment == tailLength) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
