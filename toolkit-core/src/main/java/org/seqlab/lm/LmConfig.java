package org.seqlab.lm;

import org.seqlab.nn.recurrent.CellType;
import org.seqlab.train.TrainerConfig;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A language model and how to train it. Defaults (also for fields missing from JSON): cell LSTM; embeddingSize 64;
 * hiddenSize 256; layers 1; window 100 (truncated-BPTT chunk length k); stride = window (chunks tile the stream; a
 * smaller stride overlaps them, see {@link org.seqlab.train.TruncatedBptt}); streams 32 (the training text is cut into
 * this many parallel streams, the batch); validStreams 10; trainer: {@link TrainerConfig#defaults()} (Adam 0.001,
 * gradient-norm clipping at 5, seed 1); unit CHAR (characters; BPE: BPE pieces learned on the training text with
 * bpeMerges merges, default 8000); tieEmbeddings false (true: the output layer's weight is the input embedding
 * matrix, which needs embeddingSize = hiddenSize).
 */
public record LmConfig(CellType cell, int embeddingSize, int hiddenSize, int layers, int window, int stride, int streams,
        int validStreams, TrainerConfig trainer, LmUnit unit, int bpeMerges, boolean tieEmbeddings) {

    public static final int DEFAULT_BPE_MERGES = 8000;

    public LmConfig {
        if (cell == null || trainer == null || unit == null) {
            throw new IllegalArgumentException("language model config: cell, trainer and unit are required");
        }
        if (embeddingSize < 1 || hiddenSize < 1 || layers < 1 || window < 1 || streams < 1 || validStreams < 1) {
            throw new IllegalArgumentException("language model config: embeddingSize, hiddenSize, layers, window, streams"
                    + " and validStreams must be at least 1");
        }
        if (stride < 1 || stride > window) {
            throw new IllegalArgumentException("language model config: stride must be in [1, window=" + window + "], got "
                    + stride);
        }
        if (bpeMerges < 0) {
            throw new IllegalArgumentException("language model config: bpeMerges must be >= 0, got " + bpeMerges);
        }
        if (tieEmbeddings && embeddingSize != hiddenSize) {
            throw new IllegalArgumentException("language model config: tieEmbeddings needs embeddingSize = hiddenSize"
                    + " (the output layer reuses the embedding matrix), got " + embeddingSize + " and " + hiddenSize);
        }
    }

    /** A character model without tying. */
    public LmConfig(CellType cell, int embeddingSize, int hiddenSize, int layers, int window, int stride, int streams,
            int validStreams, TrainerConfig trainer) {
        this(cell, embeddingSize, hiddenSize, layers, window, stride, streams, validStreams, trainer, LmUnit.CHAR,
                DEFAULT_BPE_MERGES, false);
    }

    public static LmConfig defaults() {
        return new LmConfig(CellType.LSTM, 64, 256, 1, 100, 100, 32, 10, TrainerConfig.defaults());
    }

    @JsonCreator
    static LmConfig fromJson(@JsonProperty("cell") CellType cell, @JsonProperty("embeddingSize") Integer embeddingSize,
            @JsonProperty("hiddenSize") Integer hiddenSize, @JsonProperty("layers") Integer layers,
            @JsonProperty("window") Integer window, @JsonProperty("stride") Integer stride,
            @JsonProperty("streams") Integer streams, @JsonProperty("validStreams") Integer validStreams,
            @JsonProperty("trainer") TrainerConfig trainer, @JsonProperty("unit") LmUnit unit,
            @JsonProperty("bpeMerges") Integer bpeMerges, @JsonProperty("tieEmbeddings") Boolean tieEmbeddings) {
        LmConfig d = defaults();
        int w = window == null ? d.window : window;
        return new LmConfig(cell == null ? d.cell : cell, embeddingSize == null ? d.embeddingSize : embeddingSize,
                hiddenSize == null ? d.hiddenSize : hiddenSize, layers == null ? d.layers : layers, w,
                stride == null ? w : stride, streams == null ? d.streams : streams,
                validStreams == null ? d.validStreams : validStreams, trainer == null ? d.trainer : trainer,
                unit == null ? d.unit : unit, bpeMerges == null ? d.bpeMerges : bpeMerges,
                tieEmbeddings != null && tieEmbeddings);
    }

    public LmConfig withTrainer(TrainerConfig t) {
        return new LmConfig(cell, embeddingSize, hiddenSize, layers, window, stride, streams, validStreams, t, unit,
                bpeMerges, tieEmbeddings);
    }
}
