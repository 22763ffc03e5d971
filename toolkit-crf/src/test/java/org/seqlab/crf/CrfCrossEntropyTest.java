package org.seqlab.crf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqlabException;
import org.seqlab.conll.TagScheme;

/**
 * The CRF's cross-entropy against soft path targets (distillation) and the pair marginals a teacher supplies, against
 * enumeration of every path: the target distribution is a real mixture of paths (two CRFs and a gold path), so the
 * loss must equal {@code Σ_y Q(y) (log Z − score(y))} exactly.
 */
class CrfCrossEntropyTest {
    private static final int TAGS = 4;

    /** Random scores and emissions for sentences of the given lengths, stored one after another. */
    private record Model(CrfScores scores, double[] emissions, BruteForce[] oracles) {
        static Model random(Random rnd, TransitionConstraints c, boolean[][] allowed, boolean[] s, boolean[] e,
                int... lengths) {
            CrfScores scores = new CrfScores(TAGS);
            double[][] trans = new double[TAGS][TAGS];
            for (int i = 0; i < TAGS; i++) {
                scores.start()[i] = rnd.nextGaussian();
                scores.end()[i] = rnd.nextGaussian();
                for (int j = 0; j < TAGS; j++) {
                    trans[i][j] = rnd.nextGaussian();
                    scores.transitions()[i * TAGS + j] = trans[i][j];
                }
            }
            int total = 0;
            for (int len : lengths) {
                total += len;
            }
            double[] em = new double[total * TAGS];
            for (int k = 0; k < em.length; k++) {
                em[k] = rnd.nextGaussian() * 2;
            }
            BruteForce[] oracles = new BruteForce[lengths.length];
            int at = 0;
            for (int b = 0; b < lengths.length; b++) {
                double[] own = java.util.Arrays.copyOfRange(em, at * TAGS, (at + lengths[b]) * TAGS);
                oracles[b] = new BruteForce(TAGS, lengths[b], own, trans, scores.start().clone(),
                        scores.end().clone(), allowed, s, e);
                at += lengths[b];
            }
            return new Model(scores, em, oracles);
        }
    }

    /** Random constraints that keep tag 0 free (like "O"), so every length has a path. */
    private static Object[] constraints(Random rnd) {
        boolean[][] allowed = new boolean[TAGS][TAGS];
        boolean[] s = new boolean[TAGS];
        boolean[] e = new boolean[TAGS];
        for (int i = 0; i < TAGS; i++) {
            s[i] = i == 0 || rnd.nextDouble() < 0.6;
            e[i] = i == 0 || rnd.nextDouble() < 0.6;
            for (int j = 0; j < TAGS; j++) {
                allowed[i][j] = i == 0 || j == 0 || rnd.nextDouble() < 0.6;
            }
        }
        return new Object[] {TransitionConstraints.of(allowed, s, e), allowed, s, e};
    }

    /** Σ_t P(y_{t-1} = i, y_t = j) by enumeration. */
    private static double[] pairSums(BruteForce o) {
        double z = Math.exp(o.logPartition());
        double[] pairs = new double[TAGS * TAGS];
        for (int[] p : o.allowedPaths()) {
            double w = Math.exp(o.score(p)) / z;
            for (int t = 1; t < p.length; t++) {
                pairs[p[t - 1] * TAGS + p[t]] += w;
            }
        }
        return pairs;
    }

    @Test
    void pairSumsEqualEnumeration() {
        Random rnd = new Random(3);
        for (int rep = 0; rep < 20; rep++) {
            Object[] c = constraints(rnd);
            int[] lengths = {1 + rnd.nextInt(4), 1 + rnd.nextInt(4), 1 + rnd.nextInt(4)};
            Model m = Model.random(rnd, (TransitionConstraints) c[0], (boolean[][]) c[1], (boolean[]) c[2],
                    (boolean[]) c[3], lengths);
            double[] nodes = new double[m.emissions.length];
            double[] pairs = new double[lengths.length * TAGS * TAGS];
            new LinearChainCrf((TransitionConstraints) c[0]).marginals(m.scores, m.emissions,
                    TokenRows.contiguous(lengths), nodes, pairs);
            int at = 0;
            for (int b = 0; b < lengths.length; b++) {
                double[] expectedNodes = m.oracles[b].marginals();
                for (int k = 0; k < expectedNodes.length; k++) {
                    assertThat(nodes[at * TAGS + k]).isCloseTo(expectedNodes[k], within(1e-12));
                }
                double[] expectedPairs = pairSums(m.oracles[b]);
                for (int k = 0; k < TAGS * TAGS; k++) {
                    assertThat(pairs[b * TAGS * TAGS + k]).as("sentence " + b + " pair " + k)
                            .isCloseTo(expectedPairs[k], within(1e-12));
                }
                at += lengths[b];
            }
        }
    }

    /** Targets of a mixture: weight 1 − a on the gold paths, a/2 on each of two CRFs' path distributions. */
    private record Targets(double[] nodes, double[] pairs, int[] gold, double goldWeight, Model[] teachers) {
    }

    private static Targets mixture(Random rnd, Object[] c, int[] lengths, double goldWeight) {
        TransitionConstraints tc = (TransitionConstraints) c[0];
        LinearChainCrf crf = new LinearChainCrf(tc);
        Model[] teachers = new Model[2];
        int rows = 0;
        for (int len : lengths) {
            rows += len;
        }
        double[] nodes = new double[rows * TAGS];
        double[] pairs = new double[TAGS * TAGS];
        for (int k = 0; k < 2; k++) {
            teachers[k] = Model.random(rnd, tc, (boolean[][]) c[1], (boolean[]) c[2], (boolean[]) c[3], lengths);
            double[] n = new double[nodes.length];
            double[] p = new double[lengths.length * TAGS * TAGS];
            crf.marginals(teachers[k].scores, teachers[k].emissions, TokenRows.contiguous(lengths), n, p);
            for (int i = 0; i < n.length; i++) {
                nodes[i] += (1 - goldWeight) * 0.5 * n[i];
            }
            for (int i = 0; i < p.length; i++) {
                pairs[i % (TAGS * TAGS)] += (1 - goldWeight) * 0.5 * p[i];
            }
        }
        int[] gold = new int[rows];
        int at = 0;
        for (int b = 0; b < lengths.length; b++) {
            BruteForce o = teachers[0].oracles[b];
            List<int[]> paths = o.allowedPaths();
            int[] path = paths.get(rnd.nextInt(paths.size()));
            for (int t = 0; t < path.length; t++) {
                gold[at + t] = path[t];
                nodes[(at + t) * TAGS + path[t]] += goldWeight;
                if (t > 0) {
                    pairs[path[t - 1] * TAGS + path[t]] += goldWeight;
                }
            }
            at += lengths[b];
        }
        return new Targets(nodes, pairs, gold, goldWeight, teachers);
    }

    @Test
    void crossEntropyAgainstAMixtureOfPathsEqualsEnumeration() {
        Random rnd = new Random(11);
        for (int rep = 0; rep < 20; rep++) {
            Object[] c = constraints(rnd);
            int[] lengths = {1 + rnd.nextInt(4), 1 + rnd.nextInt(4)};
            Model student = Model.random(rnd, (TransitionConstraints) c[0], (boolean[][]) c[1], (boolean[]) c[2],
                    (boolean[]) c[3], lengths);
            Targets q = mixture(rnd, c, lengths, rep % 2 == 0 ? 0.3 : 0);
            double expected = 0;
            int at = 0;
            for (int b = 0; b < lengths.length; b++) {
                BruteForce own = student.oracles[b];
                double logZ = own.logPartition();
                double[] z = {Math.exp(q.teachers[0].oracles[b].logPartition()),
                    Math.exp(q.teachers[1].oracles[b].logPartition())};
                int[] gold = java.util.Arrays.copyOfRange(q.gold, at, at + lengths[b]);
                for (int[] p : own.allowedPaths()) {
                    double weight = (1 - q.goldWeight) * 0.5 * (Math.exp(q.teachers[0].oracles[b].score(p)) / z[0]
                            + Math.exp(q.teachers[1].oracles[b].score(p)) / z[1])
                            + (java.util.Arrays.equals(p, gold) ? q.goldWeight : 0);
                    expected += weight * (logZ - own.score(p));
                }
                at += lengths[b];
            }
            double got = new LinearChainCrf((TransitionConstraints) c[0]).crossEntropy(student.scores,
                    student.emissions, TokenRows.contiguous(lengths), q.nodes, q.pairs, null, null);
            assertThat(got).isCloseTo(expected, within(1e-10));
        }
    }

    @Test
    void gradientPassesCentralFiniteDifferenceCheck() {
        Random rnd = new Random(5);
        for (int rep = 0; rep < 10; rep++) {
            Object[] c = constraints(rnd);
            int[] lengths = {1 + rnd.nextInt(4), 2 + rnd.nextInt(3)};
            TokenRows rows = TokenRows.contiguous(lengths);
            Model m = Model.random(rnd, (TransitionConstraints) c[0], (boolean[][]) c[1], (boolean[]) c[2],
                    (boolean[]) c[3], lengths);
            Targets q = mixture(rnd, c, lengths, 0.5);
            LinearChainCrf crf = new LinearChainCrf((TransitionConstraints) c[0]);
            double[] gradE = new double[m.emissions.length];
            CrfScores gradS = new CrfScores(TAGS);
            crf.crossEntropy(m.scores, m.emissions, rows, q.nodes, q.pairs, gradE, gradS);
            double eps = 1e-5;
            for (int k = 0; k < m.emissions.length; k++) {
                double saved = m.emissions[k];
                m.emissions[k] = saved + eps;
                double up = crf.crossEntropy(m.scores, m.emissions, rows, q.nodes, q.pairs, null, null);
                m.emissions[k] = saved - eps;
                double down = crf.crossEntropy(m.scores, m.emissions, rows, q.nodes, q.pairs, null, null);
                m.emissions[k] = saved;
                assertThat(gradE[k]).as("emission " + k).isCloseTo((up - down) / (2 * eps), within(1e-6));
            }
            TransitionConstraints tc = (TransitionConstraints) c[0];
            double[][] params = {m.scores.transitions(), m.scores.start(), m.scores.end()};
            double[][] grads = {gradS.transitions(), gradS.start(), gradS.end()};
            for (int p = 0; p < params.length; p++) {
                for (int k = 0; k < params[p].length; k++) {
                    boolean live = p == 0 ? tc.allowed(k / TAGS, k % TAGS)
                            : p == 1 ? tc.allowsStart(k) : tc.allowsEnd(k);
                    double saved = params[p][k];
                    params[p][k] = saved + eps;
                    double up = crf.crossEntropy(m.scores, m.emissions, rows, q.nodes, q.pairs, null, null);
                    params[p][k] = saved - eps;
                    double down = crf.crossEntropy(m.scores, m.emissions, rows, q.nodes, q.pairs, null, null);
                    params[p][k] = saved;
                    assertThat(grads[p][k]).as("score array " + p + " entry " + k)
                            .isCloseTo(live ? (up - down) / (2 * eps) : 0, within(1e-6));
                }
            }
        }
    }

    @Test
    void oneHotTargetsGiveTheNegativeLogLikelihoodAndItsGradient() {
        Random rnd = new Random(9);
        for (int rep = 0; rep < 10; rep++) {
            Object[] c = constraints(rnd);
            int[] lengths = {1 + rnd.nextInt(4), 1 + rnd.nextInt(4), 1 + rnd.nextInt(4)};
            TokenRows rows = TokenRows.contiguous(lengths);
            Model m = Model.random(rnd, (TransitionConstraints) c[0], (boolean[][]) c[1], (boolean[]) c[2],
                    (boolean[]) c[3], lengths);
            Targets q = mixture(rnd, c, lengths, 1.0);
            LinearChainCrf crf = new LinearChainCrf((TransitionConstraints) c[0]);
            double[] gradCe = new double[m.emissions.length];
            CrfScores sCe = new CrfScores(TAGS);
            double ce = crf.crossEntropy(m.scores, m.emissions, rows, q.nodes, q.pairs, gradCe, sCe);
            double[] gradNll = new double[m.emissions.length];
            CrfScores sNll = new CrfScores(TAGS);
            double nll = crf.negLogLikelihood(m.scores, m.emissions, rows, q.gold, gradNll, sNll);
            assertThat(ce).isCloseTo(nll, within(1e-12));
            for (int k = 0; k < gradCe.length; k++) {
                assertThat(gradCe[k]).isCloseTo(gradNll[k], within(1e-12));
            }
            for (int k = 0; k < TAGS * TAGS; k++) {
                assertThat(sCe.transitions()[k]).isCloseTo(sNll.transitions()[k], within(1e-12));
            }
            for (int k = 0; k < TAGS; k++) {
                assertThat(sCe.start()[k]).isCloseTo(sNll.start()[k], within(1e-12));
                assertThat(sCe.end()[k]).isCloseTo(sNll.end()[k], within(1e-12));
            }
        }
    }

    @Test
    void targetsOnAForbiddenMoveAreRefusedByName() {
        List<String> labels = List.of("O", "B-PER", "I-PER");
        TransitionConstraints iob2 = TransitionConstraints.forScheme(TagScheme.IOB2, labels);
        LinearChainCrf crf = new LinearChainCrf(iob2);
        CrfScores scores = new CrfScores(3);
        double[] em = new double[2 * 3];
        // O then I-PER: the move IOB2 forbids
        double[] nodes = {1, 0, 0, 0, 0, 1};
        double[] pairs = new double[9];
        pairs[0 * 3 + 2] = 1;
        assertThatThrownBy(() -> crf.crossEntropy(scores, em, TokenRows.contiguous(2), nodes, pairs, null, null))
                .isInstanceOf(SeqlabException.class).hasMessageContaining("I-PER after O");
        // I-PER first: a forbidden start
        double[] startNodes = {0, 0, 1, 1, 0, 0};
        double[] startPairs = new double[9];
        startPairs[2 * 3] = 1;
        assertThatThrownBy(() -> crf.crossEntropy(scores, em, TokenRows.contiguous(2), startNodes, startPairs, null,
                null)).isInstanceOf(SeqlabException.class).hasMessageContaining("I-PER at its start");
    }
}
