package io.attnspark.nn;

import com.typesafe.config.ConfigFactory;
import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;
import io.attnspark.testing.Fixtures;
import io.attnspark.train.TrainConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hard attention in the model: configuration keys, the graph it builds (the soft default unchanged), inference with
 * the most attended position, reproducible training draws, and clone / JSON / ModelSerializer round trips.
 */
class HardAttentionModelTest {
    private static final int VOCAB = 11;
    private static final RnnAttentionConfig HARD = Fixtures.tinyModel(AttentionScore.GENERAL, true, 1)
            .withAttentionMode(AttentionMode.hard(1.0, 0.01, 0.0));

    @Test
    void configurationKeysAreReadAndCheckedByName() {
        RnnAttentionConfig soft = RnnAttentionConfig.fromConfig(Fixtures.section("model"));
        assertEquals(AttentionMode.SOFT.hard(), soft.attentionMode().hard());
        RnnAttentionConfig hard = RnnAttentionConfig.fromConfig(model("attention.mode = hard"));
        assertEquals(new AttentionMode(true, 1.0, 0.01, 0.5), hard.attentionMode());
        assertEquals(new AttentionMode(true, 2.0, 0.0, 0.25), RnnAttentionConfig.fromConfig(model(
                "attention { mode = hard, hard { reinforce-weight = 2, entropy-weight = 0, soft-probability = 0.25 } }"))
                .attentionMode());
        assertKey("model.attention.mode", "attention.mode = sharp", "soft, hard");
        assertKey("model.attention.hard.soft-probability", "attention.hard.soft-probability = 1.5", "1.5");
        assertKey("model.attention.hard.reinforce-weight", "attention.hard.reinforce-weight = -1", "-1");
        assertKey("model.attention.hard.entropy-weight", "attention.hard.entropy-weight = lots", "number");
        assertKey("model.attention.mode", "attention.mode = hard\ndecoder.input-feeding = true",
                "model.decoder.input-feeding");
        ConfigError typo = assertThrows(ConfigError.class,
                () -> RnnAttentionConfig.fromConfig(model("attention.hard.reinforce-wieght = 1")));
        assertTrue(typo.getMessage().contains("model.attention.hard.reinforce-weight"), typo.getMessage());
        assertThrows(ConfigError.class, () -> new AttentionMode(true, Double.POSITIVE_INFINITY, 0, 0));
    }

    private static void assertKey(String key, String override, String inMessage) {
        ConfigError e = assertThrows(ConfigError.class, () -> RnnAttentionConfig.fromConfig(model(override)));
        assertEquals(key, e.key());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains(inMessage), e.getMessage());
    }

    /** The default builds exactly the soft vertex as before; hard builds the hard one with the same parameters. */
    @Test
    void softIsTheDefaultGraphAndHardHasTheSameParameters() {
        RnnAttentionConfig defaults = RnnAttentionConfig.fromConfig(Fixtures.section("model"));
        ComputationGraphConfiguration soft = conf(defaults.withDropout(0.0));
        assertSame(GlobalAttentionVertex.class, soft.getVertices().get(RnnAttentionModel.ATTENTION).getClass());
        assertFalse(soft.toJson().contains("einforce"), "the soft configuration's JSON changed");
        ComputationGraph hard = RnnAttentionModel.newGraph(conf(HARD));
        ComputationGraph plain = RnnAttentionModel.newGraph(conf(HARD.withAttentionMode(AttentionMode.SOFT)));
        assertEquals(plain.getVertex(RnnAttentionModel.ATTENTION).paramTable(false).keySet(),
                hard.getVertex(RnnAttentionModel.ATTENTION).paramTable(false).keySet());
        assertEquals(plain.params().length(), hard.params().length());
    }

    /**
     * Inference takes the most attended position: no draws (the output does not change with the iteration count),
     * unlike soft attention on the same parameters, and the validation loss is the loss of that output. A training
     * pass draws the same positions throughout one iteration and others in the next.
     */
    @Test
    void inferenceUsesTheMostAttendedPositionAndTrainingDrawsPerIteration() {
        ComputationGraph hard = trained(HARD, 3);
        ComputationGraph soft = RnnAttentionModel.newGraph(conf(HARD.withAttentionMode(AttentionMode.SOFT)));
        soft.setParams(hard.params());
        MultiDataSet mds = Seq2SeqBatch.of(Fixtures.randomPairs(6, VOCAB, 2, 6, 4));
        INDArray out = output(hard, mds, false);
        assertTrue(out.equals(output(hard, mds, false)));
        assertFalse(out.equalsWithEps(output(soft, mds, false), 1e-4), "hard inference equals soft attention");
        int iteration = hard.getConfiguration().getIterationCount();
        hard.getConfiguration().setIterationCount(iteration + 17);
        assertTrue(out.equals(output(hard, mds, false)), "inference depends on the draws");
        // the validation loss is the mean over sentences of the summed NLL of the argmax output
        INDArray labels = mds.getLabels()[0];
        INDArray mask = mds.getLabelsMaskArrays()[0];
        double nll = 0;
        for (int i = 0; i < labels.size(0); i++) {
            for (int t = 0; t < labels.size(2); t++) {
                if (mask.getDouble(i, t) != 0) {
                    nll -= Math.log(out.getDouble(i, (long) labels.getDouble(i, 0, t), t));
                }
            }
        }
        assertEquals(nll / labels.size(0), hard.score(mds, false), 1e-4);
        // training draws: the same within an iteration, others in the next
        INDArray train1 = output(hard, mds, true);
        assertTrue(train1.equals(output(hard, mds, true)), "two training passes of one iteration differ");
        hard.getConfiguration().setIterationCount(iteration + 18);
        assertFalse(train1.equalsWithEps(output(hard, mds, true), 1e-6), "the draws did not change");
    }

    /** Without dropout, training is reproducible: two graphs of one seed, fit alike, have equal parameters. */
    @Test
    void trainingIsReproducible() {
        ComputationGraph a = trained(HARD, 4);
        ComputationGraph b = trained(HARD, 4);
        assertTrue(a.params().equals(b.params()), "training with hard attention is not reproducible");
        ComputationGraph c = trained(HARD.withAttentionMode(AttentionMode.hard(1.0, 0.01, 1.0)), 4);
        assertFalse(a.params().equalsWithEps(c.params(), 1e-6), "sampling made no difference to training");
    }

    @Test
    void cloneJsonAndModelSerializerKeepTheModel(@TempDir Path dir) throws Exception {
        ComputationGraphConfiguration conf = conf(HARD);
        HardAttentionVertex v = (HardAttentionVertex) conf.getVertices().get(RnnAttentionModel.ATTENTION);
        HardAttentionVertex vc = v.clone();
        assertEquals(v, vc);
        assertNotNull(vc.getUpdater(), "clone dropped the updater");
        assertEquals(0.01, vc.getEntropyWeight(), 0.0);
        ComputationGraphConfiguration copy = conf.clone();
        assertEquals(conf.toJson(), copy.toJson());
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        assertTrue(back.getVertices().get(RnnAttentionModel.ATTENTION) instanceof HardAttentionVertex);
        assertNotNull(((HardAttentionVertex) back.getVertices().get(RnnAttentionModel.ATTENTION)).getUpdater());

        ComputationGraph g = trained(HARD, 2);
        MultiDataSet mds = Seq2SeqBatch.of(Fixtures.randomPairs(4, VOCAB, 1, 5, 8));
        INDArray out = output(g, mds, false);
        ComputationGraph cloned = g.clone();
        assertTrue(out.equals(output(cloned, mds, false)), "clone changed the output");
        File file = dir.resolve("hard.zip").toFile();
        ModelSerializer.writeModel(g, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        assertTrue(restored.getConfiguration().getVertices().get(RnnAttentionModel.ATTENTION)
                instanceof HardAttentionVertex);
        assertTrue(out.equals(output(restored, mds, false)), "ModelSerializer round trip changed the output");
        // a clone trains on exactly as the original (the draws depend on the seed and counts only); DL4J's clone()
        // starts the iteration and epoch counts (which Adam's bias correction reads too) at 0, so they are copied here
        cloned.getConfiguration().setIterationCount(g.getConfiguration().getIterationCount());
        cloned.getConfiguration().setEpochCount(g.getConfiguration().getEpochCount());
        g.fit(mds);
        cloned.fit(mds);
        restored.fit(mds);
        assertTrue(g.params().equals(cloned.params()), "clone trains differently");
        assertTrue(g.params().equals(restored.params()), "restored model trains differently");
    }

    private static ComputationGraph trained(RnnAttentionConfig model, int steps) {
        ComputationGraph g = RnnAttentionModel.newGraph(conf(model));
        MultiDataSet mds = Seq2SeqBatch.of(Fixtures.randomPairs(8, VOCAB, 1, 6, 2));
        for (int i = 0; i < steps; i++) {
            g.fit(mds);
        }
        return g;
    }

    private static INDArray output(ComputationGraph g, MultiDataSet mds, boolean train) {
        return g.output(train, mds.getFeatures(), mds.getFeaturesMaskArrays(), null)[0];
    }

    private static ComputationGraphConfiguration conf(RnnAttentionConfig model) {
        TrainConfig train = TrainConfig.fromConfig(Fixtures.section("train")).withLearningRate(0.05);
        return RnnAttentionModel.configuration(model, train, VOCAB, VOCAB, 12);
    }

    private static ConfigSection model(String override) {
        return ConfigSection.of(ConfigFactory.parseString("model { " + override + " }").withFallback(Fixtures.defaults())
                .resolve(), "model");
    }

    static {
        org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(1);
    }
}
