package org.seqlab.conll;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.seqlab.SeqlabException;

/**
 * The column layouts of the CoNLL-style files the toolkit reads: how fields are separated, what each column holds,
 * which column is the tag by default, and which tagging scheme a column's tags follow ({@code null} for plain labels
 * such as part-of-speech tags). Column numbers in this API are 1-based, as the CoNLL-U documentation counts them.
 */
public enum ConllFormat {
    /** CoNLL-2003: {@code word POS chunk NER}, space separated, IOB1 chunk and NER tags, {@code -DOCSTART-} lines. */
    CONLL2003("conll2003", false, 4, new String[] {"word", "pos", "chunk", "ner"},
            new TagScheme[] {null, null, TagScheme.IOB1, TagScheme.IOB1}),
    /** CoNLL-2002: {@code word POS NER}, space separated, IOB2 NER tags; Dutch has {@code -DOCSTART-} lines. */
    CONLL2002("conll2002", false, 3, new String[] {"word", "pos", "ner"},
            new TagScheme[] {null, null, TagScheme.IOB2}),
    /** CoNLL-2000 chunking: {@code word POS chunk}, space separated, IOB2 chunk tags. */
    CONLL2000("conll2000", false, 3, new String[] {"word", "pos", "chunk"},
            new TagScheme[] {null, null, TagScheme.IOB2}),
    /** WNUT-16/17: {@code word<TAB>tag}, IOB2. */
    WNUT("wnut", true, 2, new String[] {"word", "ner"}, new TagScheme[] {null, TagScheme.IOB2}),
    /**
     * CoNLL-U: ten tab-separated columns, the tag from UPOS (column 4) by default or XPOS (5); {@code #} comments,
     * multiword-token ranges ({@code 1-2}) and empty nodes ({@code 8.1}) are kept aside, not read as words.
     */
    CONLLU("conllu", true, 4, new String[] {"id", "form", "lemma", "upos", "xpos", "feats", "head", "deprel", "deps",
        "misc"}, new TagScheme[10]),
    /**
     * Any number of space- or tab-separated columns (as many on every line as on the first), the word in column 1 and
     * the tag in the last column unless another is chosen; plain labels unless a scheme is chosen.
     */
    COLUMNS("columns", false, -1, new String[0], new TagScheme[0]);

    private final String id;
    private final boolean tabSeparated;
    private final int defaultTagColumn;
    private final String[] columnNames;
    private final TagScheme[] columnSchemes;

    ConllFormat(String id, boolean tabSeparated, int defaultTagColumn, String[] columnNames,
            TagScheme[] columnSchemes) {
        this.id = id;
        this.tabSeparated = tabSeparated;
        this.defaultTagColumn = defaultTagColumn;
        this.columnNames = columnNames;
        this.columnSchemes = columnSchemes;
    }

    /** The name users type: {@code conll2003}, {@code conll2002}, {@code conll2000}, {@code wnut}, {@code conllu}, {@code columns}. */
    public String id() {
        return id;
    }

    /** Parses a format name case-insensitively ({@code conll03}, {@code wnut17}, {@code conll-u} are accepted too). */
    public static ConllFormat parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        switch (n) {
            case "conll2003": case "conll03": return CONLL2003;
            case "conll2002": case "conll02": return CONLL2002;
            case "conll2000": case "conll00": return CONLL2000;
            case "wnut": case "wnut16": case "wnut17": return WNUT;
            case "conllu": return CONLLU;
            case "columns": return COLUMNS;
            default:
                throw new SeqlabException("unknown data format '" + name + "' (choose " + names() + ")");
        }
    }

    static String names() {
        List<String> out = new ArrayList<>();
        for (ConllFormat f : values()) {
            out.add(f.id);
        }
        return String.join(", ", out);
    }

    /** Whether fields are separated by single tabs (WNUT, CoNLL-U) rather than runs of spaces and tabs. */
    public boolean tabSeparated() {
        return tabSeparated;
    }

    /** The number of columns every word line has, or {@code -1} for {@link #COLUMNS} (set by the first line). */
    public int columnCount() {
        return columnNames.length == 0 ? -1 : columnNames.length;
    }

    /** Lower-case names of the columns, e.g. {@code [word, pos, chunk, ner]}; empty for {@link #COLUMNS}. */
    public List<String> columnNames() {
        return List.of(columnNames);
    }

    /** The 1-based column holding the word: {@code form} (2) in CoNLL-U, otherwise 1. */
    public int wordColumn() {
        return this == CONLLU ? 2 : 1;
    }

    /** The 1-based tag column read by default, or {@code -1} for {@link #COLUMNS} (the last column). */
    public int defaultTagColumn() {
        return defaultTagColumn;
    }

    /** The scheme the tags of a 1-based column follow, or {@code null} for plain labels (and for {@link #COLUMNS}). */
    public TagScheme schemeOf(int column) {
        return column >= 1 && column <= columnSchemes.length ? columnSchemes[column - 1] : null;
    }

    /** Whether a line whose first field is {@code -DOCSTART-} separates documents (every format but CoNLL-U). */
    public boolean hasDocstartLines() {
        return this != CONLLU;
    }

    /**
     * A column chosen by name ({@code ner}, {@code chunk}, {@code pos}, {@code upos}, {@code xpos}, ...) or 1-based
     * number.
     *
     * @throws SeqlabException for an unknown name or a number outside the format's columns
     */
    public int column(String nameOrNumber) {
        String s = nameOrNumber.trim().toLowerCase(Locale.ROOT);
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            int k;
            try {
                k = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                k = Integer.MAX_VALUE;
            }
            if (k < 1 || (columnCount() > 0 && k > columnCount())) {
                throw new SeqlabException("column " + nameOrNumber + " does not exist in " + id + " (columns 1 to "
                        + (columnCount() > 0 ? columnCount() : "N") + ")");
            }
            return k;
        }
        int i = Arrays.asList(columnNames).indexOf(s);
        if (i < 0) {
            throw new SeqlabException("column '" + nameOrNumber + "' does not exist in " + id + " (choose "
                    + (columnNames.length > 0 ? String.join(", ", columnNames) + " or " : "") + "a column number)");
        }
        return i + 1;
    }

    /** A readable name of a 1-based column, e.g. {@code ner (column 4)}. */
    public String describeColumn(int column) {
        return column >= 1 && column <= columnNames.length ? columnNames[column - 1] + " (column " + column + ")"
                : "column " + column;
    }
}
