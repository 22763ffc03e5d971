/**
 * CoNLL-style data: tagging schemes (IOB1, IOB2, IOBES), their chunks, conversions and transition rules
 * ({@link org.seqlab.conll.TagScheme}).
 */
package org.seqlab.conll;
