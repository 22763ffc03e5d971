package org.seqlab.vocab;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Decodes the word of a row: strict UTF-8 (errors name file and line), with an ASCII fast path. */
final class WordDecoder {
    private final String source;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    WordDecoder(String source) {
        this.source = source;
    }

    String decode(byte[] b, int from, int to, long lineNo) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                try {
                    return decoder.decode(ByteBuffer.wrap(b, from, to - from)).toString();
                } catch (CharacterCodingException e) {
                    throw new EmbeddingFormatException(source, lineNo, "word is not valid UTF-8 (bytes "
                            + hex(b, from, to) + ")");
                }
            }
        }
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static String hex(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < Math.min(to, from + 24); i++) {
            sb.append(String.format("%02x", b[i] & 0xff));
        }
        return to - from > 24 ? sb + "..." : sb.toString();
    }
}
