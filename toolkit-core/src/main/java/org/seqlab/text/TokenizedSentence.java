package org.seqlab.text;

import java.util.List;

/** One sentence: its tokens in order (at least one), with offsets into the text it was cut from. */
public record TokenizedSentence(List<Token> tokens) {
    public TokenizedSentence {
        if (tokens == null || tokens.isEmpty()) {
            throw new IllegalArgumentException("a sentence needs at least one token");
        }
        tokens = List.copyOf(tokens);
    }

    /** Offset of the first token's first character. */
    public int begin() {
        return tokens.get(0).begin();
    }

    /** Offset just past the last token. */
    public int end() {
        return tokens.get(tokens.size() - 1).end();
    }

    public int size() {
        return tokens.size();
    }

    /** The token texts. */
    public List<String> words() {
        return tokens.stream().map(Token::text).toList();
    }
}
