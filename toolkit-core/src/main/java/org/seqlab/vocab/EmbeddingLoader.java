package org.seqlab.vocab;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads pretrained word vectors in any {@link EmbeddingFormat}, plain, gzip or zip, telling them apart by content:
 * <ul>
 * <li>compression by magic bytes ({@code 1f 8b} gzip, {@code PK 03 04} zip: the archive's first file is read);</li>
 * <li>a first line of exactly two non-negative integers is a {@code count dim} header (word2vec/fastText), anything
 * else is a GloVe row (a GloVe file whose first word is an integer and whose vectors have one value would be misread:
 * name the format with {@link Builder#optFormat} there);</li>
 * <li>after a header, binary when the bytes after the first word are not all characters of decimal numbers.</li>
 * </ul>
 *
 * <p>The one entry point to the per-format readers ({@link TextEmbeddingReader}, {@link BinaryEmbeddingReader}). The
 * file is streamed through a byte window (gzip and zip are inflated in a read-ahead thread; text rows are parsed in
 * blocks by up to 4 worker threads): only the word of each row is decoded (strict UTF-8), numbers are parsed from the
 * bytes ({@link DecimalFloatParser}, bit-identical to {@link Float#parseFloat}). {@link #loadFor} keeps only the rows
 * a vocabulary wants and parses the numbers of those rows alone (every row's value count is still checked). A loader is
 * immutable and may be used from several threads.
 */
public final class EmbeddingLoader {
    private final Path file;
    private final EmbeddingFormat format;
    private final boolean lowercaseFallback;
    private final boolean checkHeaderCount;
    private final boolean blanksInWords;
    private final double initScale;
    private final long seed;

    private EmbeddingLoader(Builder b) {
        this.file = b.file;
        this.format = b.format;
        this.lowercaseFallback = b.lowercaseFallback;
        this.checkHeaderCount = b.checkHeaderCount;
        this.blanksInWords = b.blanksInWords;
        this.initScale = b.initScale;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All vectors of the file, in file order. */
    public PretrainedEmbeddings load() {
        PretrainedEmbeddings.Collector sink = new PretrainedEmbeddings.Collector();
        EmbeddingFormat f = read(sink);
        return sink.finish(f);
    }

    /**
     * A [vocabulary size, dim] matrix aligned with the vocabulary: row {@code id} holds the file's vector for the
     * token (exact match first; with lowercase fallback, else the row of its lowercase form, else the first row whose
     * lowercase form equals the token's); {@code <pad>} stays zero; every other token not found gets uniform random
     * values in ±{@code initScale} (default sqrt(3/dim)) from a generator seeded by the seed and the id, so a row does not
     * depend on which other rows were found.
     */
    public EmbeddingMatrix loadFor(Vocabulary vocabulary) {
        EmbeddingMatrix.Aligner sink = new EmbeddingMatrix.Aligner(vocabulary, lowercaseFallback);
        EmbeddingFormat f = read(sink);
        return sink.finish(f, initScale, seed);
    }

    /** The format of an embedding file, read from its first bytes. */
    public static EmbeddingFormat detect(Path file) {
        String source = file.toString();
        try (EmbeddingInput in = EmbeddingInput.open(file)) {
            try {
                in.sniff(null);
            } catch (IOException e) {
                throw in.failure(e);
            }
            return in.format;
        } catch (IOException e) {
            throw new EmbeddingFormatException(source, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    private EmbeddingFormat read(EmbeddingRowSink sink) {
        try (EmbeddingInput in = EmbeddingInput.open(file)) {
            try {
                in.sniff(format);
                if (in.format == EmbeddingFormat.WORD2VEC_BINARY) {
                    BinaryEmbeddingReader.read(in, sink, checkHeaderCount);
                } else {
                    TextEmbeddingReader.read(in, sink, checkHeaderCount, blanksInWords);
                }
            } catch (IOException e) {
                throw in.failure(e);
            }
            return in.format;
        } catch (IOException e) {
            throw new EmbeddingFormatException(file.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Builder: {@link #setFile} is required. */
    public static final class Builder {
        private Path file;
        private EmbeddingFormat format;
        private boolean lowercaseFallback = true;
        private boolean checkHeaderCount = true;
        private boolean blanksInWords;
        private double initScale = Double.NaN;
        private long seed = 1;

        private Builder() {
        }

        /** The embedding file (plain, .gz or .zip, whatever its name). */
        public Builder setFile(Path embeddingFile) {
            this.file = embeddingFile;
            return this;
        }

        /**
         * Insists on a format instead of detecting it: GloVe reads the first line as a row even where it looks like a
         * header; a header format refuses a file whose first line is no {@code count dim} header.
         */
        public Builder optFormat(EmbeddingFormat embeddingFormat) {
            this.format = embeddingFormat;
            return this;
        }

        /** For {@link #loadFor}: match a token to the row of a differently cased word (default true). */
        public Builder optLowercaseFallback(boolean on) {
            this.lowercaseFallback = on;
            return this;
        }

        /**
         * Whether the header's row count must equal the number of rows (default true). Turn off to read a truncated
         * sample of a large file, such as the first 99 rows of fastText's {@code wiki.en.vec}.
         */
        public Builder optCheckHeaderCount(boolean on) {
            this.checkHeaderCount = on;
            return this;
        }

        /**
         * Text formats: words may contain spaces, so a row's last {@code dim} fields are its values and all before them
         * its word (default false: the word ends at the first blank, and extra fields are an error). GloVe 840B needs
         * it for rows such as {@code ". . . 0.1 ..."}; the first row of a GloVe file must still have a one-field word.
         */
        public Builder optWordsWithBlanks(boolean on) {
            this.blanksInWords = on;
            return this;
        }

        /** For {@link #loadFor}: tokens not found get values uniform in ±scale (default sqrt(3/dim): variance 1/dim). */
        public Builder optInitScale(double scale) {
            if (!(scale >= 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("init scale must be finite and non-negative: " + scale);
            }
            this.initScale = scale;
            return this;
        }

        /** For {@link #loadFor}: seed of the random values of tokens not found (default 1). */
        public Builder optSeed(long randomSeed) {
            this.seed = randomSeed;
            return this;
        }

        public EmbeddingLoader build() {
            if (file == null) {
                throw new IllegalStateException("setFile is required");
            }
            return new EmbeddingLoader(this);
        }
    }
}
