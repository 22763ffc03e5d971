package org.seqlab.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A named trainable tensor and its gradient. Layers write into {@link #grad()} in their backward pass by
 * <em>accumulating</em> (+=), so gradients from several uses of one parameter add up; the trainer zeroes them
 * before each step. Both arrays are C-ordered, contiguous and of the same shape and data type.
 */
public final class Parameter {
    private final String name;
    private final INDArray value;
    private final INDArray grad;
    private boolean trainable = true;

    public Parameter(String name, INDArray value) {
        this(name, value.ordering() == 'c' && !value.isView() ? value : value.dup('c'), null);
    }

    private Parameter(String name, INDArray value, INDArray grad) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a parameter needs a name");
        }
        this.name = name;
        this.value = value;
        this.grad = grad != null ? grad : Nd4j.zeros(value.dataType(), value.shape());
    }

    /** The same value and gradient arrays under another name (used when a component's parameters are nested). */
    static Parameter sharing(String name, Parameter original) {
        Parameter p = new Parameter(name, original.value, original.grad);
        p.trainable = original.trainable;
        return p;
    }

    /** A zero-filled parameter; an initialiser fills it. */
    public static Parameter zeros(String name, DataType type, long... shape) {
        return new Parameter(name, Nd4j.zeros(type, shape));
    }

    public String name() {
        return name;
    }

    public INDArray value() {
        return value;
    }

    public INDArray grad() {
        return grad;
    }

    public DataType dataType() {
        return value.dataType();
    }

    public long[] shape() {
        return value.shape();
    }

    public long size() {
        return value.length();
    }

    /** Frozen parameters (for example fixed pretrained embeddings) keep their value; optimizers skip them. */
    public boolean trainable() {
        return trainable;
    }

    public Parameter setTrainable(boolean trainable) {
        this.trainable = trainable;
        return this;
    }

    public void zeroGrad() {
        grad.assign(0);
    }

    @Override
    public String toString() {
        return name + java.util.Arrays.toString(value.shape()) + (trainable ? "" : " (frozen)");
    }
}
