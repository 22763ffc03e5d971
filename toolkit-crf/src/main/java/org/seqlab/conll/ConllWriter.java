package org.seqlab.conll;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.seqlab.SeqlabException;

/**
 * Writes sentences back in their format with predicted tags: either all input columns plus the prediction as a last
 * column (conlleval's input, {@code word ... gold predicted}), or the input with the tag column replaced. Predictions
 * are written as given; convert IOBES predictions to the input's scheme first with {@link ConllSentence#fromIobes}.
 * CoNLL-U comments, multiword-token ranges and empty nodes are written back verbatim in place, and
 * {@code -DOCSTART-} lines before their sentence followed by a blank line; every sentence ends with a blank line,
 * lines with {@code \n}.
 *
 * <pre>{@code
 * ConllWriter.builder().setMode(ConllWriter.Mode.APPEND_PREDICTION).build().write(out, dev.sentences(), predicted);
 * }</pre>
 */
public final class ConllWriter {
    /** Where the predicted tag goes. */
    public enum Mode {
        /** The input's columns plus a last column with the prediction (conlleval's format; not for CoNLL-U). */
        APPEND_PREDICTION,
        /** The input's columns with the tag column replaced by the prediction. */
        REPLACE_TAG
    }

    private final Mode mode;
    private final Charset encoding;

    private ConllWriter(Builder b) {
        this.mode = b.mode;
        this.encoding = b.encoding;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a writer: the mode is required. */
    public static final class Builder {
        private Mode mode;
        private Charset encoding = StandardCharsets.UTF_8;

        private Builder() {
        }

        public Builder setMode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** Encoding of written files; default UTF-8. */
        public Builder optEncoding(Charset encoding) {
            this.encoding = encoding;
            return this;
        }

        public ConllWriter build() {
            if (mode == null) {
                throw new IllegalStateException("setMode is required");
            }
            if (encoding == null) {
                throw new IllegalStateException("the encoding may not be null");
            }
            return new ConllWriter(this);
        }
    }

    /** Writes a file (replacing it). */
    public void write(Path file, List<ConllSentence> sentences, List<? extends List<String>> predicted) {
        try (BufferedWriter out = Files.newBufferedWriter(file, encoding)) {
            write(out, sentences, predicted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes to a string, e.g. for a test or a small preview. */
    public String writeToString(List<ConllSentence> sentences, List<? extends List<String>> predicted) {
        StringBuilder b = new StringBuilder();
        try {
            write(b, sentences, predicted);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return b.toString();
    }

    /**
     * @param predicted one tag sequence per sentence, as long as the sentence
     * @throws IllegalArgumentException when the counts of sentences or tags differ
     * @throws SeqlabException when appending a column to CoNLL-U, which has exactly ten
     */
    public void write(Appendable out, List<ConllSentence> sentences, List<? extends List<String>> predicted)
            throws IOException {
        if (predicted.size() != sentences.size()) {
            throw new IllegalArgumentException("got " + predicted.size() + " predicted sequences for "
                    + sentences.size() + " sentences");
        }
        for (int s = 0; s < sentences.size(); s++) {
            ConllSentence sentence = sentences.get(s);
            List<String> tags = predicted.get(s);
            if (tags.size() != sentence.size()) {
                throw new IllegalArgumentException("sentence " + s + " (" + sentence.source() + ":"
                        + sentence.firstLine() + ") has " + sentence.size() + " words but " + tags.size()
                        + " predicted tags");
            }
            for (String tag : tags) {
                if (tag.isEmpty() || tag.indexOf(' ') >= 0 || tag.indexOf('\t') >= 0 || tag.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("predicted tag '" + tag + "' for the sentence at "
                            + sentence.source() + ":" + sentence.firstLine() + " is empty or holds a separator");
                }
            }
            if (mode == Mode.APPEND_PREDICTION && sentence.format() == ConllFormat.CONLLU) {
                throw new SeqlabException("CoNLL-U has exactly 10 columns: write predictions into the tag column "
                        + "(mode REPLACE_TAG)");
            }
            writeSentence(out, sentence, tags);
        }
    }

    private void writeSentence(Appendable out, ConllSentence sentence, List<String> tags) throws IOException {
        char sep = sentence.format().tabSeparated() ? '\t' : ' ';
        if (sentence.documentStart() != null) {
            out.append(sentence.documentStart());
            if (mode == Mode.APPEND_PREDICTION) {
                out.append(sep).append('O'); // conlleval wants as many fields on every line
            }
            out.append("\n\n");
        }
        List<ConllSentence.KeptLine> kept = sentence.keptLines();
        int k = 0;
        int columns = sentence.columnCount();
        int tagColumn = sentence.tagColumn();
        for (int i = 0; i <= sentence.size(); i++) {
            while (k < kept.size() && kept.get(k).beforeWord() == i) {
                out.append(kept.get(k++).text()).append('\n');
            }
            if (i == sentence.size()) {
                break;
            }
            for (int c = 1; c <= columns; c++) {
                if (c > 1) {
                    out.append(sep);
                }
                out.append(mode == Mode.REPLACE_TAG && c == tagColumn ? tags.get(i) : sentence.field(i, c));
            }
            if (mode == Mode.APPEND_PREDICTION) {
                out.append(sep).append(tags.get(i));
            }
            out.append('\n');
        }
        out.append('\n');
    }
}
