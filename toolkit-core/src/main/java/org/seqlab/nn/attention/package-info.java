/**
 * Masked attention over a fixed encoder memory, built for a decoder that attends once per output step: additive
 * (Bahdanau), Luong general and Luong dot scores, each with an explicit backward pass, and heatmaps of the weights.
 *
 * <p>Use: {@link org.seqlab.nn.attention.Attention#prepare} once per batch (does the memory-side projection, one
 * GEMM), {@link org.seqlab.nn.attention.Attention#step} once per decoder step (O(n·S·width) loops, n = live rows),
 * {@link org.seqlab.nn.attention.Attention#backwardStep} for each step in any order, then
 * {@link org.seqlab.nn.attention.Attention#finishBackward} once, which does the memory-side GEMMs for the whole
 * decoded sequence and returns the encoder gradient.
 */
package org.seqlab.nn.attention;
