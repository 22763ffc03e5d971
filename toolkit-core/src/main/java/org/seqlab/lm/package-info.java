/**
 * Language models. The character language model ({@link org.seqlab.lm.LanguageModel}: embedding, recurrent
 * layers, softmax) reads a text as {@link org.seqlab.lm.TextStream parallel streams} over a
 * {@link org.seqlab.lm.CharAlphabet}, trains with truncated back-propagation through time on the shared trainer
 * ({@link org.seqlab.lm.LmTrainer}), is saved as a model bundle, and generates through
 * {@link org.seqlab.lm.sampling.Generator} via its step model. {@code lm.sampling} holds the sampling controls,
 * {@code lm.anomaly} the scoring of odd sentences.
 */
package org.seqlab.lm;
