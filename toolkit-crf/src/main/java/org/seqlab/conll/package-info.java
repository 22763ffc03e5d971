/**
 * CoNLL-style data: tagging schemes (IOB1, IOB2, IOBES), their chunks, conversions and transition rules
 * ({@link org.seqlab.conll.TagScheme}); the file formats ({@link org.seqlab.conll.ConllFormat}: CoNLL-2003, -2002,
 * -2000, WNUT, CoNLL-U, generic columns), read by {@link org.seqlab.conll.ConllReader} into a
 * {@link org.seqlab.conll.Dataset} of {@link org.seqlab.conll.ConllSentence}s, summarised by
 * {@link org.seqlab.conll.DatasetSummary}, and written back with predictions by {@link org.seqlab.conll.ConllWriter}.
 */
package org.seqlab.conll;
