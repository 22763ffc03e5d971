package org.seqlab.seq2seq;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.ParameterSet;
import org.seqlab.random.Rng;
import org.seqlab.train.TrainableModel;

/**
 * A {@link Seq2SeqModel} as the {@link org.seqlab.train.Trainer} trains it: teacher forcing, or scheduled sampling
 * with the probability of the configured schedule at the current update count. The update count is a
 * non-trainable parameter ({@code schedule.updates}), so checkpoints save it and a resumed run continues the schedule
 * exactly; it is not part of the model bundle.
 */
public final class TranslationTask implements TrainableModel<List<Seq2SeqModel.Pair>> {
    private final Seq2SeqModel model;
    private final ScheduledSampling sampling;
    private final Parameter updates = Parameter.zeros("updates", DataType.DOUBLE, 1).setTrainable(false);
    private final ParameterSet parameters = new ParameterSet();

    public TranslationTask(Seq2SeqModel model) {
        this.model = model;
        this.sampling = model.config().scheduledSampling();
        for (Parameter p : model.parameters()) {
            parameters.add(p);
        }
        ParameterSet schedule = new ParameterSet();
        schedule.add(updates);
        parameters.addAll("schedule", schedule);
    }

    public Seq2SeqModel model() {
        return model;
    }

    /** Updates done so far (what the sampling schedule reads). */
    public long updates() {
        return (long) updates.value().getDouble(0);
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    @Override
    public BatchLoss forwardBackward(List<Seq2SeqModel.Pair> batch, Rng rng) {
        long step = updates();
        Seq2SeqModel.Forward fwd = model.forward(batch, true, sampling.samplingProbability(step), rng);
        model.backward(fwd);
        updates.value().putScalar(0, step + 1);
        return new BatchLoss(fwd.loss() * fwd.tokens(), fwd.tokens());
    }
}
