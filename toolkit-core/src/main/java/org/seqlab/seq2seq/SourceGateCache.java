package org.seqlab.seq2seq;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.GrowableArray;
import org.seqlab.nn.recurrent.InputGateCache;
import org.seqlab.nn.recurrent.RecurrentStack;

/**
 * A loaded translator's encoder input pre-activations per source token id: the first encoder layer's {@code b + W_ih
 * e(id)} of each direction, so that encoding a batch copies them instead of running the input products (a twentieth
 * of greedy decoding's time on the bundled model, measured). Each id's values are computed for that id alone ({@link
 * RecurrentStack#firstLayerInputGates}), so they never depend on the batch that first needed them, and a
 * translation never on what was translated before.
 *
 * <p>Holds the first ids needed up to a heap budget (an {@link InputGateCache}); an id past that is computed each
 * time. Only for parameters that no longer change (the model frozen for inference). Thread-safe.
 */
final class SourceGateCache {
    /** Heap budget, in MiB: 8,000 pieces of 2,048 values fit (the bundled model's 3,985 source pieces take 33 MB). */
    static final int DEFAULT_MEBIBYTES = 72;

    private final Embedding embedding;
    private final RecurrentStack encoder;
    private final InputGateCache<Integer> entries;

    SourceGateCache(Embedding embedding, RecurrentStack encoder, long bytes) {
        this.embedding = embedding;
        this.encoder = encoder;
        int perToken = encoder.config().directions() * encoder.firstLayerGateWidth();
        int capacity = Math.min(embedding.vocabularySize(), InputGateCache.capacityFor(bytes, perToken));
        this.entries = new InputGateCache<>(Math.max(1, capacity));
    }

    int size() {
        return entries.size();
    }

    /**
     * The first encoder layer's input gate planes of each direction for the packed ids of {@code layout} (see
     * {@link RecurrentStack#infer(SequenceLayout, INDArray[])}), in this thread's buffers.
     */
    INDArray[] planes(int[] packedIds, SequenceLayout layout) {
        int rows = layout.totalSteps();
        float[][] values = new float[rows][];
        int[] missing = new int[rows];
        int misses = 0;
        for (int r = 0; r < rows; r++) {
            values[r] = entries.get(packedIds[r]);
            if (values[r] == null) {
                missing[misses++] = r;
            }
        }
        if (misses > 0) {
            compute(packedIds, missing, misses, values);
        }
        return encoder.firstLayerGatePlanes(values, rows, PLANES.get());
    }

    /** Per thread, the gate planes' buffers (the kernels use them up within the call that takes them). */
    private static final ThreadLocal<GrowableArray[]> PLANES = ThreadLocal.withInitial(
            () -> new GrowableArray[] {new GrowableArray(), new GrowableArray()});

    /** Fills {@code values[missing[i]]} for the rows whose ids were not cached, each id computed once, alone. */
    private void compute(int[] packedIds, int[] missing, int misses, float[][] values) {
        java.util.Map<Integer, float[]> done = new java.util.HashMap<>();
        int[] ids = new int[misses];
        int count = 0;
        for (int i = 0; i < misses; i++) {
            int id = packedIds[missing[i]];
            if (!done.containsKey(id)) {
                done.put(id, null);
                ids[count++] = id;
            }
        }
        int dim = embedding.dimension();
        float[] x = new float[count * dim];
        embedding.gatherInto(ids, count, x, 0, dim);
        float[][] computed = encoder.firstLayerInputGateRows(x, count);
        for (int i = 0; i < count; i++) {
            float[] kept = entries.offer(ids[i], computed[i]);
            done.put(ids[i], kept);
        }
        for (int i = 0; i < misses; i++) {
            values[missing[i]] = done.get(packedIds[missing[i]]);
        }
    }
}
