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
