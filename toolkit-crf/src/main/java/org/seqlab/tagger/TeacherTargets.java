package org.seqlab.tagger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.seqlab.SeqlabException;
import org.seqlab.batch.BatchPlan;
import org.seqlab.batch.Batcher;
import org.seqlab.batch.Piece;
import org.seqlab.batch.SequenceLayout;
import org.seqlab.batch.TwoWorkers;

/**
 * Distillation targets: a teacher tagger's distribution over the tag paths of each training sentence (an ensemble's
 * is the mean of its members' path distributions), held as node marginals and pair marginals summed over positions,
 * and mixed with the gold path into each training batch's {@link TaggerBatch.SoftTargets}. A student fitted to them
 * minimises {@code (1 − w)·NLL(gold) + w·CE(teacher, student)}, the cross-entropy of the student's path distribution
 * against the teacher's (Hinton et al. 2015's soft targets, for a CRF over whole paths rather than per token).
 *
 * <p>Computed once, before training, with the teacher's inference path (no dropout), and held as floats: one per tag
 * and token and one per tag pair and sentence (for CoNLL-2003's 17 IOBES tags, 30 MB over its training set).
 */
final class TeacherTargets {
    private final int tags;
    private final double teacherWeight;
    private final float[][] nodes; // per sentence [length × tags], the teacher's tag probabilities in student ids
    private final float[][] pairs; // per sentence [tags × tags], Σ_t P(y_{t-1} = i, y_t = j)

    private TeacherTargets(int tags, double teacherWeight, float[][] nodes, float[][] pairs) {
        this.tags = tags;
        this.teacherWeight = teacherWeight;
        this.nodes = nodes;
        this.pairs = pairs;
    }

    /**
     * The teacher's targets for the given sentences, in the order of the student's tags.
     *
     * @param teacherWeight w, the weight of the teacher's distribution against the gold path's, in (0, 1]
     * @throws SeqlabException when the teacher has another tag set or scheme, or a CRF student gets a teacher without
     *                         one (its independent tags could put weight on moves the student's scheme forbids)
     */
    static TeacherTargets compute(Tagger teacher, List<? extends List<String>> sentences, TaggerLexicon student,
            boolean studentCrf, double teacherWeight) {
        if (!(teacherWeight > 0 && teacherWeight <= 1)) {
            throw new SeqlabException("the teacher's weight must lie in (0, 1], not " + teacherWeight);
        }
        List<String> studentTags = student.tags();
        int n = studentTags.size();
        List<Tagger> members = teacher.members();
        int[][] maps = new int[members.size()][];
        for (int m = 0; m < members.size(); m++) {
            Tagger member = members.get(m);
            List<String> own = member.lexicon().tags();
            if (!new HashSet<>(own).equals(new HashSet<>(studentTags)) || own.size() != n) {
                throw new SeqlabException("the teacher" + (members.size() > 1 ? "'s member " + (m + 1) : "")
                        + " has the tags " + own + ", the training data " + studentTags
                        + ": a teacher must be trained on the same tag set");
            }
            if (member.lexicon().scheme() != student.scheme()) {
                throw new SeqlabException("the teacher" + (members.size() > 1 ? "'s member " + (m + 1) : "")
                        + " uses the tag scheme " + member.lexicon().scheme() + ", the student " + student.scheme());
            }
            if (studentCrf && !member.model().hasCrf()) {
                throw new SeqlabException("the teacher" + (members.size() > 1 ? "'s member " + (m + 1) : "")
                        + " has a softmax output layer and the student a CRF: its tags, drawn independently, can"
                        + " follow one another where the student's tag scheme forbids it; use a CRF teacher");
            }
            Map<String, Integer> studentId = new HashMap<>();
            for (int j = 0; j < n; j++) {
                studentId.put(studentTags.get(j), j);
            }
            maps[m] = new int[n];
            for (int j = 0; j < n; j++) {
                maps[m][j] = studentId.get(own.get(j));
            }
        }
        float[][] nodes = new float[sentences.size()][];
        float[][] pairs = new float[sentences.size()][];
        int[] lengths = new int[sentences.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = sentences.get(i).size();
            if (lengths[i] == 0) {
                throw new SeqlabException("training sentence " + (i + 1) + " is empty");
            }
            nodes[i] = new float[lengths[i] * n];
            pairs[i] = new float[n * n];
        }
        BatchPlan plan = Batcher.builder().optBatchSize(Tagger.BATCH_SIZE).build().byLength(lengths);
        float share = 1f / members.size();
        TwoWorkers.run(plan.size(), k -> {
            List<Piece> pieces = plan.batch(k);
            List<List<String>> words = new ArrayList<>(pieces.size());
            List<Piece> local = new ArrayList<>(pieces.size());
            for (Piece piece : pieces) {
                local.add(new Piece(words.size(), piece.start(), piece.length()));
                words.add(sentences.get(piece.item()));
            }
            double[] pairSums = new double[pieces.size() * n * n];
            for (int m = 0; m < members.size(); m++) {
                Tagger member = members.get(m);
                TaggerBatch batch = member.lexicon().encode(words, null).batch(local);
                double[] probs = member.model().tagProbabilities(batch, pairSums);
                SequenceLayout layout = batch.words().layout();
                int[] map = maps[m];
                for (int b = 0; b < pieces.size(); b++) {
                    int item = pieces.get(b).item();
                    float[] node = nodes[item];
                    for (int t = 0; t < lengths[item]; t++) {
                        int row = layout.packedRow(t, b) * n;
                        for (int j = 0; j < n; j++) {
                            node[t * n + map[j]] += share * (float) probs[row + j];
                        }
                    }
                    float[] pair = pairs[item];
                    int o = b * n * n;
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            pair[map[i] * n + map[j]] += share * (float) pairSums[o + i * n + j];
                        }
                    }
                }
            }
        });
        return new TeacherTargets(n, teacherWeight, nodes, pairs);
    }

    /**
     * The soft targets of a training batch of whole sentences {@code pieces} (the batch's rows in order): weight
     * {@code 1 − w} on the gold path, {@code w} on the teacher's distribution.
     */
    TaggerBatch.SoftTargets forBatch(TaggerBatch batch, List<Piece> pieces) {
        int n = tags;
        SequenceLayout layout = batch.words().layout();
        int[] gold = batch.gold();
        double[] node = new double[gold.length * n];
        double[] pair = new double[n * n];
        double w = teacherWeight;
        double g = 1 - w;
        for (int b = 0; b < pieces.size(); b++) {
            Piece piece = pieces.get(b);
            if (piece.start() != 0 || piece.length() * n != nodes[piece.item()].length) {
                throw new IllegalArgumentException("distillation batches hold whole sentences, not " + piece);
            }
            float[] q = nodes[piece.item()];
            int prev = -1;
            for (int t = 0; t < piece.length(); t++) {
                int row = layout.packedRow(t, b);
                for (int j = 0; j < n; j++) {
                    node[row * n + j] = w * q[t * n + j];
                }
                int y = gold[row];
                node[row * n + y] += g;
                if (prev >= 0) {
                    pair[prev * n + y] += g;
                }
                prev = y;
            }
            float[] p = pairs[piece.item()];
            for (int k = 0; k < n * n; k++) {
                pair[k] += w * p[k];
            }
        }
        return new TaggerBatch.SoftTargets(node, pair);
    }

    int sentences() {
        return nodes.length;
    }

    /** The teacher's probability of student tag {@code j} at token {@code t} of sentence {@code i} (for tests). */
    double probability(int i, int t, int j) {
        return nodes[i][t * tags + j];
    }
}
