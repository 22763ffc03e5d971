package org.seqlab.seq2seq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.batch.BatchPlan;
import org.seqlab.batch.Batcher;
import org.seqlab.batch.Piece;
import org.seqlab.nn.kernel.ProductLog;
import org.seqlab.nn.kernel.WorkSections;
import org.seqlab.random.Rng;
import org.seqlab.train.GradientClipping;
import org.seqlab.train.OptimizerConfig;
import org.seqlab.train.Optimizer;

/**
 * Training speed of the translator with the peer's architecture ({@code shared/bench/torch_seq2seq.py}: joint BPE,
 * emb 256, BiLSTM 256, LSTM 512 decoder, general attention, input feeding, dropout 0.3, label smoothing 0.1, Adam 1e-3,
 * clip 5, batches of 64 bucketed by length): trains for a time budget on a parallel corpus and reports training
 * sentence pairs per second, as the peer's {@code train_sents_per_s} (BPE learning and encoding not counted); then,
 * given validation sources, decodes them with the model just trained, greedy and with beam 5 (GNMT alpha 0.6, batches
 * of 64 sorted by length, as the peer), and reports the speeds of {@link #decode} (BPE encoding and decoding of the
 * text included; the peer times its model alone).
 */
public final class TranslationBenchmark {
    private TranslationBenchmark() {
    }

    /** Untimed decoding before the timed passes, as the tagger's bench: C2 takes seconds to compile the decoder. */
    public static final double WARMUP_SECONDS = 5;
    /** Timed passes over the sources after the warm-up; their mean is the reported speed. */
    static final int TIMED_PASSES = 3;

    /**
     * Decoding speed of a trained translator on {@code sources}, greedy, then beam 5 with GNMT alpha 0.6, with the
     * mean output length in words (decoding time follows it). Two figures each: {@code decode_sents_per_s_*}, the
     * steady state (passes over the sources, untimed until {@code warmupSeconds} have gone, then the mean of
     * {@value #TIMED_PASSES} timed passes), which is what a long translation job runs at and what the peer's PyTorch
     * runs at from its first batch (it has no JIT); and {@code decode_cold_sents_per_s_*}, the first pass after an
     * untimed warm-up on the first 100 sources (a short job's rate: the bundled model decoded the validation set
     * 25-35 % slower in its first pass than from the fourth on).
     */
    public static Map<String, Double> decode(Translator translator, List<String> sources, double warmupSeconds) {
        Map<String, Double> out = new LinkedHashMap<>();
        List<String> warmup = sources.subList(0, Math.min(100, sources.size()));
        Translator greedy = translator.withDecoding(org.seqlab.seq2seq.decode.DecodeConfig.GREEDY);
        Translator beam = translator.withDecoding(
                org.seqlab.seq2seq.decode.DecodeConfig.DEFAULT.withBeamSize(5).withAlpha(0.6));
        for (var entry : List.of(Map.entry("greedy", greedy), Map.entry("beam5", beam))) {
            Translator t = entry.getValue();
            long started = System.nanoTime();
            t.translate(warmup);
            long t0 = System.nanoTime();
            List<String> outputs = t.translate(sources);
            double cold = (System.nanoTime() - t0) / 1e9;
            while ((System.nanoTime() - started) / 1e9 < warmupSeconds) {
                t.translate(sources);
            }
            long t1 = System.nanoTime();
            for (int pass = 0; pass < TIMED_PASSES; pass++) {
                t.translate(sources);
            }
            double steady = (System.nanoTime() - t1) / 1e9 / TIMED_PASSES;
            long words = 0;
            for (String o : outputs) {
                words += o.isBlank() ? 0 : o.trim().split("\\s+").length;
            }
            out.put("decode_sents_per_s_" + entry.getKey(), sources.size() / steady);
            out.put("decode_cold_sents_per_s_" + entry.getKey(), sources.size() / cold);
            out.put("mean_output_words_" + entry.getKey(), (double) words / Math.max(1, sources.size()));
        }
        return out;
    }

    /**
     * The training's matrix products against its measured time: {@code products_gflop_per_sentence};
     * {@code products_alone_core_s}, the seconds the same calls take replayed alone on one thread; and
     * {@code products_bound_sents_per_s}, the speed if a step were nothing but those products spread over the cores a
     * training step uses (two at most: the calling thread and its {@link org.seqlab.nn.kernel.KernelThreads} partner),
     * the ceiling for these calls on this machine; {@code products_share}, the part of the
     * measured time that ceiling accounts for. Then, per batch and {@link WorkSections} section (the model's
     * {@code encoder_forward}, {@code decoder_forward}, {@code output_forward}, {@code loss}, {@code output_backward},
     * {@code decoder_backward}, {@code encoder_backward}, and {@code update}: zeroing, clipping, Adam):
     * {@code section_NAME_ms}, its wall time; {@code section_NAME_products_alone_ms}, its products replayed alone
     * and spread over the same cores; {@code section_NAME_gflop}, their operations. The difference between the first
     * two is what the section spends beside its products' own time.
     */
    static void productBound(ProductLog products, WorkSections sections, long sentences, int batches, double seconds,
            Map<String, Double> out) {
        ProductLog.Replay replay = products.replay(PRODUCT_REPLAY_SECONDS);
        double alone = replay.seconds();
        int cores = Math.min(2, Runtime.getRuntime().availableProcessors());
        out.put("products_gflop_per_sentence", products.flops() / 1e9 / Math.max(1, sentences));
        out.put("products_alone_core_s", alone);
        out.put("products_bound_sents_per_s", sentences / (alone / cores));
        out.put("products_share", alone / cores / seconds);
        // per section and batch: the wall time, and what its products alone would take on the same cores
        double perBatch = 1000.0 / Math.max(1, batches);
        Map<String, Double> productSeconds = replay.secondsBySection();
        Map<String, Double> flops = products.flopsBySection();
        for (var e : sections.seconds().entrySet()) {
            String name = e.getKey();
            out.put("section_" + name + "_ms", e.getValue() * perBatch);
            out.put("section_" + name + "_products_alone_ms", productSeconds.getOrDefault(name, 0.0) / cores * perBatch);
            out.put("section_" + name + "_gflop", flops.getOrDefault(name, 0.0) / 1e9 / Math.max(1, batches));
        }
    }

    /** The bench's own section: zeroing the gradients, clipping them and the optimizer's step. */
    static final String UPDATE_SECTION = "update";

    /** Replay time per product shape (a run has a few hundred shapes: the decoder's per-step row counts vary). */
    static final double PRODUCT_REPLAY_SECONDS = 0.005;

    /**
     * {@code key → value}: bpe_s, vocab, params, batches, train_sents_per_s, train_tokens_per_s, mean_loss, and the
     * products' figures of {@link #productBound}.
     */
    public static Map<String, Double> run(ParallelCorpus corpus, TranslatorConfig config, int batchSize,
            double seconds, long seed) {
        return run(corpus, List.of(), config, batchSize, seconds, seed);
    }

    /** As above, then decoding speeds on {@code validSources} (none when empty). */
    public static Map<String, Double> run(ParallelCorpus corpus, List<String> validSources, TranslatorConfig config,
            int batchSize, double seconds, long seed) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("bench-translate: the training time must be a positive number of "
                    + "seconds, got " + seconds);
        }
        if (corpus.size() == 0) {
            throw new IllegalArgumentException("bench-translate: the training corpus has no pairs");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        SubwordCodec codec = SubwordCodec.learn(List.of(corpus.sources(), corpus.targets()), config.bpeMerges(),
                config.wordSplit());
        List<Seq2SeqModel.Pair> pairs = new ArrayList<>();
        for (int k = 0; k < corpus.size(); k++) {
            int[] s = codec.encode(corpus.sources().get(k));
            if (s.length <= config.maxSourceLength()) {
                pairs.add(new Seq2SeqModel.Pair(s, codec.encode(corpus.targets().get(k))));
            }
        }
        if (pairs.isEmpty()) {
            // with no batch to train on, the loop below would never reach its time check
            throw new IllegalArgumentException("bench-translate: none of the " + corpus.size()
                    + " pairs has a source of at most " + config.maxSourceLength() + " pieces (maxSourceLength)");
        }
        out.put("bpe_s", (System.nanoTime() - t0) / 1e9);
        out.put("vocab", (double) codec.vocabulary().size());
        Rng rng = new Rng(seed);
        Seq2SeqModel model = new Seq2SeqModel(config, codec.vocabulary().size(), codec.vocabulary().size(),
                DataType.FLOAT, rng);
        out.put("params", (double) model.parameters().numValues());
        TranslationTask task = new TranslationTask(model);
        Optimizer adam = OptimizerConfig.adam().create(task.parameters());
        int[] lengths = pairs.stream().mapToInt(p -> p.source().length + 1).toArray();
        Batcher batcher = Batcher.builder().optBatchSize(batchSize).build();
        long sentences = 0;
        long tokens = 0;
        double lossSum = 0;
        int batches = 0;
        ProductLog products = ProductLog.start();
        WorkSections sections = WorkSections.start();
        long start = System.nanoTime();
        double secs;
        try {
            long budget = (long) (seconds * 1e9);
            outer:
            while (true) {
                BatchPlan plan = batcher.shuffled(lengths, rng.nextLong());
                for (int b = 0; b < plan.size(); b++) {
                    if (System.nanoTime() - start >= budget) {
                        break outer;
                    }
                    List<Seq2SeqModel.Pair> batch = new ArrayList<>();
                    for (Piece p : plan.batch(b)) {
                        batch.add(pairs.get(p.item()));
                    }
                    WorkSections.enter(UPDATE_SECTION);
                    task.parameters().zeroGrads();
                    var loss = task.forwardBackward(batch, rng); // its sections: Seq2SeqModel's forward and backward
                    WorkSections.enter(UPDATE_SECTION);
                    GradientClipping.clipByGlobalNorm(adam.parameters(), 5.0);
                    adam.step(1e-3);
                    WorkSections.enter(null);
                    sentences += batch.size();
                    tokens += loss.items();
                    lossSum += loss.loss();
                    batches++;
                }
            }
            secs = (System.nanoTime() - start) / 1e9;
        } finally {
            // also after a failure: a record left running would refuse the next run in this JVM
            sections.stop();
            products.stop();
        }
        out.put("batches", (double) batches);
        out.put("train_seconds", secs);
        out.put("train_sents_per_s", sentences / secs);
        out.put("train_tokens_per_s", tokens / secs);
        out.put("mean_loss", lossSum / Math.max(1, tokens));
        productBound(products, sections, sentences, batches, secs, out);
        if (!validSources.isEmpty()) {
            out.putAll(decode(new Translator(model, codec, codec, Translator.LongLines.SPLIT), validSources,
                    WARMUP_SECONDS));
        }
        return out;
    }
}
