/**
 * The linear-chain CRF: log partition, gold-path score, negative log-likelihood and its gradient, Viterbi and
 * marginals, with tagging-scheme constraints, as plain loops over arrays ({@link org.seqlab.crf.LinearChainCrf}),
 * held by tests against the textbook log-space form ({@link org.seqlab.crf.CrfReference}).
 */
package org.seqlab.crf;
