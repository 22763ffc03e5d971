package org.seqlab.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.seqlab.InputFormatException;
import org.seqlab.SeqlabException;

/** Reads whole texts as strict UTF-8: a malformed byte is an error that names the source, line and column. */
public final class TextInput {
    private TextInput() {
    }

    /** The text of a UTF-8 file (a leading byte-order mark is dropped, so offsets start at the first character). */
    public static String readUtf8(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            // reading a directory fails with a bare "Is a directory" that names no path
            throw new SeqlabException(file + ": is a directory");
        }
        return decodeUtf8(Files.readAllBytes(file), file.toString());
    }

    /** The text of a UTF-8 stream, read to its end. */
    public static String readUtf8(InputStream in, String source) throws IOException {
        return decodeUtf8(in.readAllBytes(), source);
    }

    /** Decodes UTF-8 bytes; {@code source} names them in the error. */
    public static String decodeUtf8(byte[] bytes, String source) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int skip = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        ByteBuffer in = ByteBuffer.wrap(bytes, skip, bytes.length - skip);
        CharBuffer out = CharBuffer.allocate(bytes.length - skip);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            long line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new InputFormatException(source, line, String.format(
                    "invalid UTF-8 (byte 0x%02X at byte %d of the line)", bytes[at] & 0xff, at - lineStart + 1));
        }
        out.flip();
        return out.toString();
    }
}
