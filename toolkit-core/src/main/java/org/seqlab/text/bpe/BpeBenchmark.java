package org.seqlab.text.bpe;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The race against {@code shared/bench/sentencepiece_bpe.sh}: learn BPE on the files (counting their words included),
 * then encode all of them into a temporary file (reading and writing included), as the script does with sentencepiece.
 */
public final class BpeBenchmark {
    /** Seconds to learn, seconds to encode, and the (space-separated) words encoded. */
    public record Result(double learnSeconds, double encodeSeconds, long words, int merges, int threads) {
        public double encodeWordsPerSecond() {
            return words / encodeSeconds;
        }
    }

    private BpeBenchmark() {
    }

    /** Runs learning, then encoding on {@code threads} threads. */
    public static Result run(List<Path> files, int merges, int threads) {
        long t0 = System.nanoTime();
        BpeCodes codes = BpeLearner.builder().setMerges(merges).build().learn(WordCounts.ofFiles(files));
        long t1 = System.nanoTime();
        BpeEncoder encoder = BpeEncoder.builder().setCodes(codes).build();
        long words;
        Path out = null;
        try {
            out = Files.createTempFile("seqlab-bench-bpe", ".txt");
            try (OutputStream w = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
                words = encoder.encode(files, w, threads);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
        long t2 = System.nanoTime();
        if (words == 0) {
            // nothing to time: the speed would read 0 words a second
            throw new IllegalArgumentException("BPE benchmark: " + files + " hold no words");
        }
        return new Result((t1 - t0) / 1e9, (t2 - t1) / 1e9, words, codes.size(), threads);
    }
}
