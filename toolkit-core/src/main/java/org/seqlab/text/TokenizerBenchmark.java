package org.seqlab.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.seqlab.SeqlabException;

/**
 * Accuracy and speed of a sentence splitter (with its tokenizer) on the raw document of a CoNLL-U file: token and
 * sentence F1 as {@code ud_tokens.py} scores them, and tokens per second as the median over timed passes, each
 * tokenizing and splitting the whole document, after warm-up passes.
 */
public final class TokenizerBenchmark {

    /**
     * @param score        accuracy against the gold
     * @param tokens       tokens per pass
     * @param tokensPerSec tokens over the median pass time
     * @param passSeconds  each timed pass, in order
     */
    public record Result(TokenizationScore score, int tokens, double tokensPerSec, double[] passSeconds) {
    }

    private TokenizerBenchmark() {
    }

    /** Scores one pass over {@code gold}'s document, then times {@code passes} more after {@code warmup}. */
    public static Result run(SentenceSplitter splitter, UdTokenizationGold gold, int warmup, int passes) {
        if (passes < 1 || warmup < 0) {
            throw new IllegalArgumentException("need at least one timed pass and no negative warm-up, got passes "
                    + passes + ", warm-up " + warmup);
        }
        String text = gold.text();
        List<TokenizedSentence> sentences = splitter.split(text);
        TokenizationScore score = gold.score(sentences);
        int tokens = 0;
        for (TokenizedSentence s : sentences) {
            tokens += s.size();
        }
        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += splitter.split(text).size();
        }
        double[] seconds = new double[passes];
        for (int i = 0; i < passes; i++) {
            long t0 = System.nanoTime();
            sink += splitter.split(text).size();
            seconds[i] = (System.nanoTime() - t0) / 1e9;
        }
        if (sink == 42) {
            System.out.print(""); // keeps the passes from being optimised away
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median = passes % 2 == 1 ? sorted[passes / 2] : (sorted[passes / 2 - 1] + sorted[passes / 2]) / 2;
        return new Result(score, tokens, tokens / median, seconds);
    }

    /**
     * Runs a peer benchmark script (such as {@code bench/corenlp_tokenize.sh CONLLU}) and returns the {@code key value}
     * lines it prints, in order.
     */
    public static Map<String, String> runPeer(Path script, Path conllu) throws IOException, InterruptedException {
        if (!Files.isRegularFile(script)) {
            throw new SeqlabException("no peer script at " + script);
        }
        Process p = new ProcessBuilder("bash", script.toString(), conllu.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Map<String, String> figures = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] kv = line.trim().split("\\s+");
                if (kv.length == 2) {
                    figures.put(kv[0], kv[1]);
                }
            }
        }
        int rc = p.waitFor();
        if (rc != 0) {
            throw new SeqlabException(script + " failed with exit status " + rc);
        }
        return figures;
    }
}
