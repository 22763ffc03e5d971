package org.seqlab.text.bpe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.seqlab.InputFormatException;
import org.seqlab.SeqlabException;

/** Reads a UTF-8 text file line by line, turning decoding failures into errors that name the file and line. */
final class TextLines {
    interface LineConsumer {
        void accept(String line, long lineNo);
    }

    private TextLines() {
    }

    static void forEach(Path file, LineConsumer consumer) {
        long lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                consumer.accept(line, lineNo);
            }
        } catch (CharacterCodingException e) {
            throw new InputFormatException(file.toString(), lineNo + 1, "not valid UTF-8");
        } catch (NoSuchFileException e) {
            throw new SeqlabException("no such file: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
