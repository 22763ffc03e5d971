package org.seqlab.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A native buffer reused for matrices of varying row counts: {@link #rows} hands out a {@code [rows, columns]} array
 * over the leading values of one buffer, which grows (by half again) only when a larger matrix is asked for. Used for
 * per-batch arrays on inference paths, whose native memory ND4J would otherwise free only after a garbage collection
 * (a large, rarely collected heap then lets the process's resident size creep up). Not thread-safe: keep one per
 * thread. The arrays handed out are views that the kernels accept ({@code Blas.isDensePrefix}); each is valid until
 * the next call.
 */
public final class GrowableArray {
    private INDArray buffer;

    /** A {@code [rows, columns]} C-ordered array over this buffer's first values (contents undefined). */
    public INDArray rows(DataType type, long rows, long columns) {
        long needed = Math.max(1, rows * columns);
        if (buffer == null || buffer.dataType() != type || buffer.length() < needed) {
            buffer = Nd4j.createUninitialized(type, needed + needed / 2);
        }
        return Nd4j.create(buffer.data(), new long[] {rows, columns}, new long[] {columns, 1}, 0, 'c');
    }

    /** Values the buffer holds now (0 before the first call). */
    public long capacity() {
        return buffer == null ? 0 : buffer.length();
    }
}
