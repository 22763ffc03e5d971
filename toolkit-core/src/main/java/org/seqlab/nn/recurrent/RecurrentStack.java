package org.seqlab.nn.recurrent;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.nn.GrowableArray;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.ParameterSet;
import org.seqlab.random.Rng;
import org.seqlab.nn.kernel.Blas;
import org.seqlab.nn.kernel.DirectionKernel;
import org.seqlab.nn.kernel.DirectionParams;
import org.seqlab.nn.kernel.KernelThreads;

/**
 * Stacked, optionally bidirectional and residual recurrent layers (Elman, LSTM, GRU) over packed batches: PyTorch's
 * {@code nn.RNN/LSTM/GRU} with packed sequences, parameter names and layouts included ({@code weight_ih_l0},
 * {@code weight_hh_l0_reverse}, ...), so PyTorch weights load directly.
 *
 * <p>At each time step only the live sequences are computed; the reverse direction of a sequence starts at its own
 * last step from its initial state. The two directions of a layer run on two threads. The data type (float32 or
 * float64) follows the parameters. Immutable apart from parameter values; safe to share between threads.
 */
public final class RecurrentStack {
    private final RecurrentConfig config;
    private final DataType dataType;
    private final ParameterSet parameters = new ParameterSet();
    private final DirectionParams[][] directions;
    /** Per layer and direction, W_hh with its gate blocks transposed, once frozen ({@link #freezeForInference}). */
    private volatile INDArray[][] frozenRecurrentT;

    private RecurrentStack(RecurrentConfig config, DataType dataType, Rng rng) {
        this.config = config;
        this.dataType = dataType;
        int hidden = config.hiddenSize();
        int rows = config.cell().gateBlocks() * hidden;
        double bound = 1.0 / Math.sqrt(hidden);
        directions = new DirectionParams[config.layers()][config.directions()];
        for (int l = 0; l < config.layers(); l++) {
            for (int d = 0; d < config.directions(); d++) {
                String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                directions[l][d] = new DirectionParams(
                        add("weight_ih" + suffix, rng, bound, rows, config.layerInputSize(l)),
                        add("weight_hh" + suffix, rng, bound, rows, hidden),
                        add("bias_ih" + suffix, rng, bound, rows),
                        add("bias_hh" + suffix, rng, bound, rows));
            }
        }
    }

    /** PyTorch's default initialisation, uniform(-1/sqrt(H), 1/sqrt(H)). */
    private Parameter add(String name, Rng rng, double bound, long... shape) {
        int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = (2 * rng.nextDouble() - 1) * bound;
        }
        return parameters.add(new Parameter(name, Nd4j.create(values, shape).castTo(dataType)));
    }

    public static Builder builder() {
        return new Builder();
    }

    public RecurrentConfig config() {
        return config;
    }

    public DataType dataType() {
        return dataType;
    }

    /** All parameters, PyTorch's names. */
    public ParameterSet parameters() {
        return parameters;
    }

    /**
     * Declares the parameters final (a loaded model, no more training): W_hh of every layer and direction is transposed
     * once, block by block, here instead of on every inference call that transposes it (batches of 8 or more
     * sequences; that transposition was about 9 % of batch-32 tagging). Forward passes of either kind still run (a
     * layer-by-layer tagger, such as one with a char BiLSTM, decodes through {@link #forward}); {@link #backward}, the
     * start of any training, is refused. The parameters must not be changed in any other way either: the forward
     * passes would go on using W_hh as it was at freezing time. Idempotent; not for use while other threads run this
     * stack.
     */
    public void freezeForInference() {
        if (frozenRecurrentT != null) {
            return;
        }
        int hidden = config.hiddenSize();
        int blocks = (int) (directions[0][0].weightHh().shape()[0] / hidden);
        INDArray[][] transposed = new INDArray[config.layers()][config.directions()];
        for (int l = 0; l < config.layers(); l++) {
            for (int d = 0; d < config.directions(); d++) {
                transposed[l][d] = directions[l][d].weightHh().value().reshape('c', blocks, hidden, hidden)
                        .permute(0, 2, 1).dup('c').reshape('c', (long) blocks * hidden, hidden);
            }
        }
        frozenRecurrentT = transposed;
    }

    /** Whether {@link #freezeForInference} has been called. */
    public boolean isFrozen() {
        return frozenRecurrentT != null;
    }

    /** Width of the output, directions * H. */
    public int outputSize() {
        return config.outputSize();
    }

    /** {@link #forward(INDArray, SequenceLayout, RecurrentState)} from zero initial states. */
    public RecurrentForward forward(INDArray input, SequenceLayout layout) {
        return forward(input, layout, null);
    }

    /**
     * @param input packed {@code [N, inputSize]} in this network's data type
     * @param initial initial states in {@link RecurrentState}'s layout, or null for zeros (its cell array may be null)
     */
    public RecurrentForward forward(INDArray input, SequenceLayout layout, RecurrentState initial) {
        return run(input, layout, initial, true, null, null);
    }

    /**
     * {@link #forward(INDArray, SequenceLayout, RecurrentState)} for inference: keeps no cache for a backward pass,
     * so the kernels reuse their arrays from call to call and nothing per-position is allocated apart from the
     * outputs. {@link #backward} on the result is refused.
     */
    public RecurrentForward infer(INDArray input, SequenceLayout layout, RecurrentState initial) {
        return run(input, layout, initial, false, null, null);
    }

    /**
     * {@link #infer} from zero initial states with the first layer's input pre-activations made by the caller, as in
     * {@link #inferInto(INDArray, SequenceLayout, INDArray, INDArray[])} (the arrays are used up); keeps the final
     * states.
     */
    public RecurrentForward infer(SequenceLayout layout, INDArray[] firstLayerGates) {
        checkGateCount(firstLayerGates == null ? new INDArray[0] : firstLayerGates);
        return run(null, layout, null, false, null, firstLayerGates);
    }

    /**
     * Inference from zero initial states into the caller's {@code output} ({@code [N, outputSize]}, dense or the
     * leading rows of a larger buffer), without final states. Nothing native is allocated per call: the layers
     * between run on per-thread buffers reused from call to call, so a long tagging run keeps a flat resident size
     * (ND4J frees an array's native memory only after the garbage collector has found its Java object).
     */
    public void inferInto(INDArray input, SequenceLayout layout, INDArray output) {
        inferInto(input, layout, output, null);
    }

    /**
     * {@link #inferInto(INDArray, SequenceLayout, INDArray)} with the first layer's input pre-activations made by the
     * caller (one array per direction, see {@link DirectionKernel#usePresetInputGates}; each row as {@link
     * #firstLayerInputGates} computes it): the input is then not read and may be null. The arrays are used up.
     */
    public void inferInto(INDArray input, SequenceLayout layout, INDArray output, INDArray[] firstLayerGates) {
        checkMatrix(output, layout.totalSteps(), config.outputSize(), "output");
        if (!Blas.isDensePrefix(output) || output.dataType() != dataType) {
            throw new IllegalArgumentException(name() + ": the output must be a dense C-ordered " + dataType
                    + " array");
        }
        if (firstLayerGates != null) {
            checkGateCount(firstLayerGates);
        }
        run(input, layout, null, false, output, firstLayerGates);
    }

    private void checkGateCount(INDArray[] firstLayerGates) {
        if (firstLayerGates.length != config.directions()) {
            throw new IllegalArgumentException(name() + ": " + firstLayerGates.length
                    + " arrays of first-layer input gates for " + config.directions() + " directions");
        }
    }

    /** Values per row of a direction's first-layer input pre-activations ({@link #firstLayerInputGates}). */
    public int firstLayerGateWidth() {
        return config.cell().gateBlocks() * config.hiddenSize();
    }

    /**
     * {@link #firstLayerInputGates} of every direction for the {@code rows} input rows of {@code x}: per row one new
     * array, the directions one after another (what {@link #firstLayerGatePlanes} reads).
     */
    public float[][] firstLayerInputGateRows(float[] x, int rows) {
        int directions = config.directions();
        int width = firstLayerGateWidth();
        float[] gates = new float[rows * width];
        float[][] out = new float[rows][directions * width];
        for (int d = 0; d < directions; d++) {
            firstLayerInputGates(d, x, 0, rows, gates, 0);
            for (int i = 0; i < rows; i++) {
                System.arraycopy(gates, i * width, out[i], d * width, width);
            }
        }
        return out;
    }

    /**
     * Lays out per-row first-layer input pre-activations as the gate planes of each direction that {@link
     * #inferInto(INDArray, SequenceLayout, INDArray, INDArray[])} and {@link #infer(SequenceLayout, INDArray[])} take:
     * {@code rowValues[r]} holds packed row r's values for every direction, one after another, each as {@link
     * #firstLayerInputGates} writes a row. The planes go into {@code buffers} (one per direction, reused from call to
     * call).
     */
    public INDArray[] firstLayerGatePlanes(float[][] rowValues, int rows, GrowableArray[] buffers) {
        int directions = config.directions();
        int hidden = config.hiddenSize();
        int blocks = config.cell().gateBlocks();
        if (buffers.length < directions) {
            throw new IllegalArgumentException(name() + ": " + buffers.length + " buffers for " + directions
                    + " directions");
        }
        INDArray[] planes = new INDArray[directions];
        for (int d = 0; d < directions; d++) {
            planes[d] = buffers[d].rows(DataType.FLOAT, blocks, (long) rows * hidden);
            FloatBuffer view = Blas.floats(planes[d]).asBuffer();
            for (int r = 0; r < rows; r++) {
                for (int g = 0; g < blocks; g++) {
                    view.put((g * rows + r) * hidden, rowValues[r], (d * blocks + g) * hidden, hidden);
                }
            }
        }
        return planes;
    }

    /** Rows per product in {@link #firstLayerInputGates}, where the products are row-exact at this size. */
    static final int WORD_BLOCK = 16;

    /** Per-thread native scratch of {@link #firstLayerInputGates}: input rows and pre-activations. */
    private static final ThreadLocal<FloatPointer[]> ROW_SCRATCH = ThreadLocal.withInitial(() -> new FloatPointer[2]);

    /**
     * The first-layer pre-activations of direction {@code direction} for {@code rows} input rows {@code x[xOffset +
     * i·inputSize ..]} (float32 only), in the layout of {@link DirectionKernel#usePresetInputGates} one row at a
     * time: {@code out[outOffset + i·G·H + g·H + j] = b_ih + W_ih x_i}, plus {@code b_hh} except in the cell's
     * recurrent-apart block. Each row's values depend on that row alone, bit for bit, never on the other rows or
     * their number (a batch's GEMM rounds a row with the batch's row count): the rows run through products of
     * exactly {@value #WORD_BLOCK} rows, zero-padded, where the library's products are exact per row at that size
     * ({@link Blas#rowExact}, checked on this machine), and otherwise one matrix-vector product each. What a
     * per-word cache needs to give every batch the same values.
     */
    public void firstLayerInputGates(int direction, float[] x, int xOffset, int rows, float[] out, int outOffset) {
        if (dataType != DataType.FLOAT) {
            throw new IllegalStateException(name() + ": first-layer input gates are float32 only, this stack is "
                    + dataType);
        }
        int inputSize = config.inputSize();
        int hidden = config.hiddenSize();
        int width = firstLayerGateWidth();
        int apart = config.cell().recurrentApartBlock();
        DirectionParams p = directions[0][direction];
        float[] bias = new float[width];
        FloatBuffer bih = Blas.floats(p.biasIh().value()).asBuffer();
        FloatBuffer bhh = Blas.floats(p.biasHh().value()).asBuffer();
        for (int i = 0; i < width; i++) {
            bias[i] = i / hidden == apart ? bih.get(i) : bih.get(i) + bhh.get(i);
        }
        boolean blocks = Blas.rowExact(WORD_BLOCK, width, inputSize);
        int blockRows = blocks ? WORD_BLOCK : 1;
        FloatPointer[] scratch = ROW_SCRATCH.get();
        if (scratch[0] == null || scratch[0].capacity() < (long) blockRows * inputSize) {
            scratch[0] = new FloatPointer((long) WORD_BLOCK * inputSize);
        }
        if (scratch[1] == null || scratch[1].capacity() < (long) blockRows * width) {
            scratch[1] = new FloatPointer((long) WORD_BLOCK * width);
        }
        FloatPointer xp = scratch[0].position(0);
        FloatPointer yp = scratch[1].position(0);
        FloatBuffer xv = xp.limit((long) blockRows * inputSize).asBuffer();
        FloatBuffer yv = yp.limit((long) blockRows * width).asBuffer();
        FloatPointer wih = Blas.floats(p.weightIh().value());
        for (int r0 = 0; r0 < rows; r0 += blockRows) {
            int n = Math.min(blockRows, rows - r0);
            xv.put(0, x, xOffset + r0 * inputSize, n * inputSize);
            for (int i = n * inputSize; i < blockRows * inputSize; i++) {
                xv.put(i, 0f); // padding rows
            }
            for (int i = 0; i < blockRows; i++) {
                yv.put(i * width, bias, 0, width);
            }
            if (blocks) {
                Blas.gemm(false, true, WORD_BLOCK, width, inputSize, 1f, xp.position(0), 0, inputSize, wih, 0,
                        inputSize, 1f, yp.position(0), 0, width);
            } else {
                Blas.gemv(false, width, inputSize, 1f, wih, 0, inputSize, xp.position(0), 0, 1f, yp.position(0), 0);
            }
            yv.get(0, out, outOffset + r0 * width, n * width);
        }
    }

    /** Per-thread buffers for the outputs of the layers below the last in {@link #inferInto}. */
    private static final ThreadLocal<GrowableArray[]> INNER_OUTPUTS = ThreadLocal.withInitial(
            () -> new GrowableArray[] {new GrowableArray(), new GrowableArray()});

    private RecurrentForward run(INDArray input, SequenceLayout layout, RecurrentState initial, boolean keepCache,
            INDArray finalOutput, INDArray[] firstLayerGates) {
        INDArray[][] frozen = frozenRecurrentT;
        checkInput(input, layout, firstLayerGates != null);
        INDArray h0 = initial == null ? null : checkState(initial.hidden(), layout, "initial hidden state");
        INDArray c0 = initial == null || !config.cell().hasCellState() ? null
                : checkState(initial.cell(), layout, "initial cell state");
        int slices = config.layers() * config.directions();
        int batch = layout.batch();
        int hidden = config.hiddenSize();
        boolean states = finalOutput == null;
        INDArray hN = states ? Nd4j.create(dataType, slices, batch, hidden) : null;
        INDArray cN = states && config.cell().hasCellState() ? Nd4j.create(dataType, slices, batch, hidden) : null;
        DirectionKernel[][] kernels = new DirectionKernel[config.layers()][config.directions()];
        INDArray[] layerInputs = new INDArray[config.layers()];
        INDArray in = input == null ? null : dense(input);
        for (int l = 0; l < config.layers(); l++) {
            INDArray layerIn = in;
            INDArray out;
            if (finalOutput == null) {
                // uninitialised: each direction writes all of its columns
                out = Nd4j.createUninitialized(dataType, layout.totalSteps(), config.outputSize());
            } else if (l == config.layers() - 1) {
                out = finalOutput;
            } else {
                out = INNER_OUTPUTS.get()[l % 2].rows(dataType, layout.totalSteps(), config.outputSize());
            }
            int layer = l;
            Runnable[] runs = new Runnable[config.directions()];
            for (int d = 0; d < config.directions(); d++) {
                int dir = d;
                kernels[l][d] = config.cell().kernel(dataType, layout, config.layerInputSize(l), hidden, d == 1);
                DirectionKernel kernel = kernels[l][d];
                if (frozen != null) {
                    kernel.useTransposedRecurrentWeights(frozen[l][d]);
                }
                if (l == 0 && firstLayerGates != null) {
                    kernel.usePresetInputGates(firstLayerGates[d]);
                }
                // one direction: its sequences may use the second core; two: each direction has a core already
                kernel.splitRows(config.directions() == 1);
                int slice = l * config.directions() + d;
                runs[d] = () -> {
                    kernel.forward(layerIn, directions[layer][dir], h0, c0, slice);
                    kernel.writeOutput(out, dir * hidden);
                    if (states) {
                        kernel.writeFinalState(hN, cN, slice);
                    }
                    if (!keepCache) {
                        kernel.release();
                    }
                };
            }
            runDirections(runs);
            if (config.residual() && l > 0) {
                out.addi(layerIn);
            }
            layerInputs[l] = layerIn;
            in = out;
        }
        return new RecurrentForward(layout, in, states ? new RecurrentState(hN, cN) : null, kernels, layerInputs);
    }

    /**
     * Back-propagates through the whole stack: accumulates every parameter's gradient and returns the input and
     * initial-state gradients.
     *
     * @param dOutput dL/d output, packed {@code [N, directions*H]}
     * @param dFinal dL/d final states, or null (either array may also be null)
     */
    public RecurrentGradients backward(RecurrentForward forward, INDArray dOutput, RecurrentState dFinal) {
        if (frozenRecurrentT != null) {
            throw new IllegalStateException(name() + " is frozen for inference (a loaded model): it cannot be trained");
        }
        SequenceLayout layout = forward.layout();
        checkMatrix(dOutput, layout.totalSteps(), config.outputSize(), "output gradient");
        INDArray dhN = dFinal == null || dFinal.hidden() == null ? null
                : checkState(dFinal.hidden(), layout, "final hidden state gradient");
        INDArray dcN = dFinal == null || dFinal.cell() == null || !config.cell().hasCellState() ? null
                : checkState(dFinal.cell(), layout, "final cell state gradient");
        int slices = config.layers() * config.directions();
        int hidden = config.hiddenSize();
        INDArray dh0 = Nd4j.create(dataType, slices, layout.batch(), hidden);
        INDArray dc0 = config.cell().hasCellState() ? Nd4j.create(dataType, slices, layout.batch(), hidden) : null;
        INDArray dOut = dense(dOutput);
        for (int l = config.layers() - 1; l >= 0; l--) {
            INDArray layerIn = forward.layerInputs[l];
            INDArray layerDOut = dOut;
            int width = config.layerInputSize(l);
            // uninitialised: each direction's backward writes (does not add to) every element of its target
            INDArray dIn = Nd4j.createUninitialized(dataType, layout.totalSteps(), width);
            INDArray dInReverse = config.directions() == 2
                    ? Nd4j.createUninitialized(dataType, layout.totalSteps(), width) : null;
            int layer = l;
            Runnable[] runs = new Runnable[config.directions()];
            for (int d = 0; d < config.directions(); d++) {
                int dir = d;
                DirectionKernel kernel = forward.kernels[l][d];
                int slice = l * config.directions() + d;
                INDArray target = d == 0 ? dIn : dInReverse;
                runs[d] = () -> kernel.backward(layerDOut, dir * hidden, dhN, dcN, slice, layerIn,
                        directions[layer][dir], target, false, dh0, dc0);
            }
            runDirections(runs);
            if (dInReverse != null) {
                dIn.addi(dInReverse);
            }
            if (config.residual() && l > 0) {
                dIn.addi(layerDOut);
            }
            dOut = dIn;
        }
        return new RecurrentGradients(dOut, new RecurrentState(dh0, dc0));
    }

    private static void runDirections(Runnable[] runs) {
        if (runs.length == 2) {
            KernelThreads.runBoth(runs[0], runs[1]);
        } else {
            runs[0].run();
        }
    }

    private static INDArray dense(INDArray a) {
        return Blas.isDensePrefix(a) ? a : a.dup('c');
    }

    /** Checks the layout and the input; with {@code presetGates} (made by the caller) the input is not read. */
    private void checkInput(INDArray input, SequenceLayout layout, boolean presetGates) {
        if (layout.maxLength() > config.maxLength()) {
            throw new IllegalArgumentException(name() + ": a sequence of length " + layout.maxLength()
                    + " exceeds the configured maximum length " + config.maxLength());
        }
        long gateValues = (long) layout.totalSteps() * config.cell().gateBlocks() * config.hiddenSize();
        if (gateValues > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException(name() + ": " + layout.totalSteps() + " packed steps need " + gateValues
                    + " gate values, more than one batch can hold; split the batch");
        }
        if (presetGates) {
            return;
        }
        checkMatrix(input, layout.totalSteps(), config.inputSize(), "input");
        if (containsNaN(input)) {
            throw new org.seqlab.nn.NonFiniteValuesException(name() + ": the input contains NaN");
        }
    }

    private static boolean containsNaN(INDArray a) {
        INDArray d = dense(a);
        if (d.dataType() == DataType.FLOAT) {
            FloatBuffer b = Blas.floats(d).asBuffer();
            for (int i = 0; i < b.limit(); i++) {
                if (Float.isNaN(b.get(i))) {
                    return true;
                }
            }
            return false;
        }
        DoubleBuffer b = Blas.doubles(d).asBuffer();
        for (int i = 0; i < b.limit(); i++) {
            if (Double.isNaN(b.get(i))) {
                return true;
            }
        }
        return false;
    }

    private void checkMatrix(INDArray a, int rows, int cols, String what) {
        if (a == null) {
            throw new IllegalArgumentException(name() + ": " + what + " is missing");
        }
        if (a.dataType() != dataType) {
            throw new IllegalArgumentException(name() + ": " + what + " is " + a.dataType() + " but the parameters are "
                    + dataType);
        }
        if (a.rank() != 2 || a.size(0) != rows || a.size(1) != cols) {
            throw new IllegalArgumentException(name() + ": " + what + " must be [" + rows + " packed steps, " + cols
                    + "], got " + Arrays.toString(a.shape()));
        }
    }

    private INDArray checkState(INDArray a, SequenceLayout layout, String what) {
        if (a == null) {
            return null;
        }
        int slices = config.layers() * config.directions();
        if (a.dataType() != dataType) {
            throw new IllegalArgumentException(name() + ": " + what + " is " + a.dataType() + " but the parameters are "
                    + dataType);
        }
        if (a.rank() != 3 || a.size(0) != slices || a.size(1) != layout.batch() || a.size(2) != config.hiddenSize()) {
            throw new IllegalArgumentException(name() + ": " + what + " must be [layers*directions=" + slices
                    + ", batch=" + layout.batch() + ", hidden=" + config.hiddenSize() + "], got "
                    + Arrays.toString(a.shape()));
        }
        return dense(a);
    }

    private String name() {
        return config.cell() + " layer (input " + config.inputSize() + ", hidden " + config.hiddenSize() + ")";
    }

    /** Builds a {@link RecurrentStack}: {@code setCell}, {@code setInputSize}, {@code setHiddenSize} are required. */
    public static final class Builder {
        private CellType cell;
        private int inputSize;
        private int hiddenSize;
        private int layers = 1;
        private boolean bidirectional;
        private boolean residual;
        private int maxLength = RecurrentConfig.DEFAULT_MAX_LENGTH;
        private DataType dataType = DataType.FLOAT;

        public Builder setCell(CellType cell) {
            this.cell = cell;
            return this;
        }

        public Builder setInputSize(int inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        public Builder setHiddenSize(int hiddenSize) {
            this.hiddenSize = hiddenSize;
            return this;
        }

        public Builder optLayers(int layers) {
            this.layers = layers;
            return this;
        }

        public Builder optBidirectional(boolean bidirectional) {
            this.bidirectional = bidirectional;
            return this;
        }

        public Builder optResidual(boolean residual) {
            this.residual = residual;
            return this;
        }

        public Builder optMaxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        /** FLOAT (default) or DOUBLE. */
        public Builder optDataType(DataType dataType) {
            if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
                throw new IllegalArgumentException("recurrent layers run in FLOAT or DOUBLE, not " + dataType);
            }
            this.dataType = dataType;
            return this;
        }

        public Builder optConfig(RecurrentConfig config) {
            return setCell(config.cell()).setInputSize(config.inputSize()).setHiddenSize(config.hiddenSize())
                    .optLayers(config.layers()).optBidirectional(config.bidirectional()).optResidual(config.residual())
                    .optMaxLength(config.maxLength());
        }

        /** Initialises the weights from {@code rng} (PyTorch's uniform(±1/sqrt(H))). */
        public RecurrentStack build(Rng rng) {
            return new RecurrentStack(new RecurrentConfig(cell, inputSize, hiddenSize, layers, bidirectional, residual,
                    maxLength), dataType, rng);
        }
    }
}
