package io.attnspark.nn.caption;

import io.attnspark.nn.AttentionMode;
import com.typesafe.config.ConfigFactory;
import io.attnspark.config.ConfigError;
import io.attnspark.config.ConfigSection;
import io.attnspark.testing.DoublePrecision;
import io.attnspark.testing.Fixtures;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hard (stochastic) attention in the captioner: the sampled pass's gradient is the exact gradient of the loss
 * plus the REINFORCE term (checked against finite differences of the surrogate with the same samples), positions
 * are drawn from alpha and decoding takes the argmax, the setting survives JSON, a hard captioner learns a
 * minibatch, and the configuration is read and checked.
 */
@ExtendWith(DoublePrecision.class)
class HardAttentionTest {
    private static final AttentionMode HARD = AttentionMode.hard(0.8, 0.3, 0.5);

    /**
     * With the positions fixed (the same draws), the loss returned is a smooth function of the parameters; the
     * gradient must equal the finite differences of loss + lambda_r sum_b A_b sum_t log alpha_bt(s_bt), the
     * advantages A_b held at their unperturbed values, for every parameter and for the grid.
     */
    @Test
    void sampledGradientIsTheLossGradientPlusTheReinforceTerm() {
        CaptionConfig c = TinyCaptioner.config(false, 0.7).withAttention(HARD);
        ComputationGraph graph = TinyCaptioner.graph(c, DataType.DOUBLE);
        Map<String, INDArray> params = graph.getLayer(CaptionModel.DECODER).paramTable();
        ShowAttendTellDecoder conf = (ShowAttendTellDecoder) graph.getLayer(CaptionModel.DECODER).conf().getLayer();
        assertTrue(conf.isHardAttention());
        MultiDataSet data = TinyCaptioner.batch(TinyCaptioner.images(3, 5), TinyCaptioner.captions(new int[] {3, 1, 2}, 6),
                c.steps(), DataType.DOUBLE);
        INDArray grid = Nd4j.rand(DataType.DOUBLE, 3, 3, 2, 2).subi(0.5);
        INDArray labels = data.getLabels(0);
        AttendTellBackprop backprop = new AttendTellBackprop(params, conf);
        AttendTellBackprop.Result r = backprop.run(grid, labels, true, AttendTellCell.Focus.SAMPLE, new Random(7));
        double[] adv = AttendTellBackprop.advantages(r.exampleNll());
        for (double lp : r.sampleLogProb()) {
            assertTrue(lp < 0, "a sampled position has log alpha < 0: " + lp);
        }
        assertNotEquals(0.0, adv[0]);

        int checked = 0;
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            INDArray p = e.getValue();
            INDArray analytic = r.gradients().get(e.getKey());
            for (long i = 0; i < p.length(); i++) {
                double numeric = centralDifference(p, i,
                        () -> surrogate(new AttendTellBackprop(params, conf), grid, labels, adv, HARD.reinforceWeight(), 7));
                assertClose(numeric, analytic.getDouble(i), e.getKey() + "[" + i + "]");
                checked++;
            }
        }
        for (long i = 0; i < grid.length(); i++) {
            double numeric = centralDifference(grid, i,
                    () -> surrogate(new AttendTellBackprop(params, conf), grid, labels, adv, HARD.reinforceWeight(), 7));
            assertClose(numeric, r.inputGrad().reshape(grid.shape()).getDouble(i), "grid[" + i + "]");
            checked++;
        }
        assertTrue(checked > 200, "checked " + checked);
    }

    /** Without the REINFORCE term the check is the plain gradient check of loss - lambda_e H. */
    @Test
    void withoutReinforceTheGradientIsExact() {
        CaptionConfig c = TinyCaptioner.config(false, 0.7).withAttention(AttentionMode.hard(0.0, 0.3, 0.5));
        ComputationGraph graph = TinyCaptioner.graph(c, DataType.DOUBLE);
        Map<String, INDArray> params = graph.getLayer(CaptionModel.DECODER).paramTable();
        ShowAttendTellDecoder conf = (ShowAttendTellDecoder) graph.getLayer(CaptionModel.DECODER).conf().getLayer();
        MultiDataSet data = TinyCaptioner.batch(TinyCaptioner.images(2, 8), TinyCaptioner.captions(new int[] {3, 2}, 9),
                c.steps(), DataType.DOUBLE);
        INDArray grid = Nd4j.rand(DataType.DOUBLE, 2, 3, 2, 2).subi(0.5);
        AttendTellBackprop backprop = new AttendTellBackprop(params, conf);
        AttendTellBackprop.Result r = backprop.run(grid, data.getLabels(0), true, AttendTellCell.Focus.SAMPLE, new Random(3));
        double[] none = new double[2];
        for (String name : List.of(CaptionDecoderParams.V_ATT, CaptionDecoderParams.W_HID, CaptionDecoderParams.W_OUT)) {
            INDArray p = params.get(name);
            for (long i = 0; i < p.length(); i++) {
                double numeric = centralDifference(p, i,
                        () -> surrogate(new AttendTellBackprop(params, conf), grid, data.getLabels(0), none, 0.0, 3));
                assertClose(numeric, r.gradients().get(name).getDouble(i), name + "[" + i + "]");
            }
        }
    }

    @Test
    void positionsAreDrawnFromAlphaAndDecodingTakesTheArgmax() {
        INDArray alpha = Nd4j.create(new double[][] {{0.1, 0.6, 0.3, 0.0}, {0.25, 0.25, 0.2, 0.3}});
        assertArrayEquals(new double[][] {{0, 1, 0, 0}, {0, 0, 0, 1}},
                AttendTellCell.positions(alpha, AttendTellCell.Focus.ARGMAX, null).toDoubleMatrix());
        Random random = new Random(11);
        double[][] counts = new double[2][4];
        int n = 20000;
        for (int k = 0; k < n; k++) {
            double[][] oneHot = AttendTellCell.positions(alpha, AttendTellCell.Focus.SAMPLE, random).toDoubleMatrix();
            for (int i = 0; i < 2; i++) {
                double sum = 0;
                for (int j = 0; j < 4; j++) {
                    counts[i][j] += oneHot[i][j];
                    sum += oneHot[i][j];
                }
                assertEquals(1.0, sum, "one position per row");
            }
        }
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(alpha.getDouble(i, j), counts[i][j] / n, 0.015, "frequency of position " + j + " in row " + i);
            }
        }
        assertEquals(0.0, counts[0][3], "a position of weight 0 is never drawn");
    }

    @Test
    void aHardDecoderDecodesWithTheMostAttendedPositionAndSurvivesJson() {
        CaptionConfig soft = TinyCaptioner.config(false, 0.0);
        ComputationGraph softGraph = TinyCaptioner.graph(soft, DataType.DOUBLE);
        ComputationGraph hardGraph = TinyCaptioner.graph(soft.withAttention(HARD), DataType.DOUBLE);
        assertEquals(softGraph.params(), hardGraph.params(), "same seed, same parameters");
        INDArray images = TinyCaptioner.imageArray(TinyCaptioner.images(2, 1), DataType.DOUBLE);
        CaptionStepDecoder hardDec = new CaptionStepDecoder(hardGraph);
        CaptionStepDecoder softDec = new CaptionStepDecoder(softGraph);
        CaptionStepDecoder.Encoded enc = hardDec.encode(images);
        CaptionStepDecoder.State state = hardDec.start(enc);
        CaptionStepDecoder.Step hard = hardDec.step(enc, state, new int[] {2, 2});
        CaptionStepDecoder.Step softStep = softDec.step(enc, state, new int[] {2, 2});
        assertEquals(softStep.alpha(), hard.alpha(), "the same attention weights");
        assertNotEquals(softStep.logProbs(), hard.logProbs(), "a different context");
        // the hard step equals a soft step whose attention is the one-hot argmax
        AttendTellCell cell = new AttendTellCell(hardGraph.getLayer(CaptionModel.DECODER).paramTable(), 3, 4, 2);
        AttendTellCell.Step byHand = cell.step(enc.annotations(), enc.projected(), state.h(), state.c(), new int[] {2, 2},
                AttendTellCell.Focus.ARGMAX, null);
        assertEquals(byHand.logProbs(), hard.logProbs());

        ComputationGraphConfiguration conf = CaptionModel.configuration(soft.withAttention(HARD), TinyCaptioner.IMAGE,
                TinyCaptioner.VOCAB, 1, new Adam(0.01), 5.0, DataType.FLOAT);
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
        org.deeplearning4j.nn.conf.graph.LayerVertex vertex =
                (org.deeplearning4j.nn.conf.graph.LayerVertex) back.getVertices().get(CaptionModel.DECODER);
        assertEquals(HARD, ((ShowAttendTellDecoder) vertex.getLayerConf().getLayer()).attention());
        assertEquals(HARD, ((ShowAttendTellDecoder) vertex.getLayerConf().getLayer()).clone().attention());
    }

    /** A hard captioner fits a minibatch of 6 images: its (argmax) loss falls to well under half. */
    @Test
    void aHardCaptionerLearnsAMinibatch() {
        CaptionConfig c = new CaptionConfig(List.of(4, 6), false, 6, 12, 6, 0.0, 0.0, 3, HARD);
        ComputationGraph graph = CaptionModel.newGraph(CaptionModel.configuration(c, TinyCaptioner.IMAGE,
                TinyCaptioner.VOCAB, 3, new Adam(0.02), 5.0, DataType.DOUBLE));
        MultiDataSet data = TinyCaptioner.batch(TinyCaptioner.images(6, 21),
                TinyCaptioner.captions(new int[] {3, 2, 3, 1, 2, 3}, 22), c.steps(), DataType.DOUBLE);
        Nd4j.getRandom().setSeed(5);
        double before = graph.score(data, false);
        for (int i = 0; i < 300; i++) {
            graph.fit(data);
        }
        double after = graph.score(data, false);
        assertFalse(Double.isNaN(after));
        assertTrue(after < 0.4 * before, "loss " + before + " -> " + after);
    }

    @Test
    void configReadsTheAttentionAndRefusesBadValues() {
        CaptionConfig soft = CaptionConfig.fromConfig(Fixtures.section("model.caption"));
        assertFalse(soft.attention().hard());
        CaptionConfig hard = CaptionConfig.fromConfig(caption("attention = hard, hard.entropy-weight = 0.05"));
        assertTrue(hard.attention().hard());
        assertEquals(0.05, hard.attention().entropyWeight());
        ConfigError kind = assertThrows(ConfigError.class, () -> CaptionConfig.fromConfig(caption("attention = sharp")));
        assertEquals("model.caption.attention", kind.key());
        assertTrue(kind.getMessage().contains("soft, hard"), kind.getMessage());
        ConfigError p = assertThrows(ConfigError.class,
                () -> CaptionConfig.fromConfig(caption("hard.soft-probability = 1.5")));
        assertEquals("model.caption.hard.soft-probability", p.key());
        ConfigError unknown = assertThrows(ConfigError.class,
                () -> CaptionConfig.fromConfig(caption("hard.entropy = 0.1")));
        assertTrue(unknown.getMessage().contains("model.caption.hard.entropy"), unknown.getMessage());
    }

    private static ConfigSection caption(String override) {
        return ConfigSection.of(ConfigFactory.parseString("model.caption { " + override + " }")
                .withFallback(Fixtures.defaults()).resolve(), "model.caption");
    }

    /** loss + weight sum_b adv_b sum_t log alpha(s_bt), with the draws of {@code seed} (the same positions every call). */
    /** {@code backprop} is made for each evaluation: a cell reads the parameters (the side-by-side gates) when made. */
    private static double surrogate(AttendTellBackprop backprop, INDArray grid, INDArray labels, double[] adv,
                                    double weight, long seed) {
        AttendTellBackprop.Result r = backprop.run(grid, labels, false, AttendTellCell.Focus.SAMPLE, new Random(seed));
        double s = r.loss();
        for (int b = 0; b < adv.length; b++) {
            s += weight * adv[b] * r.sampleLogProb()[b];
        }
        return s;
    }

    private static double centralDifference(INDArray x, long i, java.util.function.DoubleSupplier f) {
        double eps = 1e-6;
        double v = x.getDouble(i);
        x.putScalar(i, v + eps);
        double plus = f.getAsDouble();
        x.putScalar(i, v - eps);
        double minus = f.getAsDouble();
        x.putScalar(i, v);
        return (plus - minus) / (2 * eps);
    }

    private static void assertClose(double numeric, double analytic, String what) {
        double diff = Math.abs(numeric - analytic);
        double scale = Math.max(Math.abs(numeric), Math.abs(analytic));
        assertTrue(diff < 1e-8 || diff / scale < 1e-4, what + ": numeric " + numeric + ", analytic " + analytic);
    }
}
