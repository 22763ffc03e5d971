package org.seqlab.train;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.ParameterSet;

/**
 * Updates the trainable parameters of a {@link ParameterSet} from their gradients. The per-element arithmetic runs in
 * plain Java loops over arrays (the JIT vectorises them): each step copies a parameter's value and gradient out of
 * native memory in one bulk copy each, updates, and copies the value back, instead of issuing ND4J ops per parameter
 * and per formula term. Per-element state (momentum, moments) lives in Java arrays of the parameter's data type; the
 * float64 path is a mechanical twin of the float32 one.
 *
 * <p>The state (step count and all slots) can be exported with {@link #state()} and restored with
 * {@link #restoreState(Map)}, exactly, so that a resumed run continues bit for bit. An optimizer is used by one thread.
 */
public abstract class Optimizer {
    static final int CHUNK = 2048;
    private final List<Parameter> params;
    private final String[] slotNames;
    /** slots[k][i]: slot k of parameter i, a float[] or a double[]. */
    private final Object[][] slots;
    /** Chunk buffers: values and gradients pass through these a few KB at a time, so they stay in the L1/L2 cache. */
    private final float[] w32 = new float[CHUNK];
    private final float[] g32 = new float[CHUNK];
    private final double[] w64 = new double[CHUNK];
    private final double[] g64 = new double[CHUNK];
    private long steps;

    protected Optimizer(ParameterSet parameters, String... slotNames) {
        this.params = parameters.trainable();
        this.slotNames = slotNames.clone();
        this.slots = new Object[slotNames.length][params.size()];
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (p.size() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(p.name() + ": too large for one Java array");
            }
            int n = (int) p.size();
            DataType type = p.dataType();
            if (type != DataType.FLOAT && type != DataType.DOUBLE) {
                throw new IllegalArgumentException(p.name() + ": optimizers update float32 or float64 parameters, not " + type);
            }
            for (int k = 0; k < slotNames.length; k++) {
                slots[k][i] = type == DataType.FLOAT ? new float[n] : new double[n];
            }
        }
    }

    /** The parameters this optimizer updates (the trainable ones, in the set's order). */
    public List<Parameter> parameters() {
        return params;
    }

    /** Number of steps taken so far (Adam's bias correction uses it). */
    public long steps() {
        return steps;
    }

    /** One update of every trainable parameter with learning rate {@code lr}; gradients are read, not cleared. */
    public final void step(double lr) {
        steps++;
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            int n = (int) p.size();
            if (p.dataType() == DataType.FLOAT) {
                FloatBuffer wb = floats(p.value());
                FloatBuffer gb = floats(p.grad());
                for (int from = 0; from < n; from += CHUNK) {
                    int len = Math.min(CHUNK, n - from);
                    wb.get(from, w32, 0, len);
                    gb.get(from, g32, 0, len);
                    update32(i, w32, g32, from, len, lr, steps);
                    wb.put(from, w32, 0, len);
                }
            } else {
                DoubleBuffer wb = doubles(p.value());
                DoubleBuffer gb = doubles(p.grad());
                for (int from = 0; from < n; from += CHUNK) {
                    int len = Math.min(CHUNK, n - from);
                    wb.get(from, w64, 0, len);
                    gb.get(from, g64, 0, len);
                    update64(i, w64, g64, from, len, lr, steps);
                    wb.put(from, w64, 0, len);
                }
            }
        }
    }

    /**
     * Updates elements {@code [from, from+len)} of parameter {@code index}: their values are {@code w[0..len)}, updated
     * in place, their gradient {@code g[0..len)}; slot arrays are indexed {@code from + j}. {@code t} counts from 1.
     */
    protected abstract void update32(int index, float[] w, float[] g, int from, int len, double lr, long t);

    /** The float64 twin of {@link #update32}. */
    protected abstract void update64(int index, double[] w, double[] g, int from, int len, double lr, long t);

    protected final float[] slot32(int slot, int index) {
        return (float[]) slots[slot][index];
    }

    protected final double[] slot64(int slot, int index) {
        return (double[]) slots[slot][index];
    }

    /** A native-memory view of a parameter's (contiguous, C-ordered) data. */
    static FloatBuffer floats(INDArray a) {
        return a.data().asNioFloat().position((int) a.offset()).slice();
    }

    static DoubleBuffer doubles(INDArray a) {
        return a.data().asNioDouble().position((int) a.offset()).slice();
    }

    /**
     * The complete state: {@code "step"} (int64 scalar) and one tensor per slot and parameter named
     * {@code slot + "/" + parameter name}, shaped and typed like the parameter.
     */
    public Map<String, INDArray> state() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put("step", Nd4j.create(new long[] {steps}, new long[] {1}, DataType.LONG));
        for (int k = 0; k < slotNames.length; k++) {
            for (int i = 0; i < params.size(); i++) {
                Parameter p = params.get(i);
                Object s = slots[k][i];
                INDArray t = s instanceof float[] f ? Nd4j.create(f.clone(), p.shape(), DataType.FLOAT)
                        : Nd4j.create(((double[]) s).clone(), p.shape(), DataType.DOUBLE);
                out.put(slotNames[k] + "/" + p.name(), t);
            }
        }
        return out;
    }

    /**
     * Restores a state from {@link #state()}; refuses, naming the first mismatch, a state for other parameters (names,
     * shapes or data types) or another optimizer kind.
     */
    public void restoreState(Map<String, INDArray> state) {
        INDArray step = state.get("step");
        if (step == null || step.length() != 1) {
            throw new IllegalArgumentException("optimizer state has no step count");
        }
        int expected = 1 + slotNames.length * params.size();
        for (int k = 0; k < slotNames.length; k++) {
            for (Parameter p : params) {
                String name = slotNames[k] + "/" + p.name();
                INDArray t = state.get(name);
                if (t == null) {
                    throw new IllegalArgumentException("optimizer state lacks " + name + " (saved by another optimizer"
                            + " or for another model?); it holds " + state.keySet());
                }
                if (!Arrays.equals(t.shape(), p.shape()) || t.dataType() != p.dataType()) {
                    throw new IllegalArgumentException("optimizer state " + name + " is " + t.dataType()
                            + Arrays.toString(t.shape()) + " but the parameter is " + p.dataType()
                            + Arrays.toString(p.shape()));
                }
            }
        }
        if (state.size() != expected) {
            for (String name : state.keySet()) {
                int slash = name.indexOf('/');
                boolean known = name.equals("step") || slash > 0 && Arrays.asList(slotNames).contains(name.substring(0, slash))
                        && params.stream().anyMatch(p -> p.name().equals(name.substring(slash + 1)));
                if (!known) {
                    throw new IllegalArgumentException("optimizer state holds " + name + ", which this optimizer does not have");
                }
            }
        }
        for (int k = 0; k < slotNames.length; k++) {
            for (int i = 0; i < params.size(); i++) {
                INDArray t = state.get(slotNames[k] + "/" + params.get(i).name());
                if (t.dataType() == DataType.FLOAT) {
                    floats(t.dup('c')).get(0, slot32(k, i));
                } else {
                    doubles(t.dup('c')).get(0, slot64(k, i));
                }
            }
        }
        this.steps = step.getLong(0);
    }

    /** SGD, optionally with (Nesterov) momentum and L2 weight decay added to the gradient (PyTorch's convention). */
    public static Optimizer sgd(ParameterSet parameters, double momentum, boolean nesterov, double weightDecay) {
        return new Sgd(parameters, momentum, nesterov, weightDecay);
    }

    public static Optimizer sgd(ParameterSet parameters) {
        return new Sgd(parameters, 0, false, 0);
    }

    /** Adam (Kingma and Ba) with bias correction; {@code weightDecay} is L2 added to the gradient. */
    public static Optimizer adam(ParameterSet parameters, double beta1, double beta2, double epsilon, double weightDecay) {
        return new Adam(parameters, beta1, beta2, epsilon, weightDecay, false);
    }

    public static Optimizer adam(ParameterSet parameters) {
        return adam(parameters, 0.9, 0.999, 1e-8, 0);
    }

    /** AdamW (Loshchilov and Hutter): weight decay applied to the weights directly, {@code w -= lr·decay·w}. */
    public static Optimizer adamW(ParameterSet parameters, double beta1, double beta2, double epsilon, double weightDecay) {
        return new Adam(parameters, beta1, beta2, epsilon, weightDecay, true);
    }

    static void checkRange(String what, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(what + " must be in [" + lo + ", " + hi + "]: " + v);
        }
    }
}
