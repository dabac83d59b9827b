package io.attnspark.nn;

import io.attnspark.testing.DoublePrecision;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.extension.ExtendWith;
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
 * Double-precision gradient checks of {@link InputFeedingDecoderVertex}: LSTM and GRU cells, one and two layers, every
 * score, local-p windows, with and without masks (sources and targets of different lengths, padded at the end).
 * Recurrent layers feed both inputs, so the gradients the vertex sends to the target embeddings and to the encoder
 * states are checked through those layers' parameters, not only its own.
 */
@ExtendWith(DoublePrecision.class)
class InputFeedingDecoderVertexGradientTest {
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (RnnCell cell : RnnCell.values()) {
            for (boolean masks : new boolean[] {false, true}) {
                out.add(Arguments.of(cell, 1, AttentionScore.GENERAL, masks, 0));
                out.add(Arguments.of(cell, 2, AttentionScore.GENERAL, masks, 0));
            }
        }
        for (AttentionScore s : List.of(AttentionScore.DOT, AttentionScore.SCALED_DOT, AttentionScore.ADDITIVE)) {
            out.add(Arguments.of(RnnCell.LSTM, 1, s, false, 0));
            out.add(Arguments.of(RnnCell.LSTM, 1, s, true, 0));
        }
        // local-p: windows narrower than the sources, so positions fall outside them
        out.add(Arguments.of(RnnCell.LSTM, 1, AttentionScore.GENERAL, false, 1));
        out.add(Arguments.of(RnnCell.LSTM, 1, AttentionScore.GENERAL, true, 1));
        out.add(Arguments.of(RnnCell.GRU, 2, AttentionScore.ADDITIVE, true, 2));
        out.add(Arguments.of(RnnCell.LSTM, 1, AttentionScore.DOT, true, 1));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} x {1}, {2}, masks={3}, local window={4}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(RnnCell cell, int layers, AttentionScore score, boolean masks, int window) {
        int batch = 3;
        int nIn = 2;
        int emb = 2;
        int hidden = 3;
        int enc = score.needsEqualSizes() ? hidden : 2;
        int attentional = 2;
        int srcT = 5;
        int tgtT = 4;
        int classes = 3;
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(12345).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder()
                .addInputs("t", "s")
                .setInputTypes(InputType.recurrent(nIn, RNNFormat.NCW), InputType.recurrent(nIn, RNNFormat.NCW))
                .addLayer("emb", new FusedLstmLayer(nIn, emb, 1.0), "t")
                .addLayer("enc", new FusedGruLayer(nIn, enc, 1.0), "s")
                .addVertex("dec", new InputFeedingDecoderVertex(cell, layers, emb, hidden, enc, score, attentional,
                        window, 1.0), "emb", "enc")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(attentional).nOut(classes).activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW)
                        .build(), "dec")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();

        Nd4j.getRandom().setSeed(7);
        INDArray t = Nd4j.rand(DataType.DOUBLE, batch, nIn, tgtT).subi(0.5).muli(2);
        INDArray s = Nd4j.rand(DataType.DOUBLE, batch, nIn, srcT).subi(0.5).muli(2);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, batch, classes, tgtT);
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < tgtT; j++) {
                labels.putScalar(b, (b + 2 * j) % classes, j, 1.0);
            }
        }
        INDArray[] inputMasks = null;
        INDArray[] labelMasks = null;
        if (masks) {
            INDArray tgtMask = GlobalAttentionVertexGradientTest.lengths(new int[] {4, 2, 1}, tgtT);
            INDArray srcMask = GlobalAttentionVertexGradientTest.lengths(new int[] {3, 5, 2}, srcT);
            inputMasks = new INDArray[] {tgtMask, srcMask};
            labelMasks = new INDArray[] {tgtMask};
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(new INDArray[] {t, s}).labels(new INDArray[] {labels})
                .inputMask(inputMasks).labelMask(labelMasks)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "gradient check failed for " + cell + " x " + layers + ", " + score + ", masks=" + masks
                + ", window=" + window);
    }
}
