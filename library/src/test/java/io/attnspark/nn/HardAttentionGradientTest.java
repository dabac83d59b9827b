package io.attnspark.nn;

import io.attnspark.testing.DoublePrecision;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gradients of hard attention ({@link HardAttentionVertex}) in double precision, on the whole model as built for
 * training, with source and target padding:
 * <ul>
 *   <li>the deterministic part against finite differences: soft-probability 1 (every training step soft) and
 *   soft-probability 0 (every step sampled; the draws are fixed within an iteration, so the finite differences see
 *   the same positions) with lambda_r = lambda_e = 0;</li>
 *   <li>the REINFORCE and entropy terms: the change of the gradient when lambda_r (or lambda_e) goes from 0 to 1 equals
 *   the gradient, by finite differences, of {@code -sum_t mask_t A_t log pi_t(s_t)} (or {@code -sum_t mask_t H(pi_t)})
 *   with the advantages A_t computed here from the output probabilities, independently of the vertex's reading of
 *   the output layer;</li>
 *   <li>a hand-computed case of the terms on one row.</li>
 * </ul>
 */
@ExtendWith(DoublePrecision.class)
class HardAttentionGradientTest {
    private static final RnnAttentionConfig MODEL =
            new RnnAttentionConfig(2, 1, 2, true, 1, 2, AttentionScore.ADDITIVE, 2, 0.0);
    /** Sources and targets of different lengths (padding on both sides). */
    private static final List<TokenPair> PADDED = List.of(
            new TokenPair(new int[] {4, 5, 6}, new int[] {5}),
            new TokenPair(new int[] {6}, new int[] {4, 5, 4}),
            new TokenPair(new int[] {5, 4}, new int[] {5, 4}));
    /** Equal lengths: no padding at all. */
    private static final List<TokenPair> UNPADDED = List.of(
            new TokenPair(new int[] {4, 5, 6}, new int[] {5, 5}),
            new TokenPair(new int[] {6, 4, 4}, new int[] {4, 5}),
            new TokenPair(new int[] {5, 4, 6}, new int[] {5, 4}));

    @ParameterizedTest(name = "soft-probability {0}, {1}, padding {2}, local window {3}")
    @CsvSource({"1.0, ADDITIVE, true, 0", "1.0, GENERAL, false, 0", "0.0, ADDITIVE, true, 0",
            "0.0, ADDITIVE, false, 0", "0.0, GENERAL, true, 0", "0.0, DOT, true, 0", "0.0, GENERAL, true, 1",
            "1.0, GENERAL, true, 1"})
    void deterministicPartMatchesFiniteDifferences(double softProbability, AttentionScore score, boolean padding,
                                                   int window) {
        RnnAttentionConfig model = model(score).withLocalWindow(window)
                .withAttentionMode(AttentionMode.hard(0.0, 0.0, softProbability));
        ComputationGraph graph = graph(model);
        MultiDataSet mds = Seq2SeqBatch.of(padding ? PADDED : UNPADDED, DataType.DOUBLE);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(mds.getFeatures()).labels(mds.getLabels())
                .inputMask(mds.getFeaturesMaskArrays()).labelMask(mds.getLabelsMaskArrays())
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "gradient check failed");
    }

    /** Soft-probability 1 trains exactly as soft attention: the same gradients on the same parameters. */
    @Test
    void softStepsHaveTheGradientsOfSoftAttention() {
        ComputationGraph hard = graph(MODEL.withAttentionMode(AttentionMode.hard(1.0, 0.0, 1.0)));
        ComputationGraph soft = graph(MODEL);
        soft.setParams(hard.params());
        MultiDataSet mds = Seq2SeqBatch.of(PADDED, DataType.DOUBLE);
        INDArray gh = gradient(hard, mds);
        INDArray gs = gradient(soft, mds);
        assertTrue(gh.equalsWithEps(gs, 1e-10), "hard " + gh + " vs soft " + gs);
    }

    @ParameterizedTest(name = "{0}, local window {1}")
    @CsvSource({"ADDITIVE, 0", "GENERAL, 1", "DOT, 0"})
    void reinforceTermIsTheGradientOfItsSurrogate(AttentionScore score, int window) {
        checkTerm(score, window, true);
    }

    @ParameterizedTest(name = "{0}, local window {1}")
    @CsvSource({"ADDITIVE, 0", "GENERAL, 1"})
    void entropyTermIsTheGradientOfMinusTheEntropy(AttentionScore score, int window) {
        checkTerm(score, window, false);
    }

    /**
     * The difference of the gradients with the term's weight 1 and 0 against finite differences of the term
     * ({@code reinforce}: -sum m A log pi(s); else -sum m H(pi)), over every parameter of the model.
     */
    private static void checkTerm(AttentionScore score, int window, boolean reinforce) {
        RnnAttentionConfig model = model(score).withLocalWindow(window)
                .withAttentionMode(AttentionMode.hard(0.0, 0.0, 0.0));
        ComputationGraph graph = graph(model);
        HardAttentionVertex conf = (HardAttentionVertex) graph.getConfiguration().getVertices()
                .get(RnnAttentionModel.ATTENTION);
        MultiDataSet mds = Seq2SeqBatch.of(PADDED, DataType.DOUBLE);
        INDArray without = gradient(graph, mds);
        if (reinforce) {
            conf.setReinforceWeight(1.0);
        } else {
            conf.setEntropyWeight(1.0);
        }
        INDArray with = gradient(graph, mds);
        INDArray term = with.sub(without);
        INDArray advantages = reinforce ? advantages(graph, mds) : null;
        assertTrue(!reinforce || advantages.norm2Number().doubleValue() > 0.01, "advantages all ~0: " + advantages);
        INDArray params = graph.params();
        double eps = 1e-6;
        int checked = 0;
        double largest = 0;
        for (int j = 0; j < params.length(); j += 2) {     // every other parameter: the check is slow
            double v = params.getDouble(j);
            params.putScalar(j, v + eps);
            double plus = surrogate(graph, mds, advantages);
            params.putScalar(j, v - eps);
            double minus = surrogate(graph, mds, advantages);
            params.putScalar(j, v);
            double numeric = (plus - minus) / (2 * eps);
            double analytic = term.getDouble(j);
            largest = Math.max(largest, Math.abs(numeric));
            assertEquals(numeric, analytic, 1e-6 + 1e-4 * Math.abs(numeric), "parameter " + j + " of "
                    + params.length());
            checked++;
        }
        assertTrue(largest > 1e-3, "the term has no gradient worth checking: " + largest);
        assertTrue(checked > 25, "checked " + checked);
    }

    /** The flattened raw gradient (before the updater divides by the minibatch size), a copy. */
    private static INDArray gradient(ComputationGraph graph, MultiDataSet mds) {
        graph.setInputs(mds.getFeatures());
        graph.setLabels(mds.getLabels());
        graph.setLayerMaskArrays(mds.getFeaturesMaskArrays(), mds.getLabelsMaskArrays());
        graph.computeGradientAndScore();
        return graph.gradient().gradient().dup();
    }

    /** A training forward pass of the whole graph; returns the attention vertex's pass on its inputs. */
    private static HardAttentionRuntime.Forward trainingPass(ComputationGraph graph, MultiDataSet mds,
                                                             Map<String, INDArray> activations) {
        graph.setLayerMaskArrays(mds.getFeaturesMaskArrays(), mds.getLabelsMaskArrays());
        activations.putAll(graph.feedForward(mds.getFeatures(), true, false));
        HardAttentionRuntime rt = (HardAttentionRuntime) graph.getVertex(RnnAttentionModel.ATTENTION);
        HardAttentionRuntime.Focus focus = HardAttentionRuntime.Focus.SAMPLE;
        HardAttentionRuntime.Forward f = rt.forward(true);
        assertEquals(focus, f.focus());
        return f;
    }

    /** {@code log p(y_t)} under a training pass minus the leave-one-out mean, from the output's probabilities. */
    private static INDArray advantages(ComputationGraph graph, MultiDataSet mds) {
        Map<String, INDArray> act = new java.util.HashMap<>();
        trainingPass(graph, mds, act);
        INDArray probs = act.get(RnnAttentionModel.OUTPUT);                           // [b, V, T]
        INDArray labels = mds.getLabels()[0];
        INDArray mask = mds.getLabelsMaskArrays()[0];
        int b = (int) labels.size(0);
        int t = (int) labels.size(2);
        double[][] r = new double[b][t];
        double[][] m = new double[b][t];
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < t; k++) {
                r[i][k] = Math.log(probs.getDouble(i, (long) labels.getDouble(i, 0, k), k));
                m[i][k] = mask.getDouble(i, k);
            }
        }
        return HardAttentionRuntime.advantages(r, m, DataType.DOUBLE);
    }

    /** {@code -sum m A log pi(s)} with {@code advantages}, or {@code -sum m H(pi)} when they are null. */
    private static double surrogate(ComputationGraph graph, MultiDataSet mds, INDArray advantages) {
        HardAttentionRuntime.Forward f = trainingPass(graph, mds, new java.util.HashMap<>());
        INDArray mask = mds.getLabelsMaskArrays()[0];
        double total = 0;
        for (int k = 0; k < f.steps().size(); k++) {
            double[][] alpha = f.steps().get(k).alpha().toDoubleMatrix();
            double[][] chosen = f.weights().get(k).toDoubleMatrix();
            for (int i = 0; i < alpha.length; i++) {
                double z = 0;
                for (double a : alpha[i]) {
                    z += a;
                }
                double m = mask.getDouble(i, k);
                for (int s = 0; s < alpha[i].length; s++) {
                    double pi = alpha[i][s] / z;
                    if (advantages != null) {
                        total -= chosen[i][s] == 0 ? 0 : m * advantages.getDouble(i, k) * Math.log(pi);
                    } else if (pi > 0) {
                        total += m * pi * Math.log(pi);
                    }
                }
            }
        }
        return total;
    }

    /**
     * One row by hand: alpha = (0.5, 0.3, 0.2), position 1 sampled, advantage 2. The REINFORCE gradient w.r.t. the
     * weights is -A (onehot / pi - 1) = (2, -14/3, 2); through the softmax, w.r.t. the scores, -A (onehot - alpha)
     * = (1, -1.4, 0.4): gradient descent raises the score of a position whose reward beat the baseline.
     */
    @Test
    void reinforceTermByHand() {
        INDArray alpha = Nd4j.createFromArray(new double[][] {{0.5, 0.3, 0.2}});
        INDArray chosen = Nd4j.createFromArray(new double[][] {{0, 1, 0}});
        INDArray one = Nd4j.ones(DataType.DOUBLE, 1, 1);
        INDArray adv = Nd4j.valueArrayOf(new long[] {1, 1}, 2.0, DataType.DOUBLE);
        double[] d = HardAttentionRuntime.hardTerms(alpha, chosen, adv, one, 1.0, 0.0).toDoubleVector();
        assertArrayEquals(new double[] {2, -14.0 / 3, 2}, d, 1e-12);
        double dot = 0;
        for (int j = 0; j < 3; j++) {
            dot += alpha.getDouble(0, j) * d[j];
        }
        double[] dScores = new double[3];
        for (int j = 0; j < 3; j++) {
            dScores[j] = alpha.getDouble(0, j) * (d[j] - dot);                      // softmax backward
        }
        assertArrayEquals(new double[] {1.0, -1.4, 0.4}, dScores, 1e-12);
        // a worse-than-baseline reward (A = -2) pushes the other way; lambda_r scales; a padded step gives nothing
        INDArray neg = Nd4j.valueArrayOf(new long[] {1, 1}, -2.0, DataType.DOUBLE);
        assertArrayEquals(new double[] {-1, 7.0 / 3, -1},
                HardAttentionRuntime.hardTerms(alpha, chosen, neg, one, 0.5, 0.0).toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0}, HardAttentionRuntime.hardTerms(alpha, chosen, adv,
                Nd4j.zeros(DataType.DOUBLE, 1, 1), 1.0, 0.1).toDoubleVector(), 0.0);
        // entropy: lambda_e (log pi + H); through the softmax pi (log pi + H), which sums to 0
        double h = -(0.5 * Math.log(0.5) + 0.3 * Math.log(0.3) + 0.2 * Math.log(0.2));
        assertArrayEquals(new double[] {Math.log(0.5) + h, Math.log(0.3) + h, Math.log(0.2) + h},
                HardAttentionRuntime.hardTerms(alpha, null, null, one, 1.0, 1.0).toDoubleVector(), 1e-12);
    }

    /** Leave-one-out baselines over the unmasked tokens only. */
    @Test
    void advantagesUseTheOtherUnmaskedTokens() {
        double[][] r = {{-1, -2, -9}, {-3, -4, -7}};
        double[][] m = {{1, 1, 0}, {1, 1, 0}};
        double[] a = HardAttentionRuntime.advantages(r, m, DataType.DOUBLE).reshape(6).toDoubleVector();
        // unmasked: -1 -2 -3 -4, sum -10; A = r - (sum - r) / 3
        assertArrayEquals(new double[] {-1 + 3, -2 + 8.0 / 3, 0, -3 + 7.0 / 3, -4 + 2, 0}, a, 1e-12);
        double[] single = HardAttentionRuntime.advantages(new double[][] {{-1, -5}}, new double[][] {{1, 0}},
                DataType.DOUBLE).reshape(2).toDoubleVector();
        assertArrayEquals(new double[] {0, 0}, single, 0.0);
    }

    /** {@link #MODEL} with {@code score} (dot products need a decoder as wide as the bidirectional encoder). */
    private static RnnAttentionConfig model(AttentionScore score) {
        return score.needsEqualSizes()
                ? new RnnAttentionConfig(2, 1, 2, true, 1, 4, score, 2, 0.0) : MODEL.withScore(score);
    }

    private static ComputationGraph graph(RnnAttentionConfig model) {
        return RnnAttentionModel.newGraph(RnnAttentionModel.configuration(model, 7, 6, 3, new NoOp(), 0.0,
                DataType.DOUBLE));
    }
}
