package org.seqlab.lm.anomaly;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seqlab.InputFormatException;
import org.seqlab.SeqlabException;

/**
 * Reads Tatoeba's tab-separated sentence pairs, {@code English<TAB>French<TAB>attribution} per line, UTF-8 (as in
 * {@code eng-fra.head5000.txt}). A line with another number of fields, an empty sentence, or bytes that are not UTF-8
 * is an {@link InputFormatException} naming the file and the line. Line ends may be LF or CRLF; a final line without
 * a newline is read; an empty line is an error (the format has none).
 */
public final class TatoebaPairs {

    private TatoebaPairs() {
    }

    /** Reads a whole file. Lines are decoded one at a time, so a UTF-8 error is reported on its own line. */
    public static List<SentencePair> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SeqlabException(file + ": no such file");
        } catch (IOException e) {
            throw new SeqlabException(file + ": cannot read: " + e.getMessage(), e);
        }
        String source = file.toString();
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<SentencePair> pairs = new ArrayList<>();
        long number = 0;
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            number++;
            String line;
            try {
                line = utf8.decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
            } catch (CharacterCodingException e) {
                throw new InputFormatException(source, number, "not valid UTF-8", e);
            }
            pairs.add(parse(line, number, source));
            start = end + 1;
        }
        return pairs;
    }

    /** Reads pairs from already decoded text; {@code source} names it in error messages. */
    public static List<SentencePair> read(Reader in, String source) throws IOException {
        BufferedReader lines = new BufferedReader(in);
        List<SentencePair> pairs = new ArrayList<>();
        long number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            pairs.add(parse(line, ++number, source));
        }
        return pairs;
    }

    private static SentencePair parse(String line, long number, String source) {
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (number == 1 && line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        String[] fields = line.split("\t", -1);
        if (fields.length != 3) {
            throw new InputFormatException(source, number,
                    "expected 3 tab-separated fields (English, French, attribution), found " + fields.length);
        }
        if (fields[0].isBlank() || fields[1].isBlank()) {
            throw new InputFormatException(source, number,
                    "empty " + (fields[0].isBlank() ? "English" : "French") + " sentence");
        }
        return new SentencePair(fields[0], fields[1], fields[2], number);
    }
}
