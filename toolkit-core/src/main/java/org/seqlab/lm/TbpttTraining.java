package org.seqlab.lm;

import java.util.List;

import org.seqlab.nn.ParameterSet;
import org.seqlab.random.Rng;
import org.seqlab.nn.recurrent.RecurrentState;
import org.seqlab.train.BatchSource;
import org.seqlab.train.TrainableModel;
import org.seqlab.train.TruncatedBptt;

/**
 * Adapts a {@link LanguageModel} to the {@link org.seqlab.train.Trainer}: a batch is one truncated-BPTT chunk of
 * the training stream, an epoch is every chunk in stream order (never shuffled: the state flows from each chunk into
 * the next), and the trainer's optimizer step after each chunk is the truncation. The carried state starts from zeros
 * at each epoch's first chunk, so a run resumed from an end-of-epoch checkpoint repeats the uninterrupted run exactly;
 * a checkpoint inside an epoch would lack the carried state, which is why chunks must arrive in order.
 */
final class TbpttTraining implements TrainableModel<TruncatedBptt.Chunk>, BatchSource<TruncatedBptt.Chunk> {
    private final LanguageModel model;
    private final TextStream stream;
    private final List<TruncatedBptt.Chunk> chunks;
    private RecurrentState carried;
    private int expected;

    TbpttTraining(LanguageModel model, TextStream stream) {
        this.model = model;
        this.stream = stream;
        this.chunks = List.copyOf(stream.chunks(model.config().window(), model.config().stride()));
    }

    @Override
    public List<TruncatedBptt.Chunk> epoch(Rng rng) {
        return chunks;
    }

    @Override
    public ParameterSet parameters() {
        return model.parameters();
    }

    @Override
    public BatchLoss forwardBackward(TruncatedBptt.Chunk chunk, Rng rng) {
        if (chunk.index() == 0) {
            carried = null;
        } else if (chunk.index() != expected) {
            throw new IllegalStateException("truncated BPTT needs the chunks in order: got chunk " + chunk.index()
                    + " after chunk " + (expected - 1) + " (a checkpoint inside an epoch cannot restore the carried state)");
        }
        TruncatedBptt.ChunkResult<RecurrentState> r = model.forwardBackward(stream, chunk, carried);
        carried = r.carriedState();
        expected = chunk.index() + 1;
        return new BatchLoss(r.loss(), r.items());
    }

    LanguageModel model() {
        return model;
    }
}
