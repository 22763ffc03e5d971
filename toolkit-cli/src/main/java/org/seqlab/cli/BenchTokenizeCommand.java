package org.seqlab.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.seqlab.text.SentenceSplitter;
import org.seqlab.text.TokenizerBenchmark;
import org.seqlab.text.UdTokenizationGold;
import org.seqlab.text.WordTokenizer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench-tokenize",
        header = "Score and time the tokenizer on UD-EWT.",
        mixinStandardHelpOptions = true,
        description = {
            "Scores the tokenizer and sentence splitter on the raw document of a CoNLL-U file (as "
                    + "../shared/bench/ud_tokens.py builds and scores it) and times it.",
            "Prints token_f1, sentence_f1 (percent), tokens_per_s (median of the timed passes); with --peer, "
                    + "CoreNLP's figures from bench/corenlp_tokenize.sh beside ours, measured in the same run."},
        footer = {"", "Example: seqlab bench-tokenize --peer",
            "         seqlab bench-tokenize --conllu ../shared/data/ud-ewt/en_ewt-ud-train.conllu --passes 5"})
public final class BenchTokenizeCommand implements Callable<Integer> {

    @Option(names = "--conllu", paramLabel = "F", description = "CoNLL-U file (default: "
            + "../shared/data/ud-ewt/en_ewt-ud-dev.conllu beside the repository).")
    Path conllu;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "20", description = "Untimed passes (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--passes", paramLabel = "N", defaultValue = "15", description = "Timed passes (default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--peer", description = "Also run bench/corenlp_tokenize.sh (needs Maven Central once) and print "
            + "its figures as corenlp_* lines, with our speed as a ratio of its, and seqlab_cli_* lines: "
            + "seqlab tokenize timed end to end the same way as CoreNLP.")
    boolean peer;

    @Option(names = "--keep-hyphenated", description = "Keep hyphenated words whole (scores lower on UD).")
    boolean keepHyphenated;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("seqlab.home", "."));
        Path file = conllu != null ? conllu : home.resolve("../shared/data/ud-ewt/en_ewt-ud-dev.conllu").normalize();
        UdTokenizationGold gold = UdTokenizationGold.read(file);
        SentenceSplitter splitter = new SentenceSplitter(
                WordTokenizer.builder().optKeepHyphenated(keepHyphenated).build());
        TokenizerBenchmark.Result r = TokenizerBenchmark.run(splitter, gold, warmup, passes);
        System.out.printf("token_f1 %.2f%n", r.score().tokenF1());
        System.out.printf("sentence_f1 %.2f%n", r.score().sentenceF1());
        System.out.printf("tokens_per_s %.0f%n", r.tokensPerSec());
        System.out.printf("tokens %d%n", r.tokens());
        System.out.printf("gold_tokens %d%n", r.score().goldTokens());
        System.out.flush();
        if (peer) {
            Map<String, String> c = TokenizerBenchmark.runPeer(home.resolve("bench/corenlp_tokenize.sh"), file);
            for (Map.Entry<String, String> e : c.entrySet()) {
                String key = e.getKey().startsWith("seqlab_") ? e.getKey() : "corenlp_" + e.getKey();
                System.out.println(key + " " + e.getValue());
            }
            String peerSpeed = c.get("tokens_per_s");
            if (peerSpeed != null) {
                System.out.printf("speed_ratio %.2f%n", r.tokensPerSec() / Double.parseDouble(peerSpeed));
                String cliSpeed = c.get("seqlab_cli_tokens_per_s");
                if (cliSpeed != null) {
                    System.out.printf("cli_speed_ratio %.2f%n",
                            Double.parseDouble(cliSpeed) / Double.parseDouble(peerSpeed));
                }
            }
        }
        return 0;
    }
}
