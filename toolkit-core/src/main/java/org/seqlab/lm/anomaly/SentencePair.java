package org.seqlab.lm.anomaly;

/**
 * One line of a Tatoeba bilingual file.
 *
 * @param english the English sentence
 * @param french the French sentence
 * @param attribution the licence and attribution field
 * @param line the 1-based line number in the file
 */
public record SentencePair(String english, String french, String attribution, long line) {
}
