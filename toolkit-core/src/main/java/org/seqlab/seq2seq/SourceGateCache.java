package org.seqlab.seq2seq;

import java.nio.FloatBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.nn.Embedding;
import org.seqlab.nn.kernel.Blas;
import org.seqlab.nn.recurrent.RecurrentStack;

/**
 * A loaded translator's encoder input pre-activations per source token id: the first encoder layer's {@code b + W_ih
 * e(id)} of each direction, so that encoding a batch copies them instead of running the input products (a twentieth
 * of greedy decoding's time on the bundled model, measured). Each id's values are computed for that id alone ({@link
 * RecurrentStack#firstLayerInputGates}), so they never depend on the batch that first needed them, and a
 * translation never on what was translated before.
 *
 * <p>Holds at most {@code capacity} ids, the first ones needed; an id past that is computed each time. Only for
 * parameters that no longer change (the model frozen for inference). Thread-safe: an entry is published once, whole.
 */
final class SourceGateCache {
    /** Heap budget of the cache, in MiB: the bundled model's whole source vocabulary (8,000 ids of 2,048 values) fits. */
    static final int DEFAULT_MEBIBYTES = 72;

    private final Embedding embedding;
    private final RecurrentStack encoder;
    private final AtomicReferenceArray<float[]> entries;
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final int perDirection;
    private final int directions;

    SourceGateCache(Embedding embedding, RecurrentStack encoder, long bytes) {
        this.embedding = embedding;
        this.encoder = encoder;
        this.directions = encoder.config().directions();
        this.perDirection = encoder.firstLayerGateWidth();
        this.entries = new AtomicReferenceArray<>(embedding.vocabularySize());
        this.capacity = (int) Math.min(embedding.vocabularySize(), bytes / (4L * directions * perDirection + 32));
    }

    int size() {
        return size.get();
    }

    int capacity() {
        return capacity;
    }

    /**
     * The first encoder layer's input gate planes of each direction for the packed ids of {@code layout} (see
     * {@link RecurrentStack#infer(SequenceLayout, INDArray[])}); new arrays.
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
        int hidden = encoder.config().hiddenSize();
        int blocks = perDirection / hidden;
        INDArray[] gates = new INDArray[directions];
        for (int d = 0; d < directions; d++) {
            gates[d] = Nd4j.createUninitialized(DataType.FLOAT, blocks, (long) rows * hidden);
            FloatBuffer view = Blas.floats(gates[d]).asBuffer();
            for (int r = 0; r < rows; r++) {
                for (int g = 0; g < blocks; g++) {
                    view.put((g * rows + r) * hidden, values[r], (d * blocks + g) * hidden, hidden);
                }
            }
        }
        return gates;
    }

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
        float[] gates = new float[count * perDirection];
        float[][] computed = new float[count][directions * perDirection];
        for (int d = 0; d < directions; d++) {
            encoder.firstLayerInputGates(d, x, 0, count, gates, 0);
            for (int i = 0; i < count; i++) {
                System.arraycopy(gates, i * perDirection, computed[i], d * perDirection, perDirection);
            }
        }
        for (int i = 0; i < count; i++) {
            float[] kept = offer(ids[i], computed[i]);
            done.put(ids[i], kept);
        }
        for (int i = 0; i < misses; i++) {
            values[missing[i]] = done.get(packedIds[missing[i]]);
        }
    }

    /** Keeps {@code v} for {@code id} while there is room; returns the entry in use (another thread's if it won). */
    private float[] offer(int id, float[] v) {
        if (size.get() >= capacity) {
            return v;
        }
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return v;
        }
        if (!entries.compareAndSet(id, null, v)) {
            size.decrementAndGet();
            return entries.get(id);
        }
        return v;
    }
}
