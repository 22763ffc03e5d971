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
 * Text ↔ ids for one side of a translator: whitespace-separated words, BPE (subword-nmt, "@@ " continuation marks),
 * then a {@link Vocabulary} with the specials &lt;pad&gt;, &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt; at ids 0-3. Decoding
 * undoes the BPE and joins words with single spaces. Immutable; safe to share between threads.
 */
public final class SubwordCodec {
    private final BpeCodes codes;
    private final BpeEncoder encoder;
    private final BpeDecoder decoder = new BpeDecoder();
    private final Vocabulary vocabulary;

    public SubwordCodec(BpeCodes codes, Vocabulary vocabulary) {
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
        WordCounts counts = WordCounts.ofLines(corpora.stream().flatMap(List::stream).toList());
        BpeCodes codes = BpeLearner.builder().setMerges(merges).build().learn(counts);
        BpeEncoder encoder = BpeEncoder.builder().setCodes(codes).build();
        Vocabulary.Builder vb = Vocabulary.builder();
        for (List<String> lines : corpora) {
            for (String line : lines) {
                for (String piece : split(encoder.encodeLine(line))) {
                    vb.add(piece);
                }
            }
        }
        return new SubwordCodec(codes, vb.build());
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

    /** The BPE pieces of a line. */
    public List<String> pieces(String line) {
        return split(encoder.encodeLine(line.strip()));
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
        return decoder.decode(String.join(" ", vocabulary.tokens(ids))).strip();
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
        try {
            BpeCodes codes = BpeCodes.read(new BufferedReader(new StringReader(codesText)), source + " (BPE codes)");
            Path tmp = Files.createTempFile("seqlab-vocab", ".txt");
            try {
                Files.writeString(tmp, vocabularyText);
                return new SubwordCodec(codes, Vocabulary.load(tmp));
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "SubwordCodec[" + codes.size() + " merges, " + vocabulary.size() + " pieces]";
    }
}
