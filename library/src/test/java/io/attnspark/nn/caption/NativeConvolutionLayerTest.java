package io.attnspark.nn.caption;

import io.attnspark.testing.DoublePrecision;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The native-op convolution computes what DL4J's own does, and keeps the helper that makes it native. */
@ExtendWith(DoublePrecision.class)
class NativeConvolutionLayerTest {

    @Test
    void sameOutputsAndGradientsAsDl4jsConvolution() {
        ComputationGraph dl4j = graph(false);
        ComputationGraph nat = graph(true);
        assertEquals(dl4j.params(), nat.params(), "same seed, same parameters");
        assertInstanceOf(MKLDNNConvHelper.class, nat.getLayer("conv").getHelper());
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, 6, 6);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 3, 4);
        assertClose(dl4j.outputSingle(x), nat.outputSingle(x), 1e-10);
        dl4j.setInputs(x);
        dl4j.setLabels(y);
        nat.setInputs(x);
        nat.setLabels(y);
        dl4j.computeGradientAndScore();
        nat.computeGradientAndScore();
        assertEquals(dl4j.score(), nat.score(), 1e-10);
        for (String p : new String[] {"conv_W", "conv_b", "conv2_W", "conv2_b"}) {
            assertClose(dl4j.gradient().getGradientFor(p), nat.gradient().getGradientFor(p), 1e-10);
        }
    }

    @Test
    void jsonKeepsTheNativeLayer() {
        ComputationGraphConfiguration conf = graph(true).getConfiguration();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        Layer layer = ((org.deeplearning4j.nn.conf.graph.LayerVertex) back.getVertices().get("conv")).getLayerConf()
                .getLayer();
        assertInstanceOf(NativeConvolutionLayer.class, layer);
        assertEquals(conf, back);
        assertInstanceOf(NativeConvolutionLayer.class, layer.clone());
    }

    /** Two 3x3 convolutions (same padding, then truncate with stride 2) and a dense output. */
    private static ComputationGraph graph(boolean nativeOps) {
        ConvolutionLayer.Builder first = new ConvolutionLayer.Builder(3, 3).nIn(2).nOut(3)
                .convolutionMode(ConvolutionMode.Same).activation(Activation.TANH);
        ConvolutionLayer.Builder second = new ConvolutionLayer.Builder(3, 3).stride(2, 2).nIn(3).nOut(2)
                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY);
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .graphBuilder().addInputs("in")
                .addLayer("conv", nativeOps ? new NativeConvolutionLayer(first) : first.build(), "in")
                .addLayer("conv2", nativeOps ? new NativeConvolutionLayer(second) : second.build(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(4)
                        .activation(Activation.IDENTITY).build(), "conv2")
                .setOutputs("out")
                .setInputTypes(InputType.convolutional(6, 6, 2))
                .build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance) {
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff <= tolerance, "max abs difference " + diff + " > " + tolerance);
    }
}
