package org.seqlab.nn.recurrent;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.batch.SequenceLayout;

/**
 * Conversions between padded batch-major {@code [B, T, d]} arrays (sequences in the caller's order) and the packed
 * time-major {@code [N, d]} layout of {@link SequenceLayout}, by plain copies. Padding positions are ignored when
 * packing and written as exact zeros when unpacking.
 */
public final class PaddedSequences {
    private PaddedSequences() {
    }

    /** {@code [B, T, d]} with {@code T >= layout.maxLength()} to packed {@code [N, d]}. */
    public static INDArray pack(INDArray padded, SequenceLayout layout) {
        if (padded.rank() != 3 || padded.size(0) != layout.batch() || padded.size(1) < layout.maxLength()) {
            throw new IllegalArgumentException("pack: expected [B=" + layout.batch() + ", T>=" + layout.maxLength()
                    + ", d], got " + java.util.Arrays.toString(padded.shape()));
        }
        int dim = (int) padded.size(2);
        int steps = (int) padded.size(1);
        INDArray source = padded.isView() || padded.ordering() != 'c' ? padded.dup('c') : padded;
        INDArray packed = Nd4j.create(padded.dataType(), layout.totalSteps(), dim);
        double[] src = source.data().asDouble();
        double[] dst = new double[layout.totalSteps() * dim];
        for (int b = 0; b < layout.batch(); b++) {
            for (int t = 0; t < layout.length(b); t++) {
                System.arraycopy(src, (b * steps + t) * dim, dst, layout.packedRow(t, b) * dim, dim);
            }
        }
        packed.assign(Nd4j.create(dst, new long[] {layout.totalSteps(), dim}).castTo(padded.dataType()));
        return packed;
    }

    /** Packed {@code [N, d]} to {@code [B, steps, d]}, zeros at padding; {@code steps >= layout.maxLength()}. */
    public static INDArray unpack(INDArray packed, SequenceLayout layout, int steps) {
        if (packed.rank() != 2 || packed.size(0) != layout.totalSteps() || steps < layout.maxLength()) {
            throw new IllegalArgumentException("unpack: expected [N=" + layout.totalSteps() + ", d] and steps >= "
                    + layout.maxLength() + ", got " + java.util.Arrays.toString(packed.shape()) + " and " + steps);
        }
        int dim = (int) packed.size(1);
        INDArray source = packed.isView() || packed.ordering() != 'c' ? packed.dup('c') : packed;
        double[] src = source.data().asDouble();
        double[] dst = new double[layout.batch() * steps * dim];
        for (int b = 0; b < layout.batch(); b++) {
            for (int t = 0; t < layout.length(b); t++) {
                System.arraycopy(src, layout.packedRow(t, b) * dim, dst, (b * steps + t) * dim, dim);
            }
        }
        return Nd4j.create(dst, new long[] {layout.batch(), steps, dim}).castTo(packed.dataType());
    }
}
