package io.attnspark.nn;

import io.attnspark.decode.DecodeConfig;
import io.attnspark.decode.Hypothesis;
import io.attnspark.decode.Translator;
import io.attnspark.testing.Fixtures;
import io.attnspark.train.TrainConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The model with input feeding as the trainer, the Spark workers and the decoders see it: the graph's shape, padding,
 * dropout, and what survives cloning, JSON and model files.
 */
class InputFeedingModelTest {
    private static final int VOCAB = 11;

    private static RnnAttentionConfig tinyModel() {
        return Fixtures.tinyModel(AttentionScore.GENERAL, true, 2).withInputFeeding(true);
    }

    private static ComputationGraphConfiguration tinyConf(RnnAttentionConfig model) {
        TrainConfig train = TrainConfig.fromConfig(Fixtures.section("train"));
        return RnnAttentionModel.configuration(model, train, VOCAB, VOCAB + 2, 42);
    }

    @Test
    void theDecoderIsOneVertexWhoseOutputIsZeroOnPaddedTargets() {
        ComputationGraphConfiguration conf = tinyConf(tinyModel());
        assertTrue(conf.getVertices().get(RnnAttentionModel.FEEDING_DECODER) instanceof InputFeedingDecoderVertex);
        assertFalse(conf.getVertices().containsKey(RnnAttentionModel.decoderLayer(0)));
        assertFalse(conf.getVertices().containsKey(RnnAttentionModel.ATTENTION));
        assertEquals(List.of(RnnAttentionModel.FEEDING_DECODER), conf.getVertexInputs().get(RnnAttentionModel.OUTPUT));
        ComputationGraph g = RnnAttentionModel.newGraph(conf);
        TokenPair a = new TokenPair(new int[] {4, 5, 6}, new int[] {5});
        TokenPair b = new TokenPair(new int[] {7}, new int[] {4, 6, 8, 10});
        MultiDataSet mds = Seq2SeqBatch.of(List.of(a, b));
        INDArray att = g.output(List.of(RnnAttentionModel.FEEDING_DECODER), false, mds.getFeatures(),
                mds.getFeaturesMaskArrays())[0];                                        // [2, 6, 5]
        assertArrayEquals(new long[] {2, 6, 5}, att.shape());
        assertEquals(0.0, att.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.interval(2, 5))
                .amaxNumber().doubleValue(), 0.0, "output at padded target steps");
        assertTrue(att.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.interval(0, 2))
                .amaxNumber().doubleValue() > 0);
    }

    @Test
    void lossOfAPaddedBatchIsTheMeanOfItsSentencesAlone() {
        ComputationGraph g = RnnAttentionModel.newGraph(tinyConf(tinyModel().withCells(RnnCell.GRU, RnnCell.GRU)));
        TokenPair a = new TokenPair(new int[] {4, 5, 6, 7, 8, 9}, new int[] {5});
        TokenPair b = new TokenPair(new int[] {10}, new int[] {4, 6, 8, 10, 9});
        double together = g.score(Seq2SeqBatch.of(List.of(a, b)));
        double alone = (g.score(Seq2SeqBatch.of(List.of(a))) + g.score(Seq2SeqBatch.of(List.of(b)))) / 2;
        assertEquals(alone, together, 1e-5, "padding changed the loss");
    }

    /**
     * Dropout on the layer inputs applies in training only: the pass with dropout changes the output, the pass
     * without it is exactly that of the same vertex without dropout.
     */
    @Test
    void dropoutAppliesInTrainingOnly() {
        InputFeedingDecoderVertex dropped = new InputFeedingDecoderVertex(RnnCell.LSTM, 2, 3, 4, 5,
                AttentionScore.GENERAL, 3, 0, 0.5);
        InputFeedingDecoderVertex plain = new InputFeedingDecoderVertex(RnnCell.LSTM, 2, 3, 4, 5,
                AttentionScore.GENERAL, 3, 0, 1.0);
        Nd4j.getRandom().setSeed(3);
        Map<String, INDArray> params = new java.util.LinkedHashMap<>();
        dropped.getVertexParams().getParamShapes().forEach((k, shape) ->
                params.put(k, Nd4j.rand(DataType.FLOAT, shape).subi(0.5)));
        INDArray emb = Nd4j.rand(DataType.FLOAT, 2, 3, 4);
        INDArray enc = Nd4j.rand(DataType.FLOAT, 2, 5, 6);
        INDArray inference = new InputFeedingPass(dropped, params).forward(emb, enc, null, null, false).output();
        INDArray noDropout = new InputFeedingPass(plain, params).forward(emb, enc, null, null, true).output();
        INDArray training = new InputFeedingPass(dropped, params).forward(emb, enc, null, null, true).output();
        assertEquals(noDropout, inference);
        assertFalse(training.equalsWithEps(inference, 1e-3), "dropout did not change the training output");
    }

    /** The Spark worker path: a cloned configuration and graph keep the updater and train. */
    @Test
    void cloneKeepsTheWholeVertexConfiguration() {
        ComputationGraphConfiguration conf = tinyConf(tinyModel().withDropout(0.2));
        InputFeedingDecoderVertex v = vertex(conf);
        assertNotNull(v.getUpdater(), "updater not set from the graph");
        assertEquals(org.deeplearning4j.nn.conf.GradientNormalization.ClipL2PerLayer, v.getGradientNormalization());
        ComputationGraphConfiguration copy = conf.clone();
        assertEquals(conf.toJson(), copy.toJson());
        InputFeedingDecoderVertex vc = vertex(copy);
        assertEquals(v, vc);
        assertEquals(0.8, vc.getRetain(), 1e-12);
        assertNotNull(vc.getUpdater(), "clone dropped the updater");
        assertTrue(v.getUpdater() != vc.getUpdater(), "clone shares the updater");
        ComputationGraph g = RnnAttentionModel.newGraph(conf);
        ComputationGraph cloned = g.clone();
        MultiDataSet mds = Seq2SeqBatch.of(Fixtures.randomPairs(3, VOCAB, 1, 4, 5));
        INDArray before = cloned.params().dup();
        cloned.fit(mds);                                  // NPE here if the updater was dropped
        assertTrue(Double.isFinite(cloned.score()));
        assertFalse(before.equals(cloned.params()), "fit changed no parameter");
    }

    /** JSON and model files (ModelSerializer) give the same configuration, outputs and decoded outputs. */
    @Test
    void jsonAndModelFileRoundTripsKeepOutputs(@TempDir File dir) throws IOException {
        for (RnnCell cell : RnnCell.values()) {
            ComputationGraphConfiguration conf = tinyConf(tinyModel().withCells(cell, cell)
                    .withScore(AttentionScore.ADDITIVE).withLocalWindow(cell == RnnCell.GRU ? 2 : 0));
            String json = conf.toJson();
            ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
            assertEquals(json, back.toJson());
            assertEquals(conf, back);
            assertNotNull(vertex(back).getUpdater());
            ComputationGraph a = RnnAttentionModel.newGraph(conf);
            a.fit(Seq2SeqBatch.of(Fixtures.randomPairs(4, VOCAB, 1, 4, 2)));    // updater state too
            ComputationGraph b = new ComputationGraph(back);
            b.init(a.params().dup(), false);
            File f = new File(dir, cell + ".zip");
            ModelSerializer.writeModel(a, f, true);
            ComputationGraph restored = ModelSerializer.restoreComputationGraph(f, true);
            assertEquals(a.getConfiguration(), restored.getConfiguration());
            assertEquals(a.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
            MultiDataSet mds = Seq2SeqBatch.of(Fixtures.randomPairs(3, VOCAB, 1, 4, 9));
            INDArray oa = a.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), null)[0];
            assertEquals(oa, b.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), null)[0], cell + " JSON");
            assertEquals(oa, restored.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), null)[0],
                    cell + " model file");
            List<int[]> sources = Fixtures.randomPairs(4, VOCAB, 1, 5, 4).stream().map(TokenPair::source).toList();
            DecodeConfig cfg = DecodeConfig.fromConfig(Fixtures.section("decode")).withBeam(3);
            List<List<Hypothesis>> beamA = new Translator(a, cfg).beam(sources, 3);
            List<List<Hypothesis>> beamR = new Translator(restored, cfg).beam(sources, 3);
            for (int i = 0; i < sources.size(); i++) {
                assertEquals(beamA.get(i).size(), beamR.get(i).size());
                for (int j = 0; j < beamA.get(i).size(); j++) {
                    assertArrayEquals(beamA.get(i).get(j).tokens(), beamR.get(i).get(j).tokens());
                    assertEquals(beamA.get(i).get(j).logProb(), beamR.get(i).get(j).logProb(), 0.0);
                }
            }
        }
    }

    private static InputFeedingDecoderVertex vertex(ComputationGraphConfiguration conf) {
        return (InputFeedingDecoderVertex) conf.getVertices().get(RnnAttentionModel.FEEDING_DECODER);
    }
}
