package io.attnspark.nn;

import io.attnspark.train.TrainConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelSmoothedCrossEntropyTest {
    private static final int ROWS = 6;
    private static final int CLASSES = 5;

    private static INDArray preOutput() {
        Nd4j.getRandom().setSeed(7);
        return Nd4j.randn(DataType.DOUBLE, ROWS, CLASSES);
    }

    private static INDArray labels() {
        return Nd4j.createFromArray(new double[][] {{0}, {4}, {2}, {2}, {1}, {3}});
    }

    private static INDArray mask() {
        return Nd4j.createFromArray(new double[][] {{1}, {1}, {0}, {1}, {1}, {0}});
    }

    @Test
    void withoutSmoothingItIsSparseCrossEntropy() {
        LabelSmoothedCrossEntropy ours = new LabelSmoothedCrossEntropy(0.0);
        LossSparseMCXENT dl4j = new LossSparseMCXENT();
        ActivationSoftmax softmax = new ActivationSoftmax();
        assertEquals(dl4j.computeScore(labels(), preOutput(), softmax, mask(), false),
                ours.computeScore(labels(), preOutput(), softmax, mask(), false), 1e-12);
        assertEquals(dl4j.computeGradient(labels(), preOutput(), softmax, mask()),
                ours.computeGradient(labels(), preOutput(), softmax, mask()));
    }

    @Test
    void smoothedScoreIsTheMixtureOfCrossEntropyAndUniformCrossEntropy() {
        double eps = 0.1;
        INDArray pre = preOutput();
        INDArray logp = Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax(pre.dup()))[0];
        double expected = 0;
        double[] lab = labels().data().asDouble();
        double[] m = mask().data().asDouble();
        for (int r = 0; r < ROWS; r++) {
            if (m[r] == 0) {
                continue;
            }
            double nll = -logp.getDouble(r, (int) lab[r]);
            double uniform = -logp.getRow(r).sumNumber().doubleValue() / CLASSES;
            expected += (1 - eps) * nll + eps * uniform;
        }
        double score = new LabelSmoothedCrossEntropy(eps).computeScore(labels(), pre, new ActivationSoftmax(), mask(), false);
        assertEquals(expected, score, 1e-9);
    }

    @Test
    void gradientMatchesCentralDifferencesInDoublePrecision() {
        LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(0.2);
        ActivationSoftmax softmax = new ActivationSoftmax();
        INDArray pre = preOutput();
        INDArray grad = loss.computeGradient(labels(), pre, softmax, mask());
        double h = 1e-6;
        double worst = 0;
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < CLASSES; c++) {
                double orig = pre.getDouble(r, c);
                pre.putScalar(r, c, orig + h);
                double plus = loss.computeScore(labels(), pre, softmax, mask(), false);
                pre.putScalar(r, c, orig - h);
                double minus = loss.computeScore(labels(), pre, softmax, mask(), false);
                pre.putScalar(r, c, orig);
                worst = Math.max(worst, Math.abs((plus - minus) / (2 * h) - grad.getDouble(r, c)));
            }
        }
        assertTrue(worst < 1e-7, "largest gradient error " + worst);
    }

    @Test
    void fusedEqualsTheDenseTargetImplementationInDoublePrecision() {
        ActivationSoftmax softmax = new ActivationSoftmax();
        for (double eps : new double[] {0.0, 0.1, 0.3}) {
            LabelSmoothedCrossEntropy fused = new LabelSmoothedCrossEntropy(eps);
            DenseLabelSmoothedCrossEntropy dense = new DenseLabelSmoothedCrossEntropy(eps);
            for (INDArray mask : new INDArray[] {null, mask()}) {
                for (boolean average : new boolean[] {false, true}) {
                    assertEquals(dense.computeScore(labels(), preOutput(), softmax, mask, average),
                            fused.computeScore(labels(), preOutput(), softmax, mask, average), 1e-12);
                    org.nd4j.common.primitives.Pair<Double, INDArray> both =
                            fused.computeGradientAndScore(labels(), preOutput(), softmax, mask, average);
                    assertEquals(dense.computeScore(labels(), preOutput(), softmax, mask, average), both.getFirst(),
                            1e-12);
                    assertClose(dense.computeGradient(labels(), preOutput(), softmax, mask), both.getSecond(), 1e-14);
                }
                assertClose(dense.computeGradient(labels(), preOutput(), softmax, mask),
                        fused.computeGradient(labels(), preOutput(), softmax, mask), 1e-14);
                assertClose(dense.computeScoreArray(labels(), preOutput(), softmax, mask),
                        fused.computeScoreArray(labels(), preOutput(), softmax, mask), 1e-12);
            }
        }
    }

    @Test
    void fusedEqualsTheDenseImplementationInFloatWithAWideVocabularyAndClippedProbabilities() {
        int rows = 40;
        int classes = 3000;
        Nd4j.getRandom().setSeed(11);
        INDArray pre = Nd4j.randn(DataType.FLOAT, rows, classes).muli(4);
        pre.getRow(3).muli(20); // probabilities below the 1e-10 clip
        java.util.Random r = new java.util.Random(5);
        float[][] lab = new float[rows][1];
        float[][] m = new float[rows][1];
        for (int i = 0; i < rows; i++) {
            lab[i][0] = r.nextInt(classes);
            m[i][0] = i % 7 == 0 ? 0 : 1;
        }
        INDArray labels = Nd4j.createFromArray(lab);
        INDArray mask = Nd4j.createFromArray(m);
        ActivationSoftmax softmax = new ActivationSoftmax();
        for (double eps : new double[] {0.0, 0.1}) {
            LabelSmoothedCrossEntropy fused = new LabelSmoothedCrossEntropy(eps);
            DenseLabelSmoothedCrossEntropy dense = new DenseLabelSmoothedCrossEntropy(eps);
            // the score against the dense loss in double (float sums over 40 x 3000 terms drift by ~1e-5)
            double exact = dense.computeScore(labels.castTo(DataType.DOUBLE), pre.castTo(DataType.DOUBLE), softmax,
                    mask.castTo(DataType.DOUBLE), false);
            double was = dense.computeScore(labels, pre, softmax, mask, false);
            double got = fused.computeGradientAndScore(labels, pre, softmax, mask, false).getFirst();
            assertEquals(exact, got, Math.max(1e-6 * Math.abs(exact), 2 * Math.abs(was - exact)), "eps " + eps);
            assertClose(dense.computeGradient(labels, pre, softmax, mask),
                    fused.computeGradientAndScore(labels, pre, softmax, mask, false).getSecond(), 1e-6);
        }
    }

    @Test
    void fusedGradientMatchesCentralDifferencesWithAndWithoutMask() {
        ActivationSoftmax softmax = new ActivationSoftmax();
        for (INDArray mask : new INDArray[] {null, mask()}) {
            LabelSmoothedCrossEntropy loss = new LabelSmoothedCrossEntropy(0.15);
            INDArray pre = preOutput();
            INDArray grad = loss.computeGradientAndScore(labels(), pre, softmax, mask, false).getSecond();
            double h = 1e-6;
            double worst = 0;
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < CLASSES; c++) {
                    double orig = pre.getDouble(r, c);
                    pre.putScalar(r, c, orig + h);
                    double plus = loss.computeScore(labels(), pre, softmax, mask, false);
                    pre.putScalar(r, c, orig - h);
                    double minus = loss.computeScore(labels(), pre, softmax, mask, false);
                    pre.putScalar(r, c, orig);
                    worst = Math.max(worst, Math.abs((plus - minus) / (2 * h) - grad.getDouble(r, c)));
                }
            }
            assertTrue(worst < 1e-7, "largest gradient error " + worst + " (mask " + (mask != null) + ")");
        }
    }

    @Test
    void fusedLeavesThePreOutputUntouchedAndRefusesLabelsOutsideTheVocabulary() {
        INDArray pre = preOutput();
        INDArray before = pre.dup();
        new LabelSmoothedCrossEntropy(0.1).computeGradientAndScore(labels(), pre, new ActivationSoftmax(), mask(), false);
        assertEquals(before, pre);
        INDArray bad = Nd4j.createFromArray(new double[][] {{0}, {5}, {2}, {2}, {1}, {3}});
        assertThrows(IllegalArgumentException.class,
                () -> new LabelSmoothedCrossEntropy(0.1).computeScore(bad, pre, new ActivationSoftmax(), null, false));
    }

    private static void assertClose(INDArray want, INDArray got, double tol) {
        assertEquals(java.util.Arrays.toString(want.shape()), java.util.Arrays.toString(got.shape()));
        double worst = Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.reduce.same.AMax(
                want.castTo(DataType.DOUBLE).sub(got.castTo(DataType.DOUBLE)))).getDouble(0);
        assertTrue(worst <= tol, "largest difference " + worst + " > " + tol);
    }

    @Test
    void survivesTheGraphConfigurationsJsonRoundTripAndClone() {
        TrainConfig train = new TrainConfig(1, 4, 0.01, 1.0, 10).withLabelSmoothing(0.1);
        RnnAttentionConfig model = new RnnAttentionConfig(8, 1, 8, true, 1, 16, AttentionScore.GENERAL, 8, 0.0);
        ComputationGraphConfiguration conf = RnnAttentionModel.configuration(model, train, 20, 30, 1);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        for (ComputationGraphConfiguration c : new ComputationGraphConfiguration[] {back, conf.clone()}) {
            BaseOutputLayer out = (BaseOutputLayer) ((LayerVertex) c.getVertices().get(RnnAttentionModel.OUTPUT))
                    .getLayerConf().getLayer();
            assertEquals(new LabelSmoothedCrossEntropy(0.1), out.getLossFn());
        }
    }

    @Test
    void refusesSmoothingOutsideTheUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> new LabelSmoothedCrossEntropy(1.0));
        assertThrows(IllegalArgumentException.class, () -> new LabelSmoothedCrossEntropy(-0.1));
    }
}
