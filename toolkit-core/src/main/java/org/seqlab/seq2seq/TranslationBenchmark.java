package org.seqlab.seq2seq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.batch.BatchPlan;
import org.seqlab.batch.Batcher;
import org.seqlab.batch.Piece;
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
 * of 64 sorted by length, as the peer), and reports {@code decode_sents_per_s_greedy} and {@code
 * decode_sents_per_s_beam5} (BPE encoding and decoding of the text included; the peer times its model alone).
 */
public final class TranslationBenchmark {
    private TranslationBenchmark() {
    }

    private static double decodeSpeed(Translator translator, List<String> sources) {
        long t0 = System.nanoTime();
        translator.translate(sources);
        return sources.size() / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * Decoding speed of a trained translator on {@code sources}, as the peer times its trained model: greedy, then beam
     * 5 with GNMT alpha 0.6, each after an untimed warm-up on the first 100 sources (the JIT compiles the decoding
     * path; the peer's PyTorch needs none); with the mean output length in words, since decoding time follows it.
     * Keys: decode_sents_per_s_greedy, mean_output_words_greedy, decode_sents_per_s_beam5, mean_output_words_beam5.
     */
    public static Map<String, Double> decode(Translator translator, List<String> sources) {
        Map<String, Double> out = new LinkedHashMap<>();
        List<String> warmup = sources.subList(0, Math.min(100, sources.size()));
        Translator greedy = translator.withDecoding(org.seqlab.seq2seq.decode.DecodeConfig.GREEDY);
        Translator beam = translator.withDecoding(
                org.seqlab.seq2seq.decode.DecodeConfig.DEFAULT.withBeamSize(5).withAlpha(0.6));
        for (var entry : List.of(Map.entry("greedy", greedy), Map.entry("beam5", beam))) {
            entry.getValue().translate(warmup);
            long t0 = System.nanoTime();
            List<String> outputs = entry.getValue().translate(sources);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long words = 0;
            for (String o : outputs) {
                words += o.isBlank() ? 0 : o.trim().split("\\s+").length;
            }
            out.put("decode_sents_per_s_" + entry.getKey(), sources.size() / seconds);
            out.put("mean_output_words_" + entry.getKey(), (double) words / Math.max(1, sources.size()));
        }
        return out;
    }

    /** {@code key → value}: bpe_s, vocab, params, batches, train_sents_per_s, train_tokens_per_s, mean_loss. */
    public static Map<String, Double> run(ParallelCorpus corpus, TranslatorConfig config, int batchSize,
            double seconds, long seed) {
        return run(corpus, List.of(), config, batchSize, seconds, seed);
    }

    /** As above, then decoding speeds on {@code validSources} (none when empty). */
    public static Map<String, Double> run(ParallelCorpus corpus, List<String> validSources, TranslatorConfig config,
            int batchSize, double seconds, long seed) {
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
        long start = System.nanoTime();
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
                task.parameters().zeroGrads();
                var loss = task.forwardBackward(batch, rng);
                GradientClipping.clipByGlobalNorm(adam.parameters(), 5.0);
                adam.step(1e-3);
                sentences += batch.size();
                tokens += loss.items();
                lossSum += loss.loss();
                batches++;
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        out.put("batches", (double) batches);
        out.put("train_seconds", secs);
        out.put("train_sents_per_s", sentences / secs);
        out.put("train_tokens_per_s", tokens / secs);
        out.put("mean_loss", lossSum / Math.max(1, tokens));
        if (!validSources.isEmpty()) {
            Translator greedy = new Translator(model, codec, codec, Translator.LongLines.SPLIT);
            out.put("decode_sents_per_s_greedy", decodeSpeed(greedy, validSources));
            out.put("decode_sents_per_s_beam5", decodeSpeed(greedy.withDecoding(
                    org.seqlab.seq2seq.decode.DecodeConfig.DEFAULT.withBeamSize(5).withAlpha(0.6)), validSources));
        }
        return out;
    }
}
