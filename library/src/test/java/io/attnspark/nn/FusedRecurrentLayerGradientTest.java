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

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Double-precision gradient checks of {@link FusedLstmLayer} and {@link FusedGruLayer}, with and without
 * masks (right padding, the only kind the model feeds). Two layers are stacked so that the gradient the
 * upper layer sends to its input is checked through the lower layer's parameters.
 */
@ExtendWith(DoublePrecision.class)
class FusedRecurrentLayerGradientTest {
    static Stream<Arguments> cases() {
        return Stream.of(Arguments.of("lstm", false), Arguments.of("lstm", true),
                Arguments.of("gru", false), Arguments.of("gru", true));
    }

    @ParameterizedTest(name = "{0}, masks={1}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(String cell, boolean masks) {
        int batch = 3;
        int nIn = 2;
        int hidden = 3;
        int time = 4;
        int classes = 3;
        ComputationGraph graph = new ComputationGraph(stack(cell, nIn, hidden, classes, 1.0, DataType.DOUBLE));
        graph.init();
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.DOUBLE, batch, nIn, time).subi(0.5).muli(2);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, batch, classes, time);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < time; t++) {
                labels.putScalar(b, (b + 2 * t) % classes, t, 1.0);
            }
        }
        INDArray[] masksArr = null;
        if (masks) {
            masksArr = new INDArray[] {GlobalAttentionVertexGradientTest.lengths(new int[] {4, 2, 1}, time)};
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(new INDArray[] {x}).labels(new INDArray[] {labels})
                .inputMask(masksArr).labelMask(masksArr)
                .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "gradient check failed for " + cell + ", masks=" + masks);
    }

    /** in -> rnn_0 -> rnn_1 -> softmax output, all NCW. */
    static ComputationGraphConfiguration stack(String cell, int nIn, int hidden, int classes, double retain,
                                               DataType dataType) {
        return new NeuralNetConfiguration.Builder()
                .seed(12345).dataType(dataType).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.recurrent(nIn, RNNFormat.NCW))
                .addLayer("rnn_0", layer(cell, nIn, hidden, retain), "in")
                .addLayer("rnn_1", layer(cell, hidden, hidden, retain), "rnn_0")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(hidden).nOut(classes).activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build(), "rnn_1")
                .setOutputs("out")
                .build();
    }

    static FusedRecurrentLayer layer(String cell, int nIn, int nOut, double retain) {
        return cell.equals("gru") ? new FusedGruLayer(nIn, nOut, retain) : new FusedLstmLayer(nIn, nOut, retain);
    }
}
