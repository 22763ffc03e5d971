/**
 * The model file format: a versioned, checksummed zip ({@link org.seqlab.bundle.ModelBundle}) holding a manifest,
 * the model config, named texts and named {@link org.seqlab.bundle.TensorFile}s; also the tensor file itself, its
 * compact storages ({@link org.seqlab.bundle.Float16}, {@link org.seqlab.bundle.Int8Rows}) and atomic writing
 * ({@link org.seqlab.bundle.AtomicFiles}). The same description, with examples, is in {@code docs/bundle-format.md}.
 *
 * <h2>Bundle layout (format version 1)</h2>
 * <pre>
 * manifest.json        always the FIRST entry (deflated), UTF-8 JSON, see below
 * config.json          the model config as a JSON object (deflated)
 * texts/NAME           zero or more UTF-8 texts: vocabularies, tag sets, tokenizer settings, BPE codes (deflated)
 * tensors/NAME         zero or more TensorFiles (stored, not compressed: weights hardly compress)
 * </pre>
 * NAME is 1-200 of {@code [A-Za-z0-9._-]}, starting with a letter or digit. No other entries, no directories.
 *
 * <h2>manifest.json</h2>
 * <pre>
 * formatVersion   int     the bundle format version (1)
 * seqlabVersion   string  the seqlab release that wrote it
 * kind            string  "tagger", "translator", "lm", ...
 * created         string  ISO-8601 UTC, to the second
 * trainingData    list of {name, sha256, bytes}: training files and the SHA-256 of their content
 * metrics         object  name -&gt; number, e.g. "dev_f1"
 * provenance      object  name -&gt; string, free-form recipe (command line, seed, ...)
 * entries         list of {path, type ("config" | "text" | "tensors"), storage (tensors only:
 *                 "float32" | "float16" | "int8_rows"), bytes, sha256}: every entry after the manifest, in zip order
 * </pre>
 * Readers ignore manifest fields they do not know, so a later format may add fields without a version bump.
 *
 * <h2>Versions</h2>
 * {@link org.seqlab.bundle.ModelBundle#FORMAT_VERSION} is 1. A reader accepts every format up to its own and refuses
 * newer ones with "written by seqlab X with bundle format N; this seqlab reads up to M". A change that old readers
 * would misread (a new entry type, a new required field) must raise the version; the released v1 fixture
 * ({@code src/test/resources/org/seqlab/bundle/v1-example.zip}) must keep loading. Tensor files carry their own
 * version: 1, or 2 when they use the float16 or int8-row dtypes.
 *
 * <h2>What loading checks</h2>
 * Loading streams the zip once: every entry is inflated once, its SHA-256 checked against the manifest, then
 * decoded. It refuses, with a {@link org.seqlab.bundle.BundleException} naming the bundle and the entry: a file
 * that is empty or not a zip, a first entry other than the manifest, a manifest of a newer format or malformed,
 * an absolute entry path or one with {@code ..}, {@code .}, empty parts, {@code \} or {@code :}, a duplicate entry,
 * an entry the manifest does not list, a listed entry that is missing, a size or checksum mismatch, a zip CRC error,
 * and a truncated zip (including one cut before its central directory: the end record must be present). The central
 * directory is otherwise not consulted; everything loaded is covered by the checksums.
 */
package org.seqlab.bundle;
