package org.seqlab.tagger;

/**
 * The casing feature of a word, what a lowercased lookup loses. Id 0 is padding; the classes are checked in this
 * order: numeric (digits with optional , . - / only), contains-digit, all-lower, all-upper, initial-upper, mixed
 * (letters of both cases otherwise), other (no letters and no digits, e.g. punctuation).
 */
public enum Casing {
    PAD, NUMERIC, CONTAINS_DIGIT, ALL_LOWER, ALL_UPPER, INITIAL_UPPER, MIXED, OTHER;

    /** Number of ids, padding included. */
    public static final int COUNT = values().length;

    public static Casing of(String word) {
        int digits = 0;
        int upper = 0;
        int lower = 0;
        int numericPunct = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isDigit(c)) {
                digits++;
            } else if (Character.isUpperCase(c)) {
                upper++;
            } else if (Character.isLowerCase(c)) {
                lower++;
            } else if (c == ',' || c == '.' || c == '-' || c == '/') {
                numericPunct++;
            }
        }
        if (digits > 0 && digits + numericPunct == word.length()) {
            return NUMERIC;
        }
        if (digits > 0) {
            return CONTAINS_DIGIT;
        }
        if (upper == 0 && lower == 0) {
            return OTHER;
        }
        if (upper == 0) {
            return ALL_LOWER;
        }
        if (lower == 0) {
            return ALL_UPPER;
        }
        return Character.isUpperCase(word.charAt(0)) && upper == 1 ? INITIAL_UPPER : MIXED;
    }
}
