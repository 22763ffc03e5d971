package org.seqlab.tagger;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.javacpp.Pointer;
import org.seqlab.SeqlabException;
import org.seqlab.conll.ConllSentence;
import org.seqlab.conll.Dataset;

/**
 * Issue 4 item 7, memory flat: tags {@code sentences} sentences in one process, cycling through a data file's
 * sentences in chunks passed to {@link Tagger#tagAll}, and samples the process's resident size ({@code VmRSS} of
 * {@code /proc/self/status}: heap, metaspace, thread stacks and the off-heap ND4J and OpenBLAS buffers alike) after a
 * warm-up and at twenty points after it. Flat means the largest later sample stays within 10% of the first one after
 * warm-up. Prints {@code key value} lines. Linux only.
 */
public final class TaggerMemoryBenchmark {
    static final Path STATUS = Path.of("/proc/self/status");
    static final int SAMPLES = 20;
    private static final double MIB = 1024.0 * 1024.0;

    private TaggerMemoryBenchmark() {
    }

    /** The figures of one run: resident sizes in MiB after warm-up, largest and smallest later, and the speed. */
    public record Result(double baselineMib, double maxMib, double minMib, double growthPercent, boolean flat,
            double tokensPerSecond) {
    }

    /**
     * @param warmup sentences tagged before the baseline sample (the JIT, ND4J's pools and the heap settle)
     * @param chunk  sentences per {@link Tagger#tagAll} call
     */
    public static Result run(Tagger tagger, Dataset data, long sentences, long warmup, int chunk, PrintWriter out) {
        List<List<String>> pool = new ArrayList<>();
        for (ConllSentence s : data.sentences()) {
            if (!s.words().isEmpty()) {
                pool.add(s.words());
            }
        }
        if (pool.isEmpty()) {
            throw new SeqlabException("memory benchmark: the data has no sentences");
        }
        if (sentences <= warmup) {
            throw new SeqlabException("memory benchmark: " + sentences + " sentences leave nothing after the warm-up of "
                    + warmup);
        }
        emit(out, "rss_start_mib", mib(residentKib()));
        long done = 0;
        long tokens = 0;
        int cursor = 0;
        double baseline = -1;
        double max = 0;
        double min = Double.MAX_VALUE;
        long timedTokens = 0;
        long t0 = 0;
        long step = Math.max(1, (sentences - warmup) / SAMPLES);
        long nextSample = warmup;
        List<List<String>> batch = new ArrayList<>(chunk);
        while (done < sentences) {
            batch.clear();
            int n = (int) Math.min(chunk, Math.min(sentences, nextSample) - done);
            for (int i = 0; i < n; i++) {
                List<String> s = pool.get(cursor);
                cursor = cursor + 1 == pool.size() ? 0 : cursor + 1;
                batch.add(s);
                tokens += s.size();
            }
            tagger.tagAll(batch);
            done += n;
            if (done == nextSample) {
                double rss = mib(residentKib());
                if (baseline < 0) {
                    baseline = rss;
                    timedTokens = tokens;
                    t0 = System.nanoTime();
                    emit(out, "rss_after_warmup_mib", rss);
                    breakdown(out, done);
                } else {
                    max = Math.max(max, rss);
                    min = Math.min(min, rss);
                    out.printf("rss_mib_at_%d %.1f%n", done, rss);
                    breakdown(out, done);
                }
                nextSample = Math.min(sentences, nextSample + step);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double growth = 100 * (max - baseline) / baseline;
        Result r = new Result(baseline, max, min, growth, max <= 1.10 * baseline,
                (tokens - timedTokens) / seconds);
        out.printf("sentences %d%ntokens %d%n", done, tokens);
        emit(out, "rss_max_mib", r.maxMib());
        emit(out, "rss_min_mib", r.minMib());
        out.printf("rss_growth_percent %.2f%nwithin_10_percent %b%ntag_tokens_per_s %.0f%n", r.growthPercent(),
                r.flat(), r.tokensPerSecond());
        out.flush();
        return r;
    }

    /** Where the resident memory is: the Java heap (committed, used) and JavaCPP's off-heap buffers (ND4J's). */
    private static void breakdown(PrintWriter out, long done) {
        Runtime rt = Runtime.getRuntime();
        out.printf("heap_committed_mib_at_%d %.1f%nheap_used_mib_at_%d %.1f%noffheap_mib_at_%d %.1f%n", done,
                rt.totalMemory() / MIB, done, (rt.totalMemory() - rt.freeMemory()) / MIB, done,
                Pointer.totalBytes() / MIB);
        out.flush();
    }

    private static void emit(PrintWriter out, String key, double value) {
        out.printf("%s %.1f%n", key, value);
        out.flush();
    }

    private static double mib(long kib) {
        return kib / 1024.0;
    }

    /** The process's resident set size in KiB, from {@code VmRSS} in {@code /proc/self/status}. */
    public static long residentKib() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
            throw new SeqlabException(STATUS + ": no VmRSS line");
        } catch (IOException e) {
            throw new SeqlabException(STATUS + ": cannot read the resident size (Linux only): " + e.getMessage());
        }
    }
}
