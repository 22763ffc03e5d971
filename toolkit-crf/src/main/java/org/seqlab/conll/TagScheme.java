package org.seqlab.conll;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.seqlab.SeqlabException;

/**
 * Chunk tagging schemes. A tag is {@code O} or {@code PREFIX-TYPE}; the prefix is what precedes the first hyphen, so
 * types may themselves contain hyphens (conlleval splits the same way).
 *
 * <ul>
 *   <li>{@link #IOB1} (CoNLL-2003 English): {@code I-X} starts a chunk unless it follows a token of type X;
 *       {@code B-X} appears only on the first token of a chunk that directly follows another chunk of type X.
 *   <li>{@link #IOB2}: every chunk starts with {@code B-X}, continues with {@code I-X}.
 *   <li>{@link #IOBES}: {@code S-X} for one-token chunks, otherwise {@code B-X I-X* E-X}.
 * </ul>
 *
 * <p>Decoding ({@link #chunks}) is lenient, like conlleval: it gives every sequence of valid tags a chunking, even one
 * that breaks the scheme's transition rules (an {@code I-X} after {@code O} starts a chunk). The transition rules
 * ({@link #allowsTransition}, {@link #allowsStart}, {@link #allowsEnd}) say which sequences are well formed; the CRF
 * uses them as constraints.
 */
public enum TagScheme {
    IOB1("O, B-TYPE, I-TYPE"),
    IOB2("O, B-TYPE, I-TYPE"),
    IOBES("O, B-TYPE, I-TYPE, E-TYPE, S-TYPE");

    private final String allowedForms;

    TagScheme(String allowedForms) {
        this.allowedForms = allowedForms;
    }

    /** Human-readable list of the tag forms this scheme accepts. */
    public String allowedForms() {
        return allowedForms;
    }

    /** Parses a scheme name case-insensitively ({@code iob1}, {@code IOB2}, {@code iobes}; {@code bioes} too). */
    public static TagScheme parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT);
        switch (n) {
            case "IOB1":
                return IOB1;
            case "IOB2":
            case "BIO":
                return IOB2;
            case "IOBES":
            case "BIOES":
                return IOBES;
            default:
                throw new SeqlabException("unknown tagging scheme '" + name + "' (choose IOB1, IOB2 or IOBES)");
        }
    }

    /** The prefix of a tag: {@code 'O'} for the outside tag, otherwise the character before the first hyphen. */
    static char prefixOf(String tag) {
        return tag.equals("O") ? 'O' : tag.charAt(0);
    }

    /** The type of a tag: the text after the first hyphen, or {@code ""} for {@code O}. */
    public static String typeOf(String tag) {
        int dash = tag.indexOf('-');
        return dash < 0 ? "" : tag.substring(dash + 1);
    }

    /** Whether {@code tag} is {@code O} or a prefix this scheme knows, a hyphen and a non-empty type. */
    public boolean isValid(String tag) {
        if (tag == null) {
            return false;
        }
        if (tag.equals("O")) {
            return true;
        }
        if (tag.length() < 3 || tag.charAt(1) != '-') {
            return false;
        }
        char p = tag.charAt(0);
        return p == 'B' || p == 'I' || (this == IOBES && (p == 'E' || p == 'S'));
    }

    /**
     * @param where where the tag came from, for the message (e.g. {@code "dev.txt:12"}); may be empty
     * @throws InvalidTagException naming the tag and this scheme when the tag is not valid here
     */
    public void validate(String tag, String where) {
        if (!isValid(tag)) {
            throw new InvalidTagException(String.valueOf(tag), this, where);
        }
    }

    /** Validates every tag of a sequence; the message names the 0-based position. */
    public void validateAll(List<String> tags, String where) {
        for (int i = 0; i < tags.size(); i++) {
            validate(tags.get(i), (where == null || where.isEmpty() ? "" : where + ", ") + "token " + i);
        }
    }

    /** Whether a well-formed sequence may begin with {@code tag} (valid tags only). */
    public boolean allowsStart(String tag) {
        char p = prefixOf(tag);
        switch (this) {
            case IOB1:
                return p != 'B'; // B- only separates two adjacent chunks of one type
            case IOB2:
                return p != 'I';
            default:
                return p == 'O' || p == 'B' || p == 'S';
        }
    }

    /** Whether a well-formed sequence may end with {@code tag} (valid tags only). */
    public boolean allowsEnd(String tag) {
        char p = prefixOf(tag);
        return this != IOBES || p == 'O' || p == 'E' || p == 'S';
    }

    /** Whether {@code to} may directly follow {@code from} in a well-formed sequence (valid tags only). */
    public boolean allowsTransition(String from, String to) {
        char pf = prefixOf(from);
        char pt = prefixOf(to);
        boolean sameType = typeOf(from).equals(typeOf(to));
        switch (this) {
            case IOB1:
                // B-X must follow a token of a chunk of type X; anything else may follow anything.
                return pt != 'B' || ((pf == 'B' || pf == 'I') && sameType);
            case IOB2:
                return pt != 'I' || ((pf == 'B' || pf == 'I') && sameType);
            default:
                boolean inside = pf == 'B' || pf == 'I';
                if (inside) {
                    return (pt == 'I' || pt == 'E') && sameType;
                }
                return pt == 'O' || pt == 'B' || pt == 'S';
        }
    }

    /**
     * Whether the whole sequence is well formed in this scheme: valid tags, allowed start, transitions and end.
     * An empty sequence is well formed.
     */
    public boolean isWellFormed(List<String> tags) {
        for (String t : tags) {
            if (!isValid(t)) {
                return false;
            }
        }
        if (tags.isEmpty()) {
            return true;
        }
        if (!allowsStart(tags.get(0)) || !allowsEnd(tags.get(tags.size() - 1))) {
            return false;
        }
        for (int i = 1; i < tags.size(); i++) {
            if (!allowsTransition(tags.get(i - 1), tags.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The chunks of a tag sequence in this scheme. Lenient like conlleval: a chunk starts at {@code B-}, at an
     * {@code I-} (or IOBES {@code E-}) that does not continue a chunk of its type, and at {@code S-}; it ends before
     * {@code O}, before a new start or type change, and after IOBES {@code E-}/{@code S-}.
     *
     * @throws InvalidTagException for a tag this scheme does not know
     */
    public List<Chunk> chunks(List<String> tags) {
        List<Chunk> out = new ArrayList<>();
        String type = null; // type of the open chunk, null when none is open
        int start = 0;
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            validate(tag, "token " + i);
            char p = prefixOf(tag);
            if (p == 'O') {
                if (type != null) {
                    out.add(new Chunk(type, start, i));
                    type = null;
                }
                continue;
            }
            String t = typeOf(tag);
            boolean continues = type != null && type.equals(t) && (p == 'I' || p == 'E');
            if (!continues) {
                if (type != null) {
                    out.add(new Chunk(type, start, i));
                }
                type = t;
                start = i;
            }
            if (this == IOBES && (p == 'E' || p == 'S')) {
                out.add(new Chunk(type, start, i + 1));
                type = null;
            }
        }
        if (type != null) {
            out.add(new Chunk(type, start, tags.size()));
        }
        return out;
    }

    /**
     * Writes chunks as a tag sequence of this scheme.
     *
     * @param chunks non-overlapping chunks in increasing order, all within {@code [0, length)}
     */
    public List<String> encode(List<Chunk> chunks, int length) {
        List<String> tags = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            tags.add("O");
        }
        int previousEnd = -1;
        String previousType = null;
        for (Chunk c : chunks) {
            if (c.end() > length || c.start() < Math.max(previousEnd, 0)) {
                throw new IllegalArgumentException("chunks overlap or exceed the sequence: " + c);
            }
            String x = c.type();
            switch (this) {
                case IOB1: {
                    boolean adjacentSameType = c.start() == previousEnd && x.equals(previousType);
                    tags.set(c.start(), (adjacentSameType ? "B-" : "I-") + x);
                    for (int i = c.start() + 1; i < c.end(); i++) {
                        tags.set(i, "I-" + x);
                    }
                    break;
                }
                case IOB2:
                    tags.set(c.start(), "B-" + x);
                    for (int i = c.start() + 1; i < c.end(); i++) {
                        tags.set(i, "I-" + x);
                    }
                    break;
                default:
                    if (c.length() == 1) {
                        tags.set(c.start(), "S-" + x);
                    } else {
                        tags.set(c.start(), "B-" + x);
                        for (int i = c.start() + 1; i < c.end() - 1; i++) {
                            tags.set(i, "I-" + x);
                        }
                        tags.set(c.end() - 1, "E-" + x);
                    }
            }
            previousEnd = c.end();
            previousType = x;
        }
        return tags;
    }

    /**
     * Converts a tag sequence from this scheme to {@code target}, through its chunks (so an ill-formed input is
     * first read leniently, see {@link #chunks}).
     */
    public List<String> convert(List<String> tags, TagScheme target) {
        return target.encode(chunks(tags), tags.size());
    }
}
