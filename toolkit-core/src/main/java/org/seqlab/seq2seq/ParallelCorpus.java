package org.seqlab.seq2seq;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.seqlab.SeqlabException;
import org.seqlab.text.TextInput;

/**
 * Sentence-aligned source and target lines (line k of one file translates line k of the other), read as strict
 * UTF-8. A malformed byte is an {@link org.seqlab.InputFormatException} naming the file and line; files of different line counts
 * and empty sides are refused.
 */
public record ParallelCorpus(List<String> sources, List<String> targets, String sourceName, String targetName) {
    public ParallelCorpus {
        if (sources.size() != targets.size()) {
            throw new SeqlabException(sourceName + " has " + sources.size() + " lines but " + targetName + " has "
                    + targets.size() + ": a parallel corpus needs one target line per source line");
        }
        sources = List.copyOf(sources);
        targets = List.copyOf(targets);
    }

    public static ParallelCorpus read(Path sourceFile, Path targetFile) {
        return new ParallelCorpus(lines(sourceFile), lines(targetFile), sourceFile.toString(), targetFile.toString());
    }

    public int size() {
        return sources.size();
    }

    /** The lines of a UTF-8 text file (without line ends; a final line end does not start an extra line). */
    public static List<String> lines(Path file) {
        String text;
        try {
            text = TextInput.readUtf8(file);
        } catch (IOException e) {
            throw new SeqlabException("cannot read " + file + ": " + e.getMessage());
        }
        return splitLines(text);
    }

    /** Lines of a text; "\r\n" and "\n" end lines; a final line end does not start an extra line. */
    public static List<String> splitLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            out.add(text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end));
            start = end + 1;
        }
        return out;
    }
}
