package io.attnspark.nn.transformer;

import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;
import io.attnspark.nn.Seq2SeqBatch;
import io.attnspark.testing.Fixtures;
import io.attnspark.testing.SameDiffTransformer;
import io.attnspark.train.TrainConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Transformer graph as Spark workers see it: clones keep the updater, JSON round trips, dropout, config. */
class TransformerModelTest {
    private static final int VOCAB = 11;

    private static ComputationGraphConfiguration tinyConf(double dropout) {
        TrainConfig train = TrainConfig.fromConfig(Fixtures.section("train"));
        TransformerConfig model = new TransformerConfig(8, 2, 12, 1, 1, true, 16, false, true, dropout, dropout, 1);
        return TransformerModel.configuration(model, train, VOCAB, VOCAB + 2, 42);
    }

    @Test
    void defaultsBuildAValidatedModel() {
        TransformerConfig c = TransformerConfig.fromConfig(Fixtures.section("model"));
        assertEquals(0, c.dModel() % c.heads());
        ComputationGraph g = TransformerModel.newGraph(TransformerModel.configuration(c,
                TrainConfig.fromConfig(Fixtures.section("train")), 20, 30, 1));
        assertTrue(TransformerModel.isTransformer(g));
    }

    @Test
    void headsMustDivideTheWidth() {
        ConfigError e = assertThrows(ConfigError.class, () -> TransformerConfig.fromSection(ConfigSection.of(
                Fixtures.defaults().withValue("model.transformer.heads",
                        com.typesafe.config.ConfigValueFactory.fromAnyRef(3)).withValue("model.transformer.d-model",
                        com.typesafe.config.ConfigValueFactory.fromAnyRef(256)), "model.transformer")));
        assertEquals("model.transformer.heads=3 does not divide model.transformer.d-model=256", e.getMessage());
    }

    @Test
    void cloneKeepsEveryVertexUpdaterAndTrains() {
        ComputationGraphConfiguration conf = tinyConf(0.1);
        ComputationGraphConfiguration copy = conf.clone();
        assertEquals(conf.toJson(), copy.toJson());
        for (Map.Entry<String, GraphVertex> e : copy.getVertices().entrySet()) {
            if (e.getValue() instanceof TransformerVertex v) {
                assertNotNull(v.getUpdater(), "updater of " + e.getKey());
                assertEquals(v, conf.getVertices().get(e.getKey()));
            }
        }
        ComputationGraph cloned = TransformerModel.newGraph(conf).clone();
        MultiDataSet mds = Seq2SeqBatch.of(Fixtures.randomPairs(3, VOCAB, 1, 4, 5));
        cloned.fit(mds);                      // the worker path: NPE here if an updater was dropped
        assertTrue(Double.isFinite(cloned.score()));
    }

    @Test
    void jsonRoundTripGivesTheSameOutputs() {
        ComputationGraphConfiguration conf = tinyConf(0.0);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf.toJson(), back.toJson());
        ComputationGraph a = TransformerModel.newGraph(conf);
        ComputationGraph b = TransformerModel.newGraph(back);
        b.setParams(a.params());
        MultiDataSet mds = Seq2SeqBatch.of(Fixtures.randomPairs(3, VOCAB, 1, 5, 9));
        assertEquals(a.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), null)[0],
                b.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), null)[0]);
    }

    @Test
    void dropoutActsInTrainingOnlyAndTheBackwardPassUsesTheForwardMasks() {
        // the SameDiff runtime of the sub-layers, whose gradient function holds its own copy of the dropout masks
        // (the default hand-written runtime keeps its forward pass: SublayerPassTest)
        ComputationGraph g = SameDiffTransformer.newGraph(tinyConf(0.3));
        MultiDataSet mds = Seq2SeqBatch.of(Fixtures.randomPairs(4, VOCAB, 2, 5, 3));
        INDArray[] in = mds.getFeatures();
        INDArray[] masks = mds.getFeaturesMaskArrays();
        INDArray inference = g.output(false, in, masks, null)[0];
        assertEquals(inference, g.output(false, in, masks, null)[0]);
        assertNotEquals(inference, g.output(true, in, masks, null)[0]);
        // batches of other lengths: the backward pass must see this forward pass's masks, of this batch's shape
        for (long seed = 4; seed < 7; seed++) {
            MultiDataSet other = Seq2SeqBatch.of(Fixtures.randomPairs(3, VOCAB, 1, (int) seed, seed));
            g.fit(other);
            TransformerRuntimeVertex v = (TransformerRuntimeVertex) g.getVertex(TransformerModel.decoderLayer(0)
                    + TransformerModel.CROSS);
            INDArray[] site = v.siteArrays("drop_res");
            assertEquals(site[0], site[1], "the gradient function's dropout mask is the forward pass's");
            assertEquals(3 * other.getFeatures(1).size(2), site[0].size(0));
        }
        double before = g.score(mds, false);
        for (int i = 0; i < 40; i++) {
            g.fit(mds);
        }
        assertTrue(Double.isFinite(g.score()));
        double after = g.score(mds, false);
        assertTrue(after < 0.5 * before, "training with dropout did not fit 4 pairs: loss " + before + " -> " + after);
    }
}
