/**
 * Decoding for the translator: greedy and batched beam search over any model that yields, per step and per live
 * hypothesis, a row of next-token log-probabilities and an attention row.
 *
 * <p>A {@link org.seqlab.seq2seq.decode.DecoderModel} encodes a batch of sources, steps its rows
 * ({@link org.seqlab.seq2seq.decode.DecoderStep}) and reorders them for the surviving hypotheses;
 * {@link org.seqlab.seq2seq.decode.GreedySearch} and {@link org.seqlab.seq2seq.decode.BeamSearch} drive it under a
 * {@link org.seqlab.seq2seq.decode.DecodeConfig} (beam size, n-best, GNMT length penalty, length limit) and return
 * {@link org.seqlab.seq2seq.decode.Hypothesis} records with per-token log-probabilities and attention rows, which
 * {@link org.seqlab.seq2seq.decode.UnkReplacer} uses to copy source words over {@code <unk>}.
 */
package org.seqlab.seq2seq.decode;
