package io.attnspark.nn;

import io.attnspark.testing.Fixtures;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.io.File;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The output layer whose training score reuses the backward pass's pre-activations. */
class ScoreReusingOutputLayerTest {
    private static final int VOCAB = 11;

    private static ComputationGraphConfiguration conf(double smoothing) {
        return RnnAttentionModel.configuration(Fixtures.tinyModel(AttentionScore.GENERAL, true, 1), VOCAB, VOCAB + 2,
                42, new Adam(0.01), 0.0, DataType.DOUBLE, smoothing, 0.0);
    }

    /** A copy of the graph whose output layer is DL4J's own RnnOutputLayer, with the same parameters. */
    private static ComputationGraph plainCopy(ComputationGraph g) {
        ComputationGraphConfiguration c = g.getConfiguration().clone();
        LayerVertex out = (LayerVertex) c.getVertices().get(RnnAttentionModel.OUTPUT);
        RnnOutputLayer ours = (RnnOutputLayer) out.getLayerConf().getLayer();
        RnnOutputLayer plain = new RnnOutputLayer();
        for (Class<?> k = RnnOutputLayer.class; k != Object.class; k = k.getSuperclass()) {
            for (java.lang.reflect.Field f : k.getDeclaredFields()) {
                if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    try {
                        f.set(plain, f.get(ours));
                    } catch (IllegalAccessException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        out.getLayerConf().setLayer(plain);
        ComputationGraph copy = new ComputationGraph(c);
        copy.init(g.params().dup(), false);
        return copy;
    }

    @Test
    void scoreAndGradientOfATrainingStepEqualDl4jsOutputLayerWithAndWithoutPadding() {
        for (double smoothing : new double[] {0.0, 0.1}) {
            ComputationGraph g = RnnAttentionModel.newGraph(conf(smoothing));
            ComputationGraph plain = plainCopy(g);
            assertInstanceOf(ScoreReusingOutputLayerImpl.class, g.getLayer(RnnAttentionModel.OUTPUT));
            for (int maxLen : new int[] {1, 5}) { // equal lengths (no padding), then padded batches
                MultiDataSet mds = Seq2SeqBatch.of(Fixtures.randomPairs(4, VOCAB, maxLen, maxLen == 1 ? 1 : 5,
                        7 + maxLen), DataType.DOUBLE);
                for (ComputationGraph x : new ComputationGraph[] {g, plain}) {
                    x.setInputs(mds.getFeatures());
                    x.setLabels(mds.getLabels());
                    x.setLayerMaskArrays(mds.getFeaturesMaskArrays(), mds.getLabelsMaskArrays());
                    x.computeGradientAndScore();
                }
                assertEquals(plain.score(), g.score(), 1e-12, "smoothing " + smoothing + ", maxLen " + maxLen);
                INDArray want = plain.getGradientsViewArray();
                INDArray got = g.getGradientsViewArray();
                assertEquals(0.0, want.sub(got).amaxNumber().doubleValue(), 1e-12);
                // the score outside a training step is DL4J's, computed afresh
                assertEquals(plain.score(mds, true), g.score(mds, true), 1e-12);
                assertEquals(plain.score(mds, false), g.score(mds, false), 1e-12);
            }
        }
    }

    @Test
    void fittingMovesTheParametersAsDl4jsOutputLayerDoes() {
        ComputationGraph g = RnnAttentionModel.newGraph(conf(0.1));
        ComputationGraph plain = plainCopy(g);
        MultiDataSet mds = Seq2SeqBatch.of(Fixtures.randomPairs(3, VOCAB, 1, 4, 3), DataType.DOUBLE);
        for (int i = 0; i < 3; i++) {
            g.fit(mds);
            plain.fit(mds);
            assertEquals(plain.score(), g.score(), 1e-10);
        }
        assertEquals(0.0, plain.params().sub(g.params()).amaxNumber().doubleValue(), 1e-10);
    }

    @Test
    void survivesJsonCloneAndModelSerializer(@TempDir File dir) throws IOException {
        ComputationGraphConfiguration c = conf(0.1);
        for (ComputationGraphConfiguration x : new ComputationGraphConfiguration[] {
                ComputationGraphConfiguration.fromJson(c.toJson()), c.clone()}) {
            LayerVertex out = (LayerVertex) x.getVertices().get(RnnAttentionModel.OUTPUT);
            assertInstanceOf(ScoreReusingOutputLayer.class, out.getLayerConf().getLayer());
            assertEquals(c.toJson(), x.toJson());
        }
        ComputationGraph g = RnnAttentionModel.newGraph(c);
        File f = new File(dir, "model.zip");
        ModelSerializer.writeModel(g, f, true);
        ComputationGraph back = ModelSerializer.restoreComputationGraph(f, true);
        assertInstanceOf(ScoreReusingOutputLayerImpl.class, back.getLayer(RnnAttentionModel.OUTPUT));
        assertInstanceOf(ScoreReusingOutputLayerImpl.class, g.clone().getLayer(RnnAttentionModel.OUTPUT));
        MultiDataSet mds = Seq2SeqBatch.of(Fixtures.randomPairs(2, VOCAB, 1, 3, 5), DataType.DOUBLE);
        assertEquals(g.score(mds), back.score(mds), 1e-12);
        back.fit(mds);
    }
}
