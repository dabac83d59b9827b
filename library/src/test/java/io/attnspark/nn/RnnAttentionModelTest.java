package io.attnspark.nn;

import io.attnspark.testing.Fixtures;
import io.attnspark.train.TrainConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The graph as the Spark workers see it: sparse labels train, clones and JSON keep the vertex's updater. */
class RnnAttentionModelTest {
    private static final int VOCAB = 11;

    private static ComputationGraphConfiguration tinyConf(AttentionScore score) {
        TrainConfig train = TrainConfig.fromConfig(Fixtures.section("train"));
        return RnnAttentionModel.configuration(Fixtures.tinyModel(score, true, 2), train, VOCAB, VOCAB + 2, 42);
    }

    @Test
    void defaultConfigBuildsAndTrainsWithSparseLabelsOnVariableLengths() {
        RnnAttentionConfig model = RnnAttentionConfig.fromConfig(Fixtures.section("model"));
        TrainConfig train = TrainConfig.fromConfig(Fixtures.section("train"));
        ComputationGraph g = RnnAttentionModel.newGraph(RnnAttentionModel.configuration(model, train, 20, 30, 1));
        for (long seed = 1; seed <= 2; seed++) {   // two batches of different padded lengths
            MultiDataSet mds = Seq2SeqBatch.of(Fixtures.randomPairs(3, 20, 1, (int) (3 * seed), seed));
            g.fit(mds);
            assertTrue(Double.isFinite(g.score()) && g.score() > 0, "score " + g.score());
            g.setLayerMaskArrays(mds.getFeaturesMaskArrays(), null);
            INDArray out = g.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), null)[0];
            assertArrayEquals(new long[] {3, 30, mds.getFeatures(1).size(2)}, out.shape());
        }
    }

    @Test
    void trainingReducesTheLossOfOneBatch() {
        TrainConfig fast = TrainConfig.fromConfig(Fixtures.section("train")).withLearningRate(0.02);
        ComputationGraph g = RnnAttentionModel.newGraph(RnnAttentionModel.configuration(
                Fixtures.tinyModel(AttentionScore.GENERAL, true, 2), fast, VOCAB, VOCAB + 2, 42));
        MultiDataSet mds = Seq2SeqBatch.of(Fixtures.randomPairs(4, VOCAB, 1, 4, 3));
        double first = g.score(mds);
        for (int i = 0; i < 30; i++) {
            g.fit(mds);
        }
        assertTrue(g.score(mds) < 0.7 * first, "loss " + first + " -> " + g.score(mds));
    }

    @Test
    void lossOfAPaddedBatchIsTheMeanOfItsSentencesAlone() {
        ComputationGraph g = RnnAttentionModel.newGraph(tinyConf(AttentionScore.GENERAL));
        TokenPair a = new TokenPair(new int[] {4, 5, 6, 7, 8, 9}, new int[] {5});
        TokenPair b = new TokenPair(new int[] {10}, new int[] {4, 6, 8, 10, 9});
        double together = g.score(Seq2SeqBatch.of(List.of(a, b)));
        double alone = (g.score(Seq2SeqBatch.of(List.of(a))) + g.score(Seq2SeqBatch.of(List.of(b)))) / 2;
        assertEquals(alone, together, 1e-5, "padding changed the loss");
    }

    @Test
    void cloneKeepsTheAttentionUpdater() {
        for (AttentionScore score : AttentionScore.values()) {
            ComputationGraphConfiguration conf = tinyConf(score);
            assertUpdaterSet(conf);
            ComputationGraphConfiguration copy = conf.clone();
            assertUpdaterSet(copy);
            assertEquals(conf.toJson(), copy.toJson());
            ComputationGraph g = RnnAttentionModel.newGraph(conf);
            ComputationGraph cloned = g.clone();
            assertUpdaterSet(cloned.getConfiguration());
            MultiDataSet mds = Seq2SeqBatch.of(Fixtures.randomPairs(2, VOCAB, 1, 3, 5));
            cloned.fit(mds);                      // the worker path: NPE here if the updater was dropped
            assertTrue(Double.isFinite(cloned.score()));
        }
    }

    @Test
    void jsonRoundTripGivesTheSameConfigurationAndOutputs() {
        for (AttentionScore score : AttentionScore.values()) {
            ComputationGraphConfiguration conf = tinyConf(score);
            String json = conf.toJson();
            ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
            assertEquals(json, back.toJson());
            assertEquals(conf, back);
            assertUpdaterSet(back);
            ComputationGraph a = RnnAttentionModel.newGraph(conf);
            ComputationGraph b = new ComputationGraph(back);
            b.init(a.params().dup(), false);
            MultiDataSet mds = Seq2SeqBatch.of(Fixtures.randomPairs(3, VOCAB, 1, 4, 9));
            INDArray oa = a.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), null)[0];
            INDArray ob = b.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), null)[0];
            assertTrue(oa.equalsWithEps(ob, 1e-6), score + ": outputs differ after JSON round trip");
        }
    }

    @Test
    void configurationUsesAdamAndPerLayerClipping() {
        ComputationGraphConfiguration conf = tinyConf(AttentionScore.ADDITIVE);
        GlobalAttentionVertex v = (GlobalAttentionVertex) conf.getVertices().get(RnnAttentionModel.ATTENTION);
        assertTrue(v.getUpdater() instanceof Adam);
        assertEquals(0.005, ((Adam) v.getUpdater()).getLearningRate(), 1e-12);
        assertEquals(org.deeplearning4j.nn.conf.GradientNormalization.ClipL2PerLayer, v.getGradientNormalization());
        assertEquals(5.0, v.getGradientNormalizationThreshold(), 1e-12);
        assertEquals(DataType.FLOAT, conf.getDataType());
        List<String> outputs = conf.getNetworkOutputs();
        assertEquals(List.of(RnnAttentionModel.OUTPUT), outputs);
        assertEquals(List.of(RnnAttentionModel.INPUT_SRC, RnnAttentionModel.INPUT_TGT), conf.getNetworkInputs());
    }

    private static void assertUpdaterSet(ComputationGraphConfiguration conf) {
        GraphVertex v = conf.getVertices().get(RnnAttentionModel.ATTENTION);
        assertTrue(v instanceof GlobalAttentionVertex, "attention vertex type " + v);
        assertNotNull(((GlobalAttentionVertex) v).getUpdater(), "attention updater lost");
    }

    static {
        Nd4j.getRandom().setSeed(1);
    }
}
