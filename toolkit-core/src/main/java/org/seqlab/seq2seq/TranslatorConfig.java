package org.seqlab.seq2seq;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import org.seqlab.nn.recurrent.CellType;

/**
 * Architecture of the attentional encoder-decoder. Defaults (also for fields missing from JSON) follow the PyTorch
 * peer {@code shared/bench/torch_seq2seq.py}: bpeMerges 8000 (subword-nmt merges; the peer uses an 8000-piece
 * sentencepiece BPE) with jointVocabulary true (one set of BPE codes and one vocabulary for both sides) and
 * bpeWordSplit "character-classes" (words cut between letters, digits and other characters before BPE, as
 * sentencepiece cuts them; "none" runs BPE on whitespace-separated words as they are, as models trained before this
 * option did; see {@link SubwordCodec.WordSplit}); embeddingSize 256; encoderCell LSTM, encoderLayers 1,
 * encoderBidirectional true, encoderHidden 256 (per direction); decoderHidden 512; attention "general" (Luong;
 * also "additive" and "dot"); inputFeeding true; dropout 0.3; labelSmoothing 0.1; tieEmbeddings false (tying needs
 * embeddingSize == decoderHidden); initScale 0.1 (every parameter uniform(-0.1, 0.1), as Luong et al.);
 * maxSourceLength 200 pieces; scheduledSampling off; decoderCell LSTM (also GRU, PyTorch's formulation; a GRU decoder
 * has no cell state, so only the hidden bridge is built); sharedBpeCodes false (with jointVocabulary false, true learns
 * one set of BPE codes on both sides, as jointVocabulary does, but gives each side its own vocabulary of the pieces
 * it uses: the decoder's embeddings and output layer then cover only target-side pieces, which makes the output
 * layer, the largest product of a decoder step, smaller; ignored when jointVocabulary is true).
 */
public record TranslatorConfig(int bpeMerges, boolean jointVocabulary, int embeddingSize, CellType encoderCell,
        int encoderLayers, boolean encoderBidirectional, int encoderHidden, int decoderHidden, String attention,
        boolean inputFeeding, double dropout, double labelSmoothing, boolean tieEmbeddings, double initScale,
        int maxSourceLength, ScheduledSampling scheduledSampling, CellType decoderCell, String bpeWordSplit,
        boolean sharedBpeCodes) {

    /** A config whose separate vocabularies (if any) come from separate BPE codes. */
    public TranslatorConfig(int bpeMerges, boolean jointVocabulary, int embeddingSize, CellType encoderCell,
            int encoderLayers, boolean encoderBidirectional, int encoderHidden, int decoderHidden, String attention,
            boolean inputFeeding, double dropout, double labelSmoothing, boolean tieEmbeddings, double initScale,
            int maxSourceLength, ScheduledSampling scheduledSampling, CellType decoderCell, String bpeWordSplit) {
        this(bpeMerges, jointVocabulary, embeddingSize, encoderCell, encoderLayers, encoderBidirectional, encoderHidden,
                decoderHidden, attention, inputFeeding, dropout, labelSmoothing, tieEmbeddings, initScale,
                maxSourceLength, scheduledSampling, decoderCell, bpeWordSplit, false);
    }

    /** A config whose BPE runs on whole words ({@code bpeWordSplit} "none"). */
    public TranslatorConfig(int bpeMerges, boolean jointVocabulary, int embeddingSize, CellType encoderCell,
            int encoderLayers, boolean encoderBidirectional, int encoderHidden, int decoderHidden, String attention,
            boolean inputFeeding, double dropout, double labelSmoothing, boolean tieEmbeddings, double initScale,
            int maxSourceLength, ScheduledSampling scheduledSampling, CellType decoderCell) {
        this(bpeMerges, jointVocabulary, embeddingSize, encoderCell, encoderLayers, encoderBidirectional, encoderHidden,
                decoderHidden, attention, inputFeeding, dropout, labelSmoothing, tieEmbeddings, initScale,
                maxSourceLength, scheduledSampling, decoderCell, SubwordCodec.WordSplit.NONE.label());
    }

    /** A config with an LSTM decoder, BPE on whole words. */
    public TranslatorConfig(int bpeMerges, boolean jointVocabulary, int embeddingSize, CellType encoderCell,
            int encoderLayers, boolean encoderBidirectional, int encoderHidden, int decoderHidden, String attention,
            boolean inputFeeding, double dropout, double labelSmoothing, boolean tieEmbeddings, double initScale,
            int maxSourceLength, ScheduledSampling scheduledSampling) {
        this(bpeMerges, jointVocabulary, embeddingSize, encoderCell, encoderLayers, encoderBidirectional, encoderHidden,
                decoderHidden, attention, inputFeeding, dropout, labelSmoothing, tieEmbeddings, initScale,
                maxSourceLength, scheduledSampling, CellType.LSTM);
    }

    public TranslatorConfig {
        atLeastOne("bpeMerges", bpeMerges);
        atLeastOne("embeddingSize", embeddingSize);
        atLeastOne("encoderLayers", encoderLayers);
        atLeastOne("encoderHidden", encoderHidden);
        atLeastOne("decoderHidden", decoderHidden);
        atLeastOne("maxSourceLength", maxSourceLength);
        if (encoderCell != CellType.LSTM && encoderCell != CellType.GRU) {
            throw new IllegalArgumentException("encoderCell must be LSTM or GRU, got " + encoderCell);
        }
        if (decoderCell != CellType.LSTM && decoderCell != CellType.GRU) {
            throw new IllegalArgumentException("decoderCell must be LSTM or GRU, got " + decoderCell);
        }
        if (!attention.equals("general") && !attention.equals("additive") && !attention.equals("dot")) {
            throw new IllegalArgumentException("attention must be general, additive or dot, got " + attention);
        }
        if (attention.equals("dot") && decoderHidden != encoderHidden * (encoderBidirectional ? 2 : 1)) {
            throw new IllegalArgumentException("dot attention needs decoderHidden == encoder output width "
                    + encoderHidden * (encoderBidirectional ? 2 : 1) + ", got " + decoderHidden);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("labelSmoothing must be in [0, 1), got " + labelSmoothing);
        }
        if (!(initScale > 0)) {
            throw new IllegalArgumentException("initScale must be > 0, got " + initScale);
        }
        if (tieEmbeddings && embeddingSize != decoderHidden) {
            throw new IllegalArgumentException("tieEmbeddings needs embeddingSize (" + embeddingSize
                    + ") == decoderHidden (" + decoderHidden + ")");
        }
        if (scheduledSampling == null) {
            throw new IllegalArgumentException("scheduledSampling is required");
        }
        try {
            SubwordCodec.WordSplit.ofLabel(bpeWordSplit);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bpeWordSplit: " + e.getMessage(), e);
        }
    }

    private static void atLeastOne(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " must be ≥ 1, got " + value);
        }
    }

    /** How words are cut before BPE. */
    public SubwordCodec.WordSplit wordSplit() {
        return SubwordCodec.WordSplit.ofLabel(bpeWordSplit);
    }

    /** This config with another {@code bpeWordSplit}. */
    public TranslatorConfig withWordSplit(SubwordCodec.WordSplit split) {
        return new TranslatorConfig(bpeMerges, jointVocabulary, embeddingSize, encoderCell, encoderLayers,
                encoderBidirectional, encoderHidden, decoderHidden, attention, inputFeeding, dropout, labelSmoothing,
                tieEmbeddings, initScale, maxSourceLength, scheduledSampling, decoderCell, split.label(),
                sharedBpeCodes);
    }

    /** Whether both sides are encoded with one set of BPE codes (a joint vocabulary, or {@code sharedBpeCodes}). */
    public boolean jointBpeCodes() {
        return jointVocabulary || sharedBpeCodes;
    }

    public static TranslatorConfig defaults() {
        return new TranslatorConfig(8000, true, 256, CellType.LSTM, 1, true, 256, 512, "general", true, 0.3, 0.1,
                false, 0.1, 200, ScheduledSampling.off(), CellType.LSTM,
                SubwordCodec.WordSplit.CHARACTER_CLASSES.label(), false);
    }

    @JsonCreator
    static TranslatorConfig fromJson(@JsonProperty("bpeMerges") Integer bpeMerges,
            @JsonProperty("jointVocabulary") Boolean jointVocabulary,
            @JsonProperty("embeddingSize") Integer embeddingSize, @JsonProperty("encoderCell") CellType encoderCell,
            @JsonProperty("encoderLayers") Integer encoderLayers,
            @JsonProperty("encoderBidirectional") Boolean encoderBidirectional,
            @JsonProperty("encoderHidden") Integer encoderHidden, @JsonProperty("decoderHidden") Integer decoderHidden,
            @JsonProperty("attention") String attention, @JsonProperty("inputFeeding") Boolean inputFeeding,
            @JsonProperty("dropout") Double dropout, @JsonProperty("labelSmoothing") Double labelSmoothing,
            @JsonProperty("tieEmbeddings") Boolean tieEmbeddings, @JsonProperty("initScale") Double initScale,
            @JsonProperty("maxSourceLength") Integer maxSourceLength,
            @JsonProperty("scheduledSampling") ScheduledSampling scheduledSampling,
            @JsonProperty("decoderCell") CellType decoderCell,
            @JsonProperty("bpeWordSplit") String bpeWordSplit,
            @JsonProperty("sharedBpeCodes") Boolean sharedBpeCodes) {
        TranslatorConfig d = defaults();
        return new TranslatorConfig(or(bpeMerges, d.bpeMerges), or(jointVocabulary, d.jointVocabulary),
                or(embeddingSize, d.embeddingSize), or(encoderCell, d.encoderCell), or(encoderLayers, d.encoderLayers),
                or(encoderBidirectional, d.encoderBidirectional), or(encoderHidden, d.encoderHidden),
                or(decoderHidden, d.decoderHidden), or(attention, d.attention), or(inputFeeding, d.inputFeeding),
                or(dropout, d.dropout), or(labelSmoothing, d.labelSmoothing), or(tieEmbeddings, d.tieEmbeddings),
                or(initScale, d.initScale), or(maxSourceLength, d.maxSourceLength),
                or(scheduledSampling, d.scheduledSampling), or(decoderCell, d.decoderCell),
                or(bpeWordSplit, d.bpeWordSplit), or(sharedBpeCodes, d.sharedBpeCodes));
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    /** Width of the encoder output (the attention memory). */
    public int memorySize() {
        return encoderHidden * (encoderBidirectional ? 2 : 1);
    }
}
