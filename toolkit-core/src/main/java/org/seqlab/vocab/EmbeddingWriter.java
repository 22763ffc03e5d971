package org.seqlab.vocab;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes vectors as GloVe text, word2vec text (readable as fastText {@code .vec}) or word2vec binary; gzip-compressed
 * when the file name ends in {@code .gz}. Text values are written by {@link Float#toString}, which reads back to the same
 * float. Words must be non-empty and hold no space, tab, line feed or carriage return, which these formats cannot carry.
 */
public final class EmbeddingWriter {
    private EmbeddingWriter() {
    }

    public static void write(Path file, EmbeddingFormat format, PretrainedEmbeddings embeddings) {
        write(file, format, embeddings.words(), embeddings.values(), embeddings.dim());
    }

    /** Writes the aligned matrix with the vocabulary's tokens as words. */
    public static void write(Path file, EmbeddingFormat format, EmbeddingMatrix matrix) {
        write(file, format, matrix.vocabulary().tokens(), matrix.toFloatArray(), matrix.dim());
    }

    /**
     * @param vectors row-major, {@code words.size() * dim} values
     */
    public static void write(Path file, EmbeddingFormat format, List<String> words, float[] vectors, int dim) {
        if (dim < 1 || (long) words.size() * dim != vectors.length) {
            throw new IllegalArgumentException(words.size() + " words of dimension " + dim + " need "
                    + (long) words.size() * dim + " values, not " + vectors.length);
        }
        for (String w : words) {
            if (w.isEmpty() || w.indexOf(' ') >= 0 || w.indexOf('\t') >= 0 || w.indexOf('\n') >= 0
                    || w.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("word '" + w + "' is empty or holds a blank or line break");
            }
        }
        try {
            // as the other writers (AtomicFiles) do: the command line checks before a long load that the folder can be
            // created, and the write must then not fail on its absence
            Path folder = file.toAbsolutePath().getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of embeddings " + file, e);
        }
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream out = new BufferedOutputStream(
                        file.getFileName().toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw,
                        1 << 16)) {
            if (format != EmbeddingFormat.GLOVE_TEXT) {
                out.write((words.size() + " " + dim + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            ByteBuffer binary = ByteBuffer.allocate(4 * dim).order(ByteOrder.LITTLE_ENDIAN);
            StringBuilder line = new StringBuilder();
            for (int r = 0; r < words.size(); r++) {
                if (format == EmbeddingFormat.WORD2VEC_BINARY) {
                    out.write(words.get(r).getBytes(StandardCharsets.UTF_8));
                    out.write(' ');
                    binary.clear();
                    for (int j = 0; j < dim; j++) {
                        binary.putFloat(vectors[r * dim + j]);
                    }
                    out.write(binary.array());
                    out.write('\n');
                } else {
                    line.setLength(0);
                    line.append(words.get(r));
                    for (int j = 0; j < dim; j++) {
                        line.append(' ').append(vectors[r * dim + j]);
                    }
                    line.append('\n');
                    out.write(line.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write embeddings " + file, e);
        }
    }
}
