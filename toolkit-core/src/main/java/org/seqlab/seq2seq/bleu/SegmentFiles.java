package org.seqlab.seq2seq.bleu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.seqlab.InputFormatException;

/**
 * Reads a file of segments: UTF-8, one segment per line, lines ended by {@code \n} only (a {@code \r} stays in the
 * segment, as in Python's {@code open(..., newline="\n")} that sacreBLEU uses; BLEU strips it as trailing
 * whitespace). A last line without {@code \n} still counts; an empty file has no segments. A UTF-8 byte-order mark is
 * kept as the character U+FEFF, as Python's {@code utf-8} codec keeps it, so that the counts stay sacreBLEU's.
 */
public final class SegmentFiles {
    private SegmentFiles() {
    }

    /**
     * The lines of {@code file}, without their {@code \n}.
     *
     * @throws InputFormatException if the file is missing or unreadable, or a line is not valid UTF-8 (naming it)
     */
    public static List<String> readLines(Path file) {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new InputFormatException(source, 0, "is a directory, not a file of segments");
        }
        if (!Files.exists(file)) {
            throw new InputFormatException(source, 0, "no such file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputFormatException(source, 0, "cannot read: " + e.getMessage(), e);
        }
        String text;
        try {
            text = strictDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw invalidUtf8(source, bytes);
        }
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
            lines.add(text.substring(start, i));
            start = i + 1;
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    private static CharsetDecoder strictDecoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Finds the first line that does not decode, for the message. */
    private static InputFormatException invalidUtf8(String source, byte[] bytes) {
        CharsetDecoder decoder = strictDecoder();
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                ByteBuffer in = ByteBuffer.wrap(bytes, start, i - start);
                CharBuffer out = CharBuffer.allocate(i - start + 1);
                decoder.reset();
                CoderResult r = decoder.decode(in, out, true);
                if (r.isError()) {
                    int column = in.position() - start;
                    return new InputFormatException(source, line, String.format(
                            "invalid UTF-8 (byte 0x%02x at byte %d of the line)", bytes[in.position()] & 0xff,
                            column + 1));
                }
                line++;
                start = i + 1;
            }
        }
        return new InputFormatException(source, 0, "invalid UTF-8");
    }
}
