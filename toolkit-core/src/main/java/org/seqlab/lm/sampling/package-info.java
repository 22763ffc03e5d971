/**
 * Generation controls for language models and the generation loop, on plain logit rows ({@code float[]}), so that
 * any model that yields one row of next-token scores per step can be sampled from.
 *
 * <p>{@link org.seqlab.lm.sampling.SamplingConfig} names the controls (repetition penalty, temperature, top-k,
 * top-p, seed); a {@link org.seqlab.lm.sampling.Sampler} applies them to one row without allocating;
 * {@link org.seqlab.lm.sampling.Generator} runs a {@link org.seqlab.lm.sampling.StepModel} from a prompt until a stop
 * token or a length limit. {@link org.seqlab.lm.sampling.Logits} holds the plain row functions (argmax,
 * log-softmax); {@link org.seqlab.lm.sampling.SamplingBenchmark} times one step's sampling for
 * {@code seqlab bench-sample}.
 */
package org.seqlab.lm.sampling;
