package org.seqlab.text.bpe;

import java.util.ArrayList;
import java.util.List;

/** Undoes BPE segmentation: joins a subword ending in the separator to the next one (sed 's/@@ //g' in subword-nmt). */
public final class BpeDecoder {
    private final String separator;

    public BpeDecoder() {
        this("@@");
    }

    public BpeDecoder(String separator) {
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("the separator must be non-empty");
        }
        this.separator = separator;
    }

    /** Removes every "separator + space", and a separator (with or without a space) at the line's end. */
    public String decode(String line) {
        String marker = separator + " ";
        StringBuilder sb = new StringBuilder(line.length());
        int i = 0;
        while (true) {
            int j = line.indexOf(marker, i);
            if (j < 0) {
                break;
            }
            sb.append(line, i, j);
            i = j + marker.length();
        }
        sb.append(line, i, line.length());
        int len = sb.length();
        if (len >= separator.length() && sb.lastIndexOf(separator) == len - separator.length()) {
            sb.setLength(len - separator.length());
        }
        return sb.toString();
    }

    /** Joins BPE tokens back into words: a token ending in the separator continues into the next. */
    public List<String> decodeTokens(List<String> tokens) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String t : tokens) {
            if (t.endsWith(separator)) {
                cur.append(t, 0, t.length() - separator.length());
            } else {
                cur.append(t);
                words.add(cur.toString());
                cur.setLength(0);
            }
        }
        if (cur.length() > 0) {
            words.add(cur.toString());
        }
        return words;
    }
}
