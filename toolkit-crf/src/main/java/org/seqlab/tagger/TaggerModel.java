package org.seqlab.tagger;

import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.seqlab.batch.CharBatch;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.crf.CrfScores;
import org.seqlab.crf.LinearChainCrf;
import org.seqlab.crf.TokenRows;
import org.seqlab.crf.TransitionConstraints;
import org.seqlab.nn.CharCnnEncoder;
import org.seqlab.nn.Dropout;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.Linear;
import org.seqlab.nn.LockedDropout;
import org.seqlab.nn.NativeArrays;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.ParameterSet;
import org.seqlab.random.Rng;
import org.seqlab.nn.SoftmaxCrossEntropy;
import org.seqlab.nn.WordDropout;
import org.seqlab.nn.recurrent.CellType;
import org.seqlab.nn.recurrent.CharBiLstmEncoder;
import org.seqlab.nn.recurrent.RecurrentForward;
import org.seqlab.nn.recurrent.RecurrentStack;

/**
 * The BiLSTM-CRF network (Ma and Hovy; NCRF++'s three layers): per word, its (lowercased) word vector, its vector
 * in each further word table, its casing vector and its character encoding (char CNN or char BiLSTM) are joined,
 * dropped out, read by a bidirectional LSTM, dropped out again and projected to one emission score per tag; a
 * linear-chain CRF (or an independent softmax) scores tag sequences. Everything runs on the packed time-major rows of {@link TaggerBatch}.
 *
 * <p>Immutable apart from its parameter values: decoding allocates only per call (the CRF keeps its scratch per
 * thread), so one model serves many threads.
 */
public final class TaggerModel implements org.seqlab.train.TrainableModel<TaggerBatch> {
    private final TaggerConfig config;
    private final DataType dataType;
    private final int numTags;
    private final int unkId;
    private final Embedding words;
    private final Embedding[] extraWords; // further word tables (TaggerConfig.extraWordTables), empty with one
    private final int[] extraUnkIds;
    private final WordDropout sharedWordDropout; // with further tables: one draw per token, dropped in every table
    private final Embedding casing; // null when words are looked up as written
    private final CharCnnEncoder charCnn; // at most one of charCnn, charLstm
    private final Embedding charEmbedding; // the char BiLSTM's input vectors
    private final CharBiLstmEncoder charLstm;
    private final RowDropout inputDropout;
    private final RowDropout outputDropout;
    private final WordDropout wordDropout;
    private final RecurrentStack lstm;
    private final Linear projection;
    private final LinearChainCrf crf; // null for softmax output
    private final Parameter transitions;
    private final Parameter start;
    private final Parameter end;
    private final SoftmaxCrossEntropy softmax;
    private final ParameterSet parameters = new ParameterSet();
    private final TaggerInference inference; // null where decoding runs the layers' own forward passes
    private final LanguageModelHeads languageModel; // null without the training-only language-model objective
    private final AuxiliaryTagHeads auxiliary; // null without training-only auxiliary tag tasks

    /** Names of the language-model objective's parameters start with this; saved models leave them out. */
    static final String LANGUAGE_MODEL_PREFIX = "lm.";
    /** Names of the auxiliary tag tasks' parameters start with this; saved models leave them out. */
    static final String AUXILIARY_PREFIX = "aux.";

    /** Whether a parameter belongs to a training-only objective, which bundles do not carry. */
    static boolean trainingOnly(String parameterName) {
        return parameterName.startsWith(LANGUAGE_MODEL_PREFIX) || parameterName.startsWith(AUXILIARY_PREFIX);
    }

    /**
     * @param wordCount   word vocabulary size (id 0 padding)
     * @param unkId       the unknown word's id (word dropout writes it)
     * @param charCount   char vocabulary size (id 0 padding); ignored without a char encoder
     * @param constraints the allowed tag transitions (its tag count is the model's)
     */
    public TaggerModel(TaggerConfig config, int wordCount, int unkId, int charCount, TransitionConstraints constraints,
            DataType dataType, Rng rng) {
        this(config, wordCount, unkId, new int[0], new int[0], charCount, constraints, dataType, rng);
    }

    /**
     * A model with further word tables ({@link TaggerConfig#extraWordTables()}, in order).
     *
     * @param extraWordCounts each further table's vocabulary size (id 0 padding)
     * @param extraUnkIds     each further table's unknown word id
     */
    public TaggerModel(TaggerConfig config, int wordCount, int unkId, int[] extraWordCounts, int[] extraUnkIds,
            int charCount, TransitionConstraints constraints, DataType dataType, Rng rng) {
        if (extraWordCounts.length != config.extraWordTables().size() || extraUnkIds.length != extraWordCounts.length) {
            throw new IllegalArgumentException("tagger: the config has " + config.extraWordTables().size()
                    + " extra word tables, given sizes for " + extraWordCounts.length);
        }
        this.config = config;
        this.dataType = dataType;
        this.numTags = constraints.numTags();
        this.unkId = unkId;
        words = Embedding.builder().setVocabularySize(wordCount).setDimension(config.wordDim()).setRng(rng)
                .optPaddingId(0).optUniformInit(Math.sqrt(3.0 / config.wordDim()))
                .optTrainable(config.fineTuneEmbeddings()).optDataType(dataType).optName("word embedding").build();
        parameters.addAll("word", words.parameters());
        int inputSize = config.wordDim();
        this.extraWords = new Embedding[extraWordCounts.length];
        this.extraUnkIds = extraUnkIds.clone();
        for (int k = 0; k < extraWords.length; k++) {
            int dim = config.extraWordTables().get(k).dim();
            extraWords[k] = Embedding.builder().setVocabularySize(extraWordCounts[k]).setDimension(dim).setRng(rng)
                    .optPaddingId(0).optUniformInit(Math.sqrt(3.0 / dim))
                    .optTrainable(config.fineTuneEmbeddings() && config.extraWordTables().get(k).fineTune())
                    .optDataType(dataType).optName("word embedding " + (k + 2)).build();
            parameters.addAll(extraWordTableName(k), extraWords[k].parameters());
            inputSize += dim;
        }
        if (config.lowercaseWords()) {
            casing = Embedding.builder().setVocabularySize(Casing.COUNT).setDimension(config.casingDim()).setRng(rng)
                    .optPaddingId(0).optUniformInit(Math.sqrt(3.0 / config.casingDim())).optDataType(dataType)
                    .optName("casing embedding").build();
            parameters.addAll("casing", casing.parameters());
            inputSize += config.casingDim();
        } else {
            casing = null;
        }
        switch (config.charEncoder()) {
            case TaggerConfig.CNN -> {
                charCnn = CharCnnEncoder.builder().setAlphabetSize(charCount).setCharDimension(config.charDim())
                        .setFilters(config.charFilters()).setRng(rng).optWidth(config.charWidth()).optPaddingId(0)
                        .optDataType(dataType).build();
                parameters.addAll("char", charCnn.parameters());
                inputSize += charCnn.outputSize();
                charEmbedding = null;
                charLstm = null;
            }
            case TaggerConfig.LSTM -> {
                charCnn = null;
                charEmbedding = Embedding.builder().setVocabularySize(charCount).setDimension(config.charDim())
                        .setRng(rng).optPaddingId(0).optUniformInit(Math.sqrt(3.0 / config.charDim()))
                        .optDataType(dataType).optName("char embedding").build();
                charLstm = new CharBiLstmEncoder(config.charDim(), config.charHidden(), dataType, rng);
                parameters.addAll("char.embedding", charEmbedding.parameters());
                parameters.addAll("char.lstm", charLstm.parameters());
                inputSize += charLstm.outputSize();
            }
            default -> {
                charCnn = null;
                charEmbedding = null;
                charLstm = null;
            }
        }
        inputDropout = new RowDropout("tagger input dropout", config.dropout(), config.variationalDropout());
        outputDropout = new RowDropout("tagger output dropout", config.dropout(), config.variationalDropout());
        wordDropout = new WordDropout(config.wordDropout(), unkId, 0);
        // Applied to a row of ones: the zeros it returns mark the dropped tokens.
        sharedWordDropout = new WordDropout(config.wordDropout(), 0, -1);
        lstm = RecurrentStack.builder().setCell(CellType.LSTM).setInputSize(inputSize)
                .setHiddenSize(config.lstmHidden()).optLayers(config.lstmLayers()).optBidirectional(true)
                .optDataType(dataType).build(rng);
        parameters.addAll("lstm", lstm.parameters());
        projection = Linear.builder().setInputSize(lstm.outputSize()).setOutputSize(numTags).setRng(rng)
                .optDataType(dataType).optName("tag projection").build();
        parameters.addAll("out", projection.parameters());
        if (config.crf()) {
            crf = new LinearChainCrf(constraints);
            transitions = parameters.add(Parameter.zeros("crf.transitions", dataType, numTags, numTags));
            start = parameters.add(Parameter.zeros("crf.start", dataType, numTags));
            end = parameters.add(Parameter.zeros("crf.end", dataType, numTags));
            softmax = null;
        } else {
            crf = null;
            transitions = null;
            start = null;
            end = null;
            softmax = SoftmaxCrossEntropy.builder().optReduction(SoftmaxCrossEntropy.Reduction.SUM).build();
        }
        languageModel = config.languageModel() == null ? null
                : new LanguageModelHeads(config.languageModel(), config.lstmHidden(), dataType, rng, parameters);
        auxiliary = config.auxiliaryTags().isEmpty() ? null
                : new AuxiliaryTagHeads(config.auxiliaryTags(), lstm.outputSize(), dataType, rng, parameters);
        inference = charLstm != null ? null : TaggerInference.of(words, extraWords, casing, charCnn, lstm, projection,
                dataType);
    }

    public TaggerConfig config() {
        return config;
    }

    public DataType dataType() {
        return dataType;
    }

    public int numTags() {
        return numTags;
    }

    /** The word embedding (to load pretrained vectors into). */
    public Embedding wordEmbedding() {
        return words;
    }

    /** Further word table {@code k} (0-based, in {@link TaggerConfig#extraWordTables()} order). */
    public Embedding extraWordEmbedding(int k) {
        return extraWords[k];
    }

    /** The parameter name prefix of further word table {@code k}: {@code word2}, {@code word3}, ... */
    static String extraWordTableName(int k) {
        return "word" + (k + 2);
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    /** Everything backward needs from one forward pass. */
    private static final class Pass {
        SequenceLayout layout;
        Embedding.Result word;
        Embedding.Result[] extraWords;
        Embedding.Result casing;
        CharCnnEncoder.Result cnn;
        Embedding.Result charVectors;
        CharBiLstmEncoder.Encoded charLstm;
        RowDropout.Result inputDrop;
        RecurrentForward lstm;
        RowDropout.Result outputDrop;
        Linear.Result projection;
    }

    private Pass forward(TaggerBatch batch, boolean training, Rng rng) {
        return forward(batch, wordIds(batch, training, rng), training, rng, null);
    }

    /** The ids the first word table and each further one look up. */
    private record WordIds(int[] first, int[][] extra) {
    }

    /** The batch's word ids, with word dropout applied while training. */
    private WordIds wordIds(TaggerBatch batch, boolean training, Rng rng) {
        int[] ids = batch.words().packedIds();
        int[][] extraIds = batch.extraWords();
        if (extraIds.length != extraWords.length) {
            throw new IllegalArgumentException("tagger: this model has " + (extraWords.length + 1)
                    + " word tables but the batch has ids for " + (extraIds.length + 1));
        }
        if (training && config.wordDropout() > 0) {
            if (extraWords.length == 0) {
                ids = wordDropout.apply(ids, true, rng);
            } else {
                int[] ones = new int[ids.length];
                Arrays.fill(ones, 1);
                int[] kept = sharedWordDropout.apply(ones, true, rng);
                ids = dropped(ids, kept, unkId);
                extraIds = extraIds.clone();
                for (int k = 0; k < extraIds.length; k++) {
                    extraIds[k] = dropped(extraIds[k], kept, extraUnkIds[k]);
                }
            }
        }
        return new WordIds(ids, extraIds);
    }

    /**
     * @param wordIds      from {@link #wordIds}
     * @param perturbation added to the BiLSTM's input rows before dropout (adversarial training), or null
     */
    private Pass forward(TaggerBatch batch, WordIds wordIds, boolean training, Rng rng, INDArray perturbation) {
        Pass p = new Pass();
        p.layout = batch.words().layout();
        int[] ids = wordIds.first();
        int[][] extraIds = wordIds.extra();
        p.word = words.forward(ids);
        INDArray[] parts = new INDArray[3 + extraWords.length];
        int n = 0;
        parts[n++] = p.word.output();
        p.extraWords = new Embedding.Result[extraWords.length];
        for (int k = 0; k < extraWords.length; k++) {
            p.extraWords[k] = extraWords[k].forward(extraIds[k]);
            parts[n++] = p.extraWords[k].output();
        }
        if (casing != null) {
            p.casing = casing.forward(batch.casing());
            parts[n++] = p.casing.output();
        }
        if (charCnn != null) {
            CharBatch chars = requireChars(batch);
            p.cnn = charCnn.forward(chars.packedCharIds(), chars.maxWordLength(), chars.wordLengths());
            parts[n++] = p.cnn.output();
        } else if (charLstm != null) {
            CharBatch chars = requireChars(batch);
            int[] lengths = chars.wordLengths();
            SequenceLayout charLayout = SequenceLayout.of(lengths);
            int[][] perWord = new int[lengths.length][];
            int width = chars.maxWordLength();
            int[] all = chars.packedCharIds();
            for (int r = 0; r < lengths.length; r++) {
                perWord[r] = Arrays.copyOfRange(all, r * width, r * width + lengths[r]);
            }
            p.charVectors = charEmbedding.forward(charLayout.pack(perWord));
            p.charLstm = charLstm.forward(p.charVectors.output(), charLayout);
            parts[n++] = p.charLstm.wordVectors();
        }
        INDArray input = n == 1 ? parts[0] : Nd4j.concat(1, Arrays.copyOf(parts, n));
        if (perturbation != null) {
            input = input.add(perturbation); // a new array: with one part, input is the embedding's own output
        }
        p.inputDrop = inputDropout.forward(input, p.layout, training, rng);
        p.lstm = lstm.forward(p.inputDrop.output(), p.layout);
        p.outputDrop = outputDropout.forward(p.lstm.output(), p.layout, training, rng);
        p.projection = projection.forward(p.outputDrop.output());
        return p;
    }

    /**
     * Dropout on packed token rows: a fresh mask for every token, or (variational) one mask per sentence shared by all
     * of its tokens.
     */
    private static final class RowDropout {
        private final Dropout perToken;
        private final LockedDropout perSentence;

        RowDropout(String name, double p, boolean variational) {
            perToken = variational ? null : new Dropout(name, p);
            perSentence = variational ? new LockedDropout(name, p) : null;
        }

        record Result(INDArray output, Dropout.Result token, LockedDropout.Result sentence) {
        }

        Result forward(INDArray rows, SequenceLayout layout, boolean training, Rng rng) {
            if (perSentence != null) {
                LockedDropout.Result r = perSentence.forward(rows, layout, training, rng);
                return new Result(r.output(), null, r);
            }
            Dropout.Result r = perToken.forward(rows, training, rng);
            return new Result(r.output(), r, null);
        }

        INDArray backward(Result forward, INDArray outputGrad) {
            return forward.sentence() != null ? perSentence.backward(forward.sentence(), outputGrad)
                    : perToken.backward(forward.token(), outputGrad);
        }
    }

    /** {@code ids} with {@code unk} where {@code kept} is 0. */
    private static int[] dropped(int[] ids, int[] kept, int unk) {
        int[] out = ids.clone();
        for (int i = 0; i < out.length; i++) {
            if (kept[i] == 0) {
                out[i] = unk;
            }
        }
        return out;
    }

    private static CharBatch requireChars(TaggerBatch batch) {
        if (batch.chars() == null) {
            throw new IllegalArgumentException("tagger: this model has a char encoder but the batch has no chars");
        }
        return batch.chars();
    }

    /**
     * @param extraHiddenGrad the training-only objectives' gradient on the dropped-out BiLSTM output, or null
     * @param keepInputGrad   whether to return the gradient on the BiLSTM's input rows (before dropout)
     * @return that gradient (a copy), or null when not kept
     */
    private INDArray backward(Pass p, INDArray emissionGrad, INDArray extraHiddenGrad, boolean keepInputGrad) {
        INDArray dOutput = projection.backward(p.projection, emissionGrad);
        if (extraHiddenGrad != null) {
            dOutput.addi(extraHiddenGrad);
            extraHiddenGrad.close();
        }
        INDArray dHidden = outputDropout.backward(p.outputDrop, dOutput);
        INDArray dInput = inputDropout.backward(p.inputDrop, lstm.backward(p.lstm, dHidden, null).input());
        INDArray kept = keepInputGrad ? dInput.dup() : null;
        int col = 0;
        col = backwardPart(dInput, col, words.dimension(), g -> words.backward(p.word, g));
        for (int k = 0; k < extraWords.length; k++) {
            Embedding table = extraWords[k];
            Embedding.Result result = p.extraWords[k];
            col = backwardPart(dInput, col, table.dimension(), g -> table.backward(result, g));
        }
        if (casing != null) {
            col = backwardPart(dInput, col, casing.dimension(), g -> casing.backward(p.casing, g));
        }
        if (charCnn != null) {
            backwardPart(dInput, col, charCnn.outputSize(), g -> charCnn.backward(p.cnn, g));
        } else if (charLstm != null) {
            backwardPart(dInput, col, charLstm.outputSize(),
                    g -> charEmbedding.backward(p.charVectors, charLstm.backward(p.charLstm, g)));
        }
        return kept;
    }

    private static int backwardPart(INDArray dInput, int from, int width, java.util.function.Consumer<INDArray> sink) {
        INDArray part = from == 0 && width == dInput.size(1) ? dInput
                : dInput.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + width)).dup('c');
        sink.accept(part);
        return from + width;
    }

    /** The CRF's current scores, copied from the parameters. */
    CrfScores crfScores() {
        CrfScores s = new CrfScores(numTags);
        NativeArrays.read(transitions.value(), s.transitions());
        NativeArrays.read(start.value(), s.start());
        NativeArrays.read(end.value(), s.end());
        return s;
    }

    @Override
    public BatchLoss forwardBackward(TaggerBatch batch, Rng rng) {
        if (batch.gold() == null || batch.gold().length != batch.words().totalSteps()) {
            throw new IllegalArgumentException("tagger: a training batch needs one gold tag per token");
        }
        boolean adversarial = config.adversarial() > 0;
        WordIds ids = wordIds(batch, true, rng);
        Pass p = forward(batch, ids, true, rng, null);
        Objective clean = objective(batch, p, true);
        INDArray inputGrad = backward(p, clean.emissionGrad(), clean.extraGrad(), adversarial);
        double loss = clean.loss();
        if (adversarial) {
            // Goodfellow et al.'s fast gradient method on the input vectors: the same words (and word dropout),
            // fresh dropout masks; the perturbation is a constant, so its own dependence on the weights is not
            // differentiated.
            INDArray r = adversarialPerturbation(inputGrad, p.layout);
            inputGrad.close();
            Pass q = forward(batch, ids, true, rng, r);
            r.close(); // the pass added it into an array of its own
            Objective perturbed = objective(batch, q, true);
            backward(q, perturbed.emissionGrad(), perturbed.extraGrad(), false);
            loss += perturbed.loss();
        }
        return new BatchLoss(loss, batch.words().batch());
    }

    /** A pass's loss and, where asked for, the gradients backward needs (the CRF's own are added to its parameters). */
    private record Objective(double loss, INDArray emissionGrad, INDArray extraGrad) {
    }

    /**
     * The training loss of a forward pass: the CRF's (or the softmax's) against the gold tags or the soft targets,
     * plus the training-only objectives'. With {@code gradients} the CRF's score gradients are added to its
     * parameters' and the emission and hidden-state gradients returned.
     */
    private Objective objective(TaggerBatch batch, Pass p, boolean gradients) {
        INDArray emissions = p.projection.output();
        double loss;
        INDArray emissionGrad = null;
        TaggerBatch.SoftTargets targets = batch.targets();
        if (crf != null) {
            double[] em = NativeArrays.read(emissions);
            double[] grad = gradients ? new double[em.length] : null;
            CrfScores scoreGrad = gradients ? new CrfScores(numTags) : null;
            TokenRows rows = TokenRows.packed(p.layout);
            loss = targets == null ? crf.negLogLikelihood(crfScores(), em, rows, batch.gold(), grad, scoreGrad)
                    : crf.crossEntropy(crfScores(), em, rows, targets.nodes(), targets.pairs(), grad, scoreGrad);
            if (gradients) {
                NativeArrays.addTo(transitions.grad(), scoreGrad.transitions());
                NativeArrays.addTo(start.grad(), scoreGrad.start());
                NativeArrays.addTo(end.grad(), scoreGrad.end());
                emissionGrad = Nd4j.createUninitialized(dataType, em.length / numTags, numTags);
                NativeArrays.write(emissionGrad, grad);
            }
        } else if (targets != null) {
            double[] em = NativeArrays.read(emissions);
            double[] grad = gradients ? new double[em.length] : null;
            loss = softCrossEntropy(em, targets.nodes(), grad);
            if (gradients) {
                emissionGrad = Nd4j.createUninitialized(dataType, em.length / numTags, numTags);
                NativeArrays.write(emissionGrad, grad);
            }
        } else {
            SoftmaxCrossEntropy.Result r = softmax.compute(emissions, batch.gold());
            loss = r.loss();
            emissionGrad = gradients ? r.logitsGrad() : null;
        }
        INDArray extraGrad = null;
        INDArray states = p.outputDrop.output();
        if (languageModel != null) {
            LanguageModelHeads.Result lm = languageModel.compute(states, batch.words(), gradients);
            loss += lm.loss();
            extraGrad = lm.statesGrad();
        }
        if (auxiliary != null) {
            AuxiliaryTagHeads.Result aux = auxiliary.compute(states, batch.auxiliaryGold(), gradients);
            loss += aux.loss();
            if (extraGrad == null) {
                extraGrad = aux.statesGrad();
            } else if (aux.statesGrad() != null) {
                extraGrad.addi(aux.statesGrad());
                aux.statesGrad().close();
            }
        }
        return new Objective(loss, emissionGrad, extraGrad);
    }

    /**
     * The adversarial perturbation of the BiLSTM's input rows given the loss gradient on them: per sentence, the
     * gradient scaled to norm α·√(tokens · width) (α = {@link TaggerConfig#adversarial()}), the step of that size
     * that raises the loss most to first order. A sentence whose gradient is zero is left in place.
     */
    private INDArray adversarialPerturbation(INDArray inputGrad, SequenceLayout layout) {
        double[] g = NativeArrays.read(inputGrad);
        int width = (int) inputGrad.size(1);
        TokenRows rows = TokenRows.packed(layout);
        for (int b = 0; b < rows.sentences(); b++) {
            int length = rows.length(b);
            double squares = 0;
            for (int t = 0; t < length; t++) {
                int o = rows.row(b, t) * width;
                for (int j = 0; j < width; j++) {
                    squares += g[o + j] * g[o + j];
                }
            }
            double scale = squares > 0 ? config.adversarial() * Math.sqrt((double) length * width / squares) : 0;
            for (int t = 0; t < length; t++) {
                int o = rows.row(b, t) * width;
                for (int j = 0; j < width; j++) {
                    g[o + j] *= scale;
                }
            }
        }
        INDArray r = Nd4j.createUninitialized(dataType, inputGrad.size(0), width);
        NativeArrays.write(r, g);
        return r;
    }

    /**
     * The perturbation adversarial training adds to this batch's input rows, from a pass without dropout (for tests;
     * adds that pass's gradients to the parameters' like {@link #forwardBackward}).
     */
    INDArray adversarialPerturbation(TaggerBatch batch) {
        Pass p = forward(batch, false, null);
        Objective o = objective(batch, p, true);
        INDArray inputGrad = backward(p, o.emissionGrad(), o.extraGrad(), true);
        return adversarialPerturbation(inputGrad, p.layout);
    }

    /** Tag ids and confidences of one batch, one per packed row; {@code confidence} is null when not requested. */
    public record Decoded(int[] tags, double[] confidence) {
    }

    /**
     * Best tags of each token (Viterbi under the constraints, or argmax without a CRF) and the model's probability of
     * each chosen tag (CRF marginals, or the softmax).
     */
    public Decoded decode(TaggerBatch batch) {
        return decode(batch, true);
    }

    /**
     * As {@link #decode(TaggerBatch)}; without {@code confidences} only the best tags are computed (no CRF marginals),
     * and {@link Decoded#confidence()} is null. Runs the inference-only forward pass ({@link TaggerInference}) where
     * the model's layers allow it.
     */
    public Decoded decode(TaggerBatch batch, boolean confidences) {
        if (inference == null) {
            return decodeThroughLayers(batch, confidences);
        }
        float[] em = inference.emissions(batch);
        int rows = batch.words().totalSteps();
        int[] tags = new int[rows];
        double[] confidence = confidences ? new double[rows] : null;
        if (crf != null) {
            TokenRows tokenRows = TokenRows.packed(batch.words().layout());
            CrfScores scores = crfScores();
            crf.viterbi(scores, em, tokenRows, tags);
            if (confidences) {
                float[] probs = new float[rows * numTags];
                crf.marginals(scores, em, tokenRows, probs);
                for (int r = 0; r < rows; r++) {
                    confidence[r] = probs[r * numTags + tags[r]];
                }
            }
        } else {
            for (int r = 0; r < rows; r++) {
                int o = r * numTags;
                int best = 0;
                for (int j = 1; j < numTags; j++) {
                    if (em[o + j] > em[o + best]) {
                        best = j;
                    }
                }
                tags[r] = best;
                if (confidences) {
                    double sum = 0;
                    for (int j = 0; j < numTags; j++) {
                        sum += Math.exp((double) em[o + j] - em[o + best]);
                    }
                    confidence[r] = 1 / sum;
                }
            }
        }
        return new Decoded(tags, confidence);
    }

    /**
     * Each packed token's probability of every tag, {@code [rows × numTags]} row-major (a fresh array): the CRF's
     * marginals, or the softmax without a CRF. What an ensemble of taggers averages ({@link Tagger#ensemble}).
     */
    public double[] tagProbabilities(TaggerBatch batch) {
        double[] em = emissionScores(batch);
        double[] probs = new double[em.length];
        if (crf != null) {
            crf.marginals(crfScores(), em, TokenRows.packed(batch.words().layout()), probs);
            return probs;
        }
        for (int r = 0; r < em.length / numTags; r++) {
            softmaxRow(em, probs, r * numTags, numTags);
        }
        return probs;
    }

    /**
     * As {@link #tagProbabilities(TaggerBatch)}, and per sentence of the batch (in the batch's original order) the
     * probabilities of consecutive tag pairs summed over its positions, {@code pairSums[b·T² + i·T + j]}: the CRF's
     * pair marginals, or without a CRF the products of the independent softmaxes. What a teacher gives in
     * distillation ({@link TeacherTargets}).
     */
    double[] tagProbabilities(TaggerBatch batch, double[] pairSums) {
        double[] em = emissionScores(batch);
        double[] probs = new double[em.length];
        TokenRows rows = TokenRows.packed(batch.words().layout());
        if (crf != null) {
            crf.marginals(crfScores(), em, rows, probs, pairSums);
            return probs;
        }
        for (int r = 0; r < em.length / numTags; r++) {
            softmaxRow(em, probs, r * numTags, numTags);
        }
        int n = numTags;
        java.util.Arrays.fill(pairSums, 0, rows.sentences() * n * n, 0.0);
        for (int b = 0; b < rows.sentences(); b++) {
            for (int t = 1; t < rows.length(b); t++) {
                int prev = rows.row(b, t - 1) * n;
                int cur = rows.row(b, t) * n;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        pairSums[b * n * n + i * n + j] += probs[prev + i] * probs[cur + j];
                    }
                }
            }
        }
        return probs;
    }

    /**
     * Σ over rows of the cross-entropy of the softmax of each row of {@code em} against the row of {@code targets};
     * {@code grad} (may be null) gets softmax − target.
     */
    private double softCrossEntropy(double[] em, double[] targets, double[] grad) {
        double[] probs = new double[em.length];
        double loss = 0;
        for (int o = 0; o < em.length; o += numTags) {
            softmaxRow(em, probs, o, numTags);
            for (int j = 0; j < numTags; j++) {
                double q = targets[o + j];
                if (q != 0) {
                    loss -= q * Math.log(probs[o + j]);
                }
                if (grad != null) {
                    grad[o + j] = probs[o + j] - q;
                }
            }
        }
        return loss;
    }

    /** The softmax of {@code em[o, o + n)} into {@code probs}; returns the index (from 0) of the largest score. */
    private static int softmaxRow(double[] em, double[] probs, int o, int n) {
        double max = Double.NEGATIVE_INFINITY;
        int best = 0;
        for (int j = 0; j < n; j++) {
            if (em[o + j] > max) {
                max = em[o + j];
                best = j;
            }
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            probs[o + j] = Math.exp(em[o + j] - max);
            sum += probs[o + j];
        }
        for (int j = 0; j < n; j++) {
            probs[o + j] /= sum;
        }
        return best;
    }

    /** Emission scores {@code [rows × numTags]} (a fresh array), through the inference path where it applies. */
    double[] emissionScores(TaggerBatch batch) {
        if (inference == null) {
            return NativeArrays.read(forward(batch, false, null).projection.output());
        }
        float[] em = inference.emissions(batch);
        double[] out = new double[batch.words().totalSteps() * numTags];
        for (int i = 0; i < out.length; i++) {
            out[i] = em[i];
        }
        return out;
    }

    /** Whether the output layer is a CRF (rather than a softmax per token). */
    public boolean hasCrf() {
        return crf != null;
    }

    /** Whether {@link #decode} runs the inference-only forward pass (float32, char CNN or no char encoder). */
    boolean hasInferencePath() {
        return inference != null;
    }

    /** {@link #decode(TaggerBatch, boolean)} through the layers' training-time forward passes (the reference). */
    Decoded decodeThroughLayers(TaggerBatch batch, boolean confidences) {
        Pass p = forward(batch, false, null);
        double[] em = NativeArrays.read(p.projection.output());
        int rows = em.length / numTags;
        int[] tags = new int[rows];
        double[] confidence = new double[rows];
        double[] probs = new double[em.length];
        if (crf != null) {
            TokenRows tokenRows = TokenRows.packed(p.layout);
            CrfScores scores = crfScores();
            crf.viterbi(scores, em, tokenRows, tags);
            if (!confidences) {
                return new Decoded(tags, null);
            }
            crf.marginals(scores, em, tokenRows, probs);
        } else {
            for (int r = 0; r < rows; r++) {
                tags[r] = softmaxRow(em, probs, r * numTags, numTags);
            }
        }
        for (int r = 0; r < rows; r++) {
            confidence[r] = probs[r * numTags + tags[r]];
        }
        return new Decoded(tags, confidences ? confidence : null);
    }

    /** The loss of a batch without dropout or gradients (for gradient checks and dev loss). */
    public double loss(TaggerBatch batch) {
        return objective(batch, forward(batch, false, null), false).loss();
    }

    /** As {@link #loss(TaggerBatch)} with {@code perturbation} added to the BiLSTM's input rows (for tests). */
    double loss(TaggerBatch batch, INDArray perturbation) {
        return objective(batch, forward(batch, wordIds(batch, false, null), false, null, perturbation), false).loss();
    }

    /**
     * Declares the parameters final (a loaded model): the BiLSTM prepares what it would otherwise redo on each
     * tagging call ({@link RecurrentStack#freezeForInference}); training and {@link #copyParametersFrom} are refused
     * afterwards.
     */
    public void freezeForInference() {
        lstm.freezeForInference();
        if (inference != null && inference.wordCache() == null) {
            inference.useWordCache(TaggerInference.configuredWordCacheBytes());
        }
    }

    /** Replaces a frozen model's word cache with one of {@code bytes} (0: none), for tests and benchmarks. */
    void useWordCache(long bytes) {
        if (!lstm.isFrozen()) {
            throw new IllegalStateException("the word cache is for a model frozen for inference");
        }
        if (inference != null) {
            inference.useWordCache(bytes);
        }
    }

    /** The word cache of a frozen model's inference path, or null. */
    org.seqlab.nn.recurrent.InputGateCache<?> wordCache() {
        return inference == null ? null : inference.wordCache();
    }

    /** Copies every parameter value of {@code other} (same config and sizes) into this model. */
    public void copyParametersFrom(TaggerModel other) {
        if (lstm.isFrozen()) {
            throw new IllegalStateException("this tagger model is frozen for inference: its parameters cannot change");
        }
        List<Parameter> mine = parameters.list();
        for (Parameter q : mine) {
            q.value().assign(other.parameters.get(q.name()).value());
        }
    }
}
