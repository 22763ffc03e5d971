package org.seqlab.lm.anomaly;

import java.util.Arrays;
import org.seqlab.random.Rng;

/**
 * Deterministic ways of turning a normal sentence into an anomalous one, for the anomaly benchmark. Each takes the
 * {@link Rng} to draw from, so a seed fixes the whole construction.
 */
public final class AnomalyConstructions {

    /** Reshuffles that came out equal to the input before falling back to a rotation (a permutation of a
     * multiset with at least two distinct words equals the input with probability at most 1/2). */
    private static final int SHUFFLE_TRIES = 32;

    private AnomalyConstructions() {
    }

    /**
     * The sentence's words (split on whitespace) in a random order, joined by single spaces. When the sentence has at
     * least two distinct words the result always differs from the words in their original order: a shuffle that
     * reproduces it is redrawn, and after {@value #SHUFFLE_TRIES} such draws the words are rotated by one (a rotation
     * by one changes any sequence that is not all one word). With fewer than two distinct words, the words are
     * returned in order.
     */
    public static String shuffleWords(String sentence, Rng rng) {
        String trimmed = sentence.strip();
        if (trimmed.isEmpty()) {
            return "";
        }
        String[] words = trimmed.split("\\s+");
        return String.join(" ", shuffle(words, rng));
    }

    /** {@link #shuffleWords(String, Rng)} on a word array (returns a new array). */
    public static String[] shuffle(String[] words, Rng rng) {
        if (!hasTwoDistinct(words)) {
            return words.clone();
        }
        int[] order = new int[words.length];
        String[] out = new String[words.length];
        for (int attempt = 0; attempt < SHUFFLE_TRIES; attempt++) {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            rng.shuffle(order);
            for (int i = 0; i < order.length; i++) {
                out[i] = words[order[i]];
            }
            if (!Arrays.equals(out, words)) {
                return out;
            }
        }
        for (int i = 0; i < words.length; i++) {
            out[i] = words[(i + 1) % words.length];
        }
        return out;
    }

    private static boolean hasTwoDistinct(String[] words) {
        for (String w : words) {
            if (!w.equals(words[0])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Corrupts characters at random: each code point of {@code text} (spaces and punctuation included) is, with
     * probability {@code q}, replaced by a code point drawn uniformly from {@code alphabet} minus the original (so
     * every replacement is a change). If no position was drawn, one uniformly chosen position is replaced, so the
     * result always differs from the input.
     *
     * @param text a non-empty text
     * @param q replacement probability in [0, 1]
     * @param alphabet the replacement code points; at least two distinct ones (so that each original has one
     *     other to become)
     */
    public static String corruptCharacters(String text, double q, String alphabet, Rng rng) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("cannot corrupt an empty text");
        }
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("the replacement probability must be in [0, 1], not " + q);
        }
        int[] letters = alphabet.codePoints().distinct().toArray();
        if (letters.length < 2) {
            throw new IllegalArgumentException("the alphabet needs at least two distinct characters: \""
                    + alphabet + "\"");
        }
        int[] cps = text.codePoints().toArray();
        boolean changed = false;
        for (int i = 0; i < cps.length; i++) {
            if (rng.nextDouble() < q) {
                cps[i] = replacement(cps[i], letters, rng);
                changed = true;
            }
        }
        if (!changed) {
            int i = rng.nextInt(cps.length);
            cps[i] = replacement(cps[i], letters, rng);
        }
        return new String(cps, 0, cps.length);
    }

    /** A code point drawn uniformly from {@code letters} other than {@code original}. */
    private static int replacement(int original, int[] letters, Rng rng) {
        int at = -1;
        for (int j = 0; j < letters.length; j++) {
            if (letters[j] == original) {
                at = j;
                break;
            }
        }
        if (at < 0) {
            return letters[rng.nextInt(letters.length)];
        }
        // draw among the others: skip over the original's slot
        int j = rng.nextInt(letters.length - 1);
        return letters[j >= at ? j + 1 : j];
    }
}
