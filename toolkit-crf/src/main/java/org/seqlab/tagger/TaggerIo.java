package org.seqlab.tagger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.seqlab.SeqlabException;

/**
 * Tagging files and streams in the {@code seqlab tag} formats:
 * <ul>
 * <li>{@code text}: raw text in; for span taggers one sentence per line out, as written, each span in brackets with
 * its label ({@code [Angela Merkel PER] met [Emmanuel Macron PER] in [Paris LOC].}); for label taggers (POS) one
 * {@code token<TAB>label} line per token, a blank line between sentences;
 * <li>{@code json}: raw text in; one JSON object per sentence out, see {@link #json(TaggedSentence, String)};
 * <li>{@code conll}: one token per line in (the word in the first column; other columns kept; blank lines between
 * sentences; {@code -DOCSTART-} lines copied); each line out with the predicted tag appended as a last column;
 * <li>{@code conllu}: CoNLL-U in; out with UPOS replaced by the prediction for label taggers, or {@code NER=TAG}
 * added to MISC for span taggers; comments, ranges and empty nodes copied.
 * </ul>
 */
public final class TaggerIo {
    public enum Format {
        TEXT, JSON, CONLL, CONLLU;

        public static Format parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new SeqlabException("unknown tag format '" + name + "': expected conll, conllu, json or text");
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Sentences tagged per call: large enough to batch well, small enough for a smooth progress bar. */
    static final int CHUNK = 256;

    private final Tagger tagger;

    public TaggerIo(Tagger tagger) {
        this.tagger = tagger;
    }

    /** Tags raw text, writing the {@code text} or {@code json} output. */
    public void tagText(String text, Format format, Appendable out) {
        if (format != Format.TEXT && format != Format.JSON) {
            throw new IllegalArgumentException("raw text is written as text or json, not " + format);
        }
        try {
            boolean first = true;
            for (TaggedSentence s : tagger.tag(text)) {
                if (format == Format.JSON) {
                    out.append(json(s, text)).append('\n');
                } else if (tagger.spanTask()) {
                    out.append(marked(s, text)).append('\n');
                } else {
                    if (!first) {
                        out.append('\n');
                    }
                    for (int i = 0; i < s.tokens().size(); i++) {
                        out.append(s.tokens().get(i)).append('\t').append(s.tags().get(i)).append('\n');
                    }
                }
                first = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The sentence as written in {@code text}, each span in brackets with its label ({@code [Angela Merkel PER] met
     * ...}), line breaks inside the sentence turned into spaces so that each sentence is one line.
     */
    static String marked(TaggedSentence s, String text) {
        int from = s.begins()[0];
        int to = s.ends()[s.ends().length - 1];
        StringBuilder sb = new StringBuilder(to - from + 16 * s.spans().size());
        int at = from;
        for (TaggedSpan sp : s.spans()) {
            sb.append(text, at, sp.begin()).append('[').append(text, sp.begin(), sp.endChar()).append(' ')
                    .append(sp.label()).append(']');
            at = sp.endChar();
        }
        sb.append(text, at, to);
        // a CRLF is one line break: one space, not two
        for (int i = sb.indexOf("\r\n"); i >= 0; i = sb.indexOf("\r\n", i)) {
            sb.deleteCharAt(i);
        }
        for (int i = 0; i < sb.length(); i++) {
            char c = sb.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t') {
                sb.setCharAt(i, ' ');
            }
        }
        return sb.toString();
    }

    /**
     * One sentence tagged from {@code text} as a JSON object: {@code text}, {@code begin}, {@code end} (the
     * sentence's characters in the input), {@code tokens} (each {@code text}, {@code begin}, {@code end}, {@code tag},
     * {@code confidence}) and {@code spans} (each {@code label}, {@code text}, {@code begin}, {@code end},
     * {@code confidence}, {@code tokenStart}, {@code tokenEnd}; empty for label taggers). Character offsets are UTF-16
     * indices into the whole input, end exclusive; confidences are probabilities rounded to 4 decimals (a span's is
     * its least confident token's).
     */
    static String json(TaggedSentence s, String text) {
        ObjectNode o = JSON.createObjectNode();
        int from = s.begins()[0];
        int to = s.ends()[s.ends().length - 1];
        o.put("text", text.substring(from, to));
        o.put("begin", from);
        o.put("end", to);
        ArrayNode tokens = o.putArray("tokens");
        for (int i = 0; i < s.tokens().size(); i++) {
            ObjectNode t = tokens.addObject();
            t.put("text", s.tokens().get(i));
            t.put("begin", s.begins()[i]);
            t.put("end", s.ends()[i]);
            t.put("tag", s.tags().get(i));
            t.put("confidence", round(s.confidences()[i]));
        }
        ArrayNode spans = o.putArray("spans");
        for (TaggedSpan sp : s.spans()) {
            ObjectNode j = spans.addObject();
            j.put("label", sp.label());
            j.put("text", sp.text());
            j.put("begin", sp.begin());
            j.put("end", sp.endChar());
            j.put("confidence", round(sp.confidence()));
            j.put("tokenStart", sp.start());
            j.put("tokenEnd", sp.end());
        }
        return o.toString();
    }

    private static double round(double p) {
        return Math.round(p * 1e4) / 1e4;
    }

    /** Counts the sentences of CoNLL-style lines (for a progress bar); {@code source} names them in errors. */
    public static int countSentences(List<String> lines, Format format, String source) {
        return parse(lines, format, source).size();
    }

    /** Tags CoNLL or CoNLL-U lines; {@code progress} hears each chunk's sentence count. */
    public void tagConll(List<String> lines, Format format, String source, Appendable out, IntConsumer progress) {
        List<Sentence> sentences = parse(lines, format, source);
        String[] tagOf = new String[lines.size()];
        for (int from = 0; from < sentences.size(); from += CHUNK) {
            List<Sentence> chunk = sentences.subList(from, Math.min(sentences.size(), from + CHUNK));
            List<List<String>> words = new ArrayList<>(chunk.size());
            for (Sentence s : chunk) {
                words.add(s.words);
            }
            List<TaggedSentence> tagged = tagger.tagAll(words);
            for (int i = 0; i < chunk.size(); i++) {
                for (int t = 0; t < chunk.get(i).lines.size(); t++) {
                    tagOf[chunk.get(i).lines.get(t)] = tagged.get(i).tags().get(t);
                }
            }
            if (progress != null) {
                progress.accept(chunk.size());
            }
        }
        try {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (tagOf[i] == null) {
                    out.append(line).append('\n');
                } else if (format == Format.CONLL) {
                    out.append(line.strip()).append(line.indexOf('\t') >= 0 ? '\t' : ' ').append(tagOf[i]).append('\n');
                } else {
                    String[] f = line.split("\t", -1);
                    if (tagger.spanTask()) {
                        f[9] = f[9].equals("_") ? "NER=" + tagOf[i] : f[9] + "|NER=" + tagOf[i];
                    } else {
                        f[3] = tagOf[i];
                    }
                    out.append(String.join("\t", f)).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Sentence(List<String> words, List<Integer> lines) {
    }

    /**
     * Refuses a word the tagger would refuse (empty, or white space only, such as a no-break space that the CoNLL
     * split keeps), here where the file and line can be named rather than a sentence number of one chunk.
     */
    private static void checkWord(String word, int column, String source, int line) {
        String blank = Tagger.blankness(word);
        if (blank != null) {
            throw new org.seqlab.InputFormatException(source, line, "the word (column " + column + ") is " + blank);
        }
    }

    private static List<Sentence> parse(List<String> lines, Format format, String source) {
        List<Sentence> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i <= lines.size(); i++) {
            String line = i < lines.size() ? lines.get(i) : "";
            if (line.isBlank()) {
                if (!words.isEmpty()) {
                    out.add(new Sentence(words, at));
                    words = new ArrayList<>();
                    at = new ArrayList<>();
                }
                continue;
            }
            if (format == Format.CONLL) {
                String word = line.strip().split("[ \t]+", 2)[0];
                if (word.equals("-DOCSTART-")) {
                    continue;
                }
                checkWord(word, 1, source, i + 1);
                words.add(word);
                at.add(i);
            } else {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 10) {
                    throw new org.seqlab.InputFormatException(source, i + 1,
                            "a CoNLL-U line needs 10 tab-separated columns, found " + f.length);
                }
                if (org.seqlab.conll.ConllReader.isRangeOrEmptyNode(f[0])) {
                    continue;
                }
                // as the CoNLL reader of eval and train: a word line's ID counts 1, 2, ... within its sentence
                org.seqlab.conll.ConllReader.checkWordId(f[0], words.size() + 1, source, i + 1);
                checkWord(f[1], 2, source, i + 1);
                words.add(f[1]);
                at.add(i);
            }
        }
        return out;
    }
}
