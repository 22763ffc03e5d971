package org.seqlab.vocab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.InputFormatException;
import org.seqlab.SeqlabException;

class EmbeddingLoaderTest {
    @TempDir
    Path dir;

    private static final String GLOVE = "the 0.5 -1.25 3e-2\nCat 1 2 3\ncat -0.5 0.25 8\nParis 4 5 6\nparis 7 8 9\n";
    private static final String W2V = "5 3\n" + GLOVE;

    private Path text(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    private Path bytes(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    private static byte[] zip(String entry, byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("folder/"));
            z.closeEntry();
            z.putNextEntry(new ZipEntry(entry));
            z.write(b);
            z.closeEntry();
        }
        return out.toByteArray();
    }

    /** word2vec binary built by hand: header, then word, space, little-endian floats, newline. */
    private static byte[] binary(String header, Object... wordThenValues) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        for (Object o : wordThenValues) {
            if (o instanceof String w) {
                out.writeBytes(w.getBytes(StandardCharsets.UTF_8));
                out.write(' ');
            } else {
                float[] v = (float[]) o;
                ByteBuffer bb = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
                for (float x : v) {
                    bb.putFloat(x);
                }
                out.writeBytes(bb.array());
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    private static PretrainedEmbeddings load(Path f) {
        return EmbeddingLoader.builder().setFile(f).build().load();
    }

    private static void assertFiveRows(PretrainedEmbeddings e) {
        assertThat(e.size()).isEqualTo(5);
        assertThat(e.dim()).isEqualTo(3);
        assertThat(e.words()).containsExactly("the", "Cat", "cat", "Paris", "paris");
        assertThat(e.vector(0)).containsExactly(0.5f, -1.25f, 0.03f);
        assertThat(e.vector(2)).containsExactly(-0.5f, 0.25f, 8f);
        assertThat(e.get(4, 2)).isEqualTo(9f);
    }

    @Test
    void glove_text_plain_gzip_and_zip_read_the_same_rows() throws IOException {
        byte[] b = GLOVE.getBytes(StandardCharsets.UTF_8);
        for (Path f : List.of(bytes("g.txt", b), bytes("g.txt.gz", gzip(b)), bytes("g.zip", zip("g.txt", b)),
                bytes("no-extension", gzip(b)))) {
            PretrainedEmbeddings e = load(f);
            assertThat(e.format()).isEqualTo(EmbeddingFormat.GLOVE_TEXT);
            assertFiveRows(e);
        }
    }

    @Test
    void pretrained_lookup_by_word_with_lowercase_fallback_and_as_ndarray() throws IOException {
        PretrainedEmbeddings e = load(text("g.txt", GLOVE));
        assertThat(e.find("Cat")).isEqualTo(1);
        assertThat(e.find("CAT")).isEqualTo(-1);
        assertThat(e.findOrLowercase("CAT")).isEqualTo(2);
        assertThat(e.findOrLowercase("THE")).isZero();
        assertThat(e.findOrLowercase("Dog")).isEqualTo(-1);
        INDArray a = e.toINDArray();
        assertThat(a.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(a.shape()).containsExactly(5, 3);
        assertThat(a.getFloat(3, 2)).isEqualTo(6f);
    }

    @Test
    void word2vec_text_with_header_plain_and_gzip() throws IOException {
        byte[] b = W2V.getBytes(StandardCharsets.UTF_8);
        for (Path f : List.of(bytes("w.txt", b), bytes("w.bin", gzip(b)))) {
            PretrainedEmbeddings e = load(f);
            assertThat(e.format()).isEqualTo(EmbeddingFormat.WORD2VEC_TEXT);
            assertFiveRows(e);
        }
    }

    @Test
    void fasttext_vec_rows_with_trailing_blanks_and_crlf_are_read() throws IOException {
        Path f = text("f.vec", "2 3 \r\nthe 0.5 -1.25 3e-2 \r\nété 1 2 3 \r\n");
        PretrainedEmbeddings e = load(f);
        assertThat(e.format()).isEqualTo(EmbeddingFormat.WORD2VEC_TEXT);
        assertThat(e.words()).containsExactly("the", "été");
        assertThat(e.vector(1)).containsExactly(1f, 2f, 3f);
    }

    @Test
    void a_utf8_byte_order_mark_is_skipped() throws IOException {
        PretrainedEmbeddings glove = load(text("bom.txt", "\uFEFFthe 1 2\ncat 3 4\n"));
        assertThat(glove.words()).containsExactly("the", "cat");
        PretrainedEmbeddings w2v = load(text("bom.vec", "\uFEFF1 2\nthe 1 2\n"));
        assertThat(w2v.format()).isEqualTo(EmbeddingFormat.WORD2VEC_TEXT);
        assertThat(w2v.words()).containsExactly("the");
    }

    @Test
    void concatenated_gzip_members_are_read_as_one_stream() throws IOException {
        byte[] first = gzip("the 1 2\n".getBytes(StandardCharsets.UTF_8));
        byte[] second = gzip("cat 3 4\n".getBytes(StandardCharsets.UTF_8));
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        assertThat(load(bytes("two.gz", both)).words()).containsExactly("the", "cat");
    }

    @Test
    void word2vec_binary_plain_gzip_and_zip() throws IOException {
        byte[] b = binary("3 2\n", "the", new float[] {0.5f, -1.25f}, "été", new float[] {Float.MIN_VALUE, -0f},
                "x", new float[] {1e30f, 7f});
        for (Path f : List.of(bytes("b.bin", b), bytes("b.txt", gzip(b)), bytes("b.zip", zip("b.bin", b)))) {
            assertThat(EmbeddingLoader.detect(f)).isEqualTo(EmbeddingFormat.WORD2VEC_BINARY);
            PretrainedEmbeddings e = load(f);
            assertThat(e.words()).containsExactly("the", "été", "x");
            assertThat(e.vector(0)).containsExactly(0.5f, -1.25f);
            assertThat(Float.floatToRawIntBits(e.get(1, 0))).isEqualTo(1);
            assertThat(Float.floatToRawIntBits(e.get(1, 1))).isEqualTo(0x8000_0000);
            assertThat(e.vector(2)).containsExactly(1e30f, 7f);
        }
    }

    @Test
    void word2vec_binary_rows_without_newlines_are_read() throws IOException {
        byte[] withNewlines = binary("2 1\n", "a", new float[] {1f}, "b", new float[] {2f});
        // drop the '\n' after each vector, as some writers do
        byte[] without = new byte[withNewlines.length - 2];
        int n = 0;
        for (int i = 0; i < withNewlines.length; i++) {
            if (i != 4 + 2 + 4 && i != withNewlines.length - 1) {
                without[n++] = withNewlines[i];
            }
        }
        PretrainedEmbeddings e = load(bytes("tight.bin", without));
        assertThat(e.words()).containsExactly("a", "b");
        assertThat(e.vector(1)).containsExactly(2f);
    }

    @Test
    void named_format_that_disagrees_with_the_content_is_refused() throws IOException {
        Path glove = text("g.txt", GLOVE);
        assertThatThrownBy(() -> EmbeddingLoader.builder().setFile(glove).optFormat(EmbeddingFormat.WORD2VEC_TEXT)
                .build().load()).isInstanceOf(EmbeddingFormatException.class)
                .hasMessage(glove + ":1: named WORD2VEC_TEXT, but the first line is not a 'count dim' header");
    }

    @Test
    void words_with_blanks_are_read_only_when_asked() throws IOException {
        Path f = text("840b.txt", "the 1 2\n. . . 3 4\nat  name\t5 6 \n");
        assertFails(f, f + ":2: value 1 of word '.' is not a number: '.'");
        PretrainedEmbeddings e = EmbeddingLoader.builder().setFile(f).optWordsWithBlanks(true).build().load();
        assertThat(e.words()).containsExactly("the", ". . .", "at  name");
        assertThat(e.vector(1)).containsExactly(3f, 4f);
        assertThat(e.vector(2)).containsExactly(5f, 6f);
        Path shortRow = text("short.txt", "the 1 2\nx 3\n");
        assertThatThrownBy(() -> EmbeddingLoader.builder().setFile(shortRow).optWordsWithBlanks(true).build().load())
                .isInstanceOf(EmbeddingFormatException.class)
                .hasMessage(shortRow + ":2: word 'x' has 1 values, expected 2 (as in the first row)");
    }

    @Test
    void glove_rows_that_look_like_a_header_need_the_format_named() throws IOException {
        Path f = text("ints.txt", "1 5\n2 6\n");
        assertFails(f, f + ":2: word '2' has 1 values, expected 5 (the header's dimension)");
        PretrainedEmbeddings e = EmbeddingLoader.builder().setFile(f).optFormat(EmbeddingFormat.GLOVE_TEXT).build()
                .load();
        assertThat(e.words()).containsExactly("1", "2");
        assertThat(e.vector(1)).containsExactly(6f);
    }

    @Test
    void filtered_load_keeps_vocabulary_rows_with_exact_then_lowercase_matches() throws IOException {
        Path f = text("g.txt", GLOVE);
        // ids: 0-3 specials, then The 3, PARIS 2, cat 2, dog 1 (count, then string order)
        Vocabulary v = Vocabulary.builder().add("The", 3).add("cat", 2).add("PARIS", 2).add("dog").build();
        assertThat(v.tokens()).containsExactly("<pad>", "<unk>", "<s>", "</s>", "The", "PARIS", "cat", "dog");
        EmbeddingMatrix m = EmbeddingLoader.builder().setFile(f).optSeed(5).build().loadFor(v);
        assertThat(m.rows()).isEqualTo(8);
        assertThat(m.dim()).isEqualTo(3);
        assertThat(m.vector(4)).containsExactly(0.5f, -1.25f, 0.03f); // The -> the
        assertThat(m.vector(5)).containsExactly(7f, 8f, 9f); // PARIS -> paris (its lowercase form beats Paris)
        assertThat(m.vector(6)).containsExactly(-0.5f, 0.25f, 8f); // cat exact, not Cat
        assertThat(m.source(4)).isEqualTo(EmbeddingMatrix.Source.LOWERCASE);
        assertThat(m.source(6)).isEqualTo(EmbeddingMatrix.Source.EXACT);
        assertThat(m.source(7)).isEqualTo(EmbeddingMatrix.Source.RANDOM);
        assertThat(m.source(0)).isEqualTo(EmbeddingMatrix.Source.PADDING);
        assertThat(m.vector(0)).containsExactly(0f, 0f, 0f);
        assertThat(m.exactCount()).isEqualTo(1);
        assertThat(m.lowercaseCount()).isEqualTo(2);
        // <unk>, <s>, </s>, dog
        assertThat(m.missingCount()).isEqualTo(4);
        double bound = Math.sqrt(3.0 / 3);
        for (int id : new int[] {1, 2, 3, 7}) {
            for (float x : m.vector(id)) {
                assertThat(Math.abs(x)).isLessThanOrEqualTo((float) bound).isGreaterThan(0f);
            }
        }
        PretrainedEmbeddings found = m.foundRows();
        assertThat(found.words()).containsExactly("The", "PARIS", "cat");
        assertThat(found.vector(1)).containsExactly(7f, 8f, 9f);
        INDArray a = m.toINDArray();
        assertThat(a.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(a.shape()).containsExactly(8, 3);
        assertThat(a.getFloat(5, 1)).isEqualTo(8f);
    }

    @Test
    void lowercase_vocabulary_takes_first_cased_row_when_no_lowercase_row_exists() throws IOException {
        Path f = text("cased.txt", "Berlin 1 1\nBERLIN 2 2\nbonn 3 3\n");
        Vocabulary v = Vocabulary.builder().optSpecials(List.of()).add("berlin").add("bonn").build();
        EmbeddingMatrix m = EmbeddingLoader.builder().setFile(f).build().loadFor(v);
        assertThat(m.vector(v.find("berlin"))).containsExactly(1f, 1f);
        assertThat(m.source(v.find("berlin"))).isEqualTo(EmbeddingMatrix.Source.LOWERCASE);
        assertThat(m.source(v.find("bonn"))).isEqualTo(EmbeddingMatrix.Source.EXACT);
        assertThat(m.missingCount()).isZero();
    }

    @Test
    void lowercase_fallback_off_matches_exact_words_only() throws IOException {
        Path f = text("g.txt", GLOVE);
        Vocabulary v = Vocabulary.builder().add("The").add("cat").build();
        EmbeddingMatrix m = EmbeddingLoader.builder().setFile(f).optLowercaseFallback(false).build().loadFor(v);
        assertThat(m.exactCount()).isEqualTo(1);
        assertThat(m.lowercaseCount()).isZero();
        assertThat(m.source(v.find("The"))).isEqualTo(EmbeddingMatrix.Source.RANDOM);
    }

    @Test
    void random_rows_depend_on_seed_and_id_only_and_scale_is_configurable() throws IOException {
        Path f = text("g.txt", GLOVE);
        Vocabulary small = Vocabulary.builder().add("zebra").build();
        Vocabulary big = Vocabulary.builder().add("zebra").add("cat").build();
        EmbeddingLoader loader = EmbeddingLoader.builder().setFile(f).optSeed(11).optInitScale(0.01).build();
        EmbeddingMatrix a = loader.loadFor(small);
        EmbeddingMatrix b = loader.loadFor(big);
        // zebra has id 4 in both (count 1 ties broken by string order put "cat" first in big: check by find)
        assertThat(a.vector(small.find("<unk>"))).containsExactly(b.vector(big.find("<unk>")));
        for (float x : a.vector(small.find("zebra"))) {
            assertThat(Math.abs(x)).isLessThanOrEqualTo(0.01f);
        }
        EmbeddingMatrix other = EmbeddingLoader.builder().setFile(f).optSeed(12).build().loadFor(small);
        assertThat(other.vector(1)).isNotEqualTo(a.vector(1));
    }

    @Test
    void align_in_memory_matches_streaming_filter() throws IOException {
        Path f = text("g.txt", GLOVE);
        Vocabulary v = Vocabulary.builder().add("The", 3).add("cat", 2).add("PARIS", 2).add("dog").build();
        EmbeddingMatrix streamed = EmbeddingLoader.builder().setFile(f).optSeed(3).build().loadFor(v);
        EmbeddingMatrix aligned = EmbeddingMatrix.align(load(f), v, true, Double.NaN, 3);
        assertThat(aligned.toFloatArray()).containsExactly(streamed.toFloatArray());
    }

    // ---- malformed input: each names file, line and problem ----

    private void assertFails(Path f, String message) {
        assertThatThrownBy(() -> load(f)).isInstanceOf(EmbeddingFormatException.class).hasMessage(message);
    }

    @Test
    void row_with_wrong_number_of_values() throws IOException {
        Path f = text("short.txt", "a 1 2 3\nb 1 2\n");
        assertFails(f, f + ":2: word 'b' has 2 values, expected 3 (as in the first row)");
        Path g = text("long.vec", "2 2\na 1 2\nb 1 2 3\n");
        assertFails(g, g + ":3: word 'b' has 3 values, expected 2 (the header's dimension)");
    }

    @Test
    void non_number_value() throws IOException {
        Path f = text("nan.txt", "a 1 2\nb 1 x2\n");
        assertFails(f, f + ":2: value 2 of word 'b' is not a number: 'x2'");
    }

    @Test
    void non_finite_values_are_refused_naming_line_and_word() throws IOException {
        for (String value : new String[] {"Infinity", "-Infinity", "NaN", "1e39", "-3.5e38"}) {
            Path f = text("inf.txt", "a 1 2\nb 1 " + value + "\n");
            assertFails(f, f + ":2: value 2 of word 'b' is not a finite float: '" + value + "'");
        }
        Path bin = bytes("inf.bin", binary("2 2\n", "a", new float[] {1, 2}, "b", new float[] {Float.NaN, 7f}));
        assertFails(bin, bin + ":2: value 1 of word 'b' is not a finite float: NaN");
    }

    @Test
    void header_count_or_dim_disagreeing_with_rows() throws IOException {
        Path count = text("count.vec", "3 2\na 1 2\nb 3 4\n");
        assertFails(count, count + ":1: header declares 3 vectors but the file holds 2");
        Path dim = text("dim.vec", "2 3\na 1 2\nb 3 4\n");
        assertFails(dim, dim + ":2: word 'a' has 2 values, expected 3 (the header's dimension)");
        PretrainedEmbeddings lenient = EmbeddingLoader.builder().setFile(count).optCheckHeaderCount(false).build()
                .load();
        assertThat(lenient.size()).isEqualTo(2);
    }

    @Test
    void empty_file_and_blank_first_line() throws IOException {
        Path empty = text("empty.txt", "");
        assertFails(empty, empty + ": empty file");
        Path gzEmpty = bytes("empty.gz", gzip(new byte[0]));
        assertFails(gzEmpty, gzEmpty + ": empty file");
        Path blank = text("blank.txt", "\na 1\n");
        assertFails(blank, blank + ":1: first line is empty");
        Path headerOnly = text("header.vec", "2 5\n");
        assertFails(headerOnly, headerOnly + ":1: header declares 2 vectors but the file holds 0");
    }

    @Test
    void invalid_utf8_word() throws IOException {
        byte[] b = "a 1\nxx 2\n".getBytes(StandardCharsets.US_ASCII);
        b[4] = (byte) 0xC3; // a lead byte followed by 'x', not a continuation byte
        Path f = bytes("latin.txt", b);
        assertFails(f, f + ":2: word is not valid UTF-8 (bytes c378)");
    }

    @Test
    void truncated_binary_names_the_row() throws IOException {
        byte[] full = binary("2 3\n", "a", new float[] {1, 2, 3}, "bb", new float[] {4, 5, 6});
        Path cut = bytes("cut.bin", Arrays.copyOf(full, full.length - 6));
        assertFails(cut, cut + ":2: truncated: word 'bb' needs 12 bytes of float32 values, the file has 7 left");
        Path fewer = bytes("fewer.bin", binary("3 3\n", "a", new float[] {1, 2, 3}, "bb", new float[] {4, 5, 6}));
        assertFails(fewer, fewer + ":3: truncated: the file ends after 2 of the 3 rows the header declares");
        Path inWord = bytes("inword.bin", Arrays.copyOf(full, 4 + 2 + 12 + 1 + 1));
        assertFails(inWord, inWord + ":2: truncated: the file ends inside the word (byte offset 19)");
        Path extra = bytes("extra.bin", binary("1 3\n", "a", new float[] {1, 2, 3}, "bb", new float[] {4, 5, 6}));
        assertFails(extra, extra + ":2: data after the 1 rows the header declares (byte offset 19)");
    }

    @Test
    void truncated_gzip_is_a_format_error_naming_the_file() throws IOException {
        byte[] gz = gzip(GLOVE.repeat(50).getBytes(StandardCharsets.UTF_8));
        Path f = bytes("cut.txt.gz", Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> load(f)).isInstanceOf(EmbeddingFormatException.class)
                .hasMessageMatching(java.util.regex.Pattern.quote(f.toString()) + ":\\d+: cannot read: .+");
    }

    @Test
    void zip_without_a_file_and_missing_file() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("only-a-folder/"));
            z.closeEntry();
        }
        Path f = bytes("empty.zip", out.toByteArray());
        assertFails(f, f + ": zip archive holds no file");
        Path missing = dir.resolve("absent.txt");
        assertThatThrownBy(() -> load(missing)).isInstanceOf(SeqlabException.class)
                .isNotInstanceOf(InputFormatException.class).hasMessage("embedding file not found: " + missing);
    }

    @Test
    void errors_inside_a_zip_name_archive_and_entry() throws IOException {
        Path f = bytes("bad.zip", zip("inner.txt", "a 1 2\nb 1\n".getBytes(StandardCharsets.UTF_8)));
        assertFails(f, f + "!inner.txt:2: word 'b' has 1 values, expected 2 (as in the first row)");
    }

    @Test
    void an_error_early_in_a_large_gzip_file_stops_the_read_ahead_thread() throws IOException {
        StringBuilder sb = new StringBuilder("a 1 2\nb 1\n");
        for (int i = 0; i < 200_000; i++) {
            sb.append("w").append(i).append(" 0.25 -0.5\n");
        }
        Path f = bytes("big.gz", gzip(sb.toString().getBytes(StandardCharsets.UTF_8)));
        assertFails(f, f + ":2: word 'b' has 1 values, expected 2 (as in the first row)");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("seqlab-read-ahead"));
    }
}
