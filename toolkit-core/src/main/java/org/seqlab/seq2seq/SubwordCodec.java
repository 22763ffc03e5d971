package org.seqlab.seq2seq;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.seqlab.text.bpe.BpeCodes;
import org.seqlab.text.bpe.BpeDecoder;
import org.seqlab.text.bpe.BpeEncoder;
import org.seqlab.text.bpe.BpeLearner;
import org.seqlab.text.bpe.WordCounts;
import org.seqlab.vocab.Vocabulary;

/**
 * Text ↔ ids for one side of a translator: whitespace-separated words, optionally cut where the kind of character
 * changes ({@link WordSplit}), BPE (subword-nmt, "@@ " continuation marks), then a {@link Vocabulary} with the
 * specials &lt;pad&gt;, &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt; at ids 0-3. Decoding undoes the BPE and the cuts and
 * joins words with single spaces. Immutable; safe to share between threads.
 */
public final class SubwordCodec {
    /**
     * How a whitespace-separated word is cut before BPE. {@link #NONE}: not at all (subword-nmt on raw text: "fence."
     * and "fence" are different words, and merges such as "e." spend the vocabulary on punctuation glued to word
     * ends). {@link #CHARACTER_CLASSES}: between runs of letters (with their combining marks), digits and other
     * characters, as sentencepiece's default script and number splitting does. The punctuation side of a cut carries
     * the joining mark, so that a word keeps the same pieces whatever follows it: "fence." is {@code fence @@.} (a
     * leading {@code @@} joins a piece to the one before), "t-shirt" is {@code t @@-@@ shirt}; between letters and
     * digits the first run is marked as subword-nmt marks pieces ("1990s": {@code 1990@@ s}). Decoding removes the
     * marks and the spaces beside them.
     */
    public enum WordSplit {
        NONE, CHARACTER_CLASSES;

        /** The name in configs and bundles: {@code none}, {@code character-classes}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** The split of a {@link #label()}; an unknown name is refused, naming the known ones. */
        public static WordSplit ofLabel(String label) {
            for (WordSplit w : values()) {
                if (w.label().equals(label)) {
                    return w;
                }
            }
            throw new IllegalArgumentException("unknown BPE word split '" + label + "' (none, character-classes)");
        }
    }

    private final BpeCodes codes;
    private final BpeEncoder encoder;
    private final BpeDecoder decoder = new BpeDecoder();
    private final Vocabulary vocabulary;
    private final WordSplit split;

    public SubwordCodec(BpeCodes codes, Vocabulary vocabulary) {
        this(codes, vocabulary, WordSplit.NONE);
    }

    public SubwordCodec(BpeCodes codes, Vocabulary vocabulary, WordSplit split) {
        this.split = split;
        this.codes = codes;
        this.encoder = BpeEncoder.builder().setCodes(codes).build();
        this.vocabulary = vocabulary;
        if (vocabulary.padId() != Seq2SeqModel.PAD || vocabulary.unkId() != Seq2SeqModel.UNK
                || vocabulary.bosId() != Seq2SeqModel.BOS || vocabulary.eosId() != Seq2SeqModel.EOS) {
            throw new IllegalArgumentException("translator vocabulary must have <pad>, <unk>, <s>, </s> at ids 0-3");
        }
    }

    /** Learns {@code merges} BPE merges on all the lines given and a vocabulary of every piece they produce. */
    public static SubwordCodec learn(List<List<String>> corpora, int merges) {
        return learn(corpora, merges, WordSplit.NONE);
    }

    /** As {@link #learn(List, int)}, with words cut by {@code split} before BPE (in learning and encoding). */
    public static SubwordCodec learn(List<List<String>> corpora, int merges, WordSplit split) {
        WordCounts counts = new WordCounts();
        for (List<String> lines : corpora) {
            for (String line : lines) {
                for (String word : split(line)) {
                    if (split == WordSplit.NONE) {
                        counts.add(word, 1);
                    } else {
                        for (String unit : units(word)) {
                            counts.add(unit, 1);
                        }
                    }
                }
            }
        }
        BpeCodes codes = BpeLearner.builder().setMerges(merges).build().learn(counts);
        return new SubwordCodec(codes, vocabularyOf(BpeEncoder.builder().setCodes(codes).build(), split, corpora), split);
    }

    private static Vocabulary vocabularyOf(BpeEncoder encoder, WordSplit split, List<List<String>> corpora) {
        Vocabulary.Builder vb = Vocabulary.builder();
        for (List<String> lines : corpora) {
            for (String line : lines) {
                for (String piece : pieces(encoder, split, line)) {
                    vb.add(piece);
                }
            }
        }
        return vb.build();
    }

    /**
     * A codec with these BPE codes and word split and a vocabulary of every piece that {@code corpora} produce: one
     * side's vocabulary under codes learned on both sides.
     */
    public SubwordCodec withVocabularyOf(List<List<String>> corpora) {
        return new SubwordCodec(codes, vocabularyOf(encoder, split, corpora), split);
    }

    /**
     * A word cut between runs of letters (with combining marks), digits and other characters: "t-shirt," → "t", "-",
     * "shirt", ","; "1990s" → "1990", "s".
     */
    static List<String> units(String word) {
        List<String> out = new ArrayList<>(2);
        int start = 0;
        int previous = -1;
        for (int i = 0; i < word.length();) {
            int cp = word.codePointAt(i);
            int kind = characterClass(cp);
            if (previous >= 0 && kind != previous) {
                out.add(word.substring(start, i));
                start = i;
            }
            previous = kind;
            i += Character.charCount(cp);
        }
        out.add(word.substring(start));
        return out;
    }

    private static int characterClass(int cp) {
        if (Character.isLetter(cp)) {
            return 0;
        }
        if (Character.isDigit(cp)) {
            return 1;
        }
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK) {
            return 0; // a combining accent stays with its letter
        }
        return 2;
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        for (String s : line.strip().split("\\s+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public BpeCodes codes() {
        return codes;
    }

    /** How words are cut before BPE. */
    public WordSplit wordSplit() {
        return split;
    }

    /** The BPE pieces of a line. */
    public List<String> pieces(String line) {
        return pieces(encoder, split, line);
    }

    private static List<String> pieces(BpeEncoder encoder, WordSplit split, String line) {
        if (split == WordSplit.NONE) {
            return split(encoder.encodeLine(line.strip()));
        }
        String mark = encoder.separator();
        List<String> out = new ArrayList<>();
        for (String word : split(line)) {
            List<String> units = units(word);
            for (int u = 0; u < units.size(); u++) {
                String unit = units.get(u);
                List<String> segments = encoder.segment(unit);
                // a cut next to punctuation is marked on the punctuation's side; a cut between letters and digits
                // on the first run's last piece, as subword-nmt marks the pieces inside a word
                boolean other = isOther(unit);
                boolean joinsPrevious = u > 0 && other;
                boolean joinsNext = u < units.size() - 1 && (other || !isOther(units.get(u + 1)));
                for (int k = 0; k < segments.size(); k++) {
                    String piece = segments.get(k);
                    if (k == 0 && joinsPrevious) {
                        piece = mark + piece;
                    }
                    if (k < segments.size() - 1 || joinsNext) {
                        piece = piece + mark;
                    }
                    out.add(piece);
                }
            }
        }
        return out;
    }

    private static boolean isOther(String unit) {
        return characterClass(unit.codePointAt(0)) == 2;
    }

    /**
     * Whether the cut after {@code piece} (of {@link #pieces}) is inside a word: {@code piece} ends with the mark, or
     * (word split) {@code next}, the piece after it or null, starts with it.
     */
    public boolean joinsNext(String piece, String next) {
        String mark = encoder.separator();
        return piece.endsWith(mark) || (split != WordSplit.NONE && next != null && next.startsWith(mark)
                && next.length() > mark.length());
    }

    /** Ids of a line's pieces (unknown pieces map to &lt;unk&gt;); no &lt;s&gt; or &lt;/s&gt;. */
    public int[] encode(String line) {
        return ids(pieces(line));
    }

    public int[] ids(List<String> pieces) {
        return vocabulary.indices(pieces);
    }

    /** Pieces of ids (for attention labels). */
    public List<String> pieces(int[] ids) {
        return vocabulary.tokens(ids);
    }

    /** Detokenised text: BPE undone, words joined by single spaces. */
    public String decode(int[] ids) {
        return decode(vocabulary.tokens(ids));
    }

    /**
     * As {@link #decode(int[])}, for pieces as strings: those of {@link #pieces(int[])}, or edited ones (the
     * translator's unknown-word replacement puts source pieces in place of {@code <unk>}).
     */
    public String decode(List<String> tokens) {
        if (split == WordSplit.NONE) {
            return decoder.decode(String.join(" ", tokens)).strip();
        }
        String mark = encoder.separator();
        StringBuilder sb = new StringBuilder();
        boolean glued = true; // no space before the first piece
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            boolean left = t.startsWith(mark) && t.length() > mark.length();
            if (left) {
                t = t.substring(mark.length());
            }
            boolean right = t.endsWith(mark);
            if (right) {
                t = t.substring(0, t.length() - mark.length());
            }
            if (!glued && !left) {
                sb.append(' ');
            }
            sb.append(t);
            glued = right;
        }
        return sb.toString().strip();
    }

    /** The codes in subword-nmt's file format. */
    public String codesText() {
        StringWriter w = new StringWriter();
        try {
            codes.write(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** The vocabulary in {@link Vocabulary#save}'s format. */
    public String vocabularyText() {
        try {
            Path tmp = Files.createTempFile("seqlab-vocab", ".txt");
            try {
                vocabulary.save(tmp);
                return Files.readString(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rebuilds a codec from {@link #codesText} and {@link #vocabularyText}; {@code source} names them in errors. */
    public static SubwordCodec fromTexts(String codesText, String vocabularyText, String source) {
        return fromTexts(codesText, vocabularyText, WordSplit.NONE, source);
    }

    /** As {@link #fromTexts(String, String, String)}, for a codec that cuts words by {@code split}. */
    public static SubwordCodec fromTexts(String codesText, String vocabularyText, WordSplit split, String source) {
        try {
            BpeCodes codes = BpeCodes.read(new BufferedReader(new StringReader(codesText)), source + " (BPE codes)");
            Path tmp = Files.createTempFile("seqlab-vocab", ".txt");
            try {
                Files.writeString(tmp, vocabularyText);
                return new SubwordCodec(codes, Vocabulary.load(tmp), split);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "SubwordCodec[" + codes.size() + " merges, " + vocabulary.size() + " pieces, word split "
                + split.label() + "]";
    }
}
