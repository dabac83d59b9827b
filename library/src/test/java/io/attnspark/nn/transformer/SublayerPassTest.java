package io.attnspark.nn.transformer;

import io.attnspark.nn.Seq2SeqBatch;
import io.attnspark.testing.DoublePrecision;
import io.attnspark.testing.SameDiffTransformer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hand-written sub-layer passes ({@link SublayerPass}) against the sub-layers' SameDiff definitions run by
 * SameDiff ({@code -Dattnspark.transformer.samediff=true}): same parameters, same batch, no dropout; the outputs,
 * the loss and every parameter's gradient agree to 1e-9 in double precision, for each kind of sub-layer (encoder
 * and decoder self-attention, windowed self-attention, cross-attention, feed-forward with ReLU and GELU), pre-LN
 * and post-LN, with and without padding. {@link TransformerGradientTest} checks the same passes against finite
 * differences.
 */
@ExtendWith(DoublePrecision.class)
class SublayerPassTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("pre-LN relu", TransformerGradientTest.config(true, false, false, 0), false),
                Arguments.of("pre-LN relu", TransformerGradientTest.config(true, false, false, 0), true),
                Arguments.of("post-LN gelu learned", TransformerGradientTest.config(false, true, true, 0), true),
                Arguments.of("post-LN window 1", TransformerGradientTest.config(false, false, false, 1), true),
                Arguments.of("pre-LN gelu window 2", TransformerGradientTest.config(true, true, false, 2), true));
    }

    @ParameterizedTest(name = "{0}, padding={2}")
    @MethodSource("cases")
    void handWrittenPassesMatchSameDiff(String name, TransformerConfig model, boolean padding) {
        ComputationGraphConfiguration conf = TransformerModel.configuration(model, 7, 7, 3, new NoOp(), 0.0,
                DataType.DOUBLE, 0.0, 0.0);
        ComputationGraph handWritten = TransformerModel.newGraph(conf.clone());
        ComputationGraph sameDiff = SameDiffTransformer.newGraph(conf.clone());
        sameDiff.setParams(handWritten.params().dup());
        String[] sublayers = {TransformerModel.encoderLayer(0) + TransformerModel.SELF,
                TransformerModel.encoderLayer(0) + TransformerModel.FFN,
                TransformerModel.decoderLayer(0) + TransformerModel.SELF,
                TransformerModel.decoderLayer(0) + TransformerModel.CROSS,
                TransformerModel.decoderLayer(0) + TransformerModel.FFN};
        for (String v : sublayers) {
            assertInstanceOf(SublayerRuntime.class, handWritten.getVertex(v), v);
            assertInstanceOf(TransformerRuntimeVertex.class, sameDiff.getVertex(v), v);
        }
        MultiDataSet mds = Seq2SeqBatch.of(padding ? TransformerGradientTest.PADDED : TransformerGradientTest.EQUAL,
                DataType.DOUBLE);
        INDArray expected = sameDiff.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(),
                mds.getLabelsMaskArrays())[0];
        INDArray actual = handWritten.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(),
                mds.getLabelsMaskArrays())[0];
        assertClose(expected, actual, name + ": output");
        INDArray expectedGrad = gradient(sameDiff, mds);
        INDArray actualGrad = gradient(handWritten, mds);
        assertEquals(sameDiff.score(), handWritten.score(), 1e-9, name + ": loss");
        for (String v : sublayers) {
            for (String param : handWritten.getVertex(v).paramTable(false).keySet()) {
                String key = v + "_" + param;
                assertClose(sameDiff.gradient().getGradientFor(key), handWritten.gradient().getGradientFor(key),
                        name + ": gradient of " + key);
            }
        }
        assertClose(expectedGrad, actualGrad, name + ": all gradients");
    }

    /** Dropout draws its masks in the training forward pass only, and training with it still fits a tiny batch. */
    @Test
    void dropoutActsInTrainingOnlyAndTraining() {
        TransformerConfig model = new TransformerConfig(8, 2, 16, 1, 1, false, 16, false, false, 0.3, 0.3, 0);
        ComputationGraph g = TransformerModel.newGraph(TransformerModel.configuration(model, 9, 9, 5,
                new org.nd4j.linalg.learning.config.Adam(0.01), 0.0, DataType.DOUBLE, 0.0, 0.0));
        MultiDataSet mds = Seq2SeqBatch.of(TransformerGradientTest.PADDED, DataType.DOUBLE);
        INDArray inference = g.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), mds.getLabelsMaskArrays())[0];
        assertEquals(inference, g.output(false, mds.getFeatures(), mds.getFeaturesMaskArrays(), mds.getLabelsMaskArrays())[0]);
        assertTrue(!inference.equalsWithEps(g.output(true, mds.getFeatures(), mds.getFeaturesMaskArrays(),
                mds.getLabelsMaskArrays())[0], 1e-6), "training output equals inference output despite dropout");
        double before = g.score(mds, false);
        for (int i = 0; i < 60; i++) {
            g.fit(mds);
        }
        double after = g.score(mds, false);
        assertTrue(after < 0.5 * before, "training with dropout did not fit 3 pairs: loss " + before + " -> " + after);
    }

    private static INDArray gradient(ComputationGraph g, MultiDataSet mds) {
        g.setInputs(mds.getFeatures());
        g.setLabels(mds.getLabels());
        g.setLayerMaskArrays(mds.getFeaturesMaskArrays(), mds.getLabelsMaskArrays());
        g.computeGradientAndScore();
        return g.gradient().gradient().dup();
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
        assertTrue(diff <= 1e-9 * scale, what + ": max difference " + diff + " (largest entry " + scale + ")");
    }
}
