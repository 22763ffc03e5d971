package org.seqlab.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seqlab.InputFormatException;
import org.seqlab.conll.TagScheme;
import org.seqlab.text.TextInput;

/**
 * Reads conlleval's input: one token per line, fields separated by spaces or tabs, the last two fields being the gold
 * and the predicted tag; an empty line, or a line whose first field is {@code -X-}, ends a sentence. As in conlleval,
 * every other line is a token (a {@code -DOCSTART-} line too), and every line must have as many fields as the first.
 */
public final class ConllevalFile {
    /** The gold and predicted tags of one sentence. */
    public record Sentence(List<String> gold, List<String> predicted) {
    }

    private ConllevalFile() {
    }

    /**
     * @throws InputFormatException naming the file and line of a malformed line or a tag the scheme does not allow
     */
    public static List<Sentence> read(Path file, TagScheme scheme) {
        // strict decoding: a malformed byte is reported with the file and line, not as a bare decoder message
        try (BufferedReader in = new BufferedReader(new StringReader(TextInput.readUtf8(file)))) {
            return read(in, file.toString(), scheme);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads from a stream; {@code source} names it in messages. */
    public static List<Sentence> read(BufferedReader in, String source, TagScheme scheme) throws IOException {
        List<Sentence> out = new ArrayList<>();
        List<String> gold = new ArrayList<>();
        List<String> predicted = new ArrayList<>();
        int fields = -1;
        long lineNo = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            String trimmed = line.strip();
            String[] f = trimmed.isEmpty() ? new String[0] : trimmed.split("[ \t]+");
            if (f.length == 0 || f[0].equals("-X-")) {
                if (!gold.isEmpty()) {
                    out.add(new Sentence(gold, predicted));
                    gold = new ArrayList<>();
                    predicted = new ArrayList<>();
                }
                continue;
            }
            if (f.length < 2) {
                throw new InputFormatException(source, lineNo,
                        "expected at least 2 fields (gold and predicted tag), found 1");
            }
            if (fields < 0) {
                fields = f.length;
            } else if (f.length != fields) {
                throw new InputFormatException(source, lineNo,
                        "expected " + fields + " fields like the first line, found " + f.length);
            }
            String g = f[f.length - 2];
            String p = f[f.length - 1];
            if (!scheme.isValid(g)) {
                throw new InputFormatException(source, lineNo, "gold tag '" + g + "' is not valid in the " + scheme
                        + " scheme (allowed: " + scheme.allowedForms() + ")");
            }
            if (!scheme.isValid(p)) {
                throw new InputFormatException(source, lineNo, "predicted tag '" + p + "' is not valid in the "
                        + scheme + " scheme (allowed: " + scheme.allowedForms() + ")");
            }
            gold.add(g);
            predicted.add(p);
        }
        if (!gold.isEmpty()) {
            out.add(new Sentence(gold, predicted));
        }
        return out;
    }

    /** Reads a file and scores it: what {@code conlleval < file} prints is {@code evaluate(file, scheme).report()}. */
    public static SpanEvaluation evaluate(Path file, TagScheme scheme) {
        SpanEvaluator e = new SpanEvaluator(scheme);
        for (Sentence s : read(file, scheme)) {
            e.add(s.gold(), s.predicted());
        }
        return e.result();
    }
}
