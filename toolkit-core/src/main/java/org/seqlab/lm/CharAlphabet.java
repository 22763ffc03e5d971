package org.seqlab.lm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;

import org.seqlab.SeqlabException;
import org.seqlab.bundle.AtomicFiles;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The characters (Unicode code points) a character language model knows. Id 0 stands for any character the training
 * text did not contain; the known code points follow in ascending order, so the same text always gives the same ids.
 * (The word {@code Vocabulary} refuses line feeds and tabs as tokens; a character model must read them.)
 */
public final class CharAlphabet implements LmTokens {
    static final String TEXT_NAME = "alphabet.json";

    /** The id of a character the alphabet does not hold. */
    public static final int UNKNOWN = 0;

    private final int[] codePoints;

    private CharAlphabet(int[] sortedCodePoints) {
        this.codePoints = sortedCodePoints;
    }

    /** The alphabet of every code point in {@code text}. */
    public static CharAlphabet of(String text) {
        TreeSet<Integer> seen = new TreeSet<>();
        text.codePoints().forEach(seen::add);
        return new CharAlphabet(seen.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public LmUnit unit() {
        return LmUnit.CHAR;
    }

    /** The id of the line feed (the unknown id where the training text had none). */
    @Override
    public int lineEnd() {
        return id('\n');
    }

    @Override
    public String display(int id) {
        return new String(Character.toChars(codePoint(id)));
    }

    @Override
    public java.util.Map<String, String> toTexts() {
        return java.util.Map.of(TEXT_NAME, toJson());
    }

    /** Ids including {@link #UNKNOWN}. */
    @Override
    public int size() {
        return codePoints.length + 1;
    }

    public int id(int codePoint) {
        int i = Arrays.binarySearch(codePoints, codePoint);
        return i < 0 ? UNKNOWN : i + 1;
    }

    /** The code point of an id; U+FFFD for {@link #UNKNOWN}. */
    public int codePoint(int id) {
        if (id < 0 || id >= size()) {
            throw new IllegalArgumentException("character id " + id + " is outside the alphabet of size " + size());
        }
        return id == UNKNOWN ? 0xFFFD : codePoints[id - 1];
    }

    @Override
    public int[] encode(String text) {
        return text.codePoints().map(this::id).toArray();
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        for (int id : ids) {
            sb.appendCodePoint(codePoint(id));
        }
        return sb.toString();
    }

    /** The code points as a JSON array. */
    public String toJson() {
        try {
            return new ObjectMapper().writeValueAsString(codePoints);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write an int array as JSON", e);
        }
    }

    /** Reads {@link #toJson()}'s form; {@code source} names the file or bundle entry in errors. */
    public static CharAlphabet fromJson(String json, String source) {
        int[] cps;
        try {
            cps = new ObjectMapper().readValue(json, int[].class);
        } catch (IOException e) {
            throw new SeqlabException(source + ": not an alphabet (a JSON array of code points): "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        for (int i = 0; i < cps.length; i++) {
            if (!Character.isValidCodePoint(cps[i]) || (i > 0 && cps[i] <= cps[i - 1])) {
                throw new SeqlabException(source + ": entry " + (i + 1) + " is not a code point in ascending order: "
                        + cps[i]);
            }
        }
        return new CharAlphabet(cps);
    }

    /** Writes {@link #toJson()} atomically. */
    public void save(Path file) {
        try {
            AtomicFiles.writeBytes(file, toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SeqlabException(file + ": cannot write the alphabet: " + e.getMessage(), e);
        }
    }

    public static CharAlphabet load(Path file) {
        try {
            return fromJson(java.nio.file.Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new SeqlabException(file + ": cannot read the alphabet: " + e.getMessage(), e);
        }
    }
}
