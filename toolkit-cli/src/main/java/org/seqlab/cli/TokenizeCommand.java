package org.seqlab.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.seqlab.text.SentenceSplitter;
import org.seqlab.text.TextInput;
import org.seqlab.text.Token;
import org.seqlab.text.TokenizedSentence;
import org.seqlab.text.WordTokenizer;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tokenize",
        header = "Split text into tokens and sentences, with character offsets.",
        mixinStandardHelpOptions = true,
        description = {
            "Splits text into word tokens and sentences (UD English conventions): one token a line, a blank line "
                    + "after each sentence. A blank line in the input always ends a sentence.",
            "Reads --text, or the FILEs (UTF-8), or standard input when neither is given."},
        footer = {"", "Example: seqlab tokenize --offsets doc.txt > doc.tsv",
            "         echo \"Mr. Smith can't come. He's ill.\" | seqlab tokenize"})
public final class TokenizeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--text", paramLabel = "T", description = "Tokenize this text instead of files or standard input.")
    String text;

    @Parameters(paramLabel = "FILES", arity = "0..*", description = "UTF-8 text files.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--offsets", description = "Print token<TAB>begin<TAB>end: UTF-16 offsets into each input's "
            + "whole text (after a leading byte-order mark, which is dropped), end exclusive.")
    boolean offsets;

    @Option(names = "--pretokenized", description = "Split on whitespace only, one sentence a line.")
    boolean pretokenized;

    @Option(names = "--keep-hyphenated", description = "Keep hyphenated words whole (wheel-chair) instead of "
            + "splitting the hyphen off as UD English does.")
    boolean keepHyphenated;

    @Override
    public Integer call() throws IOException {
        if (text != null && !files.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give either --text or FILES, not both");
        }
        WordTokenizer tokenizer = WordTokenizer.builder()
                .optPretokenized(pretokenized)
                .optKeepHyphenated(keepHyphenated)
                .build();
        SentenceSplitter splitter = new SentenceSplitter(tokenizer);
        // UTF-8 whatever the platform's default charset: tokens are often not ASCII
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        if (text != null) {
            write(splitter.split(text), out);
        } else if (files.isEmpty()) {
            write(splitter.split(TextInput.readUtf8(System.in, "<stdin>")), out);
        } else {
            for (Path f : files) {
                write(splitter.split(TextInput.readUtf8(f)), out);
            }
        }
        out.flush();
        return 0;
    }

    private void write(List<TokenizedSentence> sentences, Writer out) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        for (TokenizedSentence s : sentences) {
            sb.setLength(0);
            for (Token t : s.tokens()) {
                sb.append(t.text());
                if (offsets) {
                    sb.append('\t').append(t.begin()).append('\t').append(t.end());
                }
                sb.append('\n');
            }
            sb.append('\n');
            out.append(sb);
        }
    }
}
