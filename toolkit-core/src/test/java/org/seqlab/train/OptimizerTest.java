package org.seqlab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.bundle.TensorFile;
import org.seqlab.nn.Parameter;
import org.seqlab.nn.ParameterSet;

class OptimizerTest {
    @TempDir
    Path dir;

    private static ParameterSet params(DataType type, double[] w, double[] g) {
        ParameterSet set = new ParameterSet();
        Parameter p = set.add(new Parameter("w", Nd4j.create(w, new long[] {w.length}, DataType.DOUBLE).castTo(type)));
        p.grad().assign(Nd4j.create(g, new long[] {g.length}, DataType.DOUBLE).castTo(type));
        return set;
    }

    private static double[] w(ParameterSet set) {
        return set.get("w").value().castTo(DataType.DOUBLE).data().asDouble();
    }

    private static void setGrad(ParameterSet set, double... g) {
        set.get("w").grad().assign(Nd4j.create(g, new long[] {g.length}, DataType.DOUBLE).castTo(set.get("w").dataType()));
    }

    @Test
    void aLargeParameterUpdatedAsTwoHalvesOnTwoThreadsMatchesItsHalvesUpdatedAlone() {
        // 70,000 values (two-thread update) against the same values as two parameters of 35,000 (one thread each):
        // element-wise updates, so bit-identical, for Adam and SGD with momentum, float32 and float64, over 3 steps
        int n = 70_000;
        java.util.Random random = new java.util.Random(9);
        double[] w = new double[n];
        double[][] g = new double[3][n];
        for (int i = 0; i < n; i++) {
            w[i] = random.nextGaussian();
            for (double[] gs : g) {
                gs[i] = random.nextGaussian();
            }
        }
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (int kind = 0; kind < 2; kind++) {
                ParameterSet whole = params(type, w, g[0]);
                ParameterSet halves = new ParameterSet();
                Parameter a = halves.add(new Parameter("a", Nd4j.create(java.util.Arrays.copyOfRange(w, 0, n / 2),
                        new long[] {n / 2}, DataType.DOUBLE).castTo(type)));
                Parameter b = halves.add(new Parameter("b", Nd4j.create(java.util.Arrays.copyOfRange(w, n / 2, n),
                        new long[] {n / 2}, DataType.DOUBLE).castTo(type)));
                Optimizer one = kind == 0 ? Optimizer.adam(whole) : Optimizer.sgd(whole, 0.9, false, 0);
                Optimizer two = kind == 0 ? Optimizer.adam(halves) : Optimizer.sgd(halves, 0.9, false, 0);
                for (double[] gs : g) {
                    setGrad(whole, gs);
                    a.grad().assign(Nd4j.create(java.util.Arrays.copyOfRange(gs, 0, n / 2), new long[] {n / 2},
                            DataType.DOUBLE).castTo(type));
                    b.grad().assign(Nd4j.create(java.util.Arrays.copyOfRange(gs, n / 2, n), new long[] {n / 2},
                            DataType.DOUBLE).castTo(type));
                    one.step(0.01);
                    two.step(0.01);
                }
                double[] expected = new double[n];
                System.arraycopy(a.value().castTo(DataType.DOUBLE).data().asDouble(), 0, expected, 0, n / 2);
                System.arraycopy(b.value().castTo(DataType.DOUBLE).data().asDouble(), 0, expected, n / 2, n / 2);
                assertThat(w(whole)).as(type + (kind == 0 ? " adam" : " sgd")).containsExactly(expected);
            }
        }
    }

    @Test
    void plainSgdSubtractsLearningRateTimesGradient() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            ParameterSet set = params(type, new double[] {1, -2}, new double[] {0.5, 1});
            Optimizer opt = Optimizer.sgd(set);
            opt.step(0.1);
            assertThat(w(set)).containsExactly(new double[] {0.95, -2.1}, within(1e-6));
            opt.step(0.1);
            assertThat(w(set)).containsExactly(new double[] {0.9, -2.2}, within(1e-6));
            assertThat(opt.steps()).isEqualTo(2);
        }
    }

    @Test
    void sgdMomentumAccumulatesVelocity() {
        // v: 1, 1.9, 2.71; w: 1 - 0.1, - 0.19, - 0.271
        ParameterSet set = params(DataType.DOUBLE, new double[] {1}, new double[] {1});
        Optimizer opt = Optimizer.sgd(set, 0.9, false, 0);
        double[] expected = {0.9, 0.71, 0.439};
        for (double e : expected) {
            opt.step(0.1);
            assertThat(w(set)[0]).isCloseTo(e, within(1e-12));
        }
    }

    @Test
    void nesterovLooksAheadAlongTheVelocity() {
        // update = g + 0.9 v: 1.9, 2.71, 3.439
        ParameterSet set = params(DataType.DOUBLE, new double[] {1}, new double[] {1});
        Optimizer opt = Optimizer.sgd(set, 0.9, true, 0);
        double[] expected = {0.81, 0.539, 0.1951};
        for (double e : expected) {
            opt.step(0.1);
            assertThat(w(set)[0]).isCloseTo(e, within(1e-12));
        }
    }

    @Test
    void sgdWeightDecayActsAsL2OnTheGradient() {
        ParameterSet set = params(DataType.DOUBLE, new double[] {2}, new double[] {0});
        Optimizer opt = Optimizer.sgd(set, 0, false, 0.1);
        opt.step(0.5);
        assertThat(w(set)[0]).isCloseTo(1.9, within(1e-12));
        opt.step(0.5);
        assertThat(w(set)[0]).isCloseTo(1.805, within(1e-12));
    }

    @Test
    void adamFirstStepMovesEachWeightByLearningRateTimesSignOfGradient() {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            ParameterSet set = params(type, new double[] {1, 1, 1}, new double[] {0.3, -5, 1e-3});
            Optimizer.adam(set, 0.9, 0.999, 0, 0).step(0.01);
            assertThat(w(set)).containsExactly(new double[] {0.99, 1.01, 0.99}, within(1e-6));
        }
    }

    @Test
    void adamFollowsTheBiasCorrectedMomentsOverThreeSteps() {
        // g = 1, -1, 2; by hand: m2 = -0.01, v2 = 0.001999, m̂2 = -0.01/0.19, v̂2 = 1 -> w2 = 0.99 + 0.01/19;
        // m3 = 0.191, v3 = 0.005997001, m̂3 = 0.191/0.271, v̂3 = 0.005997001/0.002997001 -> w3 = w2 - 0.01·m̂3/sqrt(v̂3)
        double w2 = 0.99 + 0.01 / 19;
        double w3 = w2 - 0.01 * (0.191 / 0.271) / Math.sqrt(0.005997001 / 0.002997001);
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            ParameterSet set = params(type, new double[] {1}, new double[] {1});
            Optimizer opt = Optimizer.adam(set, 0.9, 0.999, 0, 0);
            double tol = type == DataType.DOUBLE ? 1e-12 : 1e-6;
            opt.step(0.01);
            assertThat(w(set)[0]).isCloseTo(0.99, within(tol));
            setGrad(set, -1);
            opt.step(0.01);
            assertThat(w(set)[0]).isCloseTo(w2, within(tol));
            setGrad(set, 2);
            opt.step(0.01);
            assertThat(w(set)[0]).isCloseTo(w3, within(tol));
        }
    }

    @Test
    void adamWDecaysWeightsDirectlyWhileAdamL2GoesThroughTheMoments() {
        // zero gradient: AdamW only shrinks, w·(1 - lr·decay) per step
        ParameterSet decoupled = params(DataType.DOUBLE, new double[] {1}, new double[] {0});
        Optimizer adamW = Optimizer.adamW(decoupled, 0.9, 0.999, 1e-8, 0.5);
        adamW.step(0.1);
        assertThat(w(decoupled)[0]).isCloseTo(0.95, within(1e-12));
        adamW.step(0.1);
        assertThat(w(decoupled)[0]).isCloseTo(0.9025, within(1e-12));
        // Adam with L2: gradient 0.5·w is normalised, so the first step is lr·sign = 0.1
        ParameterSet coupled = params(DataType.DOUBLE, new double[] {1}, new double[] {0});
        Optimizer.adam(coupled, 0.9, 0.999, 0, 0.5).step(0.1);
        assertThat(w(coupled)[0]).isCloseTo(0.9, within(1e-12));
    }

    @Test
    void frozenParametersAreLeftAlone() {
        ParameterSet set = params(DataType.DOUBLE, new double[] {1}, new double[] {1});
        Parameter frozen = set.add(new Parameter("frozen", Nd4j.ones(DataType.DOUBLE, 2)).setTrainable(false));
        frozen.grad().assign(5);
        Optimizer opt = Optimizer.adam(set);
        opt.step(0.1);
        assertThat(frozen.value().data().asDouble()).containsExactly(1, 1);
        assertThat(opt.state()).containsOnlyKeys("step", "m/w", "v/w");
    }

    @Test
    void savedAndRestoredStateContinuesBitForBit() throws IOException {
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            ParameterSet a = params(type, new double[] {0.3, -0.7, 2}, new double[] {0.1, -0.2, 0.3});
            Optimizer optA = Optimizer.adamW(a, 0.9, 0.98, 1e-8, 0.01);
            optA.step(0.01);
            optA.step(0.01);
            Path f = dir.resolve("opt-" + type + ".sqlt");
            TensorFile.write(f, Map.of(), optA.state());

            ParameterSet b = params(type, new double[] {0, 0, 0}, new double[] {0.1, -0.2, 0.3});
            b.get("w").value().assign(a.get("w").value());
            Optimizer optB = Optimizer.adamW(b, 0.9, 0.98, 1e-8, 0.01);
            optB.restoreState(TensorFile.read(f).tensors());
            assertThat(optB.steps()).isEqualTo(2);
            optA.step(0.01);
            optB.step(0.01);
            assertThat(b.get("w").value()).isEqualTo(a.get("w").value());
            assertThat(optB.state()).isEqualTo(optA.state());
        }
    }

    @Test
    void restoringAnotherOptimizersStateNamesTheMissingSlot() {
        ParameterSet set = params(DataType.DOUBLE, new double[] {1}, new double[] {1});
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> adamState = Optimizer.adam(set).state();
        assertThatThrownBy(() -> Optimizer.sgd(set, 0.9, false, 0).restoreState(adamState))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("velocity/w");
        ParameterSet wider = params(DataType.DOUBLE, new double[] {1, 2}, new double[] {1, 2});
        assertThatThrownBy(() -> Optimizer.adam(wider).restoreState(adamState))
                .hasMessageContaining("m/w").hasMessageContaining("[1]").hasMessageContaining("[2]");
    }

    @Test
    void float32AndFloat64PathsAgree() {
        double[] w0 = {0.5, -1.5, 0.25, 3};
        double[] g = {0.2, -0.1, 0.05, 1};
        ParameterSet d = params(DataType.DOUBLE, w0, g);
        ParameterSet f = params(DataType.FLOAT, w0, g);
        Optimizer od = Optimizer.sgd(d, 0.9, true, 1e-3);
        Optimizer of = Optimizer.sgd(f, 0.9, true, 1e-3);
        for (int i = 0; i < 5; i++) {
            od.step(0.05);
            of.step(0.05);
        }
        assertThat(w(f)).containsExactly(w(d), within(1e-5));
    }

    @Test
    void parametersLargerThanOneWorkChunkAreUpdatedEverywhere() {
        // 5001 elements span three 2048-element chunks, the last one partial
        int n = 5001;
        double[] w0 = new double[n];
        double[] g = new double[n];
        for (int j = 0; j < n; j++) {
            w0[j] = j;
            g[j] = 1e-3 * j;
        }
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            ParameterSet set = params(type, w0, g);
            Optimizer opt = Optimizer.sgd(set, 0.5, false, 0);
            opt.step(0.1);
            opt.step(0.1);
            // velocity g then 1.5·g: w = w0 - 0.1·2.5·g
            double[] got = w(set);
            for (int j = 0; j < n; j += 997) {
                assertThat(got[j]).as("element %d", j).isCloseTo(j - 0.25e-3 * j, within(4.0 * Math.ulp((float) Math.max(1, j))));
            }
            assertThat(got[n - 1]).isCloseTo((n - 1) * (1 - 0.25e-3), within(1e-3));
        }
    }

    @Test
    void plainSgdUpdatesOnlyTheTouchedRowsOfATrackedTable() {
        ParameterSet set = new ParameterSet();
        Parameter emb = set.add(Parameter.zeros("emb", DataType.FLOAT, 4, 3).trackTouchedRows());
        emb.value().assign(1);
        emb.grad().getRow(0).assign(0.5);
        emb.grad().getRow(2).assign(-1);
        emb.markTouchedRows(0, 2);
        // a gradient written without reporting its row breaks the contract, and shows that the row is skipped
        emb.grad().getRow(3).assign(7);
        Optimizer.sgd(set).step(0.1);
        assertThat(emb.value().getRow(0).dup().data().asFloat()).containsExactly(0.95f, 0.95f, 0.95f);
        assertThat(emb.value().getRow(1).dup().data().asFloat()).containsExactly(1f, 1f, 1f);
        assertThat(emb.value().getRow(2).dup().data().asFloat()).containsExactly(1.1f, 1.1f, 1.1f);
        assertThat(emb.value().getRow(3).dup().data().asFloat()).containsExactly(1f, 1f, 1f);
    }

    @Test
    void adamUpdatesEveryRowBecauseItsMomentsKeepMoving() {
        ParameterSet set = new ParameterSet();
        Parameter emb = set.add(Parameter.zeros("emb", DataType.DOUBLE, 2, 1).trackTouchedRows());
        Optimizer adam = Optimizer.adam(set, 0.9, 0.999, 1e-8, 0);
        emb.grad().putScalar(0, 0, 1.0);
        emb.markTouchedRows(0);
        adam.step(0.01);
        set.zeroGrads();
        emb.grad().putScalar(1, 0, 1.0);
        emb.markTouchedRows(1);
        adam.step(0.01);
        // row 0, step 2 with g = 0: m = 0.09, v = 0.000999; m̂ = 0.09/0.19, v̂ = 0.000999/0.001999
        double expected = -0.01 - 0.01 * (0.09 / 0.19) / Math.sqrt(0.000999 / 0.001999);
        // (ε = 1e-8 shifts these by less than 1e-8; with ε = 0 the untouched row would be 0/0 at step 1)
        assertThat(emb.value().getDouble(0, 0)).isCloseTo(expected, within(1e-8));
        // row 1 gets its first gradient at step 2, bias-corrected with t = 2: m̂ = 0.1/0.19, v̂ = 0.001/0.001999
        assertThat(emb.value().getDouble(1, 0)).isCloseTo(-0.01 * (0.1 / 0.19) / Math.sqrt(0.001 / 0.001999), within(1e-8));
    }

    @Test
    void badHyperparametersAreRefused() {
        ParameterSet set = params(DataType.DOUBLE, new double[] {1}, new double[] {1});
        assertThatThrownBy(() -> Optimizer.sgd(set, 1.5, false, 0)).hasMessageContaining("momentum");
        assertThatThrownBy(() -> Optimizer.sgd(set, 0, true, 0)).hasMessageContaining("Nesterov");
        assertThatThrownBy(() -> Optimizer.adam(set, 1, 0.999, 1e-8, 0)).hasMessageContaining("beta1");
    }
}
