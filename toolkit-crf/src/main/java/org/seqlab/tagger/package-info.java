/**
 * The BiLSTM-CRF tagger end to end: {@link org.seqlab.tagger.TaggerConfig} (the shape and training settings),
 * {@link org.seqlab.tagger.TaggerLexicon} (words, chars and tags to ids), {@link org.seqlab.tagger.TaggerModel}
 * (word + casing + char encoder, BiLSTM, CRF or softmax, with backward), {@link org.seqlab.tagger.TaggerTrainer}
 * (CoNLL files to a saved tagger, with early stopping on dev F1), and {@link org.seqlab.tagger.Tagger}, the
 * thread-safe API users hold: {@code Tagger.load(path).tag("text")}. {@link org.seqlab.tagger.TaggerEvaluation},
 * {@link org.seqlab.tagger.TaggerIo} and {@link org.seqlab.tagger.TaggerBenchmark} are what the {@code eval},
 * {@code tag} and {@code bench} commands call.
 *
 * <p>Data flows: tokens → {@code TaggerLexicon.encode} → {@code TaggerBatch} (packed time-major rows) →
 * {@code TaggerModel.decode} (Viterbi under the IOBES constraints, marginals as confidences) → tags in the training
 * data's scheme and spans.
 */
package org.seqlab.tagger;
