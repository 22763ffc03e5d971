package org.seqlab.tagger;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.batch.PackedBatch;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.nn.Linear;
import org.seqlab.nn.ParameterSet;
import org.seqlab.nn.SoftmaxCrossEntropy;
import org.seqlab.random.Rng;
import org.seqlab.vocab.Vocabulary;

/**
 * The training-only language-model objective of {@link TaggerConfig.LanguageModelTask}: the forward half of the
 * BiLSTM's (dropped-out) output predicts each token's next word, the backward half its previous word, each through a
 * tanh layer and a softmax over the task's vocabulary: the first ids of the word table, which after the specials are
 * the training words by count ({@link Vocabulary}'s order), every other word counting as {@code <unk>}. Past the
 * sentence's ends the targets are {@code </s>} and {@code <s>}. The loss is the summed cross entropy of both
 * directions times the task's weight.
 */
final class LanguageModelHeads {
    // The default specials' ids, which every tagger word table has (Vocabulary.DEFAULT_SPECIALS).
    private static final int UNK = Vocabulary.DEFAULT_SPECIALS.indexOf(Vocabulary.UNK);
    private static final int BOS = Vocabulary.DEFAULT_SPECIALS.indexOf(Vocabulary.BOS);
    private static final int EOS = Vocabulary.DEFAULT_SPECIALS.indexOf(Vocabulary.EOS);
    private final TaggerConfig.LanguageModelTask task;
    private final int hidden; // BiLSTM states per direction
    private final Linear forwardHidden;
    private final Linear forwardOutput;
    private final Linear backwardHidden;
    private final Linear backwardOutput;
    private final SoftmaxCrossEntropy crossEntropy = SoftmaxCrossEntropy.builder()
            .optReduction(SoftmaxCrossEntropy.Reduction.SUM).build();

    LanguageModelHeads(TaggerConfig.LanguageModelTask task, int lstmHidden, DataType dataType, Rng rng,
            ParameterSet parameters) {
        this.task = task;
        this.hidden = lstmHidden;
        forwardHidden = linear(lstmHidden, task.hidden(), dataType, rng, "lm forward hidden");
        forwardOutput = linear(task.hidden(), task.vocabulary(), dataType, rng, "lm forward output");
        backwardHidden = linear(lstmHidden, task.hidden(), dataType, rng, "lm backward hidden");
        backwardOutput = linear(task.hidden(), task.vocabulary(), dataType, rng, "lm backward output");
        parameters.addAll(TaggerModel.LANGUAGE_MODEL_PREFIX + "forward.hidden", forwardHidden.parameters());
        parameters.addAll(TaggerModel.LANGUAGE_MODEL_PREFIX + "forward.output", forwardOutput.parameters());
        parameters.addAll(TaggerModel.LANGUAGE_MODEL_PREFIX + "backward.hidden", backwardHidden.parameters());
        parameters.addAll(TaggerModel.LANGUAGE_MODEL_PREFIX + "backward.output", backwardOutput.parameters());
    }

    private static Linear linear(int in, int out, DataType dataType, Rng rng, String name) {
        return Linear.builder().setInputSize(in).setOutputSize(out).setRng(rng).optDataType(dataType).optName(name)
                .build();
    }

    /** The weighted loss and, when asked, the gradient of it with respect to {@code states} (else null). */
    record Result(double loss, INDArray statesGrad) {
    }

    /**
     * @param states the BiLSTM's output rows {@code [rows, 2 × hidden]}, forward direction first (packed as
     *               {@code words})
     * @param words  the batch's word ids (as looked up, before word dropout)
     */
    Result compute(INDArray states, PackedBatch words, boolean gradients) {
        SequenceLayout layout = words.layout();
        int[] ids = words.packedIds();
        int rows = layout.totalSteps();
        int[] next = new int[rows];
        int[] previous = new int[rows];
        for (int b = 0; b < layout.batch(); b++) {
            int n = layout.length(b);
            for (int t = 0; t < n; t++) {
                int r = layout.packedRow(t, b);
                next[r] = t + 1 < n ? target(ids[layout.packedRow(t + 1, b)]) : EOS;
                previous[r] = t > 0 ? target(ids[layout.packedRow(t - 1, b)]) : BOS;
            }
        }
        INDArray forwardStates = states.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hidden)).dup('c');
        INDArray backwardStates = states.get(NDArrayIndex.all(), NDArrayIndex.interval(hidden, 2 * hidden)).dup('c');
        Direction f = direction(forwardHidden, forwardOutput, forwardStates, next, gradients);
        Direction b = direction(backwardHidden, backwardOutput, backwardStates, previous, gradients);
        close(forwardStates, backwardStates);
        double loss = task.weight() * (f.loss + b.loss);
        if (!gradients) {
            return new Result(loss, null);
        }
        INDArray grad = Nd4j.concat(1, f.grad, b.grad);
        close(f.grad, b.grad);
        return new Result(loss, grad);
    }

    private int target(int wordId) {
        return wordId < task.vocabulary() ? wordId : UNK;
    }

    private record Direction(double loss, INDArray grad) {
    }

    /**
     * One direction's loss and state gradient. Its arrays (the logits are {@code rows × vocabulary}, some 13 MB a
     * batch) are closed as soon as they are used: left to the garbage collector, native memory outgrew the machine
     * within five epochs, as the Java heap barely moves between collections.
     */
    private Direction direction(Linear hiddenLayer, Linear outputLayer, INDArray states, int[] targets,
            boolean gradients) {
        Linear.Result z = hiddenLayer.forward(states);
        INDArray m = Transforms.tanh(z.output(), true);
        Linear.Result logits = outputLayer.forward(m);
        double loss;
        INDArray dm = null;
        try {
            // The logits are this objective's largest array: the gradient overwrites them.
            SoftmaxCrossEntropy.Result ce = gradients ? crossEntropy.computeInPlace(logits.output(), targets, null)
                    : crossEntropy.compute(logits.output(), targets);
            loss = ce.loss();
            if (gradients) {
                dm = outputLayer.backward(logits, ce.logitsGrad().muli(task.weight()));
            }
        } finally {
            logits.output().close();
        }
        if (!gradients) {
            close(z.output(), m);
            return new Direction(loss, null);
        }
        // tanh' = 1 - m²
        INDArray slope = m.mul(m).rsubi(1.0);
        INDArray dz = dm.muli(slope);
        INDArray grad = hiddenLayer.backward(z, dz);
        close(slope, dz, z.output(), m);
        return new Direction(loss, grad);
    }

    private static void close(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (!a.isView() && !a.wasClosed()) {
                a.close();
            }
        }
    }
}
