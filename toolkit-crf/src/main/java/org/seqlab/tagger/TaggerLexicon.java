package org.seqlab.tagger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.seqlab.SeqlabException;
import org.seqlab.batch.BatchPlan;
import org.seqlab.batch.CharBatch;
import org.seqlab.batch.PackedBatch;
import org.seqlab.batch.Piece;
import org.seqlab.conll.TagScheme;
import org.seqlab.crf.TransitionConstraints;
import org.seqlab.vocab.Vocabulary;

/**
 * What turns words into model inputs and tag ids back into labels: the word and char vocabularies (padding id 0,
 * {@code <unk>} for the unseen), the tag labels, whether words are lowercased before lookup, and the scheme the tags
 * follow ({@link TagScheme#IOBES} for span tasks, null for plain labels such as POS). Further word tables
 * ({@link TaggerConfig#extraWordTables()}) each have their own vocabulary and lookup (lowercased or as written).
 */
public final class TaggerLexicon {
    private final Vocabulary words;
    private final List<Vocabulary> extraWords;
    private final boolean[] extraLowercase;
    private final Vocabulary chars;
    private final List<String> tags;
    private final boolean lowercase;
    private final TagScheme scheme;
    private final int maxWordLength;
    private final java.util.Map<String, Integer> tagIndex = new java.util.HashMap<>();
    /** The char ids of code points 0-255, looked up once: per character a substring and a hash lookup were 2 % of tagging. */
    private final int[] latin1CharIds = new int[256];

    public TaggerLexicon(Vocabulary words, Vocabulary chars, List<String> tags, boolean lowercase, TagScheme scheme,
            int maxWordLength) {
        this(words, List.of(), List.of(), chars, tags, lowercase, scheme, maxWordLength);
    }

    /**
     * @param extraWords     the vocabularies of the further word tables, in table order
     * @param extraLowercase per further table, whether its words are lowercased before lookup
     */
    public TaggerLexicon(Vocabulary words, List<Vocabulary> extraWords, List<Boolean> extraLowercase, Vocabulary chars,
            List<String> tags, boolean lowercase, TagScheme scheme, int maxWordLength) {
        if (words.padId() != 0 || words.unkId() < 0 || chars.padId() != 0 || chars.unkId() < 0) {
            throw new IllegalArgumentException("tagger vocabularies need <pad> = 0 and an <unk>");
        }
        if (extraWords.size() != extraLowercase.size()) {
            throw new IllegalArgumentException("one lookup per extra word vocabulary");
        }
        for (Vocabulary v : extraWords) {
            if (v.padId() != 0 || v.unkId() < 0) {
                throw new IllegalArgumentException("tagger vocabularies need <pad> = 0 and an <unk>");
            }
        }
        this.extraWords = List.copyOf(extraWords);
        this.extraLowercase = new boolean[extraLowercase.size()];
        for (int k = 0; k < this.extraLowercase.length; k++) {
            this.extraLowercase[k] = extraLowercase.get(k);
        }
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("a tagger needs at least one tag");
        }
        this.words = words;
        this.chars = chars;
        for (int cp = 0; cp < latin1CharIds.length; cp++) {
            latin1CharIds[cp] = chars.index(String.valueOf((char) cp));
        }
        this.tags = List.copyOf(tags);
        this.lowercase = lowercase;
        this.scheme = scheme;
        this.maxWordLength = maxWordLength;
        for (int i = 0; i < this.tags.size(); i++) {
            tagIndex.put(this.tags.get(i), i);
        }
    }

    public Vocabulary words() {
        return words;
    }

    /** The vocabularies of the further word tables (empty with one table). */
    public List<Vocabulary> extraWords() {
        return extraWords;
    }

    /** Whether further word table {@code k} is looked up lowercased. */
    public boolean extraLowercase(int k) {
        return extraLowercase[k];
    }

    public Vocabulary chars() {
        return chars;
    }

    public List<String> tags() {
        return tags;
    }

    public boolean lowercase() {
        return lowercase;
    }

    /** {@link TagScheme#IOBES} for span tasks, null for plain labels. */
    public TagScheme scheme() {
        return scheme;
    }

    public int maxWordLength() {
        return maxWordLength;
    }

    /** The CRF's constraints: the scheme's transition rules over the tag labels, or none for plain labels. */
    public TransitionConstraints constraints() {
        return scheme == null ? TransitionConstraints.none(tags.size()) : TransitionConstraints.forScheme(scheme, tags);
    }

    /** The form a word is looked up in. */
    public String lookupForm(String word) {
        return lowercase ? word.toLowerCase(Locale.ROOT) : word;
    }

    /** The model inputs of a set of sentences (and their tag ids when {@code tagsOf} is not null). */
    public Encoded encode(List<? extends List<String>> sentences, List<? extends List<String>> tagsOf) {
        List<int[]> wordIds = new ArrayList<>(sentences.size());
        List<int[]> casing = new ArrayList<>(sentences.size());
        List<int[][]> charIds = new ArrayList<>(sentences.size());
        List<int[]> tagIds = tagsOf == null ? null : new ArrayList<>(sentences.size());
        List<List<int[]>> extraIds = new ArrayList<>(extraWords.size());
        for (int k = 0; k < extraWords.size(); k++) {
            extraIds.add(new ArrayList<>(sentences.size()));
        }
        for (int s = 0; s < sentences.size(); s++) {
            List<String> sentence = sentences.get(s);
            int n = sentence.size();
            int[][] extra = new int[extraWords.size()][n];
            int[] w = new int[n];
            int[] c = new int[n];
            int[][] ch = new int[n][];
            for (int t = 0; t < n; t++) {
                String word = sentence.get(t);
                if (word.isEmpty()) {
                    throw new SeqlabException("sentence " + (s + 1) + ", token " + (t + 1) + " is empty");
                }
                w[t] = words.index(lookupForm(word));
                for (int k = 0; k < extra.length; k++) {
                    extra[k][t] = extraWords.get(k).index(extraLowercase[k] ? word.toLowerCase(Locale.ROOT) : word);
                }
                c[t] = Casing.of(word).ordinal();
                ch[t] = charIds(word);
            }
            wordIds.add(w);
            for (int k = 0; k < extra.length; k++) {
                extraIds.get(k).add(extra[k]);
            }
            casing.add(c);
            charIds.add(ch);
            if (tagIds != null) {
                List<String> labels = tagsOf.get(s);
                int[] y = new int[n];
                for (int t = 0; t < n; t++) {
                    Integer id = tagIndex.get(labels.get(t));
                    // A tag never seen in training cannot be predicted; it counts as the first tag (usually O).
                    y[t] = id == null ? 0 : id;
                }
                tagIds.add(y);
            }
        }
        return new Encoded(wordIds, casing, charIds, tagIds, extraIds);
    }

    private int[] charIds(String word) {
        int n = Math.min(word.codePointCount(0, word.length()), maxWordLength);
        int[] ids = new int[n];
        int offset = 0;
        for (int k = 0; k < n; k++) {
            int cp = word.codePointAt(offset);
            int len = Character.charCount(cp);
            ids[k] = cp < latin1CharIds.length ? latin1CharIds[cp] : chars.index(word.substring(offset, offset + len));
            offset += len;
        }
        return ids;
    }

    /**
     * Encoded sentences: per sentence its word ids, casing ids, char ids per word and (or null) tag ids; per further
     * word table, per sentence its ids in that table ({@code extraWords.get(k).get(s)}); per auxiliary tag task, per
     * sentence its label ids ({@code auxiliaryTags.get(k).get(s)}; empty without such tasks).
     */
    public record Encoded(List<int[]> words, List<int[]> casing, List<int[][]> chars, List<int[]> tags,
            List<List<int[]>> extraWords, List<List<int[]>> auxiliaryTags) {
        public Encoded {
            extraWords = extraWords == null ? List.of() : extraWords;
            auxiliaryTags = auxiliaryTags == null ? List.of() : auxiliaryTags;
        }

        /** Sentences encoded without auxiliary tags. */
        public Encoded(List<int[]> words, List<int[]> casing, List<int[][]> chars, List<int[]> tags,
                List<List<int[]>> extraWords) {
            this(words, casing, chars, tags, extraWords, List.of());
        }

        /** Sentences encoded for one word table. */
        public Encoded(List<int[]> words, List<int[]> casing, List<int[][]> chars, List<int[]> tags) {
            this(words, casing, chars, tags, List.of(), List.of());
        }

        /** These sentences with the label ids of auxiliary tag tasks (per task, per sentence). */
        public Encoded withAuxiliaryTags(List<List<int[]>> labels) {
            return new Encoded(words, casing, chars, tags, extraWords, labels);
        }

        /** Sentences {@code from} (inclusive) to {@code to} (exclusive). */
        public Encoded subList(int from, int to) {
            return new Encoded(words.subList(from, to), casing.subList(from, to), chars.subList(from, to),
                    tags == null ? null : tags.subList(from, to), sub(extraWords, from, to),
                    sub(auxiliaryTags, from, to));
        }

        private static List<List<int[]>> sub(List<List<int[]>> perTable, int from, int to) {
            List<List<int[]>> out = new ArrayList<>(perTable.size());
            for (List<int[]> table : perTable) {
                out.add(table.subList(from, to));
            }
            return out;
        }

        public int size() {
            return words.size();
        }

        public int[] lengths() {
            int[] l = new int[words.size()];
            for (int i = 0; i < l.length; i++) {
                l[i] = words.get(i).length;
            }
            return l;
        }

        /** Batch {@code k} of a plan made for these sentences. */
        public TaggerBatch batch(BatchPlan plan, int k) {
            return batch(plan.batch(k));
        }

        /** The batch of the given pieces (whole sentences). */
        public TaggerBatch batch(List<Piece> pieces) {
            PackedBatch w = PackedBatch.of(words, pieces, 0);
            int[] c = PackedBatch.of(casing, pieces, 0).packedIds();
            CharBatch ch = CharBatch.of(w, chars, 0);
            int[] y = tags == null ? null : PackedBatch.of(tags, pieces, 0).packedIds();
            return new TaggerBatch(w, c, ch, y, packed(extraWords, pieces), null, packed(auxiliaryTags, pieces));
        }

        private static int[][] packed(List<List<int[]>> perTable, List<Piece> pieces) {
            int[][] out = new int[perTable.size()][];
            for (int k = 0; k < out.length; k++) {
                out[k] = PackedBatch.of(perTable.get(k), pieces, 0).packedIds();
            }
            return out;
        }
    }
}
