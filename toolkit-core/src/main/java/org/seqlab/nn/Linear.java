package org.seqlab.nn;

import org.seqlab.random.Rng;
import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.nn.init.Init;

/**
 * Affine map {@code y = x · Wᵀ + b} over packed rows: input [N, in], output [N, out]. The weight has PyTorch's layout
 * [out, in], so PyTorch weights load unchanged. Parameters: {@code weight} and, unless disabled, {@code bias}.
 */
public final class Linear {
    private final String name;
    private final int inputSize;
    private final int outputSize;
    private final Parameter weight;
    private final Parameter bias;
    private final ParameterSet parameters = new ParameterSet();

    private Linear(Builder b) {
        this.name = b.name;
        this.inputSize = b.inputSize;
        this.outputSize = b.outputSize;
        this.weight = parameters.add(Parameter.zeros("weight", b.dataType, outputSize, inputSize));
        this.bias = b.bias ? parameters.add(Parameter.zeros("bias", b.dataType, outputSize)) : null;
        // PyTorch's nn.Linear default: uniform(±1/sqrt(in)) for weight and bias.
        double bound = 1.0 / Math.sqrt(inputSize);
        Init.uniform(weight.value(), bound, b.rng);
        if (bias != null) {
            Init.uniform(bias.value(), bound, b.rng);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The forward output and what backward needs (the input). */
    public record Result(INDArray output, INDArray input) {
    }

    /** @param input [N, in] */
    public Result forward(INDArray input) {
        checkInput(input);
        INDArray x = NativeArrays.dense(input);
        long n = x.size(0);
        INDArray out = Nd4j.createUninitialized(weight.dataType(), n, outputSize);
        if (bias != null) {
            // Every row starts as the bias; the GEMM then adds x·Wᵀ (beta = 1).
            Blas.fillRows(out, 0, (int) n, outputSize, bias.value());
            Blas.gemm(x, false, weight.value(), true, out, 1, 1);
        } else {
            Blas.gemm(x, false, weight.value(), true, out, 1, 0);
        }
        return new Result(out, x);
    }

    /**
     * Accumulates {@code dW += gᵀ·x} and {@code db += Σ_rows g} and returns {@code dx = g·W}.
     *
     * @param outputGrad [N, out]
     */
    public INDArray backward(Result forward, INDArray outputGrad) {
        accumulateGradients(forward.input(), outputGrad);
        return inputGradient(outputGrad);
    }

    /**
     * The parameter half of {@link #backward}: {@code dW += gᵀ·x}, {@code db += Σ_rows g}. Lets a caller that ran
     * forward many times on few rows (a decoder's steps) gather the rows and do one large GEMM instead of one per call.
     *
     * @param input [N, in] the forward inputs, @param outputGrad [N, out]
     */
    public void accumulateGradients(INDArray input, INDArray outputGrad) {
        INDArray x = input;
        if (outputGrad.rank() != 2 || outputGrad.size(0) != x.size(0) || outputGrad.size(1) != outputSize
                || outputGrad.dataType() != weight.dataType()) {
            throw new IllegalArgumentException(String.format("%s: output gradient must be %s [%d, %d], got %s %s", name,
                    weight.dataType(), x.size(0), outputSize, outputGrad.dataType(), Arrays.toString(outputGrad.shape())));
        }
        if (x.rank() != 2 || x.size(1) != inputSize || x.dataType() != weight.dataType()) {
            throw new IllegalArgumentException(String.format("%s: input must be %s [N, %d], got %s %s", name,
                    weight.dataType(), inputSize, x.dataType(), Arrays.toString(x.shape())));
        }
        INDArray g = NativeArrays.dense(outputGrad);
        Blas.gemm(g, true, NativeArrays.dense(x), false, weight.grad(), 1, 1);
        if (bias != null) {
            // db += gᵀ·ones: the column sums of g, accumulated by BLAS (beta = 1).
            int n = (int) x.size(0);
            Blas.gemm(g, n, outputSize, true, Workspace.ones(weight.dataType(), n), n, 1, false, bias.grad(), outputSize, 1, 1, 1);
        }
    }

    /** The input half of {@link #backward}: returns {@code dx = g·W} for {@code outputGrad [N, out]}. */
    public INDArray inputGradient(INDArray outputGrad) {
        if (outputGrad.rank() != 2 || outputGrad.size(1) != outputSize || outputGrad.dataType() != weight.dataType()) {
            throw new IllegalArgumentException(String.format("%s: output gradient must be %s [N, %d], got %s %s", name,
                    weight.dataType(), outputSize, outputGrad.dataType(), Arrays.toString(outputGrad.shape())));
        }
        INDArray g = NativeArrays.dense(outputGrad);
        INDArray dx = Nd4j.createUninitialized(weight.dataType(), g.size(0), inputSize);
        Blas.gemm(g, false, weight.value(), false, dx, 1, 0);
        return dx;
    }

    private void checkInput(INDArray input) {
        if (input.rank() != 2 || input.size(1) != inputSize) {
            throw new IllegalArgumentException(String.format("%s: input must be [N, %d] (input size %d), got %s", name,
                    inputSize, inputSize, Arrays.toString(input.shape())));
        }
        if (input.dataType() != weight.dataType()) {
            throw new IllegalArgumentException(
                    name + ": input is " + input.dataType() + " but the parameters are " + weight.dataType());
        }
        NativeArrays.requireFinite(name, input);
    }

    public ParameterSet parameters() {
        return parameters;
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias parameter, or null when the layer has none. */
    public Parameter bias() {
        return bias;
    }

    public int inputSize() {
        return inputSize;
    }

    public int outputSize() {
        return outputSize;
    }

    /** {@code setX} for required, {@code optX} for optional settings. */
    public static final class Builder {
        private int inputSize = -1;
        private int outputSize = -1;
        private boolean bias = true;
        private DataType dataType = DataType.FLOAT;
        private String name = "linear";
        private Rng rng;

        public Builder setInputSize(int inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        public Builder setOutputSize(int outputSize) {
            this.outputSize = outputSize;
            return this;
        }

        /** Draws the initial weights (PyTorch's default: uniform ±1/sqrt(in)). */
        public Builder setRng(Rng rng) {
            this.rng = rng;
            return this;
        }

        /** Whether to add a bias; default true. */
        public Builder optBias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /** float32 (default) or float64 (gradient checks). */
        public Builder optDataType(DataType dataType) {
            this.dataType = dataType;
            return this;
        }

        /** Name used in error messages; default "linear". */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        public Linear build() {
            if (inputSize < 1 || outputSize < 1) {
                throw new IllegalArgumentException(
                        name + ": input size and output size must be at least 1, got " + inputSize + " and " + outputSize);
            }
            if (rng == null) {
                throw new IllegalArgumentException(name + ": an Rng is required to initialise the weights");
            }
            if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
                throw new IllegalArgumentException(name + ": data type must be FLOAT or DOUBLE, got " + dataType);
            }
            return new Linear(this);
        }
    }
}
