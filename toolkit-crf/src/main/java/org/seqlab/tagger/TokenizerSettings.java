package org.seqlab.tagger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.seqlab.SeqlabException;
import org.seqlab.conll.ConllFormat;
import org.seqlab.text.SentenceSplitter;
import org.seqlab.text.WordTokenizer;

/**
 * How {@link Tagger#tag(String)} cuts raw text into words: the settings of the {@link WordTokenizer} whose conventions
 * match the tagger's training data, recorded in the bundle. CoNLL-2000/2002/2003 and WNUT keep hyphenated words and
 * number ranges whole ({@code German-born}, {@code 1996-08-28}, {@code 6-4}), as the Penn Treebank did; CoNLL-U (UD
 * English) splits them. A tagger fed words cut the other way sees tokens it never saw in training.
 *
 * <p>In {@code tagger.json}: {@code "tokenizer": {"name": "standard", "keepHyphenated": true}}. Bundles written before
 * this record existed say {@code "tokenizer": "standard"}, which reads as {@link #UD}.
 */
public record TokenizerSettings(boolean keepHyphenated) {
    /** UD English conventions: hyphens between letters split off. The default of {@link WordTokenizer#standard()}. */
    public static final TokenizerSettings UD = new TokenizerSettings(false);
    /** Penn Treebank / CoNLL conventions: hyphenated words kept whole. */
    public static final TokenizerSettings PENN = new TokenizerSettings(true);

    private static final String NAME = "standard";

    /** The conventions of a training data format's usual corpora. */
    public static TokenizerSettings forFormat(ConllFormat format) {
        return switch (format) {
            case CONLL2003, CONLL2002, CONLL2000, WNUT -> PENN;
            case CONLLU, COLUMNS -> UD;
        };
    }

    public WordTokenizer tokenizer() {
        return keepHyphenated ? WordTokenizer.builder().optKeepHyphenated(true).build() : WordTokenizer.standard();
    }

    public SentenceSplitter splitter() {
        return new SentenceSplitter(tokenizer());
    }

    JsonNode toJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("name", NAME);
        node.put("keepHyphenated", keepHyphenated);
        return node;
    }

    /** Reads the {@code tokenizer} field of tagger.json (missing or the old plain {@code "standard"}: {@link #UD}). */
    static TokenizerSettings fromJson(JsonNode node, String where) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return UD;
        }
        String name = node.isTextual() ? node.asText() : node.path("name").asText(NAME);
        if (!NAME.equals(name)) {
            throw new SeqlabException(where + ": tokenizer \"" + name + "\" is unknown; this seqlab has \"" + NAME
                    + "\"");
        }
        JsonNode keep = node.path("keepHyphenated");
        if (!keep.isMissingNode() && !keep.isBoolean()) {
            throw new SeqlabException(where + ": tokenizer.keepHyphenated must be true or false, not " + keep);
        }
        return keep.asBoolean(false) ? PENN : UD;
    }
}
