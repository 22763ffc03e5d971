package org.seqlab.nn.kernel;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Per-thread native scratch for BLAS operands: one grow-only buffer per {@link Slot}, so that nothing native is
 * allocated per call once a thread has seen the largest batch. A slot's contents are valid only within the one kernel
 * call that wrote them.
 */
final class Workspace {
    /** The distinct scratch buffers a kernel needs at the same time. */
    enum Slot { INPUT_GATES, RECURRENT_GATES, STATE, GATE_GRAD_X, GATE_GRAD_H, PREVIOUS_H, ONES, WEIGHTS_T }

    private static final ThreadLocal<Workspace> PER_THREAD = ThreadLocal.withInitial(Workspace::new);

    private final FloatPointer[] floats = new FloatPointer[Slot.values().length];
    private final FloatBuffer[] floatViews = new FloatBuffer[Slot.values().length];
    private final DoublePointer[] doubles = new DoublePointer[Slot.values().length];
    private final DoubleBuffer[] doubleViews = new DoubleBuffer[Slot.values().length];

    static Workspace get() {
        return PER_THREAD.get();
    }

    /** A native float buffer of at least {@code size} elements, positioned at 0. */
    FloatPointer floats(Slot slot, long size) {
        int i = slot.ordinal();
        if (floats[i] == null || floats[i].capacity() < size) {
            long n = Math.max(size, 1024);
            floats[i] = new FloatPointer(n);
            floatViews[i] = floats[i].position(0).limit(n).asBuffer();
        }
        return floats[i].position(0);
    }

    /** A Java view (absolute indexing) of the buffer last returned by {@link #floats}. */
    FloatBuffer floatView(Slot slot) {
        return floatViews[slot.ordinal()];
    }

    DoublePointer doubles(Slot slot, long size) {
        int i = slot.ordinal();
        if (doubles[i] == null || doubles[i].capacity() < size) {
            long n = Math.max(size, 1024);
            doubles[i] = new DoublePointer(n);
            doubleViews[i] = doubles[i].position(0).limit(n).asBuffer();
        }
        return doubles[i].position(0);
    }

    DoubleBuffer doubleView(Slot slot) {
        return doubleViews[slot.ordinal()];
    }
}
