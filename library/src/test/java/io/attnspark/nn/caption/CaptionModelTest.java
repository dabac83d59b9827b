package io.attnspark.nn.caption;

import io.attnspark.nn.AttentionMode;
import io.attnspark.config.ConfigError;
import io.attnspark.decode.DecodeConfig;
import io.attnspark.decode.Hypothesis;
import io.attnspark.testing.DoublePrecision;
import io.attnspark.testing.Fixtures;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shapes, the step decoder against the graph's loss, the regulariser, beam search, clone and JSON, the config. */
@ExtendWith(DoublePrecision.class)
class CaptionModelTest {
    private final CaptionConfig config = TinyCaptioner.config(true, 0.0);

    @Test
    void encoderGivesTheGridAndStepsHaveTheirShapes() {
        ComputationGraph g = TinyCaptioner.graph(config, DataType.DOUBLE);
        INDArray images = TinyCaptioner.imageArray(TinyCaptioner.images(2, 1), DataType.DOUBLE);
        assertArrayEquals(new long[] {2, 3, 2, 2}, g.output(false, images)[0].shape());
        CaptionStepDecoder dec = new CaptionStepDecoder(g);
        CaptionStepDecoder.Encoded enc = dec.encode(images);
        assertArrayEquals(new long[] {2, 4, 3}, enc.annotations().shape());
        CaptionStepDecoder.Step st = dec.step(enc, dec.start(enc), new int[] {2, 2});
        assertArrayEquals(new long[] {2, TinyCaptioner.VOCAB}, st.logProbs().shape());
        assertArrayEquals(new long[] {2, 4}, st.alpha().shape());
        assertEquals(2.0, st.alpha().sumNumber().doubleValue(), 1e-9, "attention sums to 1 per image");
    }

    @Test
    void blocksWithTwoConvolutionsKeepTheGridAndNameTheSecondConvolution() {
        ComputationGraph one = TinyCaptioner.graph(TinyCaptioner.config(true, 0.0, 1), DataType.DOUBLE);
        ComputationGraph two = TinyCaptioner.graph(TinyCaptioner.config(true, 0.0, 2), DataType.DOUBLE);
        INDArray images = TinyCaptioner.imageArray(TinyCaptioner.images(2, 1), DataType.DOUBLE);
        assertArrayEquals(new long[] {2, 3, 2, 2}, two.output(false, images)[0].shape());
        // block 0: a second 3x3 convolution 2 -> 2 channels; block 1: 3 -> 3 (weights and biases)
        assertEquals(3 * 3 * 2 * 2 + 2, two.getLayer("conv_0_1").numParams());
        assertEquals(3 * 3 * 3 * 3 + 3, two.getLayer("conv_1_1").numParams());
        assertNotNull(two.getLayer("bn_1_1"));
        assertEquals(one.getLayer("conv_1").numParams(), two.getLayer("conv_1").numParams());
        long extraBatchNorm = two.getLayer("bn_0_1").numParams() + two.getLayer("bn_1_1").numParams();
        assertEquals(one.numParams() + 38 + 84 + extraBatchNorm, two.numParams());
        ConfigError e = assertThrows(ConfigError.class, () -> TinyCaptioner.config(true, 0.0, 0));
        assertTrue(e.getMessage().contains("model.caption.encoder.convs-per-block"), e.getMessage());
    }

    @Test
    void stepDecoderForcedScoresEqualTheGraphLoss() {
        ComputationGraph g = TinyCaptioner.graph(config, DataType.DOUBLE);
        List<float[]> images = TinyCaptioner.images(3, 2);
        List<int[]> captions = TinyCaptioner.captions(new int[] {3, 1, 2}, 3);
        MultiDataSet batch = TinyCaptioner.batch(images, captions, config.steps(), DataType.DOUBLE);
        double graphLoss = g.score(batch, false) * 3;
        double[] forced = new CaptionSearch(new CaptionStepDecoder(g), config.maxLength())
                .forced(batch.getFeatures(0), captions);
        // the search reads log-probabilities as floats
        assertEquals(-(forced[0] + forced[1] + forced[2]), graphLoss, 1e-5);
    }

    @Test
    void regulariserAddsLambdaTimesTheSquaredCoverageGap() {
        List<float[]> images = TinyCaptioner.images(2, 4);
        List<int[]> captions = TinyCaptioner.captions(new int[] {3, 2}, 5);
        MultiDataSet batch = TinyCaptioner.batch(images, captions, config.steps(), DataType.DOUBLE);
        ComputationGraph plain = TinyCaptioner.graph(config, DataType.DOUBLE);
        ComputationGraph regular = TinyCaptioner.graph(config.withDoublyStochastic(2.5), DataType.DOUBLE);
        // sum over t of the masked alphas, from the step decoder with teacher forcing
        CaptionStepDecoder dec = new CaptionStepDecoder(plain);
        CaptionStepDecoder.Encoded enc = dec.encode(batch.getFeatures(0));
        CaptionStepDecoder.State state = dec.start(enc);
        double[][] coverage = new double[2][4];
        int[] prev = {2, 2};
        for (int t = 0; t < config.steps(); t++) {
            CaptionStepDecoder.Step st = dec.step(enc, state, prev);
            for (int b = 0; b < 2; b++) {
                int len = captions.get(b).length;
                if (t <= len) {
                    for (int i = 0; i < 4; i++) {
                        coverage[b][i] += st.alpha().getDouble(b, i);
                    }
                    prev[b] = t < len ? captions.get(b)[t] : 3;
                }
            }
            state = st.state();
        }
        double penalty = 0;
        for (double[] row : coverage) {
            for (double s : row) {
                penalty += (1 - s) * (1 - s);
            }
        }
        double diff = (regular.score(batch, false) - plain.score(batch, false)) * 2;
        assertEquals(2.5 * penalty, diff, 1e-9);
    }

    @Test
    void beamOfOneIsGreedyAndBeamIsSortedAndNeverWorse() {
        ComputationGraph g = TinyCaptioner.graph(config, DataType.DOUBLE);
        INDArray images = TinyCaptioner.imageArray(TinyCaptioner.images(3, 6), DataType.DOUBLE);
        CaptionSearch search = new CaptionSearch(new CaptionStepDecoder(g), config.maxLength());
        List<Hypothesis> greedy = search.greedy(images);
        for (int i = 0; i < 3; i++) {
            INDArray one = images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(i, i + 1));
            Hypothesis b1 = search.beam(one, new DecodeConfig(1, 0.0, 2.0, 10, 8), 1).get(0);
            assertArrayEquals(greedy.get(i).tokens(), b1.tokens());
            assertEquals(greedy.get(i).logProb(), b1.logProb(), 1e-6);
            assertEquals(b1.tokens().length + 1, b1.attention().length, "one attention row per word and EOS");
            List<Hypothesis> b4 = search.beam(one, new DecodeConfig(4, 0.0, 2.0, 10, 8), 4);
            assertTrue(b4.size() >= 1);
            for (int k = 1; k < b4.size(); k++) {
                assertTrue(b4.get(k - 1).score() >= b4.get(k).score());
            }
            assertTrue(b4.get(0).logProb() >= b1.logProb() - 1e-9, "beam 4 found a worse caption than greedy");
        }
    }

    @Test
    void cloneCopiesTheUpdaterAndJsonRoundTrips() {
        ComputationGraphConfiguration conf = CaptionModel.configuration(config, TinyCaptioner.IMAGE,
                TinyCaptioner.VOCAB, 1, new Adam(0.01), 5.0, DataType.FLOAT);
        org.deeplearning4j.nn.conf.graph.LayerVertex vertex =
                (org.deeplearning4j.nn.conf.graph.LayerVertex) conf.getVertices().get(CaptionModel.DECODER);
        ShowAttendTellDecoder layer = (ShowAttendTellDecoder) vertex.getLayerConf().getLayer();
        assertNotNull(layer);
        ShowAttendTellDecoder copy = layer.clone();
        assertEquals(layer, copy);
        assertNotNull(copy.getUpdaterByParam(CaptionDecoderParams.W_OUT));
        assertNotSame(layer.getUpdaterByParam(CaptionDecoderParams.W_OUT), copy.getUpdaterByParam(CaptionDecoderParams.W_OUT));
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
        assertEquals(conf, conf.clone());
    }

    @Test
    void configReadsDefaultsAndRefusesBadValues() {
        CaptionConfig c = CaptionConfig.fromConfig(Fixtures.section("model.caption"));
        assertTrue(c.channels().size() >= 1);
        assertThrows(ConfigError.class, () -> new CaptionConfig(List.of(8, 0), true, 8, 8, 8, 0.1, 1.0, 10, AttentionMode.SOFT));
        assertThrows(ConfigError.class, () -> new CaptionConfig(List.of(8), true, 8, 8, 8, 1.0, 1.0, 10, AttentionMode.SOFT));
        ConfigError e = assertThrows(ConfigError.class, () -> c.gridSide(50));
        assertTrue(e.getMessage().contains("model.caption.encoder.channels"), e.getMessage());
    }
}
