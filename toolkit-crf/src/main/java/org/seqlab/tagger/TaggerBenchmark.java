package org.seqlab.tagger;

import java.io.PrintWriter;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.seqlab.conll.ConllFormat;
import org.seqlab.conll.ConllSentence;
import org.seqlab.conll.Dataset;
import org.seqlab.train.Trainer;
import org.seqlab.train.TrainerConfig;

/**
 * The protocol of {@code ../shared/bench/torch_bilstm_crf.py}, on our tagger: char CNN (30-d chars, 50 filters,
 * width 3), the embedding file's vectors (50-d), BiLSTM 200 per direction, CRF, batch 32, SGD 0.015 with momentum
 * 0.9 and norm clipping at 5. Timed: a training pass over the first {@code timingSentences} training sentences
 * ({@code train_sents_per_s}), tagging the dev set at batch 32 ({@code tag_tokens_per_s}) and its first 300
 * sentences one at a time ({@code tag1_tokens_per_s}), both as the peer does (the best path's tags only, {@link
 * Tagger#bestTags}); then the dev set through {@link Tagger#tagAll} with spans and per-token CRF marginals
 * ({@code tag_full_tokens_per_s}). Last, the words the loaded tagger's word cache holds ({@code tag_cached_words},
 * see {@link org.seqlab.nn.recurrent.InputGateCache}) and batch-32 tagging with that cache off ({@code tag_uncached_tokens_per_s}).
 *
 * <p>Those four are steady-state figures: each follows untimed work of the same kind for at least {@code warmUpSeconds}
 * (5 s; training passes over the 300 sentences after the timed ones, tagging passes over the timed sentences), and
 * beyond that until a whole pass ran with the JIT quiet (compiling for under 2 % of the pass; at most {@link
 * #MAX_WARM_UP_SECONDS}), and is the mean over timed passes that fill at least {@value #TIMED_SECONDS} s (and number at
 * least {@value #TIMED_PASSES}). The timed window is that long because single passes on a shared machine vary more than
 * the code does: one process tagging eng.testa with the bundled {@code ner} pass after pass (110 passes of about 0.4 s
 * after 20 s of warm-up) ran at 80.8k to 154.6k tokens/s, median 121.7k, and slow passes came without any JIT
 * compilation, collection or CPU steal as well as with them (89.8k after 131.0k, neither compiling); the means of 3
 * consecutive passes (the window before session 18) fell below 100k at 6 of 108 positions, the means of 11 (about 5 s)
 * at none. The JIT rule guards the definition of a steady state: with both cores taken by the work, C2's compiler
 * threads get little time, and a process that only tags (a loaded model over the dev set, pass after pass) still had
 * its recurrent kernel recompiled, and deoptimised once, 14-16 s into its passes (62-70k tokens/s in those passes
 * against 78-100k after them). Here the training passes come first; in two runs the rule added 5-8 s to the whole bench
 * (46-49 s against 41 s) and left the figures within their run-to-run spread. The JIT needs at least 5 s: on this
 * project's 2-core machine C2 finishes the training loops after 3,000-6,000 sentences (a pass over 3,000 runs 1,100
 * sentences/s right after a 300-sentence warm-up, 1,400-1,750 from the third pass on) and the batch-1 path after about
 * 3,600 sentences (17-23k, then 30-37k tokens/s); the peer, without a JIT, runs at its steady rate from its first
 * pass. What a short run sees is reported beside them as {@code train_cold_sents_per_s} (one pass after a 300-sentence
 * warm-up), {@code tag_cold_tokens_per_s} (the dev set's first pass at batch 32, right after training) and {@code
 * tag1_cold_tokens_per_s} (300 sentences after 100). Our model also has the 8-d casing feature the peer lacks.
 */
public final class TaggerBenchmark {
    /** Warm-up before each steady-state timing (see the class comment). */
    static final int WARM_UP_SECONDS = 5;
    /** The longest warm-up before a steady-state timing, however busy the JIT still is. */
    static final int MAX_WARM_UP_SECONDS = 60;
    /** A warm-up pass counts as steady when the JIT compiled for less than this share of its time. */
    static final double QUIET_JIT_SHARE = 0.02;
    /** Timed passes per steady-state timing: at least this many (the figure is their mean)... */
    static final int TIMED_PASSES = 3;
    /** ...and as many more as fill this many seconds (see the class comment; tests, with no warm-up, skip it). */
    static final int TIMED_SECONDS = 5;

    private TaggerBenchmark() {
    }

    /** Runs the protocol and prints {@code key value} lines; returns the figures. */
    public static Map<String, Double> run(Path trainFile, Path devFile, Path embeddings, ConllFormat format,
            int timingSentences, PrintWriter out) {
        return run(trainFile, devFile, embeddings, format, timingSentences, WARM_UP_SECONDS, out);
    }

    /** As above, with the steady-state timings' warm-up time (tests use 0: two untimed passes). */
    static Map<String, Double> run(Path trainFile, Path devFile, Path embeddings, ConllFormat format,
            int timingSentences, int warmUpSeconds, PrintWriter out) {
        var reader = TaggerTrainer.reader(format, null);
        Dataset train = reader.read(trainFile);
        Dataset dev = reader.read(devFile);
        TaggerConfig config = TaggerConfig.defaults();
        TaggerTrainer.Prepared prepared = TaggerTrainer.prepare(config, train, dev, embeddings);
        TaggerLexicon.Encoded all = prepared.train();
        int n = Math.min(timingSentences, all.size());
        TaggerLexicon.Encoded timing = subset(all, 0, n);
        TaggerLexicon.Encoded warmup = subset(all, n, Math.min(all.size(), n + 300));
        Map<String, Double> figures = new LinkedHashMap<>();

        TrainerConfig t = prepared.config().trainer();
        TaggerConfig oneEpoch = prepared.config().withTrainer(new TrainerConfig(1, 0, t.clipNorm(), t.clipValue(),
                t.seed(), 0, false, false, t.optimizer(), t.schedule()));
        if (warmup.size() > 0) {
            pass(prepared, oneEpoch, warmup);
        }
        long t0 = System.nanoTime();
        pass(prepared, oneEpoch, timing);
        double seconds = (System.nanoTime() - t0) / 1e9;
        figures.put("train_cold_sents_per_s", n / seconds);
        emit(out, "train_cold_sents_per_s", String.format("%.1f", n / seconds));
        TaggerLexicon.Encoded warmUpData = warmup.size() > 0 ? warmup : timing;
        seconds = steadySeconds(warmUpSeconds, () -> pass(prepared, oneEpoch, warmUpData),
                () -> pass(prepared, oneEpoch, timing));
        figures.put("train_sents_per_s", n / seconds);
        emit(out, "train_sents_per_s", String.format("%.1f", n / seconds));

        // training timed: tag as a loaded model does (Tagger.load freezes the model, W_hh transposed once)
        prepared.model().freezeForInference();
        Tagger tagger = new Tagger(prepared.model(), prepared.lexicon(), new TaggerInfo(null, null, null));
        List<List<String>> devWords = new ArrayList<>();
        long devTokens = 0;
        for (ConllSentence s : dev.sentences()) {
            devWords.add(s.words());
            devTokens += s.size();
        }
        // Like the peer: the best path's tags as strings, no confidences (Tagger.bestTags). The first pass over the
        // dev set runs while the JIT still compiles the inference path (the training pass warmed other code):
        // reported as tag_cold_tokens_per_s, what a single short run sees. Then untimed passes for warmUpSeconds
        // (C2 finishes the inference loops only after a few seconds of them in a process that has just trained),
        // and TIMED_PASSES timed ones: the steady state, which the peer, without a JIT, has from its first pass.
        t0 = System.nanoTime();
        tagger.bestTags(devWords);
        seconds = (System.nanoTime() - t0) / 1e9;
        figures.put("tag_cold_tokens_per_s", devTokens / seconds);
        emit(out, "tag_cold_tokens_per_s", String.format("%.0f", devTokens / seconds));
        seconds = steadySeconds(warmUpSeconds, () -> tagger.bestTags(devWords), () -> tagger.bestTags(devWords));
        figures.put("tag_tokens_per_s", devTokens / seconds);
        emit(out, "tag_tokens_per_s", String.format("%.0f", devTokens / seconds));

        List<List<String>> small = devWords.subList(0, Math.min(300, devWords.size()));
        long smallTokens = small.stream().mapToLong(List::size).sum();
        for (List<String> s : small.subList(0, Math.min(100, small.size()))) {
            tagger.bestTags(List.of(s));
        }
        Runnable oneByOne = () -> {
            for (List<String> s : small) {
                tagger.bestTags(List.of(s));
            }
        };
        t0 = System.nanoTime();
        oneByOne.run();
        seconds = (System.nanoTime() - t0) / 1e9;
        figures.put("tag1_cold_tokens_per_s", smallTokens / seconds);
        emit(out, "tag1_cold_tokens_per_s", String.format("%.0f", smallTokens / seconds));
        seconds = steadySeconds(warmUpSeconds, oneByOne, oneByOne);
        figures.put("tag1_tokens_per_s", smallTokens / seconds);
        emit(out, "tag1_tokens_per_s", String.format("%.0f", smallTokens / seconds));

        // The full API call beside it: spans and CRF marginals (a confidence per token and span) as well.
        seconds = steadySeconds(warmUpSeconds, () -> tagger.tagAll(devWords), () -> tagger.tagAll(devWords));
        figures.put("tag_full_tokens_per_s", devTokens / seconds);
        emit(out, "tag_full_tokens_per_s", String.format("%.0f", devTokens / seconds));

        // The word cache (TaggerInference, InputGateCache) behind the steady figures above: the words it holds after those passes
        // (the dev set's distinct words, where they fit), and batch-32 tagging with it off: what text made only of
        // words it does not hold would get (the cold figure's words are all new too, but the JIT is still compiling).
        org.seqlab.nn.recurrent.InputGateCache<?> cache = prepared.model().wordCache();
        figures.put("tag_cached_words", cache == null ? 0.0 : cache.size());
        emit(out, "tag_cached_words", String.valueOf(cache == null ? 0 : cache.size()));
        prepared.model().useWordCache(0);
        seconds = steadySeconds(warmUpSeconds, () -> tagger.bestTags(devWords), () -> tagger.bestTags(devWords));
        figures.put("tag_uncached_tokens_per_s", devTokens / seconds);
        emit(out, "tag_uncached_tokens_per_s", String.format("%.0f", devTokens / seconds));
        return figures;
    }

    /**
     * Seconds per timed pass in the steady state: untimed {@code warmUp} passes (at least two, and at least {@code
     * warmUpSeconds}; with {@code warmUpSeconds > 0} then on until a pass ran with the JIT quiet, see the class
     * comment), then the mean of {@code timed} ones: at least {@link #TIMED_PASSES}, and with {@code warmUpSeconds > 0}
     * as many as fill {@link #TIMED_SECONDS}.
     */
    private static double steadySeconds(int warmUpSeconds, Runnable warmUp, Runnable timed) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean watchJit = warmUpSeconds > 0 && jit != null && jit.isCompilationTimeMonitoringSupported();
        long start = System.nanoTime();
        long minimum = warmUpSeconds * 1_000_000_000L;
        long maximum = Math.max(minimum, MAX_WARM_UP_SECONDS * 1_000_000_000L);
        for (int done = 0;; done++) {
            long compiledMs = watchJit ? jit.getTotalCompilationTime() : 0;
            long passStart = System.nanoTime();
            warmUp.run();
            long now = System.nanoTime();
            boolean jitQuiet = !watchJit
                    || (jit.getTotalCompilationTime() - compiledMs) * 1e6 < QUIET_JIT_SHARE * (now - passStart);
            if (warmedUp(done + 1, now - start, minimum, maximum, jitQuiet)) {
                break;
            }
        }
        long timedMinimum = warmUpSeconds > 0 ? TIMED_SECONDS * 1_000_000_000L : 0;
        long t0 = System.nanoTime();
        int passes = 0;
        long elapsed;
        do {
            timed.run();
            passes++;
            elapsed = System.nanoTime() - t0;
        } while (!timedEnough(passes, elapsed, timedMinimum));
        return elapsed / 1e9 / passes;
    }

    /** Whether timing may end after {@code passes} timed passes and {@code elapsed} ns. */
    static boolean timedEnough(int passes, long elapsed, long minimum) {
        return passes >= TIMED_PASSES && elapsed >= minimum;
    }

    /**
     * Whether warm-up may end after {@code passes} passes and {@code elapsed} ns, the last pass with the JIT quiet or
     * not: at least two passes and the minimum time, then a quiet pass or the maximum time.
     */
    static boolean warmedUp(int passes, long elapsed, long minimum, long maximum, boolean jitQuiet) {
        return passes >= 2 && elapsed >= minimum && (jitQuiet || elapsed >= maximum);
    }

    private static void emit(PrintWriter out, String key, String value) {
        out.println(key + " " + value);
        out.flush();
    }

    private static void pass(TaggerTrainer.Prepared prepared, TaggerConfig config, TaggerLexicon.Encoded data) {
        Trainer.<TaggerBatch, TaggerModel>builder().setModel(prepared.model())
                .setBatches(TaggerTrainer.batches(data, config.batchSize())).optConfig(config.trainer()).build()
                .train();
    }

    private static TaggerLexicon.Encoded subset(TaggerLexicon.Encoded e, int from, int to) {
        return e.subList(from, to);
    }
}
