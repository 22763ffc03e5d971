/**
 * Language models. {@link org.seqlab.lm.LanguageModel} (embedding, recurrent layers, softmax; optionally tied input and
 * output embeddings) predicts {@link org.seqlab.lm.LmTokens}: characters ({@link org.seqlab.lm.CharAlphabet}) or BPE
 * pieces ({@link org.seqlab.lm.BpeTokens}). It reads a text as {@link org.seqlab.lm.TextStream parallel streams},
 * trains with truncated back-propagation through time on the shared trainer ({@link org.seqlab.lm.LmTrainer}), is saved
 * as a model bundle, scores streams piece by piece ({@link org.seqlab.lm.LmSession}) and generates text
 * ({@link org.seqlab.lm.TextGenerator}, over {@link org.seqlab.lm.sampling.Generator}). {@code lm.sampling} holds the
 * sampling controls, {@code lm.anomaly} the anomaly detector and its statistics.
 */
package org.seqlab.lm;
