/**
 * Byte-pair encoding compatible with subword-nmt (Sennrich et al. 2016): {@link org.seqlab.text.bpe.BpeLearner} learns
 * merges from {@link org.seqlab.text.bpe.WordCounts} (one file or several jointly), {@link org.seqlab.text.bpe.BpeCodes}
 * reads and writes subword-nmt codes files, {@link org.seqlab.text.bpe.BpeEncoder} applies them (vocabulary threshold,
 * glossaries, merge limit) and {@link org.seqlab.text.bpe.BpeDecoder} undoes them; {@link org.seqlab.text.bpe.BpeVocabulary}
 * is the vocabulary file used for the threshold. Words are space-separated, as subword-nmt has them.
 *
 * <p>Not supported: byte-level codes ({@code #version: 0.2 byte}), BPE dropout, {@code --total-symbols}, dictionary
 * input. Known differences: learning keeps exact pair counts where subword-nmt's pruned table can, rarely, undercount a
 * pair (none on Multi30k with 10,000 merges); glossaries are Java regular expressions.
 */
package org.seqlab.text.bpe;
