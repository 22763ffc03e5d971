package org.seqlab.nn.recurrent;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.nn.kernel.Blas;

/**
 * Conversions between padded batch-major {@code [B, T, d]} arrays (sequences in the caller's order) and the packed
 * time-major {@code [N, d]} layout of {@link SequenceLayout}, by plain row copies. Padding positions are ignored when
 * packing and written as exact zeros when unpacking. FLOAT and DOUBLE arrays.
 */
public final class PaddedSequences {
    private PaddedSequences() {
    }

    /** {@code [B, T, d]} with {@code T >= layout.maxLength()} to packed {@code [N, d]}. */
    public static INDArray pack(INDArray padded, SequenceLayout layout) {
        if (padded.rank() != 3 || padded.size(0) != layout.batch() || padded.size(1) < layout.maxLength()) {
            throw new IllegalArgumentException("pack: expected [B=" + layout.batch() + ", T>=" + layout.maxLength()
                    + ", d], got " + Arrays.toString(padded.shape()));
        }
        int dim = (int) padded.size(2);
        int steps = (int) padded.size(1);
        INDArray source = dense(padded);
        INDArray packed = Nd4j.createUninitialized(padded.dataType(), layout.totalSteps(), dim);
        RowCopy copy = rowCopy(source, packed);
        for (int b = 0; b < layout.batch(); b++) {
            for (int t = 0; t < layout.length(b); t++) {
                copy.copy((b * steps + t) * dim, layout.packedRow(t, b) * dim, dim);
            }
        }
        return packed;
    }

    /** Packed {@code [N, d]} to {@code [B, steps, d]}, zeros at padding; {@code steps >= layout.maxLength()}. */
    public static INDArray unpack(INDArray packed, SequenceLayout layout, int steps) {
        if (packed.rank() != 2 || packed.size(0) != layout.totalSteps() || steps < layout.maxLength()) {
            throw new IllegalArgumentException("unpack: expected [N=" + layout.totalSteps() + ", d] and steps >= "
                    + layout.maxLength() + ", got " + Arrays.toString(packed.shape()) + " and " + steps);
        }
        int dim = (int) packed.size(1);
        INDArray source = dense(packed);
        INDArray padded = Nd4j.create(packed.dataType(), layout.batch(), steps, dim);
        RowCopy copy = rowCopy(source, padded);
        for (int b = 0; b < layout.batch(); b++) {
            for (int t = 0; t < layout.length(b); t++) {
                copy.copy(layout.packedRow(t, b) * dim, (b * steps + t) * dim, dim);
            }
        }
        return padded;
    }

    private static INDArray dense(INDArray a) {
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("sequences must be FLOAT or DOUBLE, got " + a.dataType());
        }
        return a.isView() || a.ordering() != 'c' || a.data().offset() != 0 ? a.dup('c') : a;
    }

    private interface RowCopy {
        void copy(int fromIndex, int toIndex, int length);
    }

    private static RowCopy rowCopy(INDArray from, INDArray to) {
        if (from.dataType() == DataType.FLOAT) {
            FloatBuffer src = Blas.floats(from).asBuffer();
            FloatBuffer dst = Blas.floats(to).asBuffer();
            return (f, t, n) -> dst.put(t, src, f, n);
        }
        DoubleBuffer src = Blas.doubles(from).asBuffer();
        DoubleBuffer dst = Blas.doubles(to).asBuffer();
        return (f, t, n) -> dst.put(t, src, f, n);
    }
}
