package org.seqlab.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.seqlab.InputFormatException;

/**
 * A tokenization test document built from a CoNLL-U file exactly as {@code ../shared/bench/ud_tokens.py} builds it: the
 * raw text is the {@code # text} lines joined by a space, with a blank line at {@code # newpar} and {@code # newdoc};
 * the gold tokens are the syntactic words found in order in their sentence's text ({@code do} + {@code n't}), or a
 * multiword token's surface span where its words do not spell it; sentences are known by their end offsets.
 *
 * @param text         the raw document
 * @param tokenSpans   gold token spans {@code [begin, end)} packed as {@code begin << 32 | end}, in order
 * @param sentenceEnds gold sentence end offsets, in order
 */
public record UdTokenizationGold(String text, long[] tokenSpans, int[] sentenceEnds) {

    /** Packs a span for {@link #tokenSpans}. */
    public static long span(int begin, int end) {
        return (long) begin << 32 | (end & 0xffffffffL);
    }

    /** Reads a CoNLL-U file; a malformed line is reported with its file and line number. */
    public static UdTokenizationGold read(Path conllu) throws IOException {
        String all = TextInput.readUtf8(conllu);
        Builder b = new Builder(conllu.toString());
        long lineNo = 0;
        int start = 0;
        int n = all.length();
        while (start < n) {
            int end = all.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            int cut = end > start && all.charAt(end - 1) == '\r' ? end - 1 : end;
            b.line(all.substring(start, cut), ++lineNo);
            start = end + 1;
        }
        return b.finish();
    }

    /** Scores predicted sentences (offsets into {@link #text}) against the gold tokens and sentence ends. */
    public TokenizationScore score(List<TokenizedSentence> predicted) {
        int count = 0;
        for (TokenizedSentence s : predicted) {
            count += s.size();
        }
        long[] pred = new long[count];
        int[] ends = new int[predicted.size()];
        int i = 0;
        int j = 0;
        for (TokenizedSentence s : predicted) {
            for (Token t : s.tokens()) {
                pred[i++] = span(t.begin(), t.end());
            }
            ends[j++] = s.end();
        }
        return TokenizationScore.of(tokenSpans, pred, sentenceEnds, ends);
    }

    /** The reader's state, mirroring ud_tokens.py's {@code read}. */
    private static final class Builder {
        private final String source;
        private final StringBuilder doc = new StringBuilder();
        private final List<Long> spans = new ArrayList<>();
        private final List<Integer> ends = new ArrayList<>();
        private String sentText;
        private final List<String[]> words = new ArrayList<>(); // {id, form}
        private final java.util.Map<String, String[]> ranges = new java.util.HashMap<>(); // first id -> {lo, hi, surface}
        private String sepNext = "";
        private boolean first = true;

        Builder(String source) {
            this.source = source;
        }

        void line(String line, long lineNo) {
            if (line.startsWith("# newdoc") || line.startsWith("# newpar")) {
                sepNext = "\n\n";
            } else if (line.startsWith("# text = ")) {
                if (!first) {
                    doc.append(sepNext.isEmpty() ? " " : sepNext);
                }
                first = false;
                sepNext = "";
                sentText = line.substring("# text = ".length());
            } else if (line.isEmpty()) {
                flush();
            } else if (!line.startsWith("#")) {
                String[] cols = line.split("\t", -1);
                if (cols.length < 2) {
                    throw new InputFormatException(source, lineNo, "expected 10 tab-separated columns, found " + cols.length);
                }
                String id = cols[0];
                if (id.contains(".")) {
                    return;
                }
                int dash = id.indexOf('-');
                if (dash >= 0) {
                    try {
                        int lo = Integer.parseInt(id.substring(0, dash));
                        int hi = Integer.parseInt(id.substring(dash + 1));
                        ranges.put(String.valueOf(lo), new String[] {String.valueOf(lo), String.valueOf(hi), cols[1]});
                    } catch (NumberFormatException e) {
                        throw new InputFormatException(source, lineNo, "bad multiword token range '" + id + "'");
                    }
                    return;
                }
                words.add(new String[] {id, cols[1]});
            }
        }

        void flush() {
            if (sentText == null) {
                return;
            }
            int start = doc.length() - 0;
            // ud_tokens.py appends the sentence text at flush time; the separator was appended at "# text"
            doc.append(sentText);
            int cur = 0;
            int i = 0;
            while (i < words.size()) {
                String[] w = words.get(i);
                String[] range = ranges.get(w[0]);
                if (range != null) {
                    int lo = Integer.parseInt(range[0]);
                    int hi = Integer.parseInt(range[1]);
                    int count = hi - lo + 1;
                    String surface = range[2];
                    int at = sentText.indexOf(surface, cur);
                    if (at < 0) {
                        i += count;
                        continue;
                    }
                    StringBuilder joined = new StringBuilder();
                    for (int k = i; k < Math.min(words.size(), i + count); k++) {
                        joined.append(words.get(k)[1]);
                    }
                    if (joined.toString().equals(surface)) {
                        int c = at;
                        for (int k = i; k < Math.min(words.size(), i + count); k++) {
                            int len = words.get(k)[1].length();
                            spans.add(span(start + c, start + c + len));
                            c += len;
                        }
                    } else {
                        spans.add(span(start + at, start + at + surface.length()));
                    }
                    cur = at + surface.length();
                    i += count;
                    continue;
                }
                int at = sentText.indexOf(w[1], cur);
                if (at >= 0) {
                    spans.add(span(start + at, start + at + w[1].length()));
                    cur = at + w[1].length();
                }
                i++;
            }
            ends.add(start + sentText.length());
            sentText = null;
            words.clear();
            ranges.clear();
        }

        UdTokenizationGold finish() {
            flush();
            long[] s = new long[spans.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = spans.get(i);
            }
            int[] e = ends.stream().mapToInt(Integer::intValue).toArray();
            return new UdTokenizationGold(doc.toString(), s, e);
        }
    }
}
