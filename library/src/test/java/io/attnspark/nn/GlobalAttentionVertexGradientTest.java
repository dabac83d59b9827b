package io.attnspark.nn;

import io.attnspark.testing.DoublePrecision;
import org.junit.jupiter.api.extension.ExtendWith;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Double-precision gradient checks of {@link GlobalAttentionVertex} for every score, with and without
 * masks (variable-length sources and targets). LSTMs feed both inputs so that the gradients the vertex
 * sends back to its inputs are checked too, not only its own parameters.
 */
@ExtendWith(DoublePrecision.class)
class GlobalAttentionVertexGradientTest {
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (AttentionScore s : AttentionScore.values()) {
            out.add(Arguments.of(s, false, 0));
            out.add(Arguments.of(s, true, 0));
        }
        // local-p attention: a window narrower than the sources, so positions fall outside it
        out.add(Arguments.of(AttentionScore.GENERAL, false, 1));
        out.add(Arguments.of(AttentionScore.GENERAL, true, 1));
        out.add(Arguments.of(AttentionScore.ADDITIVE, true, 2));
        out.add(Arguments.of(AttentionScore.DOT, true, 1));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, masks={1}, local window={2}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(AttentionScore score, boolean masks, int window) {
        int batch = 3;
        int nIn = 1;
        int dec = 3;
        int enc = score.needsEqualSizes() ? 3 : 2;
        int srcT = 4;
        int tgtT = 3;
        int classes = 3;
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(12345).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("d", "e")
                .setInputTypes(InputType.recurrent(nIn), InputType.recurrent(nIn))
                .addLayer("dl", new LSTM.Builder().nIn(nIn).nOut(dec).activation(Activation.TANH).build(), "d")
                .addLayer("el", new LSTM.Builder().nIn(nIn).nOut(enc).activation(Activation.TANH).build(), "e")
                .addVertex("attn", new GlobalAttentionVertex(dec, enc, score, 2, window), "dl", "el")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(2).nOut(classes).activation(Activation.SOFTMAX).build(), "attn")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();

        Nd4j.getRandom().setSeed(7);
        INDArray d = Nd4j.rand(DataType.DOUBLE, batch, nIn, tgtT).subi(0.5);
        INDArray e = Nd4j.rand(DataType.DOUBLE, batch, nIn, srcT).subi(0.5);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, batch, classes, tgtT);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < tgtT; t++) {
                labels.putScalar(b, (b + 2 * t) % classes, t, 1.0);
            }
        }
        INDArray[] inputMasks = null;
        INDArray[] labelMasks = null;
        if (masks) {
            INDArray srcMask = lengths(new int[] {4, 2, 3}, srcT);
            INDArray tgtMask = lengths(new int[] {3, 2, 1}, tgtT);
            inputMasks = new INDArray[] {tgtMask, srcMask};
            labelMasks = new INDArray[] {tgtMask};
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(new INDArray[] {d, e}).labels(new INDArray[] {labels})
                .inputMask(inputMasks).labelMask(labelMasks)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "gradient check failed for " + score + ", masks=" + masks + ", window=" + window);
    }

    static INDArray lengths(int[] lengths, int max) {
        INDArray m = Nd4j.zeros(DataType.DOUBLE, lengths.length, max);
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                m.putScalar(b, t, 1.0);
            }
        }
        return m;
    }
}
