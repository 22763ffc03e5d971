package org.seqlab.tagger;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.nn.Linear;
import org.seqlab.nn.ParameterSet;
import org.seqlab.nn.SoftmaxCrossEntropy;
import org.seqlab.random.Rng;

/**
 * The training-only auxiliary tag tasks of {@link TaggerConfig.AuxiliaryTagTask}: per task one linear layer from the
 * BiLSTM's (dropped-out) output to that column's labels and a softmax per token. The loss is each task's summed cross
 * entropy times its weight; its gradient joins the tagging loss's on the shared BiLSTM.
 */
final class AuxiliaryTagHeads {
    private final List<TaggerConfig.AuxiliaryTagTask> tasks;
    private final Linear[] heads;
    private final SoftmaxCrossEntropy crossEntropy = SoftmaxCrossEntropy.builder()
            .optReduction(SoftmaxCrossEntropy.Reduction.SUM).build();

    AuxiliaryTagHeads(List<TaggerConfig.AuxiliaryTagTask> tasks, int statesSize, DataType dataType, Rng rng,
            ParameterSet parameters) {
        this.tasks = List.copyOf(tasks);
        heads = new Linear[tasks.size()];
        for (int k = 0; k < heads.length; k++) {
            TaggerConfig.AuxiliaryTagTask task = tasks.get(k);
            if (task.labels() < 2) {
                throw new IllegalArgumentException("auxiliaryTags: column " + task.column() + " has "
                        + task.labels() + " label" + (task.labels() == 1 ? "" : "s")
                        + " (the trainer counts them in the training data; a task needs at least 2)");
            }
            heads[k] = Linear.builder().setInputSize(statesSize).setOutputSize(task.labels()).setRng(rng)
                    .optDataType(dataType).optName("auxiliary tags " + task.column()).build();
            parameters.addAll(TaggerModel.AUXILIARY_PREFIX + (k + 1), heads[k].parameters());
        }
    }

    /** The weighted loss and, when asked, its gradient with respect to the states (else null). */
    record Result(double loss, INDArray statesGrad) {
    }

    /**
     * @param states the BiLSTM's output rows {@code [rows, statesSize]}
     * @param gold   per task the label id of every packed row
     */
    Result compute(INDArray states, int[][] gold, boolean gradients) {
        if (gold == null || gold.length != heads.length) {
            throw new IllegalArgumentException("tagger: a training batch needs the labels of " + heads.length
                    + " auxiliary column" + (heads.length == 1 ? "" : "s") + ", got "
                    + (gold == null ? 0 : gold.length));
        }
        double loss = 0;
        INDArray grad = null;
        for (int k = 0; k < heads.length; k++) {
            double weight = tasks.get(k).weight();
            Linear.Result logits = heads[k].forward(states);
            try {
                SoftmaxCrossEntropy.Result ce = gradients ? crossEntropy.computeInPlace(logits.output(), gold[k], null)
                        : crossEntropy.compute(logits.output(), gold[k]);
                loss += weight * ce.loss();
                if (gradients) {
                    INDArray g = heads[k].backward(logits, ce.logitsGrad().muli(weight));
                    if (grad == null) {
                        grad = g;
                    } else {
                        grad.addi(g);
                        g.close();
                    }
                }
            } finally {
                logits.output().close();
            }
        }
        return new Result(loss, grad);
    }
}
