/**
 * Corpus BLEU equal to sacreBLEU 2.6.0: the metric the translator is validated and reported with.
 *
 * <p>{@link org.seqlab.seq2seq.bleu.Bleu} scores parallel lists or files (or collects pairs one by one in a
 * {@link org.seqlab.seq2seq.bleu.BleuAccumulator}) into a {@link org.seqlab.seq2seq.bleu.BleuScore} with sacreBLEU's
 * figures, formatted line and signature. {@link org.seqlab.seq2seq.bleu.Tokenizer13a} is sacreBLEU's default
 * tokenizer. Python's notions that sacreBLEU relies on (whitespace, float formatting, libm's exp and log) are
 * reproduced in small package-private helpers, because Java's differ in ways that change counts or last digits.
 */
package org.seqlab.seq2seq.bleu;
