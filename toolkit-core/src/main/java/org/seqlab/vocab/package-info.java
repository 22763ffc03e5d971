/**
 * Vocabularies and pretrained word vectors: the station between tokens and ids.
 *
 * <ul>
 * <li>{@link org.seqlab.vocab.Vocabulary}: immutable token ↔ id mapping with counts; specials first ({@code <pad>}=0,
 * {@code <unk>}, {@code <s>}, {@code </s>} by default), then count descending, ties by string order. Saved as UTF-8
 * text: a {@code #seqlab-vocabulary<TAB>v1<TAB>specials=N<TAB>lowercase-fallback=B} header, then one
 * {@code token<TAB>count} line per id. Tokens may hold spaces, never tabs or line breaks (refused when building).</li>
 * <li>{@link org.seqlab.vocab.EmbeddingLoader}: the one entry point for GloVe text, word2vec text (= fastText
 * {@code .vec}) and word2vec binary files, plain, gzip or zip, detected from the content; gives every row
 * ({@link org.seqlab.vocab.PretrainedEmbeddings}) or a matrix aligned with a vocabulary
 * ({@link org.seqlab.vocab.EmbeddingMatrix}, with exact / lowercase / missing counts). Malformed files raise
 * {@link org.seqlab.vocab.EmbeddingFormatException} naming file, line (binary: row) and problem.</li>
 * <li>{@link org.seqlab.vocab.EmbeddingWriter}: writes the three formats, e.g. to shrink vectors to a vocabulary.</li>
 * </ul>
 */
package org.seqlab.vocab;
