package org.seqlab.lm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.seqlab.SeqlabException;
import org.seqlab.text.bpe.BpeCodes;
import org.seqlab.text.bpe.BpeDecoder;
import org.seqlab.text.bpe.BpeEncoder;
import org.seqlab.text.bpe.BpeLearner;
import org.seqlab.text.bpe.WordCounts;

/**
 * BPE pieces (subword-nmt codes, {@code @@} continuation marks) as language-model units: each line's whitespace-separated
 * words are split into pieces, and every line break is the token {@link #LINE_END}. Id 0 is {@link #UNKNOWN} (a piece
 * the training text never produced), id 1 the line end, then the pieces by descending training count (ties in string
 * order), so the same text and codes always give the same ids. Decoding joins pieces with single spaces, undoes the
 * BPE and turns line-end tokens back into line breaks; runs of spaces are not kept.
 */
public final class BpeTokens implements LmTokens {
    public static final String UNKNOWN = "<unk>";
    public static final String LINE_END = "</s>";
    static final String CODES_NAME = "bpe-codes.txt";
    static final String VOCABULARY_NAME = "bpe-pieces.txt";

    private final BpeCodes codes;
    private final BpeEncoder encoder;
    private final BpeDecoder decoder = new BpeDecoder();
    private final String[] pieces;
    private final Map<String, Integer> ids = new HashMap<>();

    private BpeTokens(BpeCodes codes, String[] pieces) {
        this.codes = codes;
        this.encoder = BpeEncoder.builder().setCodes(codes).build();
        this.pieces = pieces;
        for (int i = 0; i < pieces.length; i++) {
            ids.put(pieces[i], i);
        }
    }

    /** Learns {@code merges} merges on the text's lines and takes every piece they produce as a unit. */
    public static BpeTokens learn(String text, int merges) {
        List<String> lines = text.lines().toList();
        BpeCodes codes = BpeLearner.builder().setMerges(merges).build().learn(WordCounts.ofLines(lines));
        BpeEncoder encoder = BpeEncoder.builder().setCodes(codes).build();
        Map<String, Long> counts = new HashMap<>();
        for (String line : lines) {
            for (String piece : split(encoder.encodeLine(line))) {
                counts.merge(piece, 1L, Long::sum);
            }
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        String[] pieces = new String[sorted.size() + 2];
        pieces[0] = UNKNOWN;
        pieces[1] = LINE_END;
        for (int i = 0; i < sorted.size(); i++) {
            pieces[i + 2] = sorted.get(i).getKey();
        }
        return new BpeTokens(codes, pieces);
    }

    static BpeTokens fromTexts(String codesText, String piecesText, String source) {
        BpeCodes codes;
        try {
            codes = BpeCodes.read(new BufferedReader(new StringReader(codesText)), source + ": " + CODES_NAME);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] pieces = piecesText.split("\n");
        if (pieces.length < 2 || !pieces[0].equals(UNKNOWN) || !pieces[1].equals(LINE_END)) {
            throw new SeqlabException(source + ": " + VOCABULARY_NAME + " must start with the lines " + UNKNOWN + " and "
                    + LINE_END);
        }
        if (Arrays.stream(pieces).distinct().count() != pieces.length) {
            throw new SeqlabException(source + ": " + VOCABULARY_NAME + " lists a piece twice");
        }
        return new BpeTokens(codes, pieces);
    }

    private static List<String> split(String encodedLine) {
        List<String> out = new ArrayList<>();
        for (String s : encodedLine.strip().split("\\s+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public LmUnit unit() {
        return LmUnit.BPE;
    }

    @Override
    public int size() {
        return pieces.length;
    }

    /** Line by line: the pieces of each line, then {@link #LINE_END} for each line break. */
    @Override
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        int start = 0;
        while (start <= text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            for (String piece : split(encoder.encodeLine(text.substring(start, end)))) {
                out.add(ids.getOrDefault(piece, 0));
            }
            if (nl < 0) {
                break;
            }
            out.add(1);
            start = nl + 1;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String decode(int[] tokenIds) {
        StringBuilder text = new StringBuilder();
        List<String> line = new ArrayList<>();
        for (int id : tokenIds) {
            if (id == 1) {
                text.append(decoder.decode(String.join(" ", line)).strip()).append('\n');
                line.clear();
            } else {
                line.add(display(id));
            }
        }
        return text.append(decoder.decode(String.join(" ", line)).strip()).toString();
    }

    @Override
    public int lineEnd() {
        return 1;
    }

    @Override
    public String display(int id) {
        if (id < 0 || id >= pieces.length) {
            throw new IllegalArgumentException("piece id " + id + " is outside the " + pieces.length + " pieces");
        }
        return pieces[id];
    }

    public BpeCodes codes() {
        return codes;
    }

    @Override
    public Map<String, String> toTexts() {
        StringWriter w = new StringWriter();
        try {
            codes.write(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put(CODES_NAME, w.toString());
        texts.put(VOCABULARY_NAME, String.join("\n", pieces) + "\n");
        return texts;
    }
}
