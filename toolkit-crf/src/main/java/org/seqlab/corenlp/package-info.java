/**
 * The CoreNLP annotator: {@link org.seqlab.corenlp.SeqlabAnnotator} runs a seqlab tagger inside a Stanford CoreNLP
 * pipeline. CoreNLP is GPL and a {@code provided} dependency of this module: it is on the class path only where the
 * caller puts it there, and nothing else in seqlab loads this package.
 */
package org.seqlab.corenlp;
